import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pinPrefix } from '../people/index.js';
import { checkHousehold, checkPerson, HOUSEHOLD_RULES, PERSON_RULES, RULE_CODES, RULES, type HouseholdFacts, type PersonFacts, type RuleCode } from './rules.js';

/** The cleaning rules as pure checks: each finds its defect on a crafted record and passes a correct one. */
const TODAY = '2026-11-23';

/** A record every rule passes: Hà Nội birth, PIN that agrees with it, one permanent residence, adult. */
const correct = (): PersonFacts => ({
  id: '00000000-0000-4000-8000-000000000001',
  pin: '001080123456',
  fullName: 'Nguyễn Văn An',
  birthDate: '1980-05-17',
  sex: 'M',
  status: 'living',
  birthPlaceCode: '01',
  originPlaceCode: '01',
  unitCode: '00004',
  provinceCode: '01',
  hasFather: false,
  hasMother: false,
  openPermanent: 1,
  openResidences: 1,
  inHousehold: true,
  temporaryEnd: null,
  invalidUnits: [],
  sharedOldIds: [],
  lostOldIds: [],
});

const household = (over: Partial<HouseholdFacts> = {}): HouseholdFacts => ({ id: '00000000-0000-4000-8000-0000000000aa', householdNo: '00004-00000001', unitCode: '00004', provinceCode: '01', openMembers: 3, livingHeads: 1, ...over });

const rulesOf = (p: PersonFacts) => checkPerson(p, TODAY).map((d) => d.rule);

/** One defect per person rule: the changes that make the correct record fail exactly that rule. */
const PERSON_CASES: Array<[RuleCode, Partial<PersonFacts>, Record<string, unknown>]> = [
  ['pin_structure', { pin: '001081123456' }, { errors: ['pin_birth_year_mismatch'] }],
  ['pin_structure', { pin: '001180123456' }, { errors: ['pin_sex_mismatch'] }],
  ['pin_structure', { pin: '079080123456' }, { errors: ['pin_province_mismatch'] }],
  ['pin_structure', { pin: '00108012345' }, { errors: ['pin_not_12_digits'] }],
  ['missing_fields', { birthPlaceCode: null, pin: '001080123456' }, { fields: ['birthPlaceCode'] }],
  ['missing_fields', { originPlaceCode: null }, { fields: ['originPlaceCode'] }],
  ['missing_fields', { fullName: '  An  ' }, { fields: ['fullName'] }],
  ['unit_invalid', { invalidUnits: ['99999'] }, { units: ['99999'] }],
  ['permanent_residence', { openPermanent: 0 }, { open: 0 }],
  ['permanent_residence', { openPermanent: 2 }, { open: 2 }],
  ['deceased_listed', { status: 'deceased', openPermanent: 0, openResidences: 1, inHousehold: false }, { openResidences: 1, inHousehold: false }],
  ['deceased_listed', { status: 'deceased', openPermanent: 0, openResidences: 0, inHousehold: true }, { openResidences: 0, inHousehold: true }],
  ['minor_parents', { birthDate: '2010-01-01', pin: '001210123456' }, {}],
  ['temporary_expired', { temporaryEnd: '2026-11-22' }, { plannedEnd: '2026-11-22' }],
  ['old_id_unlinked', { sharedOldIds: ['012345678'] }, { sharedWithAnotherRecord: ['012345678'], noLongerLinked: [] }],
  ['old_id_unlinked', { lostOldIds: ['012345678901'] }, { sharedWithAnotherRecord: [], noLongerLinked: ['012345678901'] }],
];

/** Near misses each rule must not flag. */
const PERSON_PASSES: Array<[string, Partial<PersonFacts>]> = [
  ['a year-only birth date with a matching PIN', { birthDate: '1980' }],
  ['a birth place written as a commune (the province is not checked then)', { birthPlaceCode: '26734' }],
  ['a deceased person with nothing open (no permanent residence needed)', { status: 'deceased', openPermanent: 0, openResidences: 0, inHousehold: false }],
  ['a minor with only a mother', { birthDate: '2010-01-01', pin: '001210123456', hasMother: true }],
  ['a minor with only a father', { birthDate: '2010-01-01', pin: '001210123456', hasFather: true }],
  ['someone who turns 18 today, without parents', { birthDate: '2008-11-23', pin: '001208123456' }],
  ['a temporary residence ending today', { temporaryEnd: TODAY }],
  ['a missing person whose temporary residence ended (not living: not flagged)', { status: 'missing', openPermanent: 0, temporaryEnd: '2020-01-01' }],
  ['a woman born in 2001 with a 2001 female PIN', { sex: 'F', birthDate: '2001-02-03', pin: '001301654321' }],
];

