import { describe, expect, it } from 'vitest';
import {
  HIGHLAND_VILLAGES,
  MOUNTAIN_FIRST,
  MOUNTAIN_SECOND,
  PLACE_SYLLABLES,
  SOUTHERN_SYLLABLES,
  STREET_NAMES,
} from './address-parts.js';
import { AGE_PYRAMID_2025 } from './age-pyramid.js';
import { ETHNIC_GROUPS, isEthnicityCode } from './ethnicities.js';
import { MINORITY_NAMING } from './names-minorities.js';
import {
  COMMON_FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  FEMALE_MIDDLE_NAMES,
  MALE_GIVEN_NAMES,
  MALE_MIDDLE_NAMES,
  OTHER_FAMILY_NAMES,
} from './names-vietnamese.js';
import { PRE_REFORM_PROVINCES } from './provinces-pre-2025.js';
import { isRelationCode, RELATIONS } from './relations.js';
import { RELIGIONS } from './religions.js';

/** Generated files write these strings verbatim (generator/format.ts): they must need no escaping. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not appear
const UNSAFE = /["\\,\u0000-\u001f]/;

function allStrings(): string[] {
  return [
    ...STREET_NAMES,
    ...PLACE_SYLLABLES,
    ...SOUTHERN_SYLLABLES,
    ...MOUNTAIN_FIRST,
    ...MOUNTAIN_SECOND,
    ...HIGHLAND_VILLAGES,
    ...COMMON_FAMILY_NAMES.flatMap(([north, , south]) => [north, ...(south ? [south] : [])]),
    ...OTHER_FAMILY_NAMES.map(([n]) => n),
    ...MALE_MIDDLE_NAMES.map(([n]) => n),
    ...FEMALE_MIDDLE_NAMES.map(([n]) => n),
    ...MALE_GIVEN_NAMES.map(([n]) => n),
    ...FEMALE_GIVEN_NAMES.map(([n]) => n),
    ...MINORITY_NAMING.flatMap((m) => [
      ...m.familyNames.map(([n]) => n),
      ...m.maleMiddle.map(([n]) => n),
      ...m.femaleMiddle.map(([n]) => n),
      ...m.maleGiven,
      ...m.femaleGiven,
    ]),
    ...ETHNIC_GROUPS.map((g) => g.name),
    ...PRE_REFORM_PROVINCES.map((p) => p.name),
  ];
}

describe('reference data', () => {
  it('is NFC text that never needs JSON or CSV escaping', () => {
    for (const s of allStrings()) {
      expect(s, s).toBe(s.normalize('NFC'));
      expect(UNSAFE.test(s), s).toBe(false);
      expect(s).toBe(s.trim());
    }
  });

  it('lists the 54 ethnic groups with codes 01–54, homes among the 63 provinces', () => {
    expect(ETHNIC_GROUPS.map((g) => g.code)).toEqual(
      Array.from({ length: 54 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(ETHNIC_GROUPS.slice(0, 8).map((g) => g.name)).toEqual([
      'Kinh',
      'Tày',
      'Thái',
      'Hoa',
      'Khơ-me',
      'Mường',
      'Nùng',
      'Mông',
    ]);
    const provinces = new Set(PRE_REFORM_PROVINCES.map((p) => p.code));
    for (const g of ETHNIC_GROUPS)
      for (const home of g.homes?.keys() ?? []) expect(provinces.has(home), `${g.name} ${home}`).toBe(true);
    expect(isEthnicityCode('54')).toBe(true);
    expect(isEthnicityCode('55')).toBe(false);
    expect(isEthnicityCode('1')).toBe(false);
  });

  it('has about 100 given names per sex, none twice', () => {
    for (const list of [MALE_GIVEN_NAMES, FEMALE_GIVEN_NAMES]) {
      expect(list.length).toBeGreaterThanOrEqual(95);
      expect(new Set(list.map(([n]) => n)).size).toBe(list.length);
    }
  });

  it('has relation, religion and pyramid tables that add up', () => {
    expect(Object.keys(RELATIONS)).toContain('chu_ho');
    expect(isRelationCode('vo')).toBe(true);
    expect(isRelationCode('toString')).toBe(false);
    expect(RELIGIONS.reduce((s, r) => s + r.share, 0)).toBeCloseTo(100, 0);
    expect(AGE_PYRAMID_2025.reduce((s, b) => s + b.share, 0)).toBeGreaterThan(99);
    expect(AGE_PYRAMID_2025.reduce((s, b) => s + b.share, 0)).toBeLessThan(102);
    expect(PRE_REFORM_PROVINCES.reduce((s, p) => s + p.population, 0)).toBeGreaterThan(95_000);
  });
});
