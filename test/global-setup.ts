import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/kernel/db.js';
import { migrate } from '../src/kernel/migrate.js';
import { adminQuery, savePgliteCopy, testServerUrl, uniqueName, withDatabase } from './engine.js';

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
  const saved = await savePgliteCopy(db, 'dancu-test-');
  await db.close();
  project.provide('dancuTemplate', { engine: 'pglite', dumpFile: saved.file });
  return async () => saved.remove();
}
