import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { createContext } from '../../src/app.js';
import { loadConfig } from '../../src/kernel/config.js';
import { openDatabase } from '../../src/kernel/db.js';
import { migrate } from '../../src/kernel/migrate.js';
import { seedDemo } from '../../src/demo.js';
import { ensureCardKeys } from '../../src/modules/cards/index.js';
import { savePgliteCopy } from '../engine.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dancuDemo: { dumpFile: string; masterKey: string };
  }
}

/**
 * Migrates an in-memory database and seeds the demo into it once per run, as `dancu start`
 * does, and saves it: each browser test file starts its own server from a copy (demo-server.ts)
 * instead of seeding the same demo fifteen times (about half of each file's set-up time).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const masterKey = randomBytes(32).toString('base64');
  const db = await openDatabase({ dataDir: ':memory:' });
  try {
    await migrate(db);
    const config = { ...loadConfig({}), dataDir: ':memory:', keysDir: null, auditWitnessFile: null, attachmentsDir: null, masterKey };
    const ctx = createContext({ db, config, log: pino({ level: 'warn' }) });
    await ensureCardKeys(db.pool, ctx.keys, ctx.clock.now());
    await seedDemo(ctx);
    await ctx.accessLog.drain();
    const saved = await savePgliteCopy(db, 'dancu-e2e-');
    project.provide('dancuDemo', { dumpFile: saved.file, masterKey });
    console.log(`demo database seeded once for the browser tests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return async () => saved.remove();
  } finally {
    await db.close();
  }
}
