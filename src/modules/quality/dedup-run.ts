import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/actor.js';
import { authorize } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { findDuplicates, settleDecisions, trainModel, type LinkModel, type LinkRecord, type TaskResult, type Thresholds } from './linkage/index.js';
import { decidedPairs, saveCandidates, type ScoredPairRow } from './candidates.js';
import { linkRecordPages } from './linkage-source.js';
import { savedThresholds, saveModel, storedModel } from './model-store.js';
import { QUALITY_RUN } from './permissions.js';
import { storeBlockKeys } from './realtime.js';
import { leaseAndMark, tryLeaseRun, type RunLease } from './run-lease.js';

export interface DedupProgress {
  phase: 'read' | 'train' | 'compare' | 'save';
  done: number;
  total: number;
}

export interface DedupOptions {
  province?: string | null;
  workers?: number;
  /** Learn m/u again from the data (default); false reuses the newest stored model. */
  train?: boolean;
  onProgress?: (p: DedupProgress) => void;
  /** A run queued through the API (runs.ts) to carry out, instead of starting a new one. */
  runId?: string;
  /**
   * Continue the last stopped run of the same scope (killed, or failed), if it ran over the
   * same records: its model and the block tasks it had scored are taken over, and only the
   * rest is compared. Otherwise the run starts from the beginning.
   */
  resume?: boolean;
}

export interface DedupSummary {
  runId: string;
  people: number;
  pairs: number;
  newPairs: number;
  matches: number;
  reviews: number;
  pairsCompared: number;
  /** The stopped run this one continued, and how many of its scored tasks it took over. */
  resumed: { from: string; tasks: number } | null;
  seconds: { read: number; train: number; compare: number; save: number };
}

/**
 * What the comparison sees: the records in their order, and the officers' thresholds (a task
 * keeps only pairs from the review threshold up). A resumed run may reuse scored tasks only if
 * this is unchanged, since tasks are ranges of blocks and hits are record indexes.
 */
function inputDigest(records: readonly LinkRecord[], thresholds: Thresholds | undefined): string {
  const h = createHash('sha256');
  for (const r of records) h.update(JSON.stringify(r)).update('\n');
  h.update(JSON.stringify(thresholds ?? null));
  return h.digest('hex');
}

interface StoppedRun {
  id: string;
  model: { id: string; model: LinkModel };
  tasks: Map<number, TaskResult>;
  /** Held while its tasks are taken over; none when it is the run itself (whose lease is held). */
  lease: RunLease | undefined;
}

/**
 * The newest stopped run of the scope over the same records whose model is still stored, and
 * no live process carries out (run-lease.ts): a 'running' run of another process is left alone.
 */
async function stoppedRun(ctx: AppContext, province: string | null, digest: string, runId: string): Promise<StoppedRun | undefined> {
  // The run itself first: a run the server's runner queued again after its process died.
  const r = await ctx.db.pool.query<{ id: string; model_id: string }>(
    `SELECT id, model_id FROM quality_run
      WHERE kind = 'duplicates' AND province_code IS NOT DISTINCT FROM $1 AND input_digest = $2 AND model_id IS NOT NULL
        AND status IN ('running', 'failed')
      ORDER BY id = $3 DESC, started_at DESC LIMIT 5`,
    [province, digest, runId],
  );
  for (const run of r.rows) {
    // The run itself is this process's (its lease is held); another is taken up only if free.
    const lease = run.id === runId ? undefined : await tryLeaseRun(ctx, run.id);
    if (run.id !== runId && !lease) continue;
    const model = await storedModel(ctx.db.pool, run.model_id);
    if (!model) {
      await lease?.release();
      return undefined;
    }
    const tasks = await ctx.db.pool.query<{ task: number; compared: string | number; hits: number[] }>('SELECT task, compared, hits FROM quality_run_task WHERE run_id = $1', [run.id]);
    return { id: run.id, model, tasks: new Map(tasks.rows.map((t) => [t.task, { compared: Number(t.compared), hits: t.hits }])), lease };
  }
  return undefined;
}

const SAVE_CHUNK = 5000;

