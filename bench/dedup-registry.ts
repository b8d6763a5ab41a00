import path from 'node:path';
import { systemActor } from '../src/kernel/actor.js';
import { importPeople } from '../src/modules/people/index.js';
import { candidatesFor, runDuplicateDetection } from '../src/modules/quality/index.js';
import { trainModel, type LinkModel, type LinkRecord } from '../src/modules/quality/linkage/index.js';
import { linkRecordPages, linkRecordsByIds } from '../src/modules/quality/linkage-source.js';
import { currentModel, saveModel } from '../src/modules/quality/model-store.js';
import { storeBlockKeys } from '../src/modules/quality/realtime.js';
import type { BenchDb } from './common.js';
import { freshDatabase, log } from './common.js';

/**
 * The product's path, measured: the generated population is loaded into the registry (kept
 * between runs on PostgreSQL), `runDuplicateDetection` reads it back, learns the model, scores
 * and saves the candidates and the blocking keys; then the real-time lookup a new record gets
 * (`candidatesFor`: index lookups on the keys, then scoring) is timed on records taken from the
 * registry, each looked up as if it were new.
 */
export interface RegistryFigures {
  engine: string;
  /** Null in real-time-only mode (no registry batch was run). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
  pairs_compared: number;
  wall_s: number;
  detection_s: number;
  realtime_p50_ms: number;
  realtime_p95_ms: number;
  realtime_samples: number;
  block_keys: number;
}

/**
 * Real time at a scale where the registry batch is not re-run for the benchmark (10 million):
 * every person's blocking keys are stored page by page, as the batch's last phase does, and the
 * model is learnt on a random sample of a million registry records (m, u and λ are proportions,
 * which a sample of that size estimates well; the term frequencies are scaled by the sample).
 * Kept in the database with the people, so a second run only times the lookups.
 */
async function prepareAtScale(bench: BenchDb, people: number): Promise<LinkModel> {
  const existing = await currentModel(bench.db.pool);
  if (existing) {
    log('reusing the stored blocking keys and model');
    return existing;
  }
  await bench.db.pool.query('TRUNCATE duplicate_block_key');
  log('storing every person\'s blocking keys …');
  let done = 0;
  let shown = 0;
  const t0 = performance.now();
  for await (const page of linkRecordPages(bench.db.pool, null)) {
    await storeBlockKeys(bench.db.pool, page);
    done += page.length;
    if (done - shown >= 500_000) {
      shown = done;
      log(`  ${done} people, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
  const pct = Math.min(100, (100 * 1_000_000) / people);
  const ids = (await bench.db.pool.query<{ id: string }>(`SELECT id FROM person TABLESAMPLE BERNOULLI (${pct})`)).rows.map((r) => r.id);
  const sample: LinkRecord[] = [];
  for (let i = 0; i < ids.length; i += 20_000) sample.push(...(await linkRecordsByIds(bench.db.pool, ids.slice(i, i + 20_000))));
  log(`training on a sample of ${sample.length} …`);
  const model = trainModel(sample, { randomPairs: 1_000_000 });
  await saveModel(bench.db.pool, model, sample.length, 'bench', new Date());
  return model;
}

/** p50 and p95 of `candidatesFor` on 1,000 registry records, each looked up as if new. */
async function timeRealtime(bench: BenchDb, model: LinkModel) {
  const sample = await bench.db.pool.query<{ id: string }>('SELECT id FROM person TABLESAMPLE SYSTEM (1) LIMIT 1000');
  const records = await linkRecordsByIds(bench.db.pool, sample.rows.map((r) => r.id));
  const times: number[] = [];
  for (const r of records) {
    const s = performance.now();
    await candidatesFor(bench.db.pool, { ...r, id: '00000000-0000-0000-0000-000000000000' }, model, model.thresholds);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), samples: times.length };
}

export async function measureRegistry(dir: string, people: number, seed: string, truth: Map<string, string[]>, workers: number, realtimeOnly = false): Promise<RegistryFigures> {
  const bench = await freshDatabase(process.env.DATABASE_URL ? `dancu_bench_dedup_${seed.replace(/\W/g, '')}_${people}` : undefined);
  try {
    if (!bench.loaded) {
      log(`importing into ${bench.engine} …`);
      const t = performance.now();
      await importPeople(bench.ctx, systemActor('bench'), { peopleFile: path.join(dir, 'people.ndjson'), householdsFile: path.join(dir, 'households.ndjson'), reportFile: path.join(dir, 'rejected.ndjson'), firstLoad: 'auto' });
      await bench.db.pool.query('ANALYZE');
      log(`  imported in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    }
    if (realtimeOnly) {
      const model = await prepareAtScale(bench, people);
      const rt = await timeRealtime(bench, model);
      const keys = await bench.db.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM duplicate_block_key');
      return { engine: bench.engine, precision: null, recall: null, f1: null, pairs_compared: 0, wall_s: 0, detection_s: 0, realtime_p50_ms: rt.p50, realtime_p95_ms: rt.p95, realtime_samples: rt.samples, block_keys: Number(keys.rows[0]!.n) };
    }
    await bench.db.pool.query('TRUNCATE duplicate_candidate, duplicate_block_key, duplicate_model');
    log('duplicate detection over the registry …');
    const t0 = performance.now();
    const summary = await runDuplicateDetection(bench.ctx, systemActor('bench'), { workers, onProgress: (p) => p.done === p.total && log(`  ${p.phase} ${p.done}/${p.total}`) });
    const wall = (performance.now() - t0) / 1000;
    log(`  ${JSON.stringify(summary.seconds)}`);
    const ext = await bench.db.pool.query<{ a: string; b: string; decision: string }>(
      `SELECT pa.external_id AS a, pb.external_id AS b, c.decision FROM duplicate_candidate c JOIN person pa ON pa.id = c.person_a JOIN person pb ON pb.id = c.person_b WHERE c.decision = 'match'`,
    );
    let tp = 0;
    for (const r of ext.rows) if (truth.has(r.a < r.b ? `${r.a}\u0000${r.b}` : `${r.b}\u0000${r.a}`)) tp++;
    const precision = ext.rows.length === 0 ? 1 : tp / ext.rows.length;
    const recall = truth.size === 0 ? 1 : tp / truth.size;
    const rt = await timeRealtime(bench, (await currentModel(bench.db.pool))!);
    const keys = await bench.db.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM duplicate_block_key');
    return {
      engine: bench.engine,
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
      pairs_compared: summary.pairsCompared,
      wall_s: wall,
      detection_s: summary.seconds.compare,
      realtime_p50_ms: rt.p50,
      realtime_p95_ms: rt.p95,
      realtime_samples: rt.samples,
      block_keys: Number(keys.rows[0]!.n),
    };
  } finally {
    await bench.close();
  }
}
