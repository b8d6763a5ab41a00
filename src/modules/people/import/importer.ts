import { newId } from '../../../kernel/ids.js';
import fs from 'node:fs';
import v8 from 'node:v8';
import type pg from 'pg';
import { authorize, inScope, scopeFilter } from '../../../kernel/access.js';
import { BULK_LOAD_LOCK, buildDeferredIndexes, deferIndexes } from '../../../kernel/deferred-index.js';
import { AppError, forbidden } from '../../../kernel/errors.js';
import type { Actor } from '../../../kernel/actor.js';
import { recordAccessMany, recordAudit, type AuditEntry } from '../../../kernel/audit.js';
import { todayInVietnam } from '../../../kernel/clock.js';
import type { AppContext } from '../../../kernel/context.js';
import { publish } from '../../../kernel/events.js';
import { PeopleImported } from '../events.js';
import { currentCommuneProvinces } from '../../units/index.js';
import { formatHouseholdNo } from '../household-service.js';
import type { ImportHousehold, PinMismatchMode, RowError } from './check-row.js';
import { PERSON_ROW_COLUMNS, type LoadPerson } from './load-row.js';
import { startChecks, type CheckedRow, type CheckJob, type CheckRun } from './checked-rows.js';
import { ChunkQueue } from './chunk-queue.js';
import { BufferPool, CsvBuffer, csvCell, csvLine } from './copy-csv.js';
import { viSortKey } from '../vi-sort.js';
import { checkSourceReadable, formatOf, type SourceFormat } from './source.js';
import { PEOPLE_IMPORT } from '../permissions.js';

/**
 * Bulk import of people and households (the generator's format, docs/generator.md).
 *
 * Every row is checked with the person rules; bad rows go to the report with their line and
 * reasons, good ones are loaded with COPY in chunks of one transaction each. Households load
 * first, then people; a people chunk ends on a household boundary, so killing the import
 * leaves whole chunks or nothing, and a re-run skips what is present (idempotent by externalId).
 */
export interface ImportOptions {
  peopleFile?: string | undefined;
  householdsFile?: string | undefined;
  format?: SourceFormat | undefined;
  /** NDJSON report of rejected rows; default `<peopleFile>.rejected.ndjson`. */
  reportFile?: string | undefined;
  chunkSize?: number | undefined;
  /** Chunk transactions in flight at once; default 2 on PostgreSQL, 1 on PGlite (one connection). */
  parallel?: number | undefined;
  onProgress?: ((p: ImportProgress) => void) | undefined;
  /**
   * Sees every COPY payload after its chunk commits (the benchmark replays them as its baseline).
   * The bytes are valid only during the call: their buffer is then written again by later chunks.
   */
  onCopy?: ((table: string, columns: readonly string[], csv: Buffer<ArrayBuffer>) => void) | undefined;
  /**
   * First-load mode (a province's migration into an empty registry): the secondary indexes of
   * the registry tables are dropped, the rows loaded, and the indexes built at the end; a
   * killed first load is finished by running it again. `'auto'`: when the registry is empty
   * (or a first load is unfinished); `true`: the same, refused otherwise; default false.
   */
  firstLoad?: boolean | 'auto' | undefined;
  /** The heap a first load may use (default: this process's V8 limit); tests set it small. */
  heapLimitBytes?: number | undefined;
  /** `'flag'`: rows whose PIN disagrees with birth year, sex or province are loaded and left to the quality rules (default `'reject'`). */
  pinMismatch?: PinMismatchMode | undefined;
}

export interface ImportProgress {
  phase: 'households' | 'people' | 'indexes';
  /** What the phase is doing, e.g. the index just built. */
  detail?: string;
  rowsRead: number;
  loaded: number;
  rejected: number;
  alreadyPresent: number;
  elapsedMs: number;
}

export interface ImportSummary {
  batchId: string;
  households: { read: number; loaded: number; alreadyPresent: number; rejected: number };
  people: { read: number; loaded: number; alreadyPresent: number; rejected: number };
  reportFile: string;
  seconds: number;
  peoplePerSecond: number;
  /** Ran in first-load mode (indexes built after the load). */
  firstLoad: boolean;
}

type Rejection = { file: 'people' | 'households'; line: number; externalId: string | null; errors: RowError[] };

const reject = (field: string, code: string, vi: string, en: string): RowError[] => [{ field, code, message: { vi, en } }];

/**
 * People per chunk (one transaction each, two in flight on PostgreSQL). Measured on copies of a
 * loaded 1 M registry, 100 k more people, six alternated runs each: 10,000 a chunk took 3.73–3.92 s
 * (median 3.88), 20,000 took 3.91–4.07 s (median 4.00), 5,000 3.82–3.94 s: with smaller chunks the
 * first COPY starts sooner, the last runs alone for less time, and fewer rows wait in memory.
 */
export const DEFAULT_CHUNK_ROWS = 10_000;

/** Rows the check worker reads and checks per message to the main thread. */
const CHECK_BATCH = 4096;

class Counter {
  read = 0;
  loaded = 0;
  alreadyPresent = 0;
  rejected = 0;
}

