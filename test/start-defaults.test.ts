import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildCli, type StartOptions } from '../src/cli.js';
import { demoWanted, startServer, type RunningServer } from '../src/server.js';
import { openTestDatabase } from './context.js';

/**
 * `dancu start` creates demo officers (with a published password), demo citizens and the
 * development outbox only where that is safe: on the embedded database by default, on a
 * PostgreSQL database (DATABASE_URL) only when asked with --demo.
 */
describe('the demo default', () => {
  it('is on for the embedded database, off with DATABASE_URL; --demo and --no-demo decide when given', () => {
    expect(demoWanted(undefined, { databaseUrl: undefined })).toBe(true);
    expect(demoWanted(undefined, { databaseUrl: 'postgres://db/registry' })).toBe(false);
    expect(demoWanted(true, { databaseUrl: 'postgres://db/registry' })).toBe(true);
    expect(demoWanted(false, { databaseUrl: undefined })).toBe(false);
  });

  it('is left to the engine unless --demo or --no-demo is on the command line', async () => {
    const parsed = async (...args: string[]) => {
      const program = buildCli().exitOverride();
      let got: StartOptions | undefined;
      program.commands.find((c) => c.name() === 'start')!.action((opts: StartOptions) => {
        got = opts;
      });
      await program.parseAsync(['node', 'dancu', 'start', ...args]);
      return got!;
    };
    expect((await parsed()).demo).toBeUndefined();
    expect((await parsed('--demo')).demo).toBe(true);
    expect((await parsed('--no-demo')).demo).toBe(false);
  });
});

const silent = pino({ level: 'silent' });

describe('dancu start on this engine', () => {
  let server: RunningServer | undefined;
  let target: { databaseUrl: string; dataDir: string; drop(): Promise<void> };
  beforeAll(async () => {
    // The PGlite data and the generated keys (kept beside the data directory) stay in here.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-start-'));
    const removeDir = async () => fs.rmSync(dir, { recursive: true, force: true });
    if (inject('dancuTemplate').engine === 'postgres') {
      // PostgreSQL: a database of its own, as DATABASE_URL would name it.
      const db = await openTestDatabase();
      await db.db.close();
      target = {
        databaseUrl: db.url!,
        dataDir: path.join(dir, 'db'),
        drop: async () => {
          await db.drop();
          await removeDir();
        },
      };
    } else {
      target = { databaseUrl: '', dataDir: path.join(dir, 'db'), drop: removeDir };
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await target?.drop().catch(() => undefined);
  });

  it('creates the demo and the development outbox on the embedded database only, unless told', async () => {
    const embedded = !target.databaseUrl;
    server = await startServer({ port: 0, log: silent, databaseUrl: target.databaseUrl, dataDir: target.dataDir });
    const officers = await server.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM officer WHERE username = 'admin'");
    const outbox = await server.app.inject('/api/dev/messages');
    expect({ demoLogins: server.demoLogins.length > 0, admin: officers.rows[0]!.n, devMessages: server.config.devMessages, outbox: outbox.statusCode }).toEqual(
      embedded ? { demoLogins: true, admin: 1, devMessages: true, outbox: 200 } : { demoLogins: false, admin: 0, devMessages: false, outbox: 404 },
    );
    await server.close();

    // The other way round when asked: --no-demo on PGlite, --demo with DATABASE_URL.
    server = await startServer({ port: 0, log: silent, databaseUrl: target.databaseUrl, dataDir: target.dataDir, demo: !embedded });
    const outboxNow = await server.app.inject('/api/dev/messages');
    expect({ demoLogins: server.demoLogins.length > 0, devMessages: server.config.devMessages, outbox: outboxNow.statusCode }).toEqual(
      embedded ? { demoLogins: false, devMessages: false, outbox: 404 } : { demoLogins: true, devMessages: true, outbox: 200 },
    );
  }, 300_000);
});
