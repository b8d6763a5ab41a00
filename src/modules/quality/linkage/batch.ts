/**
 * Duplicate detection over a whole set of records: blocking on this thread, scoring on worker
 * threads (both cores of the reference machine), contributions worked out here for the pairs
 * kept, which are few.
 */
import { availableParallelism, freemem } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildBlocks, DEFAULT_BLOCK_CAP, BLOCKING_RULES, type BlockIndex } from './blocking.js';
import { planTasks, scoreTask, type BlockTask } from './block-scoring.js';
import type { BatchWorkerData, FromBatchWorker, ToBatchWorker } from './batch-worker.js';
import { compileModel, scorePrepared, type LinkModel, type ScoredPair } from './model.js';
import { prepareRecord, type PreparedRecord } from './prepared-record.js';
import type { LinkRecord } from './record.js';

export interface FindOptions {
  /** Worker threads; 0 scores on the calling thread. Default: available cores. */
  workers?: number;
  /** Pairs of the blocks scored so far (before removing those an earlier rule had), of all. */
  onProgress?: (done: number, total: number) => void;
  blockCap?: number;
  /** Keep pairs from this weight (default: the model's review threshold). */
  minWeight?: number;
}

export interface DuplicateSearch {
  /** Pairs at or above the review threshold, strongest first. */
  pairs: ScoredPair[];
  /** Pairs actually compared (each candidate pair once). */
  pairsCompared: number;
  blocks: BlockIndex;
}

// Worker threads run the TypeScript sources through tsx's loader, registered inside the worker
// (loader hooks are not inherited); the same technique as people/import/checked-rows.ts.
const require = createRequire(import.meta.url);
const TSX_API = pathToFileURL(require.resolve('tsx/esm/api')).href.replace(/index\.cjs$/, 'index.mjs');
const WORKER = new URL(`./batch-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
const BOOT = `import(${JSON.stringify(TSX_API)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER)}); })`;

/**
 * Memory one worker needs per record: its copy of the records and their prepared form. Measured
 * at 10 M records, where two workers with a copy each filled the 24 GiB of the reference machine.
 */
const WORKER_BYTES_PER_RECORD = 1100;

/** As many of the asked workers as can hold their copy in the free memory (0: score on this thread). */
export function workersThatFit(asked: number, records: number, free = freemem()): number {
  return Math.max(0, Math.min(asked, Math.floor((free * 0.8) / Math.max(1, records * WORKER_BYTES_PER_RECORD))));
}

/** Tasks per thread: enough for even load and steady progress, few enough to cost nothing. */
const TASKS_PER_WORKER = 64;

function runOnWorkers(records: readonly LinkRecord[], model: LinkModel, index: BlockIndex, tasks: BlockTask[], workers: number, minWeight: number, progress: (pairs: number) => void): Promise<{ compared: number; hits: Float64Array[] }> {
  return new Promise((resolve, reject) => {
    const data: BatchWorkerData = { records: records as LinkRecord[], model, rules: index.rules, minWeight };
    const threads = Array.from({ length: workers }, () => new Worker(BOOT, { eval: true, workerData: data }));
    const hits: Float64Array[] = [];
    let compared = 0;
    let next = 0;
    let finished = 0;
    let failed = false;
    const stopAll = () => Promise.all(threads.map((t) => t.terminate()));
    const give = (t: Worker) => {
      if (next < tasks.length) {
        const id = next++;
        t.postMessage({ type: 'task', id, task: tasks[id]! } satisfies ToBatchWorker);
      } else t.postMessage({ type: 'stop' } satisfies ToBatchWorker);
    };
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      void stopAll().then(() => reject(err));
    };
    for (const t of threads) {
      t.on('message', (m: FromBatchWorker) => {
        if (m.type === 'error') return fail(new Error(`duplicate finder worker: ${m.message}`));
        if (m.type === 'done') {
          compared += m.compared;
          hits.push(m.hits);
          progress(tasks[m.id]!.pairs);
          if (++finished === tasks.length) {
            void stopAll().then(() => resolve({ compared, hits }));
            return;
          }
        }
        give(t);
      });
      t.on('error', fail);
    }
    if (tasks.length === 0) void stopAll().then(() => resolve({ compared: 0, hits: [] }));
  });
}

/** Every candidate pair at or above the review threshold, scored with the model, each pair once. */
export async function findDuplicates(records: readonly LinkRecord[], model: LinkModel, opts: FindOptions = {}): Promise<DuplicateSearch> {
  const prepared: PreparedRecord[] = records.map(prepareRecord);
  const index = buildBlocks(prepared, BLOCKING_RULES, opts.blockCap ?? DEFAULT_BLOCK_CAP);
  const minWeight = opts.minWeight ?? model.thresholds.review;
  // Each worker gets its own copy of the records: at national scale fewer (or none) fit in memory.
  const workers = workersThatFit(Math.max(0, opts.workers ?? availableParallelism()), records.length);
  const total = index.rules.reduce((s, r) => s + r.pairs, 0);
  const tasks = planTasks(index.rules, Math.max(10_000, Math.ceil(total / (Math.max(workers, 1) * TASKS_PER_WORKER))));
  let done = 0;
  const progress = (pairs: number) => {
    done += pairs;
    opts.onProgress?.(done, total);
  };

  let compared = 0;
  const hitLists: Array<ArrayLike<number>> = [];
  if (workers === 0) {
    const compiled = compileModel(model);
    for (const task of tasks) {
      const result = scoreTask(prepared, index.rules, task, compiled, minWeight);
      compared += result.compared;
      hitLists.push(result.hits);
      progress(task.pairs);
    }
  } else {
    const result = await runOnWorkers(records, model, index, tasks, workers, minWeight, progress);
    compared = result.compared;
    hitLists.push(...result.hits);
  }

  const pairs: ScoredPair[] = [];
  for (const hits of hitLists) {
    for (let k = 0; k < hits.length; k += 3) pairs.push(scorePrepared(prepared[hits[k]!]!, prepared[hits[k + 1]!]!, model));
  }
  pairs.sort((x, y) => y.weight - x.weight);
  return { pairs, pairsCompared: compared, blocks: index };
}
