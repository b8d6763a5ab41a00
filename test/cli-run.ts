import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openDatabase } from '../src/kernel/db.js';

export interface CliWithDataDir {
  dataDir: string;
  dancu(...args: string[]): { code: number | null; stdout: string; stderr: string };
  remove(): void;
}

/**
 * `dancu …` run as a user would (a process of its own through tsx), against a PGlite data
 * directory and keys directory of the caller's, made fresh and removed with `remove()`.
 */
export function cliWithDataDir(): CliWithDataDir {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-cli-'));
  return {
    dataDir,
    dancu(...args) {
      const env = { ...process.env, DANCU_DATA_DIR: dataDir, DANCU_KEYS_DIR: `${dataDir}-keys`, DATABASE_URL: '', LOG_LEVEL: 'warn' };
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, encoding: 'utf8', timeout: 120_000 });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    remove() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(`${dataDir}-keys`, { recursive: true, force: true });
    },
  };
}

/**
 * Fills an empty PGlite data directory with the run's migrated template (test/global-setup.ts),
 * so the first command there finds every migration applied instead of creating and migrating a
 * database (0.8 s against 3–5 s). Only `dancu migrate`'s own test needs a fresh directory. When
 * the run's template is a PostgreSQL database the directory is left empty: it migrates itself.
 */
export async function unpackMigratedTemplate(dataDir: string): Promise<void> {
  const template = inject('dancuTemplate');
  if (template.engine !== 'pglite') return;
  // Read here rather than through test/engine.ts: the CLI tests do not depend on the engine
  // of the run, and reaching engine.ts would put them in the PostgreSQL pass (engine-files.ts).
  const db = await openDatabase({ dataDir, loadDataDir: new Uint8Array(fs.readFileSync(template.dumpFile)) });
  await db.close();
}

/** `cliWithDataDir` on a directory that already holds the migrated template. */
export async function cliWithMigratedDataDir(): Promise<CliWithDataDir> {
  const cli = cliWithDataDir();
  await unpackMigratedTemplate(cli.dataDir);
  return cli;
}