/**
 * Duplicate detection over the registry (the whole nation, so pairs across provinces are found,
 * or one province): reads every record, learns the model (EM) unless told to reuse one, scores
 * the blocked pairs on worker threads, then saves the candidates (a pair already decided is
 * left alone) and every person's blocking keys for the real-time lookup. Saving goes in chunks
 * that each commit, with the run's progress, so a stopped run has lost no saved pair; running
 * again finds the same pairs (the scoring is deterministic) and only adds what is missing.
 * Each scored block task is kept until the run ends, so with `resume` a run stopped in the
 * comparison (at 10 million people, over half an hour of it) continues where it stopped.
 */
export async function runDuplicateDetection(ctx: AppContext, actor: Actor, options: DedupOptions = {}): Promise<DedupSummary> {
  authorize(actor, QUALITY_RUN);
  const province = options.province ?? null;
  const runId = options.runId ?? newId();
  const lease = await leaseAndMark(ctx, runId, () =>
    options.runId
      ? ctx.db.pool.query(`UPDATE quality_run SET status = 'running' WHERE id = $1`, [runId])
      : ctx.db.pool.query(`INSERT INTO quality_run (id, kind, province_code, status, started_at, started_by) VALUES ($1, 'duplicates', $2, 'running', $3, $4)`, [runId, province, ctx.clock.now(), actor.id]),
  );
  try {
    return await detect(ctx, actor, runId, lease, options);
  } finally {
    await lease.release();
  }
}

