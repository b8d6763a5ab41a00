/**
 * Import throughput against raw COPY of the same rows, in the same run on the same database:
 * `npm run bench -- import [--people N]`. The baseline replays the exact COPY payloads the
 * import wrote (person, pin_registry, household, household_member, residence) into empty
 * tables with the same columns and indexes, at the same concurrency, so the ratio is the cost
 * of reading, checking and preparing the rows. A second baseline copies only the person rows;
 * a third copies all the rows into bare tables (defaults and NOT NULL only: no index, key or
 * check constraint), a bound no load of these rows can beat on this machine.
 *
 * Then, in a second fresh database: the same people in first-load mode (secondary indexes built
 * after the load, their time included) against the bare-table COPY (`first_load_ratio`, target
 * ≥ 0.4), beside `first_load_bound_ratio`: the bare COPY against the bare COPY plus building the
 * registry's indexes on those bare tables, the ratio a first load whose reading and checking
 * cost nothing would reach on this machine; and a further batch (`--incremental N`, default a tenth) imported into that populated
 * registry against a COPY of the same rows into populated copies of its tables with the same
 * indexes (`incremental_ratio`, target ≥ 0.5). On PostgreSQL that pair is measured `--trials N`
 * times (default 3), each on a copy of the populated registry, and the medians are printed,
 * with each trial's ratio in `incremental_ratio_runs`.
 * The payloads are kept through the import's `onCopy`, as copies (the importer writes its buffers
 * again); the time taking those copies is the benchmark's and is taken off the import's time.
 * Last line: {"bench":"import","engine":…,"people":…,"rows_per_s":…,"copy_rows_per_s":…,"ratio":…, …}.
 */
import path from 'node:path';
import { systemActor } from '../src/kernel/actor.js';
import { buildDeferredIndexes } from '../src/kernel/deferred-index.js';
import { importPeople, type ImportOptions } from '../src/modules/people/index.js';
import { args, freshDatabase, log, median, onCopiesOf, population, type BenchDb } from './common.js';

const opts = args({ incremental: { type: 'string' }, trials: { type: 'string' } });
const people = Number(opts.people);
const incremental = Number(opts.incremental ?? Math.max(1000, Math.round(people / 10)));
const dir = await population(people, String(opts.seed));
const moreDir = await population(incremental, `${String(opts.seed)}more`);
let bench = await freshDatabase();
const parallel = bench.engine === 'pglite' ? 1 : 2;
const TABLES = ['person', 'pin_registry', 'household', 'household_member', 'residence'];
type Copy = { table: string; columns: readonly string[]; csv: Buffer<ArrayBuffer> };

