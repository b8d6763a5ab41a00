import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatePin, type Sex } from '../pin.js';
import { daysFromCivil } from './dates.js';
import { mutateForDuplicate, nameTypo, removeDiacritics, wrongPinPrefix } from './defects.js';
import { Prng } from './prng.js';
import type { PersonRecord } from './records.js';

const names = fc.constantFrom(
  'Nguyễn',
  'Trần',
  'Hưởng',
  'Thủy',
  'Ngọc',
  'Lò',
  'An',
  'Y Bih',
  "H'Hen",
  'Giàng',
  'Đức',
  'Sa Rương',
);
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not appear
const JSON_UNSAFE = /["\\\u0000-\u001f]/;

function person(overrides: Partial<PersonRecord> = {}): PersonRecord {
  return {
    externalId: 'g-t-1',
    householdExternalId: 'g-t-h1',
    pin: '001095000001',
    fullName: 'Nguyễn Văn Đức',
    familyName: 'Nguyễn',
    middleName: 'Văn',
    givenName: 'Đức',
    sex: 'M',
    birthDate: '1995-03-14',
    birthRegistrationProvinceCode: '01',
    originProvinceCode: '01',
    nationality: 'VN',
    ethnicityCode: '01',
    religionCode: 'khong',
    oldIdNumber: null,
    relationToHead: 'chu_ho',
    fatherExternalId: null,
    motherExternalId: null,
    spouseExternalId: null,
    ...overrides,
  };
}

describe('name defects', () => {
  it('drops diacritics and đ', () => {
    expect(removeDiacritics('Nguyễn Thị Hường Đặng')).toBe('Nguyen Thi Huong Dang');
  });

  it('property: a typo always changes the name and stays clean NFC text', () => {
    fc.assert(
      fc.property(names, fc.integer(), (name, seed) => {
        const typo = nameTypo(new Prng(String(seed)), name);
        expect(typo).not.toBe(name);
        expect(typo).toBe(typo.normalize('NFC'));
        expect(JSON_UNSAFE.test(typo)).toBe(false);
        expect(typo.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('mutateForDuplicate', () => {
  it('property: always changes the name or the date, never past the reference day', () => {
    const latest = daysFromCivil(2025, 7, 1);
    const dates = fc.constantFrom(
      '1995-03-14',
      '1950',
      '1950-07',
      '2025-07-01',
      '2024-12-31',
      '2000-02-29',
      '1990-05-05',
    );
    fc.assert(
      fc.property(fc.integer(), dates, fc.boolean(), (seed, birthDate, withMiddle) => {
        const original = person({
          birthDate,
          ...(withMiddle ? {} : { middleName: null, fullName: 'Nguyễn Đức' }),
        });
        const dup = mutateForDuplicate(new Prng(String(seed)), original, latest);
        expect(dup.mutations.length).toBeGreaterThan(0);
        expect(dup.fullName !== original.fullName || dup.birthDate !== original.birthDate).toBe(true);
        expect(dup.birthDate).toMatch(/^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$/);
        expect(dup.birthDate.slice(0, 10) <= '2025-07-01').toBe(true);
        expect(dup.fullName).toBe(
          [dup.familyName, dup.middleName, dup.givenName].filter((x) => x !== null).join(' '),
        );
      }),
    );
  });

  it('keeps the clan-last order of Ê-đê names', () => {
    const original = person({
      fullName: 'Y Bih Niê',
      familyName: 'Niê',
      middleName: null,
      givenName: 'Y Bih',
      ethnicityCode: '12',
    });
    for (let seed = 0; seed < 50; seed++) {
      const dup = mutateForDuplicate(new Prng(String(seed)), original, daysFromCivil(2025, 7, 1));
      expect(dup.fullName).toBe(`${dup.givenName} ${dup.familyName}`);
    }
  });
});

describe('wrongPinPrefix', () => {
  it('property: the wrong prefix always disagrees with the record on year or sex', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1900, max: 2099 }),
        fc.constantFrom<Sex>('M', 'F'),
        (seed, year, sex) => {
          const c = 2 * Math.floor((year - 1900) / 100) + (sex === 'F' ? 1 : 0);
          const prefix = `001${c}${String(year % 100).padStart(2, '0')}`;
          const wrong = wrongPinPrefix(new Prng(String(seed)), prefix);
          expect(wrong.prefix).not.toBe(prefix);
          expect(wrong.prefix.slice(0, 3)).toBe('001');
          const check = validatePin(`${wrong.prefix}000000`, { birthYear: year, sex });
          expect(check.valid).toBe(false);
          expect(
            check.errors
              .map((e) => e.code)
              .every((code) => code === 'pin_birth_year_mismatch' || code === 'pin_sex_mismatch'),
          ).toBe(true);
        },
      ),
    );
  });
});
