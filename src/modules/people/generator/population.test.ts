import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../kernel/errors.js';
import { validatePin } from '../pin.js';
import { isEthnicityCode } from '../reference/ethnicities.js';
import { isRelationCode } from '../reference/relations.js';
import { RELIGIONS } from '../reference/religions.js';
import { householdLine, personLine } from './format.js';
import { iteratePopulation } from './population.js';
import type { HouseholdRecord, PersonRecord, TruthRecord } from './records.js';
import { collectPopulation, fixtureCommunes } from './test-fixtures.js';

const communes = fixtureCommunes();
const DEFECTS = { duplicateRate: 0.02, wrongPinRate: 0.01, headlessHouseholdRate: 0.02 };
const N = 50_000;

function share(count: number, total: number): number {
  return (100 * count) / total;
}

describe('a generated population of 50,000 people with defects', () => {
  let households: HouseholdRecord[];
  let people: PersonRecord[];
  let truth: TruthRecord[];
  let real: PersonRecord[];
  let wrongPins: Set<string>;
  let headless: Set<string>;
  let duplicates: Map<string, Extract<TruthRecord, { kind: 'duplicate' }>>;

  beforeAll(() => {
    ({ households, people, truth } = collectPopulation({
      people: N,
      seed: 'dist',
      communes,
      defects: DEFECTS,
    }));
    duplicates = new Map(truth.flatMap((t) => (t.kind === 'duplicate' ? [[t.externalId, t] as const] : [])));
    wrongPins = new Set(truth.flatMap((t) => (t.kind === 'wrong_pin' ? [t.externalId] : [])));
    headless = new Set(
      truth.flatMap((t) => (t.kind === 'headless_household' ? [t.householdExternalId] : [])),
    );
    real = people.filter((p) => !duplicates.has(p.externalId));
  });

  it('has exactly the requested number of real people, plus the injected duplicates', () => {
    expect(real).toHaveLength(N);
    expect(people.length - N).toBe(duplicates.size);
    expect(duplicates.size / N).toBeGreaterThan(0.015);
    expect(duplicates.size / N).toBeLessThan(0.025);
    expect(wrongPins.size / N).toBeGreaterThan(0.007);
    expect(headless.size).toBeGreaterThan(0);
  });

  it('has family-name shares within 2 points of the national figures', () => {
    const counts = new Map<string, number>();
    for (const p of real) counts.set(p.familyName, (counts.get(p.familyName) ?? 0) + 1);
    const of = (...names: string[]): number =>
      share(
        names.reduce((s, n) => s + (counts.get(n) ?? 0), 0),
        real.length,
      );
    const expected: Array<[string[], number]> = [
      [['Nguyễn'], 38],
      [['Trần'], 11],
      [['Lê'], 9.5],
      [['Phạm'], 7],
      [['Hoàng', 'Huỳnh'], 5],
      [['Phan'], 4.5],
      [['Vũ', 'Võ'], 3.9],
      [['Đặng'], 2.1],
      [['Bùi'], 2],
      [['Đỗ'], 1.4],
      [['Hồ'], 1.3],
      [['Ngô'], 1.3],
      [['Dương'], 1],
      [['Lý'], 0.5],
    ];
    for (const [names, target] of expected) expect(of(...names), names.join('/')).toBeGreaterThan(target - 2);
    for (const [names, target] of expected) expect(of(...names), names.join('/')).toBeLessThan(target + 2);
  });

  it('has a plausible sex ratio, age structure and household size', () => {
    expect(share(real.filter((p) => p.sex === 'M').length, real.length)).toBeGreaterThan(47);
    expect(share(real.filter((p) => p.sex === 'M').length, real.length)).toBeLessThan(52);
    const age = (p: PersonRecord): number => 2025 - Number(p.birthDate.slice(0, 4));
    const children = share(real.filter((p) => age(p) <= 14).length, real.length);
    const elderly = share(real.filter((p) => age(p) >= 60).length, real.length);
    // Pyramid 2025: ≈ 21.6 % aged 0–14, ≈ 15 % aged 60+.
    expect(children).toBeGreaterThan(17);
    expect(children).toBeLessThan(27);
    expect(elderly).toBeGreaterThan(10);
    expect(elderly).toBeLessThan(20);
    const mean = real.length / households.filter((h) => !h.externalId.includes('-hd')).length;
    expect(mean).toBeGreaterThan(3);
    expect(mean).toBeLessThan(4);
  });

  it('gives every household exactly one head, except those listed as headless', () => {
    const heads = new Map<string, string[]>();
    for (const p of people)
      if (p.relationToHead === 'chu_ho')
        heads.set(p.householdExternalId, [...(heads.get(p.householdExternalId) ?? []), p.externalId]);
    for (const h of households) {
      if (headless.has(h.externalId)) {
        expect(heads.get(h.externalId)).toBeUndefined();
        expect(h.headExternalId).toBeNull();
      } else {
        expect(heads.get(h.externalId)).toEqual([h.headExternalId]);
      }
    }
  });

  it('gives every person a PIN that fits the record, except the injected wrong ones', () => {
    const seen = new Set<string>();
    for (const p of people) {
      expect(seen.has(p.pin), `PIN ${p.pin} issued twice`).toBe(false);
      seen.add(p.pin);
      const check = validatePin(p.pin, {
        birthYear: Number(p.birthDate.slice(0, 4)),
        sex: p.sex,
        birthRegistrationProvinceCode: p.birthRegistrationProvinceCode,
      });
      if (wrongPins.has(p.externalId)) {
        expect(
          check.errors
            .map((e) => e.code)
            .every((c) => c === 'pin_birth_year_mismatch' || c === 'pin_sex_mismatch'),
        ).toBe(true);
        expect(check.valid).toBe(false);
      } else {
        expect(check.errors, `${p.externalId} ${p.pin} ${p.birthDate} ${p.sex}`).toEqual([]);
      }
    }
    for (const t of truth)
      if (t.kind === 'wrong_pin') expect(people.find((p) => p.externalId === t.externalId)?.pin).toBe(t.pin);
  });

  it('keeps codes, links and dates well-formed', () => {
    const byId = new Map(people.map((p) => [p.externalId, p]));
    const religions = new Set<string>(RELIGIONS.map((r) => r.code));
    const oldIds = new Set<string>();
    for (const p of people) {
      expect(p.birthDate).toMatch(/^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$/);
      expect(p.birthDate <= '2025-07-01').toBe(true);
      expect(isRelationCode(p.relationToHead)).toBe(true);
      expect(isEthnicityCode(p.ethnicityCode)).toBe(true);
      expect(religions.has(p.religionCode)).toBe(true);
      expect(p.nationality).toBe('VN');
      expect(p.fullName).toBe(p.fullName.normalize('NFC'));
      if (p.oldIdNumber !== null) {
        expect(p.oldIdNumber).toMatch(/^[0-9]{9}$/);
        if (!duplicates.has(p.externalId)) {
          expect(oldIds.has(p.oldIdNumber)).toBe(false);
          oldIds.add(p.oldIdNumber);
        }
      }
      for (const link of [p.fatherExternalId, p.motherExternalId, p.spouseExternalId]) {
        if (link === null) continue;
        expect(byId.get(link)?.householdExternalId, `${p.externalId} → ${link}`).toBe(p.householdExternalId);
      }
      if (p.fatherExternalId) expect(byId.get(p.fatherExternalId)?.sex).toBe('M');
      if (p.motherExternalId) expect(byId.get(p.motherExternalId)?.sex).toBe('F');
      if (p.spouseExternalId && !duplicates.has(p.externalId))
        expect(byId.get(p.spouseExternalId)?.spouseExternalId).toBe(p.externalId);
    }
  }, 120_000); // 50,000 records checked one by one: ~10 s alone, far more on a busy machine

  it('keeps about 3 % of people born before 1960 with partial dates, and ≈ 60 % of those born before 1995 with a CMND', () => {
    const old = real.filter((p) => p.birthDate < '1960');
    expect(share(old.filter((p) => p.birthDate.length < 10).length, old.length)).toBeGreaterThan(1.5);
    expect(share(old.filter((p) => p.birthDate.length < 10).length, old.length)).toBeLessThan(4.5);
    expect(real.filter((p) => p.birthDate >= '1960' && p.birthDate.length < 10)).toEqual([]);
    const adults = real.filter((p) => p.birthDate < '1995');
    expect(share(adults.filter((p) => p.oldIdNumber !== null).length, adults.length)).toBeGreaterThan(55);
    expect(share(adults.filter((p) => p.oldIdNumber !== null).length, adults.length)).toBeLessThan(65);
    expect(real.filter((p) => p.birthDate >= '1995' && p.oldIdNumber !== null)).toEqual([]);
  });

  it('is mostly Kinh, with minorities where they live', () => {
    expect(share(real.filter((p) => p.ethnicityCode === '01').length, real.length)).toBeGreaterThan(78);
    expect(share(real.filter((p) => p.ethnicityCode === '01').length, real.length)).toBeLessThan(92);
    const provinceOf = new Map(households.map((h) => [h.externalId, h.provinceCode]));
    const mong = real.filter((p) => p.ethnicityCode === '08');
    expect(mong.length).toBeGreaterThan(0);
    expect(mong.every((p) => !['79', '96', '01'].includes(provinceOf.get(p.householdExternalId) ?? ''))).toBe(
      true,
    );
  });

  it('writes lines identical to JSON.stringify of the records', () => {
    for (const p of people) expect(personLine(p)).toBe(`${JSON.stringify(p)}\n`);
    for (const h of households) expect(householdLine(h)).toBe(`${JSON.stringify(h)}\n`);
  });

  it('describes each duplicate truthfully', () => {
    const byId = new Map(people.map((p) => [p.externalId, p]));
    for (const [id, t] of duplicates) {
      const dup = byId.get(id);
      const original = byId.get(t.originalExternalId);
      expect(dup && original).toBeTruthy();
      if (!dup || !original) continue;
      expect(t.mutations.length).toBeGreaterThan(0);
      expect(dup.pin).not.toBe(original.pin);
      expect(dup.sex).toBe(original.sex);
      expect(dup.fullName !== original.fullName || dup.birthDate !== original.birthDate).toBe(true);
      if (t.mutations.includes('no_diacritics')) expect(dup.fullName).toMatch(/^[A-Za-z' ]+$/);
      if (t.mutations.includes('swapped_day_month'))
        expect(dup.birthDate.slice(5)).toBe(
          `${original.birthDate.slice(8)}-${original.birthDate.slice(5, 7)}`,
        );
      if (t.mutations.includes('year_only')) expect(dup.birthDate).toBe(original.birthDate.slice(0, 4));
    }
    const mutations = new Set([...duplicates.values()].flatMap((t) => t.mutations));
    expect([...mutations].sort()).toEqual(
      [
        'birth_year_off_by_one',
        'day_changed',
        'missing_middle_name',
        'name_typo',
        'no_diacritics',
        'swapped_day_month',
        'year_only',
      ].sort(),
    );
  });
});

describe('determinism and options', () => {
  const small = { people: 3000, communes };

  it('gives the same records for the same seed, different ones for another seed', () => {
    const a = collectPopulation({ ...small, seed: 42, defects: DEFECTS });
    const b = collectPopulation({ ...small, seed: '42', defects: DEFECTS });
    const c = collectPopulation({ ...small, seed: 43, defects: DEFECTS });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.people[0]?.externalId).toBe('g-42-1');
    expect(c.people[0]?.pin).not.toBe(a.people[0]?.pin);
  });

  it('leaves clean records unchanged when defects are switched on', () => {
    const cleanRun = collectPopulation({ ...small, seed: 's' });
    const clean = new Map(cleanRun.people.map((p) => [p.externalId, p]));
    const dirty = collectPopulation({ ...small, seed: 's', defects: DEFECTS });
    const touched = new Set(
      dirty.truth.flatMap((t) =>
        t.kind === 'wrong_pin'
          ? [t.externalId]
          : t.kind === 'headless_household'
            ? [t.householdExternalId]
            : [],
      ),
    );
    // The last household of a run may be cut short to hit the exact count.
    for (const run of [cleanRun, dirty])
      touched.add(run.households.filter((h) => !h.externalId.includes('-hd')).at(-1)?.externalId ?? '');
    let compared = 0;
    for (const p of dirty.people) {
      if (
        !/^g-s-[0-9]+$/.test(p.externalId) ||
        touched.has(p.externalId) ||
        touched.has(p.householdExternalId)
      )
        continue;
      const before = clean.get(p.externalId);
      if (!before) continue; // beyond the clean run's last household
      expect(p).toEqual(before);
      compared++;
    }
    expect(compared).toBeGreaterThan(2500);
  });

  it('uses a hash of odd seeds in external ids', () => {
    const { people } = collectPopulation({ ...small, people: 5, seed: 'một hai ba' });
    expect(people[0]?.externalId).toMatch(/^g-x[0-9a-f]{10}-1$/);
  });

  it('keeps to the requested provinces (current or pre-2025 codes)', () => {
    const { households } = collectPopulation({ ...small, people: 2000, seed: 1, provinces: ['79', '02'] });
    expect(new Set(households.map((h) => h.provinceCode))).toEqual(new Set(['79', '02']));
  });

  it('rejects bad options before generating anything', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof AppError ? e.code : 'not an AppError';
      }
      return undefined;
    };
    expect(code(() => iteratePopulation({ people: -1, seed: 1, communes }))).toBe('people_count_invalid');
    expect(code(() => iteratePopulation({ people: 1.5, seed: 1, communes }))).toBe('people_count_invalid');
    expect(
      code(() =>
        iteratePopulation({ people: 1, seed: 1, communes, defects: { ...DEFECTS, wrongPinRate: 2 } }),
      ),
    ).toBe('defect_rate_invalid');
    expect(code(() => iteratePopulation({ people: 1, seed: 1, communes, provinces: ['00'] }))).toBe(
      'no_communes',
    );
    expect(code(() => iteratePopulation({ people: 1, seed: 1, communes, referenceDate: '2025-02-30' }))).toBe(
      'reference_date_invalid',
    );
    expect(code(() => iteratePopulation({ people: 1, seed: 1, communes, referenceDate: '1990-01-01' }))).toBe(
      'reference_date_invalid',
    );
    expect(
      code(() =>
        iteratePopulation({ people: 1, seed: 1, communes: [{ code: '1"', provinceCode: '01', weight: 1 }] }),
      ),
    ).toBe('commune_malformed');
    expect(
      code(() =>
        iteratePopulation({
          people: 1,
          seed: 1,
          communes: [{ code: '00001', provinceCode: '01', oldProvinceCode: '03', weight: 1 }],
        }),
      ),
    ).toBe('old_province_unknown');
    expect([...iteratePopulation({ people: 0, seed: 1, communes })]).toEqual([]);
  });

  it('never lets anyone be born after the reference date', () => {
    const { people } = collectPopulation({
      ...small,
      seed: 7,
      referenceDate: '2030-01-01',
      defects: DEFECTS,
    });
    expect(people.every((p) => p.birthDate <= '2030-01-01')).toBe(true);
    expect(people.some((p) => p.birthDate >= '2029')).toBe(true);
  });
});
