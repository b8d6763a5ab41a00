/**
 * A worker thread of findDuplicates: prepares its own copy of the records, then scores the
 * block runs the main thread hands it, one message per run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RuleBlocks } from './blocking.js';
import { scoreTask, type BlockTask } from './block-scoring.js';
import { compileModel, type LinkModel } from './model.js';
import { prepareRecord } from './prepared-record.js';
import type { LinkRecord } from './record.js';

export interface BatchWorkerData {
  records: LinkRecord[];
  model: LinkModel;
  rules: RuleBlocks[];
  minWeight: number;
}

export type ToBatchWorker = { type: 'task'; id: number; task: BlockTask } | { type: 'stop' };
export type FromBatchWorker = { type: 'ready' } | { type: 'done'; id: number; compared: number; hits: Float64Array } | { type: 'error'; message: string };

const data = workerData as BatchWorkerData;
const port = parentPort!;
try {
  const records = data.records.map(prepareRecord);
  // Only the prepared form is scored: the raw copy (names as written, parents unfolded) goes.
  data.records = [];
  const model = compileModel(data.model);
  port.on('message', (m: ToBatchWorker) => {
    if (m.type === 'stop') {
      port.close();
      return;
    }
    try {
      const result = scoreTask(records, data.rules, m.task, model, data.minWeight);
      const hits = Float64Array.from(result.hits);
      port.postMessage({ type: 'done', id: m.id, compared: result.compared, hits } satisfies FromBatchWorker, [hits.buffer]);
    } catch (err) {
      port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies FromBatchWorker);
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromBatchWorker);
} catch (err) {
  port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies FromBatchWorker);
}