describe('person rules', () => {
  it('pass a correct record', () => {
    expect(checkPerson(correct(), TODAY)).toEqual([]);
  });

  it.each(PERSON_CASES)('%s finds its defect (%j)', (rule, over, detail) => {
    const defects = checkPerson({ ...correct(), ...over }, TODAY);
    expect(defects).toEqual([{ rule, detail }]);
  });

  it.each(PERSON_PASSES)('do not flag %s', (_name, over) => {
    expect(rulesOf({ ...correct(), ...over })).toEqual([]);
  });

  it('cover every person rule in the table above', () => {
    expect(new Set(PERSON_CASES.map(([r]) => r))).toEqual(new Set(PERSON_RULES));
  });

  it('report several defects of one record at once', () => {
    const p = { ...correct(), pin: '001081123456', originPlaceCode: null, openPermanent: 0, temporaryEnd: '2025-01-01' };
    expect(rulesOf(p).sort()).toEqual(['missing_fields', 'permanent_residence', 'pin_structure', 'temporary_expired']);
  });
});

describe('household rules', () => {
  const cases: Array<[string, Partial<HouseholdFacts>, boolean]> = [
    ['one living head', { livingHeads: 1 }, false],
    ['no living head (the head died)', { livingHeads: 0 }, true],
    ['two heads', { livingHeads: 2 }, true],
    ['no members left at all', { openMembers: 0, livingHeads: 0 }, false],
  ];
  it.each(cases)('%s', (_name, over, fails) => {
    const defects = checkHousehold(household(over));
    expect(defects.map((d) => d.rule)).toEqual(fails ? ['household_head'] : []);
    if (fails) expect(defects[0]!.detail).toEqual({ members: over.openMembers ?? 3, livingHeads: over.livingHeads });
  });

  it('are the household rules of the table', () => {
    expect(HOUSEHOLD_RULES).toEqual(['household_head']);
    expect([...PERSON_RULES, ...HOUSEHOLD_RULES].sort()).toEqual([...RULE_CODES].sort());
    for (const r of RULE_CODES) expect(RULES[r].label.vi.length * RULES[r].label.en.length).toBeGreaterThan(0);
  });
});

describe('pin_structure, as a property', () => {
  // Every two-digit code the PIN accepts as a province (the people module's list, through pinPrefix).
  const provinces = Array.from({ length: 99 }, (_, i) => String(i + 1).padStart(2, '0')).filter((code) => {
    try {
      pinPrefix({ provinceCode: code, sex: 'M', birthYear: 1990 });
      return true;
    } catch {
      return false;
    }
  });
  const province = fc.constantFrom(...provinces);

  it('knows the 63 pre-2025 provinces', () => {
    expect(provinces).toHaveLength(63);
  });
  const sex = fc.constantFrom<'M' | 'F'>('M', 'F');
  const date = fc
    .record({ year: fc.integer({ min: 1900, max: 2399 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }), precision: fc.constantFrom('year', 'month', 'day') })
    .map(({ year, month, day, precision }) => {
      const y = String(year);
      const m = String(month).padStart(2, '0');
      const d = String(day).padStart(2, '0');
      return { year, text: precision === 'year' ? y : precision === 'month' ? `${y}-${m}` : `${y}-${m}-${d}` };
    });
  const serial = fc.stringMatching(/^[0-9]{6}$/);
  const threeDigit = fc.boolean();

  it('never flags a record whose PIN was built from its own birth year, sex and birth province', () => {
    fc.assert(
      fc.property(province, sex, date, serial, threeDigit, fc.constantFrom<PersonFacts['status']>('living', 'deceased', 'missing'), (prov, s, d, tail, asPpp, status) => {
        const pin = `${pinPrefix({ provinceCode: prov, sex: s, birthYear: d.year })}${tail}`;
        const p: PersonFacts = { ...correct(), pin, sex: s, birthDate: d.text, status, birthPlaceCode: asPpp ? `0${prov}` : prov };
        expect(rulesOf(p)).not.toContain('pin_structure');
      }),
      { numRuns: 500 },
    );
  });

  it('flags the same record once its sex or birth year disagrees with the PIN', () => {
    fc.assert(
      fc.property(province, sex, date, serial, (prov, s, d, tail) => {
        const pin = `${pinPrefix({ provinceCode: prov, sex: s, birthYear: d.year })}${tail}`;
        const base: PersonFacts = { ...correct(), pin, sex: s, birthDate: d.text, birthPlaceCode: prov };
        expect(rulesOf({ ...base, sex: s === 'M' ? 'F' : 'M' })).toContain('pin_structure');
        const otherYear = d.year === 2399 ? 2398 : d.year + 1;
        expect(rulesOf({ ...base, birthDate: String(otherYear) })).toContain('pin_structure');
      }),
      { numRuns: 200 },
    );
  });
});
