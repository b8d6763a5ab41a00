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
  /**
   * Tasks already scored by an earlier, stopped run over the same records with the same model
   * (by task number): they are not scored again. Task numbers depend only on the records.
   */
  completed?: ReadonlyMap<number, TaskResult>;
  /** Called as each task is scored, to keep it for a resumed run. */
  onTaskDone?: (task: number, result: TaskResult) => void;
}

/** What one block task found: pairs compared and the pairs kept, as (i, j, weight) triples of record indexes. */
export interface TaskResult {
  compared: number;
  hits: ArrayLike<number>;
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

/**
 * Tasks per run: enough for even load over the threads and steady progress, few enough to cost
 * nothing. Fixed, not per thread, so a resumed run with another number of threads has the
 * same tasks.
 */
const TASKS = 128;

function runOnWorkers(records: readonly LinkRecord[], model: LinkModel, index: BlockIndex, tasks: BlockTask[], todo: number[], workers: number, minWeight: number, taskDone: (task: number, result: TaskResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const data: BatchWorkerData = { records: records as LinkRecord[], model, rules: index.rules, minWeight };
    const threads = Array.from({ length: workers }, () => new Worker(BOOT, { eval: true, workerData: data }));
    let next = 0;
    let finished = 0;
    let failed = false;
    const stopAll = () => Promise.all(threads.map((t) => t.terminate()));
    const give = (t: Worker) => {
      if (next < todo.length) {
        const id = todo[next++]!;
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
          try {
            taskDone(m.id, { compared: m.compared, hits: m.hits });
          } catch (err) {
            return fail(err instanceof Error ? err : new Error(String(err)));
          }
          if (++finished === todo.length) {
            void stopAll().then(() => resolve());
            return;
          }
        }
        give(t);
      });
      t.on('error', fail);
    }
    if (todo.length === 0) void stopAll().then(() => resolve());
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
  const tasks = planTasks(index.rules, Math.max(10_000, Math.ceil(total / TASKS)));
  let done = 0;
  let compared = 0;
  const hitLists: Array<ArrayLike<number>> = [];
  const taken = (task: number, result: TaskResult) => {
    compared += result.compared;
    hitLists.push(result.hits);
    done += tasks[task]!.pairs;
    opts.onProgress?.(done, total);
  };
  const todo: number[] = [];
  tasks.forEach((_, task) => {
    const earlier = opts.completed?.get(task);
    if (earlier) taken(task, earlier);
    else todo.push(task);
  });
  const taskDone = (task: number, result: TaskResult) => {
    taken(task, result);
    opts.onTaskDone?.(task, result);
  };
  if (workers === 0) {
    const compiled = compileModel(model);
    for (const task of todo) {
      taskDone(task, scoreTask(prepared, index.rules, tasks[task]!, compiled, minWeight));
      // Between tasks the event loop runs, so what onTaskDone started (keeping the task) goes on.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    await runOnWorkers(records, model, index, tasks, todo, workers, minWeight, taskDone);
  }

  const pairs: ScoredPair[] = [];
  for (const hits of hitLists) {
    for (let k = 0; k < hits.length; k += 3) pairs.push(scorePrepared(prepared[hits[k]!]!, prepared[hits[k + 1]!]!, model));
  }
  pairs.sort((x, y) => y.weight - x.weight);
  return { pairs, pairsCompared: compared, blocks: index };
}
