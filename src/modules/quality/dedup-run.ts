import type { Actor } from '../../kernel/actor.js';
import { authorize } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { findDuplicates, settleDecisions, trainModel, type LinkModel, type LinkRecord } from './linkage/index.js';
import { decidedPairs, saveCandidates, type ScoredPairRow } from './candidates.js';
import { linkRecordPages } from './linkage-source.js';
import { currentModel, currentThresholds, saveModel } from './model-store.js';
import { QUALITY_RUN } from './permissions.js';
import { storeBlockKeys } from './realtime.js';

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
}

export interface DedupSummary {
  runId: string;
  people: number;
  pairs: number;
  newPairs: number;
  matches: number;
  reviews: number;
  pairsCompared: number;
  seconds: { read: number; train: number; compare: number; save: number };
}

const SAVE_CHUNK = 5000;

/**
 * Duplicate detection over the registry (the whole nation, so pairs across provinces are found,
 * or one province): reads every record, learns the model (EM) unless told to reuse one, scores
 * the blocked pairs on worker threads, then saves the candidates (a pair already decided is
 * left alone) and every person's blocking keys for the real-time lookup. Saving goes in chunks
 * that each commit, with the run's progress, so a stopped run has lost no saved pair; running
 * again finds the same pairs (the scoring is deterministic) and only adds what is missing.
 */
export async function runDuplicateDetection(ctx: AppContext, actor: Actor, options: DedupOptions = {}): Promise<DedupSummary> {
  authorize(actor, QUALITY_RUN);
  const province = options.province ?? null;
  const runId = options.runId ?? newId();
  const progress = options.onProgress ?? (() => undefined);
  if (options.runId) await ctx.db.pool.query(`UPDATE quality_run SET status = 'running' WHERE id = $1`, [runId]);
  else await ctx.db.pool.query(`INSERT INTO quality_run (id, kind, province_code, status, started_at, started_by) VALUES ($1, 'duplicates', $2, 'running', $3, $4)`, [runId, province, ctx.clock.now(), actor.id]);
  try {
    const t0 = performance.now();
    const records: LinkRecord[] = [];
    const total = (await ctx.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM person WHERE $1::text IS NULL OR province_code = $1', [province])).rows[0]!.n;
    await ctx.db.pool.query('UPDATE quality_run SET total = $2 WHERE id = $1', [runId, total]);
    for await (const page of linkRecordPages(ctx.db.pool, province)) {
      records.push(...page);
      progress({ phase: 'read', done: records.length, total });
    }
    const t1 = performance.now();
    let model: LinkModel | undefined = options.train === false ? await currentModel(ctx.db.pool) : undefined;
    if (!model) {
      progress({ phase: 'train', done: 0, total: records.length });
      // u from random pairs: a million at national scale, fewer for a small registry (the demo), where they would cost seconds.
      model = trainModel(records, { randomPairs: Math.min(1_000_000, Math.max(100_000, records.length * 20)) });
      await saveModel(ctx.db.pool, model, records.length, actor.id, ctx.clock.now());
    }
    const thresholds = await currentThresholds(ctx.db.pool, model);
    const t2 = performance.now();
    const found = await findDuplicates(records, { ...model, thresholds }, { workers: options.workers ?? 2, onProgress: (done, all) => progress({ phase: 'compare', done, total: all }) });
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
      const chunk = records.slice(i, i + SAVE_CHUNK * 4);
      await ctx.db.transaction((tx) => storeBlockKeys(tx, chunk));
      await ctx.db.pool.query('UPDATE quality_run SET done = $2 WHERE id = $1', [runId, i + chunk.length]);
    }
    const t4 = performance.now();
    const summary: DedupSummary = {
      runId,
      people: records.length,
      pairs: pairs.length,
      newPairs,
      matches,
      reviews: pairs.length - matches,
      pairsCompared: found.pairsCompared,
      seconds: { read: (t1 - t0) / 1000, train: (t2 - t1) / 1000, compare: (t3 - t2) / 1000, save: (t4 - t3) / 1000 },
    };
    await ctx.db.pool.query(`UPDATE quality_run SET status = 'done', finished_at = $2, detail = $3 WHERE id = $1`, [runId, ctx.clock.now(), JSON.stringify(summary)]);
    return summary;
  } catch (err) {
    await ctx.db.pool.query(`UPDATE quality_run SET status = 'failed', finished_at = $2, detail = $3 WHERE id = $1`, [runId, ctx.clock.now(), JSON.stringify({ error: String(err) })]);
    throw err;
  }
}
