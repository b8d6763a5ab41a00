import { parentPort, workerData } from 'node:worker_threads';
import { checkHouseholdRow, checkPersonRow, type RowError } from './check-row.js';
import { readRowBatches } from './source.js';
import { checkSourceRow, serialiseError, type CheckJob, type FromWorker } from './checked-rows.js';

/**
 * The worker thread of a bulk import: reads the file and checks every row, so parsing and
 * checking run beside the main thread's database work instead of before it. It stays at most
 * `window` batches ahead of what the main thread has taken.
 */
const job = workerData as CheckJob;
const port = parentPort!;
let credits = job.window;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
});
const post = (m: FromWorker) => port.postMessage(m);

try {
  const communes = new Map(job.communes);
  const check = (v: Record<string, unknown>): { ok: unknown } | { errors: RowError[] } => (job.kind === 'households' ? checkHouseholdRow(v, communes) : checkPersonRow(v, job.today, job.pinMismatch ?? 'reject'));
  for await (const batch of readRowBatches(job.file, job.format, job.batchSize)) {
    const rows = batch.map((src) => checkSourceRow(src, check));
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    post({ type: 'batch', rows });
  }
  post({ type: 'end' });
} catch (err) {
  post({ type: 'error', error: serialiseError(err) });
}
port.unref();
