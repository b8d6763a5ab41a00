import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/context.js';
import { testServerUrl } from '../../../../test/engine.js';
import { indexesOf, SECONDARY } from '../../../../test/registry-indexes.js';
import { createContext } from '../../../app.js';
import { systemActor } from '../../../kernel/actor.js';
import { TestClock } from '../../../kernel/clock.js';
import { loadConfig } from '../../../kernel/config.js';
import type { AppContext } from '../../../kernel/context.js';
import type { Database } from '../../../kernel/db.js';
import { BULK_LOAD_LOCK, buildDeferredIndexes, deferIndexes, rebuildDeferredIndexes } from '../../../kernel/deferred-index.js';
import { newId } from '../../../kernel/ids.js';
import { loadCommunesForGenerator, writePopulation } from '../generator/index.js';
import { firstLoadHeap, importPeople } from './importer.js';

/**
 * First-load mode: secondary indexes dropped, rows loaded, indexes built after. It must load
 * exactly what the normal path loads, keep uniqueness, and leave every index in place.
 */
const actor = systemActor('test-first-load');
const silent = pino({ level: 'silent' });
interface Fresh {
  db: Database;
  ctx: AppContext;
  drop(): Promise<void>;
}
async function fresh(): Promise<Fresh> {
  const { db, drop } = await openTestDatabase();
  const config = { ...loadConfig({}), databaseUrl: undefined, dataDir: ':memory:', keysDir: null, auditWitnessFile: null };
  return { db, ctx: createContext({ db, clock: new TestClock(), log: silent, config }), drop };
}

/** Every loaded row, without the ids and numbers that differ from one load to another. */
async function registry(db: Database) {
  const q = async (sql: string) => (await db.pool.query(sql)).rows;
  return {
    people: await q(`SELECT p.external_id, p.pin, p.full_name, p.name_folded, p.birth_date, p.birth_year, p.sex, p.nationality, p.ethnicity, p.religion,
                            p.birth_place_code, p.origin_place_code, p.old_id9, p.old_id12, p.unit_code, p.province_code,
                            f.external_id AS father, m.external_id AS mother, s.external_id AS spouse
                       FROM person p LEFT JOIN person f ON f.id = p.father_id LEFT JOIN person m ON m.id = p.mother_id LEFT JOIN person s ON s.id = p.spouse_id
                      ORDER BY p.external_id`),
    pins: await q('SELECT r.pin, p.external_id, r.status FROM pin_registry r JOIN person p ON p.id = r.person_id ORDER BY r.pin'),
    households: await q('SELECT external_id, unit_code, province_code, address, unit_recorded_on FROM household ORDER BY external_id'),
    members: await q('SELECT h.external_id AS household, p.external_id AS person, m.relation, m.valid_from FROM household_member m JOIN household h ON h.id = m.household_id JOIN person p ON p.id = m.person_id ORDER BY 1, 2'),
    residences: await q('SELECT p.external_id, r.kind, r.unit_code, r.address, h.external_id AS household, r.valid_from FROM residence r JOIN person p ON p.id = r.person_id JOIN household h ON h.id = r.household_id ORDER BY 1'),
    tokens: await q('SELECT token, freq FROM name_token ORDER BY token'),
  };
}

