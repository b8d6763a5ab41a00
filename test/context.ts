import pino from 'pino';
import { inject } from 'vitest';
import { buildApp, createContext } from '../src/app.js';
import { TestClock } from '../src/kernel/clock.js';
import { loadConfig, type Config } from '../src/kernel/config.js';
import type { AppContext } from '../src/kernel/context.js';
import { openDatabase, type Database } from '../src/kernel/db.js';
import type { App } from '../src/kernel/http.js';
import { adminQuery, savedCopy, uniqueName, withDatabase } from './engine.js';

export interface TestContext {
  ctx: AppContext;
  db: Database;
  clock: TestClock;
  /** The real app over this file's database (built on first use). */
  app(): Promise<App>;
  close(): Promise<void>;
}

/** A freshly migrated database of its own for one test file, on the engine this run uses. */
export async function openTestDatabase(): Promise<{ db: Database; url: string | undefined; drop(): Promise<void> }> {
  const template = inject('dancuTemplate');
  if (template.engine === 'postgres') {
    const name = uniqueName('dancu_t');
    await adminQuery(template.serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template.template}`);
    const url = withDatabase(template.serverUrl, name);
    const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
    return {
      db,
      url,
      drop: async () => {
        await db.close();
        await adminQuery(template.serverUrl, `DROP DATABASE IF EXISTS ${name}`);
      },
    };
  }
  const db = await openDatabase({ dataDir: ':memory:', loadDataDir: savedCopy(template.dumpFile) });
  return { db, url: undefined, drop: () => db.close() };
}

export async function testContext(overrides: Partial<Config> = {}): Promise<TestContext> {
  const { db, drop } = await openTestDatabase();
  const clock = new TestClock();
  const log = pino({ level: 'silent' });
  // No key files or witness file in the working tree: a test database's keys live and die with it.
  const config: Config = { ...loadConfig({}), databaseUrl: undefined, dataDir: ':memory:', keysDir: null, auditWitnessFile: null, attachmentsDir: null, ...overrides };
  const ctx = createContext({ db, clock, log, config });
  let app: App | undefined;
  return {
    ctx,
    db,
    clock,
    async app() {
      app ??= await buildApp({ db, clock, log, config, keys: ctx.keys, accessLog: ctx.accessLog });
      return app;
    },
    async close() {
      await app?.close();
      await drop();
    },
  };
}
