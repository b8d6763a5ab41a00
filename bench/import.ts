/**
 * Import throughput against raw COPY of the same rows, measured in the same run on the same
 * database: `npm run bench -- import [--people N]`. Prints
 * {"bench":"import","engine":…,"people":…,"rows_per_s":…,"copy_rows_per_s":…,"ratio":…}.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { randomUUID } from 'node:crypto';
import { systemActor } from '../src/kernel/actor.js';
import { todayInVietnam } from '../src/kernel/clock.js';
import { importPeople } from '../src/modules/people/index.js';
import { checkPersonRow } from '../src/modules/people/import/check-row.js';
import { csvLine } from '../src/modules/people/import/copy-csv.js';
import { args, freshDatabase, log, population } from './common.js';

const opts = args();
const people = Number(opts.people);
const dir = await population(people, String(opts.seed));
const bench = await freshDatabase();
try {
  log(`importing ${people} people on ${bench.engine} …`);
  const summary = await importPeople(bench.ctx, systemActor('bench'), {
    peopleFile: path.join(dir, 'people.ndjson'),
    householdsFile: path.join(dir, 'households.ndjson'),
    reportFile: path.join(dir, 'bench.rejected.ndjson'),
    onProgress: (p) => log(`  ${p.phase}: ${p.rowsRead} rows, ${Math.round(p.rowsRead / (p.elapsedMs / 1000))} rows/s`),
  });
  const rowsPerSecond = summary.people.loaded / summary.seconds;

  // Baseline: the same people rows as COPY-ready CSV (prepared untimed), into a table shaped
  // like person with the same indexes and constraints, in chunks of the same size.
  const today = todayInVietnam(bench.ctx.clock);
  const chunks: string[] = [];
  let csv = '';
  let rows = 0;
  const now = new Date().toISOString();
  for await (const line of readline.createInterface({ input: fs.createReadStream(path.join(dir, 'people.ndjson')) })) {
    const r = checkPersonRow(JSON.parse(line) as Record<string, unknown>, today);
    if (!('ok' in r)) continue;
    const p = r.ok;
    csv += csvLine([randomUUID(), p.pin, p.fullName, p.nameFolded, p.birthDate, p.birthYear, p.sex, p.nationality, p.ethnicity, p.religion, p.birthPlaceCode, p.originPlaceCode, null, null, null, p.oldId9, p.oldId12, null, null, p.externalId, null, now, now]);
    if (++rows % 20_000 === 0) {
      chunks.push(csv);
      csv = '';
    }
  }
  if (csv) chunks.push(csv);
  await bench.db.pool.query('CREATE TABLE person_copy_baseline (LIKE person INCLUDING ALL)');
  const columns = ['id', 'pin', 'full_name', 'name_folded', 'birth_date', 'birth_year', 'sex', 'nationality', 'ethnicity', 'religion', 'birth_place_code', 'origin_place_code', 'father_id', 'mother_id', 'spouse_id', 'old_id9', 'old_id12', 'unit_code', 'province_code', 'external_id', 'import_batch_id', 'created_at', 'updated_at'];
  log(`raw COPY of the same ${rows} rows …`);
  // Same concurrency as the import (2 transactions in flight on PostgreSQL, 1 on PGlite).
  const parallel = bench.engine === 'pglite' ? 1 : 2;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        await bench.db.transaction((tx) => bench.db.copyCsv(tx, 'person_copy_baseline', columns, chunk));
      }
    }),
  );
  const copySeconds = (performance.now() - t0) / 1000;
  const copyRowsPerSecond = rows / copySeconds;
  process.stdout.write(
    `${JSON.stringify({ bench: 'import', engine: bench.engine, people: summary.people.loaded, rows_per_s: Math.round(rowsPerSecond), copy_rows_per_s: Math.round(copyRowsPerSecond), ratio: Number((rowsPerSecond / copyRowsPerSecond).toFixed(3)), households: summary.households.loaded, rejected: summary.people.rejected, import_seconds: Number(summary.seconds.toFixed(2)), copy_seconds: Number(copySeconds.toFixed(2)) })}\n`,
  );
} finally {
  await bench.close();
}
