import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorKind, type Message } from '../../../kernel/errors.js';
import type { PinMismatchMode, RowError } from './check-row.js';
import type { SourceFormat, SourceRow } from './source.js';

/** A row of the file after reading and checking: what to load, or why it is rejected. */
export type CheckedRow<T> = { line: number; ok: T } | { line: number; externalId: string | null; errors: RowError[] };

export interface CheckJob {
  file: string;
  format: SourceFormat;
  kind: 'people' | 'households';
  /** People only: load rows whose PIN disagrees with the record, to be flagged (check-row.ts). */
  pinMismatch?: PinMismatchMode;
  today: string;
  /** Current commune code → province code (households only). */
  communes: Array<[string, string]>;
  batchSize: number;
}

export interface CheckRunData {
  jobs: CheckJob[];
  /** Batches the worker may run ahead of the main thread. */
  window: number;
}

export type FromWorker = { type: 'batch'; job: number; rows: Array<CheckedRow<unknown>> } | { type: 'end'; job: number } | { type: 'error'; error: SerialisedError };

type SerialisedError = { app: { kind: ErrorKind; code: string; messages: Message; field: string | undefined } } | { message: string };

export function serialiseError(err: unknown): SerialisedError {
  if (err instanceof AppError) return { app: { kind: err.kind, code: err.code, messages: err.messages, field: err.field } };
  return { message: err instanceof Error ? err.message : String(err) };
}

function deserialiseError(e: SerialisedError): Error {
  if ('app' in e) return new AppError(e.app.kind, e.app.code, e.app.messages, e.app.field === undefined ? {} : { field: e.app.field });
  return new Error(`bulk import worker: ${e.message}`);
}

/** A source row checked with `check`; an unreadable line is rejected naming the line. */
export function checkSourceRow<T>(src: SourceRow, check: (v: Record<string, unknown>, plain: boolean) => { ok: T } | { errors: RowError[] }): CheckedRow<T> {
  if ('error' in src) return { line: src.line, externalId: null, errors: [{ field: 'line', code: src.error, message: { vi: 'Dòng không đọc được.', en: 'The line could not be read.' } }] };
  const checked = check(src.value, src.plain);
  if ('ok' in checked) return { line: src.line, ok: checked.ok };
  return { line: src.line, externalId: typeof src.value.externalId === 'string' ? src.value.externalId : null, errors: checked.errors };
}

// The worker runs the TypeScript sources as the main thread does, through tsx's loader,
// registered inside the worker (loader hooks are not inherited by worker threads).
const require = createRequire(import.meta.url);
const TSX_API = pathToFileURL(require.resolve('tsx/esm/api')).href.replace(/index\.cjs$/, 'index.mjs');
const WORKER = new URL(`./check-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
const BOOT = `import(${JSON.stringify(TSX_API)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER)}); })`;

/** The files of an import being read and checked on a worker thread, one after the other. */
export interface CheckRun {
  /** The checked rows of job `index`, in batches; jobs are taken in the order given. */
  batches<T>(index: number): AsyncGenerator<Array<CheckedRow<T>>>;
  /** Stops the worker (also when its files were not all taken). */
  close(): Promise<void>;
}

/**
 * Starts reading and checking the files of `jobs` on one worker thread, at once: its start-up
 * (loading the checks' modules) and the reading of the next file overlap the main thread's
 * database work. Errors of the worker (a file that cannot be read) are thrown by `batches`,
 * the same as if the reading ran on this thread.
 */
export function startChecks(jobs: CheckJob[], window = 6): CheckRun {
  const data: CheckRunData = { jobs, window };
  const worker = new Worker(BOOT, { eval: true, workerData: data });
  const inbox: FromWorker[] = [];
  let notify: (() => void) | undefined;
  const arrive = (m: FromWorker) => {
    inbox.push(m);
    notify?.();
  };
  worker.on('message', arrive);
  worker.on('error', (err) => arrive({ type: 'error', error: serialiseError(err) }));
  worker.on('exit', (code) => arrive({ type: 'error', error: { message: `stopped with exit code ${code}` } }));
  let next = 0;
  return {
    async *batches<T>(index: number): AsyncGenerator<Array<CheckedRow<T>>> {
      if (index !== next) throw new Error(`bulk import: file ${index} taken before file ${next}`);
      for (;;) {
        while (inbox.length === 0) await new Promise<void>((resolve) => (notify = resolve));
        const m = inbox.shift()!;
        if (m.type === 'error') throw deserialiseError(m.error);
        if (m.type === 'end') {
          next++;
          return;
        }
        // Taken: the worker may read the next batch while this one is loaded.
        worker.postMessage(1);
        yield m.rows as Array<CheckedRow<T>>;
      }
    },
    async close() {
      worker.removeAllListeners();
      await worker.terminate();
    },
  };
}
