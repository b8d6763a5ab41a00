import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/kernel/db.js';
import { migrate } from '../src/kernel/migrate.js';
import { adminQuery, testServerUrl, uniqueName, withDatabase } from './engine.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dancuTemplate: { engine: 'pglite'; dumpFile: string } | { engine: 'postgres'; serverUrl: string; template: string };
  }
}

/** Migrates one template database per run; each test file then gets its own copy. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = testServerUrl();
  if (serverUrl) {
    const template = uniqueName('dancu_tpl');
    await adminQuery(serverUrl, `CREATE DATABASE ${template}`);
    const db = await openDatabase({ databaseUrl: withDatabase(serverUrl, template), poolSize: 1 });
    await migrate(db);
    await db.close();
    project.provide('dancuTemplate', { engine: 'postgres', serverUrl, template });
    return async () => {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${template}`);
    };
  }
  const db = await openDatabase({ dataDir: ':memory:' });
  await migrate(db);
  // A copy starts by replaying the WAL written since the last checkpoint: a checkpoint now
  // saves each test file that replay (about a sixth of loading the copy).
  await db.pool.query('CHECKPOINT');
  const dump = await db.pglite!.dumpDataDir('none');
  await db.close();
  const dumpFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-test-')), 'template.tar');
  fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  project.provide('dancuTemplate', { engine: 'pglite', dumpFile });
  return async () => {
    fs.rmSync(path.dirname(dumpFile), { recursive: true, force: true });
  };
}
