import path from 'node:path';
import { systemActor } from '../src/kernel/actor.js';
import { importPeople } from '../src/modules/people/index.js';
import { candidatesFor, runDuplicateDetection } from '../src/modules/quality/index.js';
import { linkRecordsByIds } from '../src/modules/quality/linkage-source.js';
import { currentModel } from '../src/modules/quality/model-store.js';
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
  precision: number;
  recall: number;
  f1: number;
  pairs_compared: number;
  wall_s: number;
  detection_s: number;
  realtime_p50_ms: number;
  realtime_p95_ms: number;
  realtime_samples: number;
}

export async function measureRegistry(dir: string, people: number, seed: string, truth: Map<string, string[]>, workers: number): Promise<RegistryFigures> {
  const bench = await freshDatabase(process.env.DATABASE_URL ? `dancu_bench_dedup_${seed.replace(/\W/g, '')}_${people}` : undefined);
  try {
    if (!bench.loaded) {
      log(`importing into ${bench.engine} …`);
      await importPeople(bench.ctx, systemActor('bench'), { peopleFile: path.join(dir, 'people.ndjson'), householdsFile: path.join(dir, 'households.ndjson'), reportFile: path.join(dir, 'rejected.ndjson'), firstLoad: 'auto' });
    }
    await bench.db.pool.query("TRUNCATE duplicate_candidate, duplicate_block_key, duplicate_model");
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

    const model = (await currentModel(bench.db.pool))!;
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
    return {
      engine: bench.engine,
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
      pairs_compared: summary.pairsCompared,
      wall_s: wall,
      detection_s: summary.seconds.compare,
      realtime_p50_ms: at(0.5),
      realtime_p95_ms: at(0.95),
      realtime_samples: times.length,
    };
  } finally {
    await bench.close();
  }
}