let dir: string;
let gen: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-first-load-'));
  gen = path.join(dir, 'gen');
  const communes = loadCommunesForGenerator('data/admin-units').filter((c) => c.provinceCode === '01' || c.provinceCode === '79');
  await writePopulation({ people: 2500, seed: 'firstload', communes, defects: { duplicateRate: 0.02, wrongPinRate: 0.01, headlessHouseholdRate: 0.02 } }, gen);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('first load', () => {
  it('loads exactly the rows the normal path loads, reports the same rejections, and ends with every index built', async () => {
    const normal = await fresh();
    const first = await fresh();
    try {
      const all = await indexesOf(first.db);
      expect(all).toEqual(expect.arrayContaining(SECONDARY));
      const files = { peopleFile: path.join(gen, 'people.ndjson'), householdsFile: path.join(gen, 'households.ndjson'), chunkSize: 400 };
      // One chunk at a time: the reference is the file read in order (a first load decides in file order).
      const a = await importPeople(normal.ctx, actor, { ...files, reportFile: path.join(dir, 'normal.rejected.ndjson'), firstLoad: false, parallel: 1 });
      const seen: string[] = [];
      const b = await importPeople(first.ctx, actor, { ...files, reportFile: path.join(dir, 'first.rejected.ndjson'), firstLoad: true, onProgress: (p) => p.phase === 'indexes' && seen.push(p.detail!.split(' ')[0]!) });
      expect(a.firstLoad).toBe(false);
      expect(b.firstLoad).toBe(true);
      expect(b.people).toEqual(a.people);
      expect(b.households).toEqual(a.households);
      expect(fs.readFileSync(path.join(dir, 'first.rejected.ndjson'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'normal.rejected.ndjson'), 'utf8'));
      expect(await registry(first.db)).toEqual(await registry(normal.db));
      // Every index of the registry tables, primary keys and unique ones included, built after the load.
      expect(seen.sort()).toEqual(all);
      expect(await indexesOf(first.db)).toEqual(all);
      expect((await first.db.pool.query('SELECT 1 FROM deferred_index UNION ALL SELECT 1 FROM people_first_load')).rowCount).toBe(0);
      expect((await first.db.pool.query<{ status: string; first_load: boolean }>('SELECT status, first_load FROM import_batch')).rows).toEqual([{ status: 'done', first_load: true }]);

      // Now the registry holds people: a first load is refused, and `auto` imports normally.
      const again = await importPeople(first.ctx, actor, { ...files, reportFile: path.join(dir, 'again.rejected.ndjson'), firstLoad: true }).then(() => undefined, (e: unknown) => e);
      expect(again).toMatchObject({ status: 409, code: 'registry_not_empty' });
      expect((again as Error).message).toMatch(/only for an empty registry/);
      const auto = await importPeople(first.ctx, actor, { ...files, reportFile: path.join(dir, 'auto.rejected.ndjson'), firstLoad: 'auto' });
      expect(auto).toMatchObject({ firstLoad: false, people: { loaded: 0, alreadyPresent: a.people.loaded } });
    } finally {
      await normal.drop();
      await first.drop();
    }
  }, 120_000);

  it('rejects duplicate PINs in the file as rows, within a chunk and across chunks in flight', async () => {
    const db = await fresh();
    try {
      const lines = fs.readFileSync(path.join(gen, 'people.ndjson'), 'utf8').trim().split('\n');
      const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      // A copy of row 3 right after it (same chunk), and of row 10 at the end (another chunk).
      const copy = (r: Record<string, unknown>, id: string) => JSON.stringify({ ...r, externalId: id, relationToHead: 'khac' });
      const file = path.join(dir, 'dup-pins.ndjson');
      fs.writeFileSync(file, [...lines.slice(0, 3), copy(rows[2]!, 'dup-near'), ...lines.slice(3), copy(rows[9]!, 'dup-far')].join('\n'));
      const r = await importPeople(db.ctx, actor, { peopleFile: file, householdsFile: path.join(gen, 'households.ndjson'), chunkSize: 300, firstLoad: true, reportFile: path.join(dir, 'dup.rejected.ndjson') });
      const report = fs.readFileSync(r.reportFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; externalId: string; errors: Array<{ code: string }> });
      expect(report.filter((x) => x.externalId.startsWith('dup-')).map((x) => [x.externalId, x.line, x.errors[0]!.code])).toEqual([
        ['dup-near', 4, 'pin_already_issued'],
        ['dup-far', lines.length + 2, 'pin_already_issued'],
      ]);
      const dupes = await db.db.pool.query("SELECT pin FROM person GROUP BY pin HAVING count(*) > 1 UNION ALL SELECT 1::text FROM person WHERE external_id LIKE 'dup-%'");
      expect(dupes.rowCount).toBe(0);
      expect(await indexesOf(db.db)).toEqual(expect.arrayContaining(SECONDARY));
    } finally {
      await db.drop();
    }
  }, 120_000);

  it('has the server build, at start, the indexes a killed load left deferred; not while a load runs', async () => {
    const db = await fresh();
    try {
      const all = await indexesOf(db.db);
      await db.db.transaction((tx) => deferIndexes(tx, ['person', 'household'], new Date(), { unique: true }));
      const missing = await indexesOf(db.db);
      expect(missing).not.toContain('person_name_folded_ix');
      expect(missing).not.toContain('person_pk');
      if (db.db.engine === 'postgres') {
        // A live loader holds the lock: its indexes are left to it.
        const loader = await db.db.pool.connect();
        await loader.query('SELECT pg_advisory_lock($1)', [BULK_LOAD_LOCK]);
        await rebuildDeferredIndexes(db.db, silent);
        expect(await indexesOf(db.db)).toEqual(missing);
        await loader.query('SELECT pg_advisory_unlock($1)', [BULK_LOAD_LOCK]);
        loader.release();
      }
      await rebuildDeferredIndexes(db.db, silent);
      expect(await indexesOf(db.db)).toEqual(all);
      expect((await db.db.pool.query('SELECT 1 FROM deferred_index')).rowCount).toBe(0);
      // The constraints are back, not only their indexes.
      const constraints = await db.db.pool.query<{ conname: string }>("SELECT conname FROM pg_constraint WHERE conname IN ('person_pk', 'person_pin_uq', 'household_no_uq') ORDER BY 1");
      expect(constraints.rows.map((r) => r.conname)).toEqual(['household_no_uq', 'person_pin_uq', 'person_pk']);
    } finally {
      await db.drop();
    }
  });

  // PGlite has one connection: it builds one index at a time, so this is PostgreSQL's test.
  const onPostgres = testServerUrl() !== undefined;
  if (onPostgres) it('builds two indexes side by side on PostgreSQL: one build held up does not hold up the others', async () => {
    const db = await fresh();
    try {
      // name_token sorts first and has one index: the first connection takes it and waits on
      // the lock below, while the second is to build every index of person meanwhile.
      const all = await indexesOf(db.db);
      await db.db.transaction((tx) => deferIndexes(tx, ['name_token', 'person'], new Date(), { unique: true }));
      const holder = await db.db.pool.connect();
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE name_token IN ROW EXCLUSIVE MODE');
      const client = await db.db.pool.connect();
      const built: string[] = [];
      const building = buildDeferredIndexes(db.db, client, { onIndex: (ix) => built.push(ix.index_name) }).finally(() => client.release());
      const personIndexes = all.filter((n) => n.startsWith('person_'));
      const deadline = Date.now() + 20_000;
      while (built.length < personIndexes.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      try {
        expect(built.sort()).toEqual(personIndexes);
        expect((await db.db.pool.query("SELECT index_name FROM deferred_index")).rows).toEqual([{ index_name: 'name_token_pk' }]);
      } finally {
        await holder.query('COMMIT');
        holder.release();
      }
      await building;
      expect(built).toContain('name_token_pk');
      expect(await indexesOf(db.db)).toEqual(all);
      expect((await db.db.pool.query('SELECT 1 FROM deferred_index')).rowCount).toBe(0);
    } finally {
      await db.drop();
    }
  });

  it('fails clearly, naming the index, when a unique index cannot be built over what was loaded', async () => {
    const db = await fresh();
    try {
      await db.db.transaction((tx) => deferIndexes(tx, ['person'], new Date(), { unique: true }));
      for (const ext of ['twin-1', 'twin-2']) {
        await db.db.pool.query("INSERT INTO person (id, pin, full_name, name_folded, birth_date, birth_year, sex, nationality, ethnicity, external_id, created_at, updated_at, name_sort) VALUES ($1, '001090000999', 'Hai Lần', 'hai lan', '1990', 1990, 'M', 'VN', '01', $2, now(), now(), 'hai lan')", [newId(), ext]);
      }
      const client = await db.db.pool.connect();
      try {
        await expect(buildDeferredIndexes(db.db, client)).rejects.toThrow(/deferred index person_pin_uq on person/);
      } finally {
        client.release();
      }
      expect((await db.db.pool.query<{ index_name: string }>("SELECT index_name FROM deferred_index WHERE index_name = 'person_pin_uq'")).rowCount).toBe(1);
    } finally {
      await db.drop();
    }
  });
});

