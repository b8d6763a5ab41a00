import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/context.js';
import { testServerUrl } from '../../../test/engine.js';
import { createContext } from '../../app.js';
import type { AppContext } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { forEachOrphan, leaseRun } from './run-lease.js';

let t: Awaited<ReturnType<typeof openTestDatabase>>;
let ctx: AppContext;
beforeAll(async () => {
  t = await openTestDatabase();
  ctx = createContext({ db: t.db });
});
afterAll(() => t.drop());

describe('the lease of a quality run', () => {
  it('is held by one taker at a time, and free again once released', async () => {
    const run = newId();
    const lease = await leaseRun(ctx, run);
    await expect(leaseRun(ctx, run)).rejects.toMatchObject({ code: 'run_in_progress', kind: 'conflict' });
    expect(await forEachOrphan(ctx, [run], async () => true)).toEqual([]);
    await lease.release();
    await lease.release(); // twice: no error, nothing undone twice
    const again = await leaseRun(ctx, run);
    await again.release();
    const other = newId();
    // An orphan is leased while `fn` runs, so no process takes it up meanwhile.
    expect(
      await forEachOrphan(ctx, [run, other], async (id) => {
        await expect(leaseRun(ctx, id)).rejects.toMatchObject({ code: 'run_in_progress' });
        return id === other;
      }),
    ).toEqual([other]);
  });

  // PGlite is one process: only PostgreSQL has other processes to hold a lease.
  const onPostgres = testServerUrl() !== undefined;
  if (onPostgres)
    it("held by another process, is that process's until it is killed, then free at once", async () => {
      const run = newId();
      // What a run's process does with its lease connection (run-lease.ts), in a process of its own.
      const script = `const pg = require('pg'); const c = new pg.Client(process.env.LEASE_URL);
        c.connect().then(() => c.query('SELECT pg_advisory_lock(7400641, hashtext($1))', [process.env.LEASE_RUN])).then(() => console.log('held'));`;
      const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, LEASE_URL: t.url, LEASE_RUN: run }, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = once(child, 'exit');
      try {
        await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve()));
        await expect(leaseRun(ctx, run)).rejects.toMatchObject({ code: 'run_in_progress' });
        expect(await forEachOrphan(ctx, [run], async () => true)).toEqual([]);
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
      // The database server ends the killed process's session when its socket closes.
      let taken: string[] = [];
      for (let i = 0; i < 50 && taken.length === 0; i++) {
        taken = await forEachOrphan(ctx, [run], async () => true);
        if (taken.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(taken).toEqual([run]);
    }, 30_000);

  if (onPostgres)
    it('says it is lost once its connection is ended, and is then free for another process', async () => {
      const run = newId();
      const lease = await leaseRun(ctx, run);
      lease.assertHeld();
      // As a database restart or an administrator would: the lease's session is ended.
      await ctx.db.pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'SELECT pg_try_advisory_lock%'");
      for (let i = 0; i < 50; i++) {
        try {
          lease.assertHeld();
        } catch {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(() => lease.assertHeld()).toThrow(expect.objectContaining({ code: 'run_lease_lost' }));
      // Another process could take the run up now; this one stops and lets go.
      await lease.release();
      const again = await leaseRun(ctx, run);
      again.assertHeld();
      await again.release();
    }, 30_000);
});
