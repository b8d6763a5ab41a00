/**
 * Import throughput against raw COPY of the same rows, in the same run on the same database:
 * `npm run bench -- import [--people N]`. The baseline replays the exact COPY payloads the
 * import wrote (person, pin_registry, household, household_member, residence) into empty
 * tables with the same columns and indexes, at the same concurrency, so the ratio is the cost
 * of reading, checking and preparing the rows. A second baseline copies only the person rows;
 * a third copies all the rows into bare tables (defaults and NOT NULL only: no index, key or
 * check constraint), a bound no load of these rows can beat on this machine.
 * Last line: {"bench":"import","engine":…,"people":…,"rows_per_s":…,"copy_rows_per_s":…,"ratio":…, …}.
 */
import path from 'node:path';
import { systemActor } from '../src/kernel/actor.js';
import { importPeople } from '../src/modules/people/index.js';
import { args, freshDatabase, log, population } from './common.js';

const opts = args();
const people = Number(opts.people);
const dir = await population(people, String(opts.seed));
const bench = await freshDatabase();
const parallel = bench.engine === 'pglite' ? 1 : 2;

async function replay(copies: Array<{ table: string; columns: readonly string[]; csv: Buffer<ArrayBuffer> }>): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < copies.length) {
        const c = copies[next++]!;
        await bench.db.transaction((tx) => bench.db.copyCsv(tx, `baseline_${c.table}`, c.columns, c.csv));
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

try {
  log(`importing ${people} people on ${bench.engine} …`);
  const copies: Array<{ table: string; columns: readonly string[]; csv: Buffer<ArrayBuffer> }> = [];
  const summary = await importPeople(bench.ctx, systemActor('bench'), {
    peopleFile: path.join(dir, 'people.ndjson'),
    householdsFile: path.join(dir, 'households.ndjson'),
    reportFile: path.join(dir, 'bench.rejected.ndjson'),
    onProgress: (p) => log(`  ${p.phase}: ${p.rowsRead} rows, ${Math.round(p.rowsRead / (p.elapsedMs / 1000))} rows/s`),
    onCopy: (table, columns, csv) => copies.push({ table, columns, csv }),
  });
  const rowsPerSecond = summary.people.loaded / summary.seconds;
  for (const table of ['person', 'pin_registry', 'household', 'household_member', 'residence']) {
    await bench.db.pool.query(`CREATE TABLE baseline_${table} (LIKE ${table} INCLUDING ALL)`);
  }
  log(`raw COPY of the same ${copies.length} payloads …`);
  const copySeconds = await replay(copies);
  await bench.db.pool.query('TRUNCATE baseline_person');
  const personSeconds = await replay(copies.filter((c) => c.table === 'person'));
  const copyRowsPerSecond = summary.people.loaded / copySeconds;
  const personCopyRowsPerSecond = summary.people.loaded / personSeconds;
  for (const table of ['person', 'pin_registry', 'household', 'household_member', 'residence']) {
    await bench.db.pool.query(`DROP TABLE baseline_${table}`);
    await bench.db.pool.query(`CREATE TABLE baseline_${table} (LIKE ${table} INCLUDING DEFAULTS)`);
  }
  log('raw COPY into bare tables …');
  const bareSeconds = await replay(copies);
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
      bare_copy_rows_per_s: Math.round(summary.people.loaded / bareSeconds),
      households: summary.households.loaded,
      import_seconds: Number(summary.seconds.toFixed(2)),
      copy_seconds: Number(copySeconds.toFixed(2)),
      parallel,
    })}\n`,
  );
} finally {
  await bench.close();
}