describe('the heap a first load needs', () => {
  it('is estimated from the files, within a tenth of the real row count', async () => {
    const files = [path.join(gen, 'people.ndjson'), path.join(gen, 'households.ndjson')];
    const rows = files.map((f) => fs.readFileSync(f, 'utf8').trim().split('\n').length).reduce((a, b) => a + b, 0);
    const est = await firstLoadHeap(files);
    expect(Math.abs(est.rows - rows) / rows).toBeLessThan(0.1);
    expect(est.needBytes).toBeGreaterThan(est.rows * 800);
  });

  it('refuses an explicit first load that would run out of heap, before writing anything; "auto" falls back to the ordinary import', async () => {
    const db = await fresh();
    try {
      const files = { peopleFile: path.join(gen, 'people.ndjson'), householdsFile: path.join(gen, 'households.ndjson'), chunkSize: 500, heapLimitBytes: 64 * 1024 * 1024 };
      const refused = await importPeople(db.ctx, actor, { ...files, reportFile: path.join(dir, 'heap.rejected.ndjson'), firstLoad: true }).then(() => undefined, (e: unknown) => e);
      expect(refused).toMatchObject({ status: 409, code: 'first_load_heap_too_small' });
      expect((await db.db.pool.query('SELECT count(*)::int AS n FROM import_batch')).rows[0]).toEqual({ n: 0 });
      expect(await indexesOf(db.db)).toEqual(expect.arrayContaining(SECONDARY));
      const auto = await importPeople(db.ctx, actor, { ...files, reportFile: path.join(dir, 'heap-auto.rejected.ndjson'), firstLoad: 'auto' });
      expect(auto.people.loaded).toBeGreaterThan(2000);
      expect((await db.db.pool.query('SELECT first_load FROM import_batch')).rows).toEqual([{ first_load: false }]);
    } finally {
      await db.drop();
    }
  });
});
