import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { testContext, type TestContext } from '../../../../test/context.js';
import { adminQuery, uniqueName, withDatabase } from '../../../../test/engine.js';
import { unpackMigratedTemplate } from '../../../../test/cli-run.js';
import { systemActor } from '../../../kernel/actor.js';
import { openDatabase } from '../../../kernel/db.js';
import { deferIndexes } from '../../../kernel/deferred-index.js';
import { startServer } from '../../../server.js';
import pino from 'pino';
import { loadCommunesForGenerator, writePopulation } from '../generator/index.js';
import { getHousehold, searchPeople } from '../index.js';
import { importPeople, registeredExternalIds } from './importer.js';
import { indexesOf } from '../../../../test/registry-indexes.js';

const actor = systemActor('test-import');
let t: TestContext;
let dir: string;
let gen: Awaited<ReturnType<typeof writePopulation>>;
beforeAll(async () => {
  t = await testContext();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-import-'));
  const communes = loadCommunesForGenerator('data/admin-units').filter((c) => c.provinceCode === '01');
  gen = await writePopulation({ people: 3000, seed: 'importtest', communes, defects: { duplicateRate: 0.02, wrongPinRate: 0.01, headlessHouseholdRate: 0.02 } }, path.join(dir, 'gen'));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const count = async (sql: string) => (await t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n;
const readReport = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line: number; externalId: string | null; errors: Array<{ field: string; code: string }> });

describe('bulk import', () => {
  it('loads every good row, reports every bad one with its line and reason, and is idempotent', async () => {
    const g = path.join(dir, 'gen');
    const first = await importPeople(t.ctx, actor, { peopleFile: path.join(g, 'people.ndjson'), householdsFile: path.join(g, 'households.ndjson'), chunkSize: 500 });
    const truth = fs.readFileSync(path.join(g, 'truth.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; externalId?: string });
    const wrongPins = new Set(truth.filter((x) => x.kind === 'wrong_pin').map((x) => x.externalId));
    expect(first.households).toMatchObject({ read: gen.households, loaded: gen.households, rejected: 0 });
    expect(first.people.read).toBe(gen.people + gen.duplicates);
    expect(first.people.rejected).toBe(wrongPins.size);
    expect(first.people.loaded).toBe(gen.people + gen.duplicates - wrongPins.size);
    const report = readReport(first.reportFile);
    expect(new Set(report.map((r) => r.externalId))).toEqual(wrongPins);
    expect(report.every((r) => r.line > 0 && r.errors[0]!.field === 'pin' && /^pin_/.test(r.errors[0]!.code))).toBe(true);

    expect(await count('person')).toBe(first.people.loaded);
    expect(await count('pin_registry')).toBe(first.people.loaded);
    expect(await count("residence WHERE kind = 'permanent' AND valid_to IS NULL")).toBe(first.people.loaded);
    expect(await count('person p WHERE NOT EXISTS (SELECT 1 FROM household_member m WHERE m.person_id = p.id)')).toBe(0);

    const again = await importPeople(t.ctx, actor, { peopleFile: path.join(g, 'people.ndjson'), householdsFile: path.join(g, 'households.ndjson'), chunkSize: 700 });
    expect(again.people).toMatchObject({ loaded: 0, alreadyPresent: first.people.loaded, rejected: wrongPins.size });
    expect(again.households).toMatchObject({ loaded: 0, alreadyPresent: gen.households });
    expect(await count('person')).toBe(first.people.loaded);
  });

  it('makes imported people searchable, scoped and readable with their household', async () => {
    const somebody = (await t.db.pool.query<{ full_name: string; pin: string }>("SELECT full_name, pin FROM person WHERE external_id LIKE 'g-importtest-%' ORDER BY external_id LIMIT 1")).rows[0]!;
    const found = await searchPeople(t.ctx, actor, { q: somebody.full_name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd'), page: 1, pageSize: 50, purpose: { code: 'official_lookup', note: 'kiểm tra' } });
    expect(found.items.map((h) => h.pin)).toContain(somebody.pin);
    const hh = (await t.db.pool.query<{ household_no: string }>('SELECT h.household_no FROM household h JOIN household_member m ON m.household_id = h.id JOIN person p ON p.id = m.person_id WHERE p.pin = $1', [somebody.pin])).rows[0]!;
    const household = await getHousehold(t.ctx, actor, hh.household_no, { code: 'official_lookup', note: 'kiểm tra' });
    expect(household.members.map((m) => m.pin)).toContain(somebody.pin);
    expect(await count("household h WHERE NOT EXISTS (SELECT 1 FROM household_member m WHERE m.household_id = h.id AND m.relation = 'chu_ho')")).toBeGreaterThan(0);
  });

  it('reads CSV, and reports unreadable, incomplete and ill-typed rows without stopping', async () => {
    const file = path.join(dir, 'hand.csv');
    fs.writeFileSync(
      file,
      [
        'externalId,householdExternalId,pin,fullName,sex,birthDate,birthRegistrationProvinceCode,ethnicityCode,religionCode,oldIdNumber,relationToHead',
        'h-1,,001190000001,Nguyễn Thị Csv,F,1990-04-01,01,01,khong,,',
        'h-2,,001090000002,,M,1990-04-01,01,01,,,',
        'h-3,,001090000003,Trần Văn Sai,X,1990-13-01,01,99,,12345,',
        'h-4,,12345,"Lê, Văn Phẩy",M,1990-04-01,01,01,,,',
        'h-5,no-such-household,001090000005,Phạm Văn Hộ,M,1990-04-01,01,01,,,con',
      ].join('\n'),
    );
    const r = await importPeople(t.ctx, actor, { peopleFile: file });
    expect(r.people).toMatchObject({ read: 5, loaded: 1, rejected: 4 });
    const report = readReport(r.reportFile);
    expect(report.map((x) => [x.line, x.errors.map((e) => e.code).sort()])).toEqual([
      [3, ['name_invalid']],
      [4, ['date_malformed', 'ethnicity_unknown', 'old_id_invalid', 'sex_invalid']],
      [5, ['name_invalid', 'pin_not_12_digits']],
      [6, ['household_not_found']],
    ]);
  });
});

describe('the registry keys', () => {
  it('are compared byte-wise (collation "C"), whatever the database\'s locale: PINs, old ID numbers, external ids, household numbers', async () => {
    const r = await t.db.pool.query<{ col: string; coll: string }>(
      `SELECT c.relname || '.' || a.attname AS col, coll.collname AS coll
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_collation coll ON coll.oid = a.attcollation
        WHERE c.relnamespace = to_regnamespace(current_schema()) AND c.relkind = 'r'
          AND (c.relname, a.attname) IN (('person', 'pin'), ('person', 'external_id'), ('person', 'old_id9'), ('person', 'old_id12'),
                                         ('pin_registry', 'pin'), ('household', 'external_id'), ('household', 'household_no'))
        ORDER BY 1`,
    );
    expect(r.rows).toEqual(
      ['household.external_id', 'household.household_no', 'person.external_id', 'person.old_id12', 'person.old_id9', 'person.pin', 'pin_registry.pin'].map((col) => ({ col, coll: 'C' })),
    );
  });
});

describe('hostile input', () => {
  it('rejects a NUL or control character in any field as a row with its line and field, and loads the rest', async () => {
    const households = path.join(dir, 'nul-households.ndjson');
    fs.writeFileSync(households, [
      JSON.stringify({ externalId: 'nul-h1', communeCode: '00004', addressDetail: 'Số 1\u0000 phố Liễu Giai' }),
      JSON.stringify({ externalId: 'nul-h2', communeCode: '00004', addressDetail: 'Số 2 phố Liễu Giai' }),
      JSON.stringify({ externalId: 'nul-h3', communeCode: '00004', addressDetail: 'Số 3\u0007 phố Liễu Giai' }),
    ].join('\n'));
    const h = await importPeople(t.ctx, actor, { householdsFile: households });
    expect(h.households).toMatchObject({ read: 3, loaded: 1, rejected: 2 });
    expect(readReport(h.reportFile).map((r) => [r.line, r.errors.map((e) => [e.field, e.code])])).toEqual([
      [1, [['addressDetail', 'nul_character']]],
      [3, [['addressDetail', 'control_character']]],
    ]);
    const people = path.join(dir, 'nul-people.ndjson');
    const row = (externalId: string, fullName: string, pin: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ externalId, householdExternalId: 'nul-h2', pin, fullName, sex: 'M', birthDate: '1990-04-01', birthRegistrationProvinceCode: '01', ethnicityCode: '01', relationToHead: 'con', ...extra });
    fs.writeFileSync(people, [row('nul-p1', 'Ngô\u0000Văn', '001090000421'), row('nul-p2', 'Ngô Văn Hai', '001090000422', { note: 'x\u0000' }), row('nul-p3', 'Ngô Văn Ba', '001090000423')].join('\n'));
    const p = await importPeople(t.ctx, actor, { peopleFile: people });
    expect(p.people).toMatchObject({ read: 3, loaded: 1, rejected: 2 });
    expect(readReport(p.reportFile).map((r) => [r.line, r.errors.map((e) => [e.field, e.code])])).toEqual([
      [1, [['fullName', 'nul_character']]],
      [2, [['note', 'nul_character']]],
    ]);
  });

  it('rejects CSV records with broken quoting at their lines and reads on from the next line', async () => {
    const file = path.join(dir, 'quotes.csv');
    fs.writeFileSync(file, [
      'externalId,householdExternalId,pin,fullName,sex,birthDate,birthRegistrationProvinceCode,ethnicityCode',
      'q-1,,001190000431,Nguyễn Thị "Một,F,1990-04-01,01,01',
      'q-2,,001090000432,"Trần Văn Hai,M,1990-04-01,01,01',
      'q-3,,001090000433,"Lê Văn Ba",M,1990-04-01,01,01',
      'q-4,,001090000434,"Lê Văn" Bốn,M,1990-04-01,01,01',
      'q-5,,001090000435,Lê Văn Năm,M,1990-04-01,01,01,,,,,,,,,,,,,',
    ].join('\r\n'));
    const r = await importPeople(t.ctx, actor, { peopleFile: file });
    expect(r.people).toMatchObject({ read: 5, loaded: 1, rejected: 4 });
    expect(readReport(r.reportFile).map((x) => [x.line, x.errors.map((e) => e.code)])).toEqual([
      [2, ['csv_stray_quote']],
      [3, ['csv_quote_not_closed']],
      [5, ['csv_stray_quote']],
      [6, ['csv_too_many_fields']],
    ]);
    expect(await count("person WHERE external_id = 'q-3'")).toBe(1);
  });

  it('answers a file with no rows or a broken CSV header with a 400 naming the line, writing nothing', async () => {
    const batches = await count('import_batch');
    for (const [name, text, code, line] of [['empty.ndjson', '', 'file_has_no_rows', 1], ['blank.ndjson', '\n \r\n', 'file_has_no_rows', 1], ['head.csv', '\n"externalId,pin\nx,1', 'csv_header_invalid', 2]] as const) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      const err = await importPeople(t.ctx, actor, { peopleFile: file }).then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ status: 400, code, field: 'body' });
      expect((err as Error).message).toMatch(new RegExp(`^Line ${line}:`));
    }
    expect(await count('import_batch')).toBe(batches);
  });
});

describe('a killed import', () => {
  it.each([
    ['with every index in place (--no-first-load)', ['--no-first-load']],
    ['in first-load mode (chosen for the empty registry)', []],
  ])('%s: leaves whole chunks only, and a re-run completes it', async (_name, flags) => {
    const firstLoad = flags.length === 0;
    const g = path.join(dir, 'gen');
    const template = inject('dancuTemplate');
    // The child gets its own database: a fresh PostgreSQL database, or a PGlite data directory.
    let env: NodeJS.ProcessEnv;
    let cleanup: () => Promise<void>;
    if (template.engine === 'postgres') {
      const name = uniqueName('dancu_t_kill');
      await adminQuery(template.serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template.template}`);
      env = { ...process.env, DATABASE_URL: withDatabase(template.serverUrl, name) };
      cleanup = () => adminQuery(template.serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } else {
      const dataDir = path.join(dir, 'pglite-kill');
      await unpackMigratedTemplate(dataDir);
      env = { ...process.env, DANCU_DATA_DIR: dataDir, DATABASE_URL: '' };
      cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
    }
    const run = (killAfterChunks?: number) =>
      new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', g, '--chunk', '300', '--report', path.join(dir, 'kill.rejected.ndjson'), ...flags], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let chunks = 0;
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          // Progress lines are printed once per committed people chunk.
          chunks += (d.toString().match(/công dân\/people/g) ?? []).length;
          if (killAfterChunks !== undefined && chunks >= killAfterChunks) child.kill('SIGKILL');
        });
        child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
      });
    try {
      const killed = await run(3);
      expect(killed.signal).toBe('SIGKILL');
      const db = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.DANCU_DATA_DIR! });
      try {
        const q = async (sql: string) => (await db.pool.query<{ n: number }>(sql)).rows[0]!.n;
        const people = await q('SELECT count(*)::int AS n FROM person');
        expect(people).toBeGreaterThan(0);
        expect(people).toBeLessThan(gen.people);
        // Whole chunks: every person that is there has their PIN, membership and residence.
        expect(await q('SELECT count(*)::int AS n FROM pin_registry')).toBe(people);
        expect(await q("SELECT count(*)::int AS n FROM residence WHERE kind = 'permanent'")).toBe(people);
        expect(await q('SELECT count(*)::int AS n FROM household_member')).toBe(people);
        // A first load killed midway: its secondary indexes are recorded as deferred, and missing.
        const all = await indexesOf(t.db);
        const deferred = (await db.pool.query<{ index_name: string }>('SELECT index_name FROM deferred_index ORDER BY 1')).rows.map((r) => r.index_name);
        expect(deferred).toEqual(firstLoad ? all : []);
        expect(await q('SELECT count(*)::int AS n FROM people_first_load')).toBe(firstLoad ? 1 : 0);
        expect(await indexesOf(db)).toEqual(firstLoad ? [] : all);
      } finally {
        await db.close();
      }
      const rerun = await run();
      expect(rerun.code, rerun.stderr.slice(-3000)).toBe(0);
      const summary = JSON.parse(rerun.stdout.trim().split('\n').at(-1)!) as { firstLoad: boolean; people: { loaded: number; alreadyPresent: number; rejected: number } };
      // The re-run of the same command finishes the first load (the registry is no longer empty).
      expect(summary.firstLoad).toBe(firstLoad);
      const db2 = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.DANCU_DATA_DIR! });
      try {
        const total = (await db2.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM person')).rows[0]!.n;
        expect(total).toBe(summary.people.loaded + summary.people.alreadyPresent);
        expect(total).toBe(gen.people + gen.duplicates - summary.people.rejected);
        expect(await indexesOf(db2)).toEqual(await indexesOf(t.db));
        expect((await db2.pool.query('SELECT 1 FROM deferred_index UNION ALL SELECT 1 FROM people_first_load')).rowCount).toBe(0);
        // A crash that leaves indexes deferred (the state a killed load leaves) is repaired by the next server start.
        if (firstLoad) await db2.transaction((tx) => deferIndexes(tx, ['person', 'household'], new Date(), { unique: true }));
      } finally {
        await db2.close();
      }
      if (firstLoad) {
        const server = await startServer({ ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.DANCU_DATA_DIR! }), port: 0, demo: false, log: pino({ level: 'silent' }) });
        try {
          expect(await indexesOf(server.db)).toEqual(await indexesOf(t.db));
        } finally {
          await server.close();
        }
      }
    } finally {
      await cleanup();
    }
  }, 180_000);
});

describe('import scope', () => {
  it("rejects a province officer's rows outside the province, and loads the rest", async () => {
    const file = path.join(dir, 'scoped-households.ndjson');
    fs.writeFileSync(file, [
      JSON.stringify({ externalId: 'scope-h1', communeCode: '00004', provinceCode: '01', addressDetail: 'Số 1 phố Liễu Giai', headExternalId: null }),
      JSON.stringify({ externalId: 'scope-h2', communeCode: '25747', provinceCode: '79', addressDetail: 'Số 2 đường Lê Lợi', headExternalId: null }),
    ].join('\n'));
    const hanoi = { kind: 'officer' as const, id: 'o-hn', username: 'hn', role: 'province_officer' as const, unitLevel: 'province' as const, unitCode: '01', provinceCode: '01' };
    const r = await importPeople(t.ctx, hanoi, { householdsFile: file });
    expect(r.households).toMatchObject({ loaded: 1, rejected: 1 });
    expect(readReport(r.reportFile)[0]).toMatchObject({ line: 2, errors: [{ code: 'out_of_scope' }] });
  });

  it("answers a Hà Nội officer's people row naming a Hồ Chí Minh City household exactly like a missing household, and loads nothing there", async () => {
    const households = path.join(dir, 'hcm-households.ndjson');
    fs.writeFileSync(households, JSON.stringify({ externalId: 'scope-hcm-1', communeCode: '25747', addressDetail: 'Số 9 đường Lê Lợi' }));
    expect((await importPeople(t.ctx, actor, { householdsFile: households })).households).toMatchObject({ loaded: 1 });
    const people = path.join(dir, 'hcm-people.ndjson');
    const row = (externalId: string, householdExternalId: string, pin: string) =>
      JSON.stringify({ externalId, householdExternalId, pin, fullName: 'Ngô Văn Phạm Vi', sex: 'M', birthDate: '1990-04-01', birthRegistrationProvinceCode: '01', ethnicityCode: '01', relationToHead: 'chu_ho' });
    fs.writeFileSync(people, [row('scope-p1', 'scope-hcm-1', '001090000411'), row('scope-p2', 'scope-no-such-household', '001090000412')].join('\n'));
    const hanoi = { kind: 'officer' as const, id: 'o-hn', username: 'hn', role: 'province_officer' as const, unitLevel: 'province' as const, unitCode: '01', provinceCode: '01' };
    const r = await importPeople(t.ctx, hanoi, { peopleFile: people });
    expect(r.people).toMatchObject({ read: 2, loaded: 0, rejected: 2 });
    const [outOfScope, missing] = readReport(r.reportFile) as unknown as Array<{ line: number; errors: unknown[] }>;
    expect(outOfScope).toMatchObject({ line: 1 });
    // No oracle: the same field, code and message as the household that does not exist.
    expect(outOfScope!.errors).toEqual(missing!.errors);
    expect(missing!.errors).toMatchObject([{ field: 'householdExternalId', code: 'household_not_found' }]);
    expect(await count("person WHERE external_id IN ('scope-p1', 'scope-p2')")).toBe(0);
    expect(await count("household_member m JOIN household h ON h.id = m.household_id WHERE h.external_id = 'scope-hcm-1'")).toBe(0);
  });

  it("refuses a row naming a PIN issued to someone in another province without saying whose or where, and logs the answer on the holder's PIN", async () => {
    const person = (externalId: string, pin: string) =>
      JSON.stringify({ externalId, householdExternalId: 'scope-hcm-1', pin, fullName: 'Lâm Văn Chủ', sex: 'M', birthDate: '1990-05-05', birthRegistrationProvinceCode: '79', ethnicityCode: '01', relationToHead: 'con' });
    const holderFile = path.join(dir, 'hcm-holder.ndjson');
    fs.writeFileSync(holderFile, person('scope-hcm-holder', '079090000413'));
    expect((await importPeople(t.ctx, actor, { peopleFile: holderFile })).people).toMatchObject({ loaded: 1 });
    const probe = path.join(dir, 'hn-probe.ndjson');
    fs.writeFileSync(probe, person('scope-probe', '079090000413'));
    const hanoi = { kind: 'officer' as const, id: 'o-hn-probe', username: 'hn.probe', role: 'province_officer' as const, unitLevel: 'province' as const, unitCode: '01', provinceCode: '01' };
    const r = await importPeople(t.ctx, hanoi, { peopleFile: probe });
    expect(r.people).toMatchObject({ loaded: 0, rejected: 1 });
    const [refused] = readReport(r.reportFile) as unknown as Array<{ errors: Array<{ code: string; message: { vi: string; en: string } }> }>;
    expect(refused!.errors).toMatchObject([{ code: 'pin_already_issued' }]);
    expect(JSON.stringify(refused)).not.toMatch(/Lâm|scope-hcm|25747|Hồ Chí Minh/);
    const logged = await t.db.pool.query<{ actor_id: string; detail: { line: number } }>("SELECT actor_id, detail FROM audit_log WHERE chain = 'access' AND action = 'person.pin_issued_answered' AND target_kind = 'person' AND target_id = '079090000413'");
    expect(logged.rows).toEqual([{ actor_id: 'o-hn-probe', detail: expect.objectContaining({ line: 1 }) }]);
  });
});

describe('which external ids are registered', () => {
  it('is the chunk’s ids the registry holds, whether the chunk’s span holds few registered ids or many', async () => {
    // Short ids from a small alphabet: chunks and registered ids interleave, in both regimes.
    const id = fc.stringMatching(/^[a-c][0-9]{1,3}$/);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(id, { maxLength: 80 }), fc.array(id, { minLength: 1, maxLength: 20 }), async (registered, chunk) => {
        const rollback = new Error('rollback');
        let got: Set<string> | undefined;
        await t.db
          .transaction(async (tx) => {
            await tx.query(
              `INSERT INTO household (id, household_no, unit_code, province_code, address, unit_recorded_on, external_id, created_at, address_sort)
               SELECT gen_random_uuid(), 'test-' || x, '00004', '01', 'Số 1', '2026-01-01', x, now(), 'so 1' FROM unnest($1::text[]) AS x`,
              [registered],
            );
            got = await registeredExternalIds(tx, 'household', chunk);
            throw rollback;
          })
          .catch((e: unknown) => {
            if (e !== rollback) throw e;
          });
        expect(got).toEqual(new Set(chunk.filter((x) => registered.includes(x))));
      }),
      { numRuns: 40 },
    );
  });
});