async function replay(copies: Copy[], prefix = 'baseline', on: BenchDb = bench): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < copies.length) {
        const c = copies[next++]!;
        await on.db.transaction((tx) => on.db.copyCsv(tx, `${prefix}_${c.table}`, c.columns, c.csv));
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

/** An `onCopy` that keeps a copy of each payload in `into`, and the time that took (`ms`). */
function keeper(into: Copy[]) {
  const k = {
    ms: 0,
    onCopy(table: string, columns: readonly string[], csv: Buffer<ArrayBuffer>) {
      const t0 = performance.now();
      into.push({ table, columns, csv: Buffer.from(csv) });
      k.ms += performance.now() - t0;
    },
  };
  return k;
}

/** Imports the generated files of `from` into `on`, with progress on stderr. */
function importFiles(on: BenchDb, from: string, report: string, extra: Pick<ImportOptions, 'onCopy' | 'firstLoad'>) {
  return importPeople(on.ctx, systemActor('bench'), {
    peopleFile: path.join(from, 'people.ndjson'),
    householdsFile: path.join(from, 'households.ndjson'),
    reportFile: path.join(from, `${report}.rejected.ndjson`),
    onProgress: (p) => log(p.phase === 'indexes' ? `  index ${p.detail}` : `  ${p.phase}: ${p.rowsRead} rows, ${Math.round(p.rowsRead / (p.elapsedMs / 1000))} rows/s`),
    ...extra,
  });
}

/**
 * Builds every index of the registry tables on `${prefix}_${table}` with the kernel's
 * buildDeferredIndexes, as a first load builds them (same connections, same memory): recorded
 * as deferred under their prefixed names, then built.
 */
async function buildIndexesLike(prefix: string): Promise<number> {
  const defs = (await bench.db.pool.query<{ table: string; name: string; def: string }>(
    `SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(i.oid) AS def
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      WHERE t.relname = ANY($1::text[]) AND t.relnamespace = to_regnamespace(current_schema())`,
    [TABLES],
  )).rows;
  for (const d of defs) {
    const definition = d.def.replace(` INDEX ${d.name} ON `, ` INDEX ${prefix}_${d.name} ON `).replace(new RegExp(` ON (\\w+\\.)?${d.table} `), ` ON ${prefix}_${d.table} `);
    await bench.db.pool.query('INSERT INTO deferred_index (index_name, table_name, definition, deferred_at) VALUES ($1, $2, $3, now())', [`${prefix}_${d.name}`, `${prefix}_${d.table}`, definition]);
  }
  const client = await bench.db.pool.connect();
  try {
    const t0 = performance.now();
    await buildDeferredIndexes(bench.db, client);
    return (performance.now() - t0) / 1000;
  } finally {
    client.release();
  }
}

try {
  log(`importing ${people} people on ${bench.engine} …`);
  const copies: Copy[] = [];
  const keep = keeper(copies);
  const summary = await importFiles(bench, dir, 'bench', { onCopy: keep.onCopy });
  const importSeconds = summary.seconds - keep.ms / 1000;
  const rowsPerSecond = summary.people.loaded / importSeconds;
  for (const table of TABLES) {
    await bench.db.pool.query(`CREATE TABLE baseline_${table} (LIKE ${table} INCLUDING ALL)`);
  }
  log(`raw COPY of the same ${copies.length} payloads …`);
  const copySeconds = await replay(copies);
  await bench.db.pool.query('TRUNCATE baseline_person');
  const personSeconds = await replay(copies.filter((c) => c.table === 'person'));
  const copyRowsPerSecond = summary.people.loaded / copySeconds;
  const personCopyRowsPerSecond = summary.people.loaded / personSeconds;
  for (const table of TABLES) {
    await bench.db.pool.query(`DROP TABLE baseline_${table}`);
    await bench.db.pool.query(`CREATE TABLE baseline_${table} (LIKE ${table} INCLUDING DEFAULTS)`);
  }
  log('raw COPY into bare tables …');
  const bareSeconds = await replay(copies);
  const bareRowsPerSecond = summary.people.loaded / bareSeconds;
  // The registry's indexes built once over the bare tables, as a first load builds them: with
  // the bare COPY, what a first load would take if reading and checking the rows cost nothing.
  log('the same indexes built on the bare tables …');
  const indexSeconds = await buildIndexesLike('baseline');
  copies.length = 0;
  await bench.close();

  bench = await freshDatabase();
  log(`first load of ${people} people …`);
  const first = await importFiles(bench, dir, 'bench-first', { firstLoad: true });
  const firstRowsPerSecond = first.people.loaded / first.seconds;

  // Populated copies of the registry tables, with their indexes, to COPY the further batch into.
  for (const table of TABLES) {
    await bench.db.pool.query(`CREATE TABLE populated_${table} (LIKE ${table} INCLUDING ALL)`);
    await bench.db.pool.query(`INSERT INTO populated_${table} SELECT * FROM ${table}`);
  }
  // Vacuumed, as a registry in service is, so that autovacuum of the millions of rows just
  // written cannot run beside the import and not beside its baseline (no effect measured
  // outside the run-to-run noise; it keeps the two sides alike).
  log('vacuuming the populated tables …');
  for (const table of TABLES) await bench.db.pool.query(`VACUUM ANALYZE ${table}, populated_${table}`);
  // On PostgreSQL the incremental import and its baseline run on several copies of this
  // registry (CREATE DATABASE … TEMPLATE), each copy as the load left it, and the medians are
  // quoted: each side is one COPY-sized measurement of a few seconds, which moves by ±10 %
  // between runs on this shared machine. PGlite has no templates: one trial.
  const trials = bench.engine === 'postgres' ? Math.max(1, Number(opts.trials ?? 3)) : 1;
  const incrementalTrial = async (on: BenchDb, i: number) => {
    if (on.engine === 'postgres') await on.db.pool.query('CHECKPOINT');
    log(`incremental import ${i + 1}/${trials} of ${incremental} more people into the populated registry …`);
    const more: Copy[] = [];
    const keepMore = keeper(more);
    const inc = await importFiles(on, moreDir, 'bench-more', { onCopy: keepMore.onCopy });
    if (on.engine === 'postgres') await on.db.pool.query('CHECKPOINT');
    log('raw COPY of the same rows into the populated copies …');
    const copySeconds = await replay(more, 'populated', on);
    return { people: inc.people.loaded, rowsPerSecond: inc.people.loaded / (inc.seconds - keepMore.ms / 1000), copyRowsPerSecond: inc.people.loaded / copySeconds };
  };
  const template = bench.name;
  let incRuns: Array<Awaited<ReturnType<typeof incrementalTrial>>>;
  if (template && bench.release) {
    await bench.release();
    incRuns = await onCopiesOf(template, trials, incrementalTrial);
  } else incRuns = [await incrementalTrial(bench, 0)];
  const incRatios = incRuns.map((r) => r.rowsPerSecond / r.copyRowsPerSecond);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'import',
      engine: bench.engine,
      people: summary.people.loaded,
      rows_per_s: Math.round(rowsPerSecond),
      copy_rows_per_s: Math.round(copyRowsPerSecond),
      ratio: Number((rowsPerSecond / copyRowsPerSecond).toFixed(3)),
      person_table_copy_rows_per_s: Math.round(personCopyRowsPerSecond),
      ratio_vs_person_table: Number((rowsPerSecond / personCopyRowsPerSecond).toFixed(3)),
      bare_copy_rows_per_s: Math.round(bareRowsPerSecond),
      first_load_rows_per_s: Math.round(firstRowsPerSecond),
      first_load_ratio: Number((firstRowsPerSecond / bareRowsPerSecond).toFixed(3)),
      first_load_seconds: Number(first.seconds.toFixed(2)),
      bare_index_build_seconds: Number(indexSeconds.toFixed(2)),
      first_load_bound_ratio: Number((bareSeconds / (bareSeconds + indexSeconds)).toFixed(3)),
      incremental_people: incRuns[0]!.people,
      incremental_trials: incRuns.length,
      incremental_rows_per_s: Math.round(median(incRuns.map((r) => r.rowsPerSecond))),
      incremental_copy_rows_per_s: Math.round(median(incRuns.map((r) => r.copyRowsPerSecond))),
      incremental_ratio: Number(median(incRatios).toFixed(3)),
      incremental_ratio_runs: incRatios.map((x) => Number(x.toFixed(3))),
      households: summary.households.loaded,
      import_seconds: Number(importSeconds.toFixed(2)),
      copy_seconds: Number(copySeconds.toFixed(2)),
      parallel,
    })}\n`,
  );
} finally {
  await bench.close();
}
