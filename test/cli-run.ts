import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `dancu …` run as a user would (a process of its own through tsx), against a PGlite data
 * directory and keys directory of the caller's, made fresh and removed with `remove()`.
 */
export function cliWithDataDir(): { dataDir: string; dancu(...args: string[]): { code: number | null; stdout: string; stderr: string }; remove(): void } {
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