/** What one chunk did; applied to the counters and the report only once its transaction commits. */
interface ChunkResult {
  loaded: number;
  alreadyPresent: number;
  rejections: Rejection[];
  /** The chunk's COPY payloads, their buffers given back to the pool once the chunk is applied. */
  copies: Array<{ table: string; columns: readonly string[]; csv: CsvBuffer }>;
}

/** What every chunk of one import shares. */
interface Run {
  ctx: AppContext;
  batchId: string;
  today: string;
  /** The CSV buffers of chunks whose COPY is done, for the next chunks (see BufferPool). */
  buffers: BufferPool;
}

/** Loads CSV with COPY; the buffer is the chunk's until it is applied (a chunk that fails leaves it to the garbage collector). */
async function copy(run: Run, tx: pg.PoolClient, result: ChunkResult, table: string, columns: readonly string[], csv: CsvBuffer): Promise<void> {
  if (csv.byteLength > 0) await run.ctx.db.copyCsv(tx, table, columns, csv.bytes());
  result.copies.push({ table, columns, csv });
}

function apply(c: Counter, r: ChunkResult, rejectRow: (r: Rejection) => void, onCopy: ImportOptions['onCopy']): void {
  for (const x of r.copies) {
    if (onCopy && x.csv.byteLength > 0) onCopy(x.table, x.columns, x.csv.bytes());
    x.csv.release();
  }
  c.loaded += r.loaded;
  c.alreadyPresent += r.alreadyPresent;
  c.rejected += r.rejections.length;
  r.rejections.forEach(rejectRow);
}

/**
 * Takes one file's checked rows in file order: a faulty row, or one `refuse` turns away, goes to
 * the report; good rows gather into chunks of `chunkSize` (a chunk ends only where `mayCut`
 * allows). Each chunk is handed to `load` at once, in file order (a first load plans it there),
 * and the work `load` returns is written by a queue, `parallel` chunks at a time.
 */
async function loadFile<T extends { externalId: string }>(
  rows: AsyncIterable<Array<CheckedRow<T>>>,
  o: {
    file: Rejection['file'];
    counter: Counter;
    chunkSize: number;
    parallel: number;
    writeRejection: (r: Rejection) => void;
    refuse: (row: T) => RowError[] | null;
    mayCut: (last: T, next: T) => boolean;
    load: (chunk: Array<{ line: number; row: T }>) => () => Promise<void>;
  },
): Promise<void> {
  let chunk: Array<{ line: number; row: T }> = [];
  const queue = new ChunkQueue(o.parallel);
  const rejectRow = (line: number, externalId: string | null, errors: RowError[]) => {
    o.counter.rejected++;
    o.writeRejection({ file: o.file, line, externalId, errors });
  };
  const flush = () => {
    const write = o.load(chunk);
    chunk = [];
    return queue.submit(write);
  };
  for await (const batch of rows) {
    for (const checked of batch) {
      o.counter.read++;
      if ('errors' in checked) {
        rejectRow(checked.line, checked.externalId, checked.errors);
        continue;
      }
      const refused = o.refuse(checked.ok);
      if (refused) {
        rejectRow(checked.line, checked.ok.externalId, refused);
        continue;
      }
      const last = chunk[chunk.length - 1];
      if (last && chunk.length >= o.chunkSize && o.mayCut(last.row, checked.ok)) await flush();
      chunk.push({ line: checked.line, row: checked.ok });
    }
  }
  if (chunk.length) await flush();
  await queue.drain();
}

/** The tables a first load fills; their secondary indexes are built after it. */
const FIRST_LOAD_TABLES = ['person', 'pin_registry', 'household', 'household_member', 'residence'] as const;

/**
 * Whether this import runs as a first load, and the lock that says a first load is running.
 * `auto`: when the registry is empty, or a first load was left unfinished (its re-run);
 * `true`: the same, refused otherwise; `false`: never.
 */
/**
 * Bytes of heap a first load keeps per row: LoadedRows holds every loaded row's keys (external
 * id, PIN, household) until the unique indexes are built. Measured: a 4 GB heap ran out at 4.8
 * million people of a 10-million file (about 850 bytes a row with V8's overheads).
 */
const FIRST_LOAD_HEAP_PER_ROW = 850;
const HEAP_BASELINE = 400 * 1024 * 1024;

/** Rows in a file, estimated from its size and the line length of its first MiB. */
async function estimateRows(file: string): Promise<number> {
  const size = (await fs.promises.stat(file)).size;
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, 1 << 20));
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    let lines = 0;
    for (let i = 0; i < bytesRead; i++) if (buf[i] === 10) lines++;
    return lines === 0 ? 1 : Math.ceil(size / (bytesRead / lines));
  } finally {
    await fd.close();
  }
}

/** The heap a first load of these files needs, and the heap this process may grow to. */
export async function firstLoadHeap(files: string[], limitBytes = v8.getHeapStatistics().heap_size_limit): Promise<{ needBytes: number; limitBytes: number; rows: number }> {
  let rows = 0;
  for (const f of files) rows += await estimateRows(f);
  return { needBytes: HEAP_BASELINE + rows * FIRST_LOAD_HEAP_PER_ROW, limitBytes, rows };
}

