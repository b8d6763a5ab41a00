import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type OfficerActor } from '../src/kernel/actor.js';
import { loadCommunesForGenerator, writePopulation } from '../src/modules/people/generator/index.js';
import { importPeople } from '../src/modules/people/index.js';
import { runRules } from '../src/modules/quality/index.js';
import { testContext, type TestContext } from './context.js';

/**
 * The people import and the quality rules together: in flag mode the import loads rows whose
 * PIN disagrees with birth year, sex or birth province (rejected by default), so they can be
 * cleaned in place, and the rules flag exactly those rows.
 */
let t: TestContext;
const nation: OfficerActor = { kind: 'officer', id: 'o-flag-nation', username: 'flag.nation', role: 'national_officer', unitLevel: 'nation', unitCode: null, provinceCode: null };
beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());

describe('an import in flag mode', () => {
  it('loads rows whose PIN disagrees with the record, and the rules flag each of them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-flag-'));
    try {
      const communes = loadCommunesForGenerator('data/admin-units').filter((c) => c.provinceCode === '01');
      await writePopulation({ people: 400, seed: 'flagmode', communes, defects: { duplicateRate: 0, wrongPinRate: 0.05, headlessHouseholdRate: 0 } }, dir);
      const truth = fs.readFileSync(path.join(dir, 'truth.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; externalId?: string });
      const wrong = truth.filter((x) => x.kind === 'wrong_pin').map((x) => x.externalId!);
      expect(wrong.length).toBeGreaterThan(5);
      const files = { peopleFile: path.join(dir, 'people.ndjson'), householdsFile: path.join(dir, 'households.ndjson'), chunkSize: 100 };
      // Rejected by default; loaded in flag mode.
      const strict = await importPeople(t.ctx, systemActor('test-flag'), { ...files, reportFile: path.join(dir, 'strict.ndjson'), firstLoad: false, pinMismatch: 'reject' });
      expect(strict.people.rejected).toBe(wrong.length);
      const flagged = await importPeople(t.ctx, systemActor('test-flag'), { ...files, reportFile: path.join(dir, 'flag.ndjson'), firstLoad: false, pinMismatch: 'flag' });
      expect(flagged.people).toMatchObject({ loaded: wrong.length, rejected: 0 });
      await runRules(t.ctx, nation, {});
      const rows = await t.db.pool.query<{ external_id: string; rules: string[] }>(
        `SELECT p.external_id, array_agg(f.rule ORDER BY f.rule) FILTER (WHERE f.state = 'open') AS rules FROM person p LEFT JOIN quality_finding f ON f.subject_id = p.id WHERE p.external_id LIKE 'g-flagmode-%' GROUP BY p.external_id`,
      );
      const withPinFinding = rows.rows.filter((r) => (r.rules ?? []).includes('pin_structure')).map((r) => r.external_id);
      expect(withPinFinding.sort()).toEqual([...wrong].sort());
      expect(rows.rows.length).toBe(strict.people.loaded + wrong.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
