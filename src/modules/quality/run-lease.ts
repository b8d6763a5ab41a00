import type pg from 'pg';
import type { AppContext } from '../../kernel/context.js';
import { AppError, conflict } from '../../kernel/errors.js';

/**
 * Which quality runs have a live process. A run holds a lease from before it says 'running'
 * until after its last status write: in this process, a set of run ids; on PostgreSQL also a
 * session advisory lock on a connection of its own, which the server drops when the process
 * dies (a kill, a crash, a lost machine). Another process (the server's runner, a `--resume`
 * from the command line) thus sees at once whether a run marked 'running' is alive, with no
 * guess of how long a live run may stay silent: the duplicate model's training writes nothing
 * for 15 minutes at 10 million people. PGlite is one process (its data directory is locked),
 * so there the set alone knows.
 *
 * The advisory lock's key is (RUN_LOCK, hashtext(run id)); two run ids with the same hash
 * would only make an orphaned run look alive while the other one runs.
 */
const RUN_LOCK = 7400641;
const held = new Set<string>();

export interface RunLease {
  /**
   * Throws (`run_lease_lost`) once the lease's connection has broken (a database restart, a
   * terminated session): the lock went with it, so another process may take the run up, and
   * this one must stop rather than carry on beside it. Called at each step of a run.
   */
  assertHeld(): void;
  release(): Promise<void>;
}

const leaseLost = () =>
  new AppError('unavailable', 'run_lease_lost', {
    vi: 'Mất kết nối giữ lượt rà soát với cơ sở dữ liệu; lượt này dừng lại và sẽ được chạy tiếp.',
    en: "The run's hold on the database was lost; it stops here and will be carried on.",
  });

const runInProgress = () =>
  conflict('run_in_progress', { vi: 'Lượt rà soát này đang chạy ở một tiến trình khác.', en: 'This run is being carried out by another process.' });

const tryLock = async (client: pg.PoolClient, runId: string) =>
  (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [RUN_LOCK, runId])).rows[0]!.ok;
const unlock = (client: pg.PoolClient, runId: string) => client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [RUN_LOCK, runId]);

/** Takes the lease of a run, or answers 409 `run_in_progress` when a live process holds it. */
export async function leaseRun(ctx: AppContext, runId: string): Promise<RunLease> {
  if (held.has(runId)) throw runInProgress();
  held.add(runId);
  let client: pg.PoolClient | undefined;
  if (ctx.db.engine === 'postgres') {
    try {
      client = await ctx.db.pool.connect();
      if (!(await tryLock(client, runId))) throw runInProgress();
    } catch (err) {
      client?.release();
      held.delete(runId);
      throw err;
    }
  }
  let released = false;
  let lost = false;
  // A checked-out client reports its connection's end as an error event; unheard, it would
  // crash the process.
  const onLost = () => {
    lost = true;
  };
  client?.on('error', onLost).on('end', onLost);
  return {
    assertHeld() {
      if (lost) throw leaseLost();
    },
    async release() {
      if (released) return;
      released = true;
      held.delete(runId);
      if (!client) return;
      if (lost) {
        // The lock went with the connection: nothing is left to undo, and the client is dropped.
        client.release(true);
        return;
      }
      await unlock(client, runId).catch(() => undefined);
      client.off('error', onLost).off('end', onLost);
      client.release();
    },
  };
}

/** A run's lease, or nothing when a live process holds it (any other failure is thrown). */
export async function tryLeaseRun(ctx: AppContext, runId: string): Promise<RunLease | undefined> {
  try {
    return await leaseRun(ctx, runId);
  } catch (err) {
    if (isRunInProgress(err)) return undefined;
    throw err;
  }
}

/** Whether `err` says a live process carries the run out (`leaseRun`'s 409). */
export const isRunInProgress = (err: unknown): boolean => err instanceof AppError && err.code === 'run_in_progress';

/**
 * Takes a run's lease, then `mark`s the run as running (its status write): the lease comes
 * first, so from the moment the run says 'running' a process that finds it so can tell whether
 * this one is alive. A failed mark lets the lease go.
 */
export async function leaseAndMark(ctx: AppContext, runId: string, mark: () => Promise<unknown>): Promise<RunLease> {
  const lease = await leaseRun(ctx, runId);
  try {
    await mark();
  } catch (err) {
    await lease.release();
    throw err;
  }
  return lease;
}

/**
 * Runs `fn` for each of these runs that no live process holds, with the run's lease held
 * meanwhile (so no process takes the run up in between); returns the ids for which `fn`
 * answered true.
 */
export async function forEachOrphan(ctx: AppContext, runIds: readonly string[], fn: (runId: string) => Promise<boolean>): Promise<string[]> {
  const out: string[] = [];
  for (const id of runIds) {
    const lease = await tryLeaseRun(ctx, id);
    if (!lease) continue;
    try {
      if (await fn(id)) out.push(id);
    } finally {
      await lease.release();
    }
  }
  return out;
}