async function beginFirstLoad(ctx: AppContext, actor: Actor, mode: boolean | 'auto', files: string[], heapLimitBytes: number | undefined): Promise<{ lock: pg.PoolClient | undefined } | undefined> {
  if (mode === false) return undefined;
  // It drops and rebuilds indexes the whole registry uses: not for an officer of one unit.
  if (scopeFilter(actor) !== null) {
    if (mode === true) throw forbidden('first_load_needs_nation_scope');
    return undefined;
  }
  // A first load that cannot fit its keys in the heap would die halfway (out of memory): an
  // automatic choice falls back to the ordinary import, whose memory does not grow with the
  // file; an explicit one is refused before anything is written, saying what to set.
  const heap = await firstLoadHeap(files, heapLimitBytes);
  if (heap.needBytes > heap.limitBytes) {
    const needMb = Math.ceil(heap.needBytes / 2 ** 20);
    if (mode === 'auto') {
      ctx.log.warn({ rows: heap.rows, needMb, limitMb: Math.floor(heap.limitBytes / 2 ** 20) }, 'first load skipped: the heap is too small for its keys; importing in the ordinary mode');
      return undefined;
    }
    throw new AppError('conflict', 'first_load_heap_too_small', {
      vi: `Nạp lần đầu khoảng ${heap.rows} dòng cần khoảng ${needMb} MB bộ nhớ heap; hãy chạy với NODE_OPTIONS=--max-old-space-size=${needMb}, hoặc nhập không có --first-load.`,
      en: `A first load of about ${heap.rows} rows needs about ${needMb} MB of heap; run with NODE_OPTIONS=--max-old-space-size=${needMb}, or import without --first-load.`,
    });
  }
  // PostgreSQL: a session lock held for the whole load, so the server does not build the
  // deferred indexes under a live load. PGlite is one process (its data directory is locked).
  let lock: pg.PoolClient | undefined;
  if (ctx.db.engine === 'postgres') {
    lock = await ctx.db.pool.connect();
    const got = (await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [BULK_LOAD_LOCK])).rows[0]!.ok;
    if (!got) {
      lock.release();
      if (mode === 'auto') return undefined;
      throw new AppError('conflict', 'bulk_load_running', { vi: 'Một lần nạp dữ liệu lần đầu khác đang chạy.', en: 'Another first load is running.' });
    }
  }
  const state = (await ctx.db.pool.query<{ pending: boolean; empty: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM people_first_load) AS pending, NOT EXISTS (SELECT 1 FROM person) AND NOT EXISTS (SELECT 1 FROM household) AS empty',
  )).rows[0]!;
  if (state.empty || state.pending) return { lock };
  await endFirstLoadLock(lock);
  if (mode === 'auto') return undefined;
  throw new AppError('conflict', 'registry_not_empty', {
    vi: 'Chế độ nạp lần đầu (--first-load) chỉ dùng cho cơ sở dữ liệu dân cư trống, hoặc để chạy lại một lần nạp lần đầu bị gián đoạn. Cơ sở dữ liệu này đã có dữ liệu: hãy nhập không có --first-load.',
    en: 'First-load mode (--first-load) is only for an empty registry, or to re-run an interrupted first load. This registry already holds people or households: import without --first-load.',
  });
}

async function endFirstLoadLock(lock: pg.PoolClient | undefined): Promise<void> {
  if (!lock) return;
  await lock.query('SELECT pg_advisory_unlock($1)', [BULK_LOAD_LOCK]).catch(() => undefined);
  lock.release();
}

