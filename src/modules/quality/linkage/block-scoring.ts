/**
 * The inner loop of the batch, shared by the worker threads and the single-thread path: score
 * every new pair of a run of blocks and keep those at or above a weight.
 */
import { forEachNewPair, type RuleBlocks } from './blocking.js';
import { compareRecords, FIELD_COUNT, pairContext } from './comparisons.js';
import { vectorWeight, type CompiledModel } from './model.js';
import type { PreparedRecord } from './prepared-record.js';

/** Blocks [from, to) of one rule: the unit of work handed to a thread. */
export interface BlockTask {
  rule: number;
  from: number;
  to: number;
  /** Pairs inside these blocks (before removing those of earlier rules), for progress. */
  pairs: number;
}

export interface TaskResult {
  compared: number;
  /** Flat [i, j, weight, i, j, weight, …] of the pairs kept. */
  hits: number[];
}

export function scoreTask(records: readonly PreparedRecord[], rules: readonly RuleBlocks[], task: BlockTask, model: CompiledModel, minWeight: number): TaskResult {
  const vector = new Uint8Array(FIELD_COUNT);
  const hits: number[] = [];
  let compared = 0;
  forEachNewPair(rules, task.rule, task.from, task.to, (i, j) => {
    compared++;
    const a = records[i]!;
    const b = records[j]!;
    const w = vectorWeight(model, pairContext(a, b), compareRecords(a, b, vector), a);
    if (w >= minWeight) hits.push(i, j, w);
  });
  return { compared, hits };
}

/** Cuts every rule's blocks into runs of about `pairsPerTask` pairs. */
export function planTasks(rules: readonly RuleBlocks[], pairsPerTask: number): BlockTask[] {
  const tasks: BlockTask[] = [];
  rules.forEach(({ starts }, rule) => {
    const blocks = starts.length - 1;
    let from = 0;
    let pairs = 0;
    for (let b = 0; b < blocks; b++) {
      const size = starts[b + 1]! - starts[b]!;
      pairs += (size * (size - 1)) / 2;
      if (pairs >= pairsPerTask || b === blocks - 1) {
        tasks.push({ rule, from, to: b + 1, pairs });
        from = b + 1;
        pairs = 0;
      }
    }
  });
  return tasks;
}