/** The duplicate detection of a leased run marked 'running', and its final status. */
async function detect(ctx: AppContext, actor: Actor, runId: string, lease: RunLease, options: DedupOptions): Promise<DedupSummary> {
  const province = options.province ?? null;
  const progress = options.onProgress ?? (() => undefined);
  // Each scored task is kept as it comes, in order, so a stop loses at most the tasks in flight.
  // A failed run waits for the keeping under way and takes no task after it ends: a task
  // written after its status would outlive the clean-up of the run that supersedes it.
  let keeping = Promise.resolve();
  let keepFailure: unknown;
  let ended = false;
  // The lease of the stopped run this one takes over, held until its tasks are this run's.
  let stoppedLease: RunLease | undefined;
  try {
    const t0 = performance.now();
    const records: LinkRecord[] = [];
    const total = (await ctx.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM person WHERE $1::text IS NULL OR province_code = $1', [province])).rows[0]!.n;
    await ctx.db.pool.query('UPDATE quality_run SET total = $2 WHERE id = $1', [runId, total]);
    for await (const page of linkRecordPages(ctx.db.pool, province)) {
      lease.assertHeld();
      records.push(...page);
      progress({ phase: 'read', done: records.length, total });
    }
    const saved = await savedThresholds(ctx.db.pool);
    const digest = inputDigest(records, saved);
    const t1 = performance.now();
    const stopped = options.resume ? await stoppedRun(ctx, province, digest, runId) : undefined;
    stoppedLease = stopped?.lease;
    let stored = stopped?.model ?? (options.train === false ? await storedModel(ctx.db.pool) : undefined);
    if (!stored) {
      progress({ phase: 'train', done: 0, total: records.length });
      // u from random pairs: a million at national scale, fewer for a small registry (the demo), where they would cost seconds.
      const model = trainModel(records, { randomPairs: Math.min(1_000_000, Math.max(100_000, records.length * 20)) });
      stored = { id: await saveModel(ctx.db.pool, model, records.length, actor.id, ctx.clock.now()), model };
    }
    const model = stored.model;
    // Training is a long stretch without a step: the lease may have gone meanwhile.
    lease.assertHeld();
    await ctx.db.transaction(async (tx) => {
      await tx.query('UPDATE quality_run SET input_digest = $2, model_id = $3 WHERE id = $1', [runId, digest, stored.id]);
      if (!stopped || stopped.id === runId) return;
      // The stopped run's tasks become this run's, so a stop of this one loses none of them.
      await tx.query('UPDATE quality_run_task SET run_id = $2 WHERE run_id = $1', [stopped.id, runId]);
      await tx.query(`UPDATE quality_run SET status = 'stopped', finished_at = $2, detail = $3 WHERE id = $1`, [stopped.id, ctx.clock.now(), JSON.stringify({ continuedBy: runId, tasks: stopped.tasks.size })]);
    });
    await stoppedLease?.release();
    // The thresholds in force (currentThresholds), from the setting read once above.
    const thresholds = saved ?? model.thresholds;
    const t2 = performance.now();
    const keep = (task: number, r: TaskResult) => {
      if (ended) return;
      lease.assertHeld();
      keeping = keeping
        .then(() => ctx.db.pool.query('INSERT INTO quality_run_task (run_id, task, compared, hits) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [runId, task, r.compared, Array.from(r.hits)]))
        .then(
          () => undefined,
          (err: unknown) => {
            keepFailure ??= err;
          },
        );
    };
    const found = await findDuplicates(records, { ...model, thresholds }, {
      workers: options.workers ?? 2,
      completed: stopped?.tasks,
      onTaskDone: keep,
      onProgress: (done, all) => progress({ phase: 'compare', done, total: all }),
    });
    await keeping;
    if (keepFailure !== undefined) throw keepFailure;
    const t3 = performance.now();
    const pairs: ScoredPairRow[] = [];
    let matches = 0;
    // A record matched with two people who are not one person keeps at most its clearly strongest match (linkage/ambiguity.ts).
    for (const p of settleDecisions(found.pairs, thresholds)) {
      if (p.decision === 'reject') continue;
      if (p.decision === 'match') matches++;
      pairs.push({ a: p.a, b: p.b, score: p.weight, probability: p.probability, decision: p.decision, contributions: p.contributions });
    }
    let newPairs = 0;
    for (let i = 0; i < pairs.length; i += SAVE_CHUNK) {
      lease.assertHeld();
      const chunk = pairs.slice(i, i + SAVE_CHUNK);
      newPairs += await ctx.db.transaction(async (tx) => {
        const decided = await decidedPairs(tx, [...new Set(chunk.flatMap((p) => [p.a, p.b]))]);
        const n = await saveCandidates(tx, chunk.filter((p) => !decided.has(`${p.a}:${p.b}`)), `run:${runId}`, ctx.clock.now());
        await tx.query('UPDATE quality_run SET found = found + $2 WHERE id = $1', [runId, n]);
        return n;
      });
      progress({ phase: 'save', done: Math.min(i + SAVE_CHUNK, pairs.length), total: pairs.length });
    }
    for (let i = 0; i < records.length; i += SAVE_CHUNK * 4) {
      lease.assertHeld();
      const chunk = records.slice(i, i + SAVE_CHUNK * 4);
      await ctx.db.transaction((tx) => storeBlockKeys(tx, chunk));
      await ctx.db.pool.query('UPDATE quality_run SET done = $2 WHERE id = $1', [runId, i + chunk.length]);
    }
    // This run's kept tasks, and those of failed runs of the scope, which this one supersedes.
    await ctx.db.pool.query(
      `DELETE FROM quality_run_task t USING quality_run r
        WHERE t.run_id = r.id AND (r.id = $1 OR (r.kind = 'duplicates' AND r.status = 'failed' AND r.province_code IS NOT DISTINCT FROM $2))`,
      [runId, province],
    );
    const t4 = performance.now();
    const summary: DedupSummary = {
      runId,
      people: records.length,
      pairs: pairs.length,
      newPairs,
      matches,
      reviews: pairs.length - matches,
      pairsCompared: found.pairsCompared,
      resumed: stopped ? { from: stopped.id, tasks: stopped.tasks.size } : null,
      seconds: { read: (t1 - t0) / 1000, train: (t2 - t1) / 1000, compare: (t3 - t2) / 1000, save: (t4 - t3) / 1000 },
    };
    await ctx.db.pool.query(`UPDATE quality_run SET status = 'done', finished_at = $2, detail = $3 WHERE id = $1`, [runId, ctx.clock.now(), JSON.stringify(summary)]);
    return summary;
  } catch (err) {
    ended = true;
    await stoppedLease?.release();
    await keeping;
    await ctx.db.pool.query(`UPDATE quality_run SET status = 'failed', finished_at = $2, detail = $3 WHERE id = $1`, [runId, ctx.clock.now(), JSON.stringify({ error: String(err) })]);
    throw err;
  }
}