/** Imports a people file (and its households file); every good row is loaded, every bad one reported. */
export async function importPeople(ctx: AppContext, actor: Actor, opts: ImportOptions): Promise<ImportSummary> {
  authorize(actor, PEOPLE_IMPORT);
  const started = Date.now();
  const today = todayInVietnam(ctx.clock);
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_ROWS;
  const parallel = ctx.db.engine === 'pglite' ? 1 : Math.max(1, opts.parallel ?? 2);
  const source = opts.peopleFile ?? opts.householdsFile;
  if (!source) throw new Error('importPeople needs a people file, a households file, or both');
  // A file with no row, or a CSV header that is not one, is a 400 before anything is written.
  for (const f of [opts.householdsFile && ([opts.householdsFile, 'ndjson'] as const), opts.peopleFile && ([opts.peopleFile, opts.format ?? formatOf(opts.peopleFile)] as const)]) {
    if (f) await checkSourceReadable(f[0], f[1]);
  }
  const firstLoad = await beginFirstLoad(ctx, actor, opts.firstLoad ?? false, [opts.householdsFile, opts.peopleFile].filter((f): f is string => f !== undefined), opts.heapLimitBytes);
  const reportFile = opts.reportFile ?? `${source}.rejected.ndjson`;
  const batchId = newId();
  const hh = new Counter();
  const people = new Counter();
  const progress = (phase: ImportProgress['phase'], c: Counter) => opts.onProgress?.({ phase, rowsRead: c.read, loaded: c.loaded, rejected: c.rejected, alreadyPresent: c.alreadyPresent, elapsedMs: Date.now() - started });
  let report: fs.WriteStream | undefined;
  let checks: CheckRun | undefined;
  try {
    // Both files are read and checked on one worker, started before anything else so its
    // start-up and the reading of the people file overlap the database work below.
    const jobs: CheckJob[] = [];
    if (opts.householdsFile) {
      const communes = await currentCommuneProvinces(ctx);
      jobs.push({ file: opts.householdsFile, format: 'ndjson', kind: 'households', today, communes: [...communes], batchSize: CHECK_BATCH });
    }
    if (opts.peopleFile) {
      jobs.push({ file: opts.peopleFile, format: opts.format ?? formatOf(opts.peopleFile), kind: 'people', today, communes: [], batchSize: CHECK_BATCH, pinMismatch: opts.pinMismatch ?? 'reject' });
    }
    // Enough batches ahead for a whole chunk, so the first one is ready when the households are.
    checks = startChecks(jobs, Math.ceil(chunkSize / CHECK_BATCH) + 1);
    let job = 0;
    await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      await tx.query('INSERT INTO import_batch (id, source, actor_id, started_at, first_load) VALUES ($1, $2, $3, $4, $5)', [batchId, source, actor.id, now, firstLoad !== undefined]);
      if (firstLoad) {
        await tx.query('INSERT INTO people_first_load (import_batch_id, started_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [batchId, now]);
        // Unique ones too: LoadedRows keeps uniqueness meanwhile, and their builds check it at the end.
        await deferIndexes(tx, FIRST_LOAD_TABLES, now, { unique: true });
      }
      await recordAudit(tx, { actor, action: 'people.import_started', target: { kind: 'import_batch', id: batchId }, detail: { file: source, firstLoad: firstLoad !== undefined } }, now);
    });
    const loaded = firstLoad ? await LoadedRows.read(ctx.db.pool) : undefined;
    const out = fs.createWriteStream(reportFile);
    report = out;
    const writeRejection = (r: Rejection) => out.write(`${JSON.stringify(r)}\n`);
    const common = { chunkSize, parallel, writeRejection };
    const run: Run = { ctx, batchId, today, buffers: new BufferPool() };
    if (opts.householdsFile) {
      await loadFile(checks.batches<ImportHousehold>(job++), {
        ...common,
        file: 'households',
        counter: hh,
        refuse: (row) =>
          inScope(actor, { communeCode: row.communeCode, provinceCode: row.provinceCode }) ? null : reject('communeCode', 'out_of_scope', 'Xã/phường này ngoài phạm vi quản lý của bạn.', 'This commune is outside your scope.'),
        mayCut: () => true,
        load: (rows) => {
          // First load: decided now, in file order, against what is loaded (see LoadedRows).
          const plan = loaded?.planHouseholds(rows, today);
          return async () => {
            apply(hh, await ctx.db.transaction((tx) => (plan ? writeHouseholds(run, tx, plan) : loadHouseholds(run, tx, rows))), writeRejection, opts.onCopy);
            progress('households', hh);
          };
        },
      });
    }
    if (opts.peopleFile) {
      const nationWide = scopeFilter(actor) === null;
      await loadFile(checks.batches<LoadPerson>(job++), {
        ...common,
        file: 'people',
        counter: people,
        // A person with no household has no unit: only a nation-wide actor may enter them.
        refuse: (row) =>
          row.householdExternalId === null && !nationWide ? reject('householdExternalId', 'household_required', 'Cần mã hộ để xác định đơn vị quản lý.', 'A household is needed to place the person in your unit.') : null,
        // Chunks end between households, so a household's members commit together.
        mayCut: (last, next) => last.householdExternalId !== next.householdExternalId,
        load: (rows) => {
          const plan = loaded?.planPeople(actor, rows);
          return async () => {
            apply(people, await ctx.db.transaction((tx) => (plan ? writePeople(run, tx, plan.result, plan.accepted, plan.idOf) : loadPeople(run, tx, actor, rows))), writeRejection, opts.onCopy);
            progress('people', people);
          };
        },
      });
    }
    if (firstLoad) {
      // The deferred indexes, built once over the loaded rows (their time is the import's),
      // then planner statistics for the tables that grew from nothing.
      const client = firstLoad.lock ?? (await ctx.db.pool.connect());
      try {
        await buildDeferredIndexes(ctx.db, client, {
          onIndex: (ix, ms) => opts.onProgress?.({ phase: 'indexes', rowsRead: people.read, loaded: people.loaded, rejected: people.rejected, alreadyPresent: people.alreadyPresent, elapsedMs: Date.now() - started, detail: `${ix.index_name} ${ms} ms` }),
        });
        await client.query(`ANALYZE ${FIRST_LOAD_TABLES.join(', ')}`);
      } finally {
        if (!firstLoad.lock) client.release();
      }
    }
  } catch (err) {
    await ctx.db.pool.query("UPDATE import_batch SET status = 'failed', finished_at = $2 WHERE id = $1", [batchId, ctx.clock.now()]).catch(() => undefined);
    await endFirstLoadLock(firstLoad?.lock);
    throw err;
  } finally {
    await checks?.close();
    const r = report;
    if (r) await new Promise<void>((resolve) => r.end(resolve));
  }

  const seconds = (Date.now() - started) / 1000;
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE import_batch SET status = 'done', finished_at = $2, rows_read = $3, people_loaded = $4, households_loaded = $5,
           rows_rejected = $6, rows_already_present = $7 WHERE id = $1`,
        [batchId, ctx.clock.now(), people.read + hh.read, people.loaded, hh.loaded, people.rejected + hh.rejected, people.alreadyPresent + hh.alreadyPresent],
      );
      if (firstLoad) await tx.query('DELETE FROM people_first_load');
      const detail = { people: { ...people }, households: { ...hh } };
      await recordAudit(tx, { actor, action: 'people.imported', target: { kind: 'import_batch', id: batchId }, detail }, ctx.clock.now());
      await publish(tx, { type: PeopleImported, subject: batchId, payload: detail, actorId: actor.id }, ctx.clock.now());
    });
  } finally {
    await endFirstLoadLock(firstLoad?.lock);
  }
  return {
    batchId,
    households: { ...hh },
    people: { ...people },
    reportFile,
    seconds,
    peoplePerSecond: Math.round(people.loaded / Math.max(seconds, 0.001)),
    firstLoad: firstLoad !== undefined,
  };
}

/** What a chunk of household rows becomes, decided before its transaction. */
interface HouseholdPlan {
  result: ChunkResult;
  fresh: Array<{ id: string; row: ImportHousehold }>;
}

function planHouseholds(rows: Array<{ line: number; row: ImportHousehold }>, existing: ReadonlySet<string>): HouseholdPlan {
  const result: ChunkResult = { loaded: 0, alreadyPresent: 0, rejections: [], copies: [] };
  const seen = new Set<string>();
  const fresh: HouseholdPlan['fresh'] = [];
  for (const { line, row } of rows) {
    if (existing.has(row.externalId)) {
      result.alreadyPresent++;
    } else if (seen.has(row.externalId)) {
      result.rejections.push({ file: 'households', line, externalId: row.externalId, errors: reject('externalId', 'duplicate_in_file', 'Mã hộ lặp lại trong tệp.', 'The household id repeats in the file.') });
    } else {
      seen.add(row.externalId);
      fresh.push({ id: newId(), row });
    }
  }
  return { result, fresh };
}

async function loadHouseholds(run: Run, tx: pg.PoolClient, rows: Array<{ line: number; row: ImportHousehold }>): Promise<ChunkResult> {
  const existing = await registeredExternalIds(tx, 'household', rows.map((r) => r.row.externalId));
  return writeHouseholds(run, tx, planHouseholds(rows, existing));
}

async function writeHouseholds(run: Run, tx: pg.PoolClient, plan: HouseholdPlan): Promise<ChunkResult> {
  const { ctx, batchId, today } = run;
  // A copy per attempt: a chunk run again (ChunkQueue) must not count or copy twice.
  const result: ChunkResult = { ...plan.result, rejections: [...plan.result.rejections], copies: [] };
  const { fresh } = plan;
  if (fresh.length === 0) return result;
  const serials = await tx.query<{ n: number }>("SELECT nextval('household_no_seq') AS n FROM generate_series(1, $1::int)", [fresh.length]);
  const now = ctx.clock.now().toISOString();
  const csv = new CsvBuffer(run.buffers, fresh.length * 200);
  fresh.forEach(({ id, row: h }, i) => {
    csv.add(csvLine([id, formatHouseholdNo(h.communeCode, serials.rows[i]!.n), h.communeCode, h.provinceCode, h.address, today, h.externalId, batchId, now, viSortKey(h.address)]));
  });
  await copy(run, tx, result, 'household', ['id', 'household_no', 'unit_code', 'province_code', 'address', 'unit_recorded_on', 'external_id', 'import_batch_id', 'created_at', 'address_sort'], csv);
  result.loaded = fresh.length;
  return result;
}

/** The row's own columns (written by the worker), then those the load decides. */
const PERSON_COLUMNS = [...PERSON_ROW_COLUMNS, 'id', 'father_id', 'mother_id', 'spouse_id', 'unit_code', 'province_code', 'import_batch_id', 'created_at', 'updated_at'] as const;

/** A list of ids, digits or codes (never a comma) as one parameter for `string_to_array($1, ',')`: far cheaper than a text[] of 20,000 quoted elements. */
const list = (xs: Iterable<string>): string => [...xs].join(',');

/**
 * `SELECT <columns> FROM <table> AS <alias> WHERE <alias>.<key> = ANY(<the keys in $1>)`, written so
 * that PostgreSQL looks each key up in the key's index. Given a chunk's thousands of keys, its
 * planner costs those look-ups as random reads and reads the whole table instead (in parallel):
 * at 1 M people, 73 ms on three processes for 20,000 PINs against 50 ms on one through the
 * index, 40 ms against 5 ms for 6,000 households, and a whole-table read grows with the
 * registry where the look-ups do not. `OFFSET 0` keeps the subquery from being merged into a
 * join the planner would again cost that way.
 */
const byKeys = (table: string, alias: string, key: string, columns: string): string =>
  `SELECT ${columns} FROM unnest(string_to_array($1, ',')) AS wanted(k) CROSS JOIN LATERAL (SELECT * FROM ${table} WHERE ${key} = wanted.k OFFSET 0) AS ${alias}`;

/**
 * Which of a chunk's external ids the registry already holds (a re-run, or rows loaded
 * before). New rows usually bring new ids that sort together, past or between the registered
 * ones, so the registered ids within the chunk's span (its least and greatest id, in the
 * database's order) are read first, one range of the unique index; only when the span holds
 * more than the chunk (ids interleaved with the registry's) is every id looked up on its own.
 * At 1 M people the lookup one by one cost PostgreSQL more than COPY of the chunk's people.
 */
export async function registeredExternalIds(tx: pg.PoolClient, table: 'person' | 'household', ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const param = list(ids);
  const inSpan = await tx.query<{ external_id: string }>(
    // The span is taken in the column's byte order (migration 0180), not the database's locale,
    // or a chunk's least and greatest id could bound a range that misses some of its ids.
    `WITH chunk AS (SELECT unnest(string_to_array($1, ',')) COLLATE "C" AS id)
     SELECT external_id FROM ${table}
      WHERE external_id >= (SELECT min(id) FROM chunk) AND external_id <= (SELECT max(id) FROM chunk)
      LIMIT ${ids.length + 1}`,
    [param],
  );
  const found =
    inSpan.rows.length <= ids.length ? inSpan.rows : (await tx.query<{ external_id: string }>(byKeys(table, 'x', 'external_id', 'x.external_id'), [param])).rows;
  const wanted = new Set(ids);
  return new Set(found.map((r) => r.external_id).filter((id) => wanted.has(id)));
}

interface HouseholdRef {
  id: string;
  external_id: string;
  unit_code: string;
  province_code: string;
  address: string;
  unit_recorded_on: string;
}

/** What the registry already holds that a chunk of people rows names. */
interface PeopleLookups {
  /** External ids of people present. */
  existing: { has(externalId: string): boolean };
  takenPins: { has(pin: string): boolean };
  /** Households by external id, every one (scope is applied when deciding). */
  households: ReadonlyMap<string, HouseholdRef>;
  /** Ids of households that have a head. */
  headed: { has(householdId: string): boolean };
}

type Accepted = { row: LoadPerson; id: string; household: HouseholdRef | undefined };

/** Which rows of a chunk load and which are rejected, given what the registry holds: the same rules in both modes. */
function decidePeople(actor: Actor, rows: Array<{ line: number; row: LoadPerson }>, look: PeopleLookups): { result: ChunkResult; accepted: Accepted[] } {
  const result: ChunkResult = { loaded: 0, alreadyPresent: 0, rejections: [], copies: [] };
  const accepted: Accepted[] = [];
  const headedHere = new Set<string>();
  const seenIds = new Set<string>();
  const seenPins = new Set<string>();
  for (const { line, row } of rows) {
    if (look.existing.has(row.externalId)) {
      result.alreadyPresent++;
      continue;
    }
    const found = row.householdExternalId ? look.households.get(row.householdExternalId) : undefined;
    // A household outside the actor's scope is one that does not exist, for this import: the
    // row is rejected with the same code and message as a missing household, so a file cannot
    // be used to learn which households other units hold.
    const household = found && inScope(actor, { communeCode: found.unit_code, provinceCode: found.province_code }) ? found : undefined;
    let errors: RowError[] | undefined;
    if (seenIds.has(row.externalId)) errors = reject('externalId', 'duplicate_in_file', 'Mã bản ghi lặp lại trong tệp.', 'The externalId repeats in the file.');
    else if (look.takenPins.has(row.pin) || seenPins.has(row.pin)) errors = reject('pin', 'pin_already_issued', 'Số định danh đã được cấp cho người khác.', 'This PIN was already issued to someone else.');
    else if (row.householdExternalId && !household) errors = reject('householdExternalId', 'household_not_found', 'Không tìm thấy hộ gia đình của người này.', 'The household of this person was not found.');
    else if (household && row.relation === 'chu_ho' && (look.headed.has(household.id) || headedHere.has(household.id))) errors = reject('relationToHead', 'second_head', 'Hộ đã có chủ hộ.', 'The household already has a head.');
    if (errors) {
      result.rejections.push({ file: 'people', line, externalId: row.externalId, errors });
      continue;
    }
    seenIds.add(row.externalId);
    seenPins.add(row.pin);
    if (household && row.relation === 'chu_ho') headedHere.add(household.id);
    accepted.push({ row, id: newId(), household });
  }
  return { result, accepted };
}

/**
 * "This PIN was already issued" is an answer about someone else's record: uniqueness forces it,
 * but a file of guessed PINs would otherwise learn, unseen, which of them belong to someone
 * anywhere in the country. Each such answer is an access row on the holder's PIN, naming the
 * officer and the import, so it shows in the audit log and in the holder's own "who accessed
 * my data" page. The report row itself says nothing of whose PIN or where.
 */
async function logPinsAnswered(run: Run, tx: pg.PoolClient, actor: Actor, rows: Array<{ line: number; row: LoadPerson }>, result: ChunkResult, takenPins: ReadonlySet<string>): Promise<void> {
  const refused = new Set(result.rejections.filter((r) => r.errors.some((e) => e.code === 'pin_already_issued')).map((r) => r.line));
  const entries: AuditEntry[] = [];
  for (const { line, row } of rows) {
    if (refused.has(line) && takenPins.has(row.pin)) entries.push({ actor, action: 'person.pin_issued_answered', target: { kind: 'person', id: row.pin }, detail: { batch: run.batchId, line } });
  }
  await recordAccessMany(tx, entries, run.ctx.clock.now());
}

/** Family links named by accepted rows and not found among them (people loaded before). */
function linksOutside(accepted: Accepted[], idOf: ReadonlyMap<string, string>): Set<string> {
  const missing = new Set<string>();
  for (const { row } of accepted) {
    for (const l of [row.fatherExternalId, row.motherExternalId, row.spouseExternalId]) if (l && !idOf.has(l)) missing.add(l);
  }
  return missing;
}

async function loadPeople(run: Run, tx: pg.PoolClient, actor: Actor, rows: Array<{ line: number; row: LoadPerson }>): Promise<ChunkResult> {
  const existing = await registeredExternalIds(tx, 'person', rows.map((r) => r.row.externalId));
  const candidates = rows.filter((r) => !existing.has(r.row.externalId));
  const takenPins = new Set((await tx.query<{ pin: string }>(byKeys('pin_registry', 'g', 'pin', 'g.pin'), [list(candidates.map((r) => r.row.pin))])).rows.map((r) => r.pin));
  const householdIds = [...new Set(candidates.map((r) => r.row.householdExternalId).filter((x): x is string => x !== null))];
  const householdRows = (await tx.query<HouseholdRef & { headed: boolean }>(
    byKeys(
      'household',
      'h',
      'external_id',
      `h.id, h.external_id, h.unit_code, h.province_code, h.address, h.unit_recorded_on,
       EXISTS (SELECT 1 FROM household_member m WHERE m.household_id = h.id AND m.relation = 'chu_ho' AND m.valid_to IS NULL) AS headed`,
    ),
    [list(householdIds)],
  )).rows;
  const { result, accepted } = decidePeople(actor, rows, {
    existing,
    takenPins,
    households: new Map(householdRows.map((h) => [h.external_id, h])),
    headed: new Set(householdRows.filter((h) => h.headed).map((h) => h.id)),
  });
  await logPinsAnswered(run, tx, actor, rows, result, takenPins);
  if (accepted.length === 0) return result;
  // Family links: within the chunk first (households are contiguous), then people loaded before.
  const idOf = new Map(accepted.map((a) => [a.row.externalId, a.id]));
  const missing = linksOutside(accepted, idOf);
  if (missing.size) {
    for (const r of (await tx.query<{ id: string; external_id: string }>(byKeys('person', 'p', 'external_id', 'p.id, p.external_id'), [list(missing)])).rows) idOf.set(r.external_id, r.id);
  }
  return writePeople(run, tx, result, accepted, idOf);
}

/**
 * What a first load knows of the rows in the registry. Their indexes (unique ones included)
 * are not there to ask during the load, so the registry's uniqueness is kept here, in memory,
 * and checked again when the unique indexes are built at the end. Every chunk is decided
 * against it in file order, before its transaction, and recorded in it at once, so a chunk
 * still in flight counts as loaded for the next (it commits, or the import fails).
 */
class LoadedRows {
  readonly people = new Map<string, string>();
  readonly pins = new Set<string>();
  readonly households = new Map<string, HouseholdRef>();
  readonly headed = new Set<string>();

  /** From what an interrupted first load left (sequential scans: no index is needed). */
  static async read(db: pg.Pool): Promise<LoadedRows> {
    const s = new LoadedRows();
    for (const r of (await db.query<{ id: string; external_id: string | null }>('SELECT id, external_id FROM person')).rows) if (r.external_id) s.people.set(r.external_id, r.id);
    for (const r of (await db.query<{ pin: string }>('SELECT pin FROM pin_registry')).rows) s.pins.add(r.pin);
    for (const r of (await db.query<HouseholdRef>('SELECT id, external_id, unit_code, province_code, address, unit_recorded_on FROM household WHERE external_id IS NOT NULL')).rows) s.households.set(r.external_id, r);
    for (const r of (await db.query<{ id: string }>("SELECT DISTINCT household_id AS id FROM household_member WHERE relation = 'chu_ho' AND valid_to IS NULL")).rows) s.headed.add(r.id);
    return s;
  }

  planHouseholds(rows: Array<{ line: number; row: ImportHousehold }>, today: string): HouseholdPlan {
    const plan = planHouseholds(rows, new Set(rows.map((r) => r.row.externalId).filter((x) => this.households.has(x))));
    for (const { id, row } of plan.fresh) {
      this.households.set(row.externalId, { id, external_id: row.externalId, unit_code: row.communeCode, province_code: row.provinceCode, address: row.address, unit_recorded_on: today });
    }
    return plan;
  }

  planPeople(actor: Actor, rows: Array<{ line: number; row: LoadPerson }>): { result: ChunkResult; accepted: Accepted[]; idOf: Map<string, string> } {
    const { result, accepted } = decidePeople(actor, rows, { existing: this.people, takenPins: this.pins, households: this.households, headed: this.headed });
    const idOf = new Map(accepted.map((a) => [a.row.externalId, a.id]));
    for (const l of linksOutside(accepted, idOf)) {
      const id = this.people.get(l);
      if (id) idOf.set(l, id);
    }
    for (const a of accepted) {
      this.people.set(a.row.externalId, a.id);
      this.pins.add(a.row.pin);
      if (a.household && a.row.relation === 'chu_ho') this.headed.add(a.household.id);
    }
    return { result, accepted, idOf };
  }
}

async function writePeople(run: Run, tx: pg.PoolClient, decided: ChunkResult, accepted: Accepted[], idOf: ReadonlyMap<string, string>): Promise<ChunkResult> {
  const { ctx, batchId, today } = run;
  // A copy per attempt: a chunk run again (ChunkQueue) must not count or copy twice.
  const result: ChunkResult = { ...decided, rejections: [...decided.rejections], copies: [] };
  if (accepted.length === 0) return result;
  const link = (x: string | null) => (x ? (idOf.get(x) ?? '') : '');
  const now = ctx.clock.now().toISOString();
  // Ids, uuids, codes and dates: no cell here needs quoting (the address is quoted once per household).
  const batchNow = `${batchId},${now},${now}\n`;
  const pinTail = `,active,${now}\n`;
  const memberTail = `,${today}\n`;
  const residenceTail = `,${today},${now}\n`;
  const personCsv = new CsvBuffer(run.buffers, accepted.length * 400);
  const pinCsv = new CsvBuffer(run.buffers, accepted.length * 100);
  const memberCsv = new CsvBuffer(run.buffers, accepted.length * 100);
  const residenceCsv = new CsvBuffer(run.buffers, accepted.length * 250);
  const residenceHead = new Map<HouseholdRef, string>();
  const tokens = new Map<string, number>();
  for (const { row, id, household } of accepted) {
    personCsv.add(`${row.cells},${id},${link(row.fatherExternalId)},${link(row.motherExternalId)},${link(row.spouseExternalId)},${household ? `${household.unit_code},${household.province_code}` : ','},${batchNow}`);
    // Vietnam's midnight: a PIN issued on a day reads as that day in the console.
    pinCsv.add(row.pinIssuedOn ? `${row.pin},${id},active,${row.pinIssuedOn}T00:00:00+07:00\n` : `${row.pin},${id}${pinTail}`);
    if (household) {
      memberCsv.add(`${household.id},${id},${row.relation ?? 'khac'}${row.residentSince ? `,${row.residentSince}\n` : memberTail}`);
      let tail = residenceHead.get(household);
      if (tail === undefined) {
        tail = `,permanent,${household.unit_code},${household.unit_recorded_on},${csvCell(household.address)},${household.id}`;
        residenceHead.set(household, tail);
      }
      residenceCsv.add(`${newId()},${id}${tail}${row.residentSince ? `,${row.residentSince},${now}\n` : residenceTail}`);
    }
    for (const t of row.nameFolded.split(' ')) tokens.set(t, (tokens.get(t) ?? 0) + 1);
  }
  await copy(run, tx, result, 'person', PERSON_COLUMNS, personCsv);
  await copy(run, tx, result, 'pin_registry', ['pin', 'person_id', 'status', 'issued_at'], pinCsv);
  await copy(run, tx, result, 'household_member', ['household_id', 'person_id', 'relation', 'valid_from'], memberCsv);
  await copy(run, tx, result, 'residence', ['id', 'person_id', 'kind', 'unit_code', 'unit_recorded_on', 'address', 'household_id', 'valid_from', 'created_at'], residenceCsv);
  // Sorted: two chunks in flight then lock the token rows they share in the same order, so
  // they wait for each other instead of deadlocking (seen once in CI on PostgreSQL).
  const sortedTokens = [...tokens.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await tx.query(
    `INSERT INTO name_token (token, freq) SELECT * FROM unnest($1::text[], $2::int[])
     ON CONFLICT (token) DO UPDATE SET freq = name_token.freq + EXCLUDED.freq`,
    [sortedTokens.map(([t]) => t), sortedTokens.map(([, n]) => n)],
  );
  result.loaded = accepted.length;
  return result;
}
