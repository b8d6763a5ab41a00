import { parentPort, workerData } from 'node:worker_threads';
import { checkHouseholdRow, checkPersonRow, type RowError } from './check-row.js';
import { loadPerson } from './load-row.js';
import { readRowBatches } from './source.js';
import { checkSourceRow, serialiseError, type CheckJob, type CheckRunData, type FromWorker } from './checked-rows.js';

/**
 * The worker thread of a bulk import: reads the files in turn (households, then people) and
 * checks every row, so parsing and checking run beside the main thread's database work instead
 * of before it: the people file is read while the households load. It stays at most `window`
 * batches ahead of what the main thread has taken.
 */
const { jobs, window } = workerData as CheckRunData;
const port = parentPort!;
let credits = window;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
});
const post = (m: FromWorker) => port.postMessage(m);

async function run(job: CheckJob, index: number): Promise<void> {
  const communes = new Map(job.communes);
  const checkPerson = (v: Record<string, unknown>, plain: boolean): { ok: unknown } | { errors: RowError[] } => {
    const checked = checkPersonRow(v, job.today, job.pinMismatch ?? 'reject', plain);
    return 'ok' in checked ? { ok: loadPerson(checked.ok) } : checked;
  };
  const check = job.kind === 'households' ? (v: Record<string, unknown>, plain: boolean) => checkHouseholdRow(v, communes, plain) : checkPerson;
  for await (const batch of readRowBatches(job.file, job.format, job.batchSize)) {
    const rows = batch.map((src) => checkSourceRow(src, check));
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    post({ type: 'batch', job: index, rows });
  }
  post({ type: 'end', job: index });
}

try {
  for (const [index, job] of jobs.entries()) await run(job, index);
} catch (err) {
  post({ type: 'error', error: serialiseError(err) });
}
port.unref();
