import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../kernel/errors.js';
import { PRE_REFORM_PROVINCES } from './reference/provinces-pre-2025.js';
import {
  decodePin,
  generatePinCandidate,
  newPinCandidate,
  pinCheckCommand,
  pinPrefix,
  reestablishmentReasons,
  validatePin,
  yearOfPartialDate,
  type Sex,
} from './pin.js';

const provinceCode = fc.constantFrom(...PRE_REFORM_PROVINCES.map((p) => p.code));
const sex = fc.constantFrom<Sex>('M', 'F');
const birthYear = fc.integer({ min: 1900, max: 2399 });
/** Three bytes below the rejection threshold, so a fixed source never loops. */
const bytes = fc
  .integer({ min: 0, max: 15_999_999 })
  .map((n) => Uint8Array.of(n >> 16, (n >> 8) & 0xff, n & 0xff));

/** A byte source that replays fixed draws, so candidates are reproducible in tests. */
function replay(...draws: number[][]): (size: number) => Uint8Array {
  let i = 0;
  return (size) => {
    const d = draws[i++ % draws.length] ?? [];
    expect(size).toBe(3);
    return Uint8Array.from(d);
  };
}

function codes(pin: string, record?: Parameters<typeof validatePin>[1]): string[] {
  return validatePin(pin, record).errors.map((e) => e.code);
}

describe('the 63 pre-2025 provinces', () => {
  it('are the catalogue codes, 001 Hà Nội … 096 Cà Mau', () => {
    expect(PRE_REFORM_PROVINCES).toHaveLength(63);
    expect(PRE_REFORM_PROVINCES[0]).toMatchObject({ code: '01', name: 'Thành phố Hà Nội' });
    expect(PRE_REFORM_PROVINCES.at(-1)).toMatchObject({ code: '96', name: 'Tỉnh Cà Mau' });
    expect(PRE_REFORM_PROVINCES.map((p) => p.code).join(',')).toBe(
      '01,02,04,06,08,10,11,12,14,15,17,19,20,22,24,25,26,27,30,31,33,34,35,36,37,38,40,42,44,45,46,48,49,51,52,54,56,58,60,62,64,66,67,68,70,72,74,75,77,79,80,82,83,84,86,87,89,91,92,93,94,95,96',
    );
    for (const p of PRE_REFORM_PROVINCES) expect(p.name).toBe(p.name.normalize('NFC'));
  });
});

describe('decodePin / validatePin', () => {
  it('decodes province, century, sex and year', () => {
    expect(validatePin('001095123456')).toEqual({
      valid: true,
      province: { code: '01', name: 'Thành phố Hà Nội' },
      sex: 'M',
      birthYear: 1995,
      errors: [],
    });
    expect(decodePin('079303000001')).toMatchObject({
      ppp: '079',
      sex: 'F',
      birthYear: 2003,
      serial: '000001',
      centuryDigit: 3,
    });
    expect(decodePin('096800000000')).toMatchObject({ sex: 'M', birthYear: 2300 });
    expect(decodePin('096999000000')).toMatchObject({ sex: 'F', birthYear: 2399 });
  });

  it('rejects unknown province codes but still decodes year and sex', () => {
    const check = validatePin('003095123456');
    expect(check.valid).toBe(false);
    expect(check.errors.map((e) => e.code)).toEqual(['pin_unknown_province']);
    expect(check.province).toBeUndefined();
    expect(check).toMatchObject({ sex: 'M', birthYear: 1995 });
    expect(codes('000095123456')).toEqual(['pin_unknown_province']);
    expect(codes('099095123456')).toEqual(['pin_unknown_province']);
  });

  it('accepts codes ≥ 100 as countries, or only the configured ones', () => {
    expect(validatePin('124095123456').province).toEqual({ countryCode: '124' });
    const rules = { countryCodes: new Set(['704']) };
    expect(validatePin('124095123456', {}, rules).errors.map((e) => e.code)).toEqual([
      'pin_unknown_province',
    ]);
    expect(validatePin('704095123456', {}, rules).valid).toBe(true);
  });

  it('compares with the record and says which part disagrees', () => {
    const pin = '001195123456'; // Hà Nội, female, 1995
    expect(codes(pin, { birthYear: 1995, sex: 'F', birthRegistrationProvinceCode: '01' })).toEqual([]);
    expect(codes(pin, { birthYear: 1995, sex: 'F', birthRegistrationProvinceCode: '001' })).toEqual([]);
    expect(codes(pin, { birthYear: 1996 })).toEqual(['pin_birth_year_mismatch']);
    expect(codes(pin, { birthYear: 2095 })).toEqual(['pin_birth_year_mismatch']);
    expect(codes(pin, { sex: 'M' })).toEqual(['pin_sex_mismatch']);
    expect(codes(pin, { birthRegistrationProvinceCode: '79' })).toEqual(['pin_province_mismatch']);
    expect(codes(pin, { birthYear: 2001, sex: 'M' })).toEqual([
      'pin_birth_year_mismatch',
      'pin_sex_mismatch',
    ]);
    const e = validatePin(pin, { sex: 'M' }).errors[0];
    expect(e?.field).toBe('pin');
    expect(e?.message.vi).toContain('nữ');
    expect(e?.message.en).toContain('record says M');
  });

  it('rejects birth years in the future when told the current year', () => {
    expect(validatePin('001495123456', {}, { currentYear: 2025 }).errors.map((e) => e.code)).toEqual([
      'pin_birth_year_in_future',
    ]);
    expect(validatePin('001225123456', {}, { currentYear: 2025 }).valid).toBe(true);
    expect(validatePin('001226123456', {}, { currentYear: 2025 }).valid).toBe(false);
  });

  it('rejects anything that is not 12 ASCII digits, with one precise error', () => {
    for (const bad of [
      '',
      '00109512345',
      '0010951234567',
      '00109512345a',
      ' 001095123456',
      '001095 123456',
      '００１０９５１２３４５６',
      '٠٠١٠٩٥١٢٣٤٥٦',
    ]) {
      const check = validatePin(bad);
      expect(check).toEqual({
        valid: false,
        errors: [expect.objectContaining({ code: 'pin_not_12_digits', field: 'pin' })],
      });
      expect(decodePin(bad)).toBeUndefined();
    }
  });

  it('property: non-12-digit strings are rejected with pin_not_12_digits', () => {
    const notTwelveDigits = fc
      .oneof(
        fc.string({ unit: 'grapheme-composite', maxLength: 30 }),
        fc.stringMatching(/^[0-9]{0,11}$/),
        fc.stringMatching(/^[0-9]{13,20}$/),
      )
      .filter((s) => !/^[0-9]{12}$/.test(s));
    fc.assert(
      fc.property(
        notTwelveDigits,
        fc.record({ birthYear: birthYear, sex }, { requiredKeys: [] }),
        (s, record) => {
          expect(codes(s, record)).toEqual(['pin_not_12_digits']);
        },
      ),
    );
  });

  it('property: random input never throws', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (pin, record) => {
        // Callers in JavaScript can pass anything; the validator must answer, not crash.
        const check = validatePin(pin as string, (record ?? {}) as Parameters<typeof validatePin>[1]);
        expect(typeof check.valid).toBe('boolean');
      }),
    );
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void validatePin(s)));
  });
});

describe('pinPrefix / generatePinCandidate', () => {
  it('builds PPP C YY', () => {
    expect(pinPrefix({ provinceCode: '01', sex: 'M', birthYear: 1995 })).toBe('001095');
    expect(pinPrefix({ provinceCode: '96', sex: 'F', birthYear: 2007 })).toBe('096307');
    expect(pinPrefix({ provinceCode: '124', sex: 'F', birthYear: 2100 })).toBe('124500');
  });

  it('refuses what a PIN cannot hold', () => {
    const attempt = (input: Parameters<typeof pinPrefix>[0]): string | undefined => {
      try {
        pinPrefix(input);
        return undefined;
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return (e as AppError).code;
      }
    };
    expect(attempt({ provinceCode: '03', sex: 'M', birthYear: 1990 })).toBe('pin_unknown_province');
    expect(attempt({ provinceCode: '1', sex: 'M', birthYear: 1990 })).toBe('pin_unknown_province');
    expect(attempt({ provinceCode: '01', sex: 'X' as Sex, birthYear: 1990 })).toBe('sex_malformed');
    expect(attempt({ provinceCode: '01', sex: 'M', birthYear: 1899 })).toBe('birth_year_out_of_pin_range');
    expect(attempt({ provinceCode: '01', sex: 'M', birthYear: 2400 })).toBe('birth_year_out_of_pin_range');
    expect(attempt({ provinceCode: '01', sex: 'M', birthYear: 1990.5 })).toBe('birth_year_out_of_pin_range');
  });

  it('draws serials uniformly by rejecting the top of the 24-bit range', () => {
    // 0xFFFFFF ≥ 16,000,000 is rejected; the next draw 0x000001 gives serial 000001.
    expect(generatePinCandidate('001095', replay([0xff, 0xff, 0xff], [0, 0, 1]))).toBe('001095000001');
    // 15,999,999 is the largest accepted draw → serial 999999.
    expect(generatePinCandidate('001095', replay([0xf4, 0x23, 0xff]))).toBe('001095999999');
    expect(() => generatePinCandidate('00109', replay([0, 0, 0]))).toThrow(AppError);
  });

  it('newPinCandidate uses crypto randomness and keeps the prefix', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const pin = newPinCandidate('079203');
      expect(pin).toMatch(/^079203[0-9]{6}$/);
      seen.add(pin);
    }
    expect(seen.size).toBeGreaterThan(95);
  });

  it('property: every generated PIN validates against its inputs and decodes back to them', () => {
    fc.assert(
      fc.property(provinceCode, sex, birthYear, bytes, (code, s, year, b) => {
        const pin = generatePinCandidate(pinPrefix({ provinceCode: code, sex: s, birthYear: year }), () =>
          b.slice(),
        );
        const check = validatePin(pin, { birthYear: year, sex: s, birthRegistrationProvinceCode: code });
        expect(check.errors).toEqual([]);
        expect(check.valid).toBe(true);
        const decoded = decodePin(pin);
        expect(decoded?.origin).toMatchObject({ code });
        expect(decoded?.sex).toBe(s);
        expect(decoded?.birthYear).toBe(year);
      }),
    );
  });

  it('property: any single-digit change in digits 4–6 is caught against the record', () => {
    fc.assert(
      fc.property(
        provinceCode,
        sex,
        birthYear,
        bytes,
        fc.integer({ min: 3, max: 5 }),
        fc.integer({ min: 1, max: 9 }),
        (code, s, year, b, index, delta) => {
          const pin = generatePinCandidate(pinPrefix({ provinceCode: code, sex: s, birthYear: year }), () =>
            b.slice(),
          );
          const digit = (Number(pin[index]) + delta) % 10;
          const changed = pin.slice(0, index) + String(digit) + pin.slice(index + 1);
          const found = codes(changed, { birthYear: year, sex: s });
          expect(found.length).toBeGreaterThan(0);
          expect(found.every((c) => c === 'pin_birth_year_mismatch' || c === 'pin_sex_mismatch')).toBe(true);
        },
      ),
    );
  });
});

describe('reestablishmentReasons', () => {
  it('lists what the corrected record no longer shares with the PIN', () => {
    expect(
      reestablishmentReasons('001095123456', {
        birthYear: 1995,
        sex: 'M',
        birthRegistrationProvinceCode: '01',
      }),
    ).toEqual([]);
    expect(reestablishmentReasons('001095123456', { birthYear: 1995, sex: 'F' })).toEqual([
      'pin_sex_mismatch',
    ]);
    expect(
      reestablishmentReasons('001095123456', { birthYear: 1959, birthRegistrationProvinceCode: '79' }),
    ).toEqual(['pin_birth_year_mismatch', 'pin_province_mismatch']);
  });
});

describe('pinCheckCommand', () => {
  it('prints the decoded PIN and exits 0 when it agrees with --dob and --sex', () => {
    const { output, exitCode } = pinCheckCommand('001195123456', {
      dob: '1995-03-14',
      sex: 'F',
      currentYear: 2025,
    });
    expect(exitCode).toBe(0);
    expect(JSON.stringify(output)).toBe(
      '{"valid":true,"province":{"code":"01","name":"Thành phố Hà Nội"},"sex":"F","birthYear":1995,"errors":[]}',
    );
  });

  it('accepts partial dates and lower-case sex', () => {
    expect(pinCheckCommand('001195123456', { dob: '1995', sex: 'f', currentYear: 2025 }).exitCode).toBe(0);
    expect(pinCheckCommand('001195123456', { dob: '1995-03', currentYear: 2025 }).exitCode).toBe(0);
    expect(
      pinCheckCommand('001195123456', { dob: '1996-02-29', currentYear: 2025 }).output.errors.map(
        (e) => e.code,
      ),
    ).toEqual(['pin_birth_year_mismatch']);
  });

  it('exits 1 with the codes when the PIN is wrong', () => {
    const { output, exitCode } = pinCheckCommand('001095123456', {
      dob: '1996',
      sex: 'F',
      currentYear: 2025,
    });
    expect(exitCode).toBe(1);
    expect(output).toMatchObject({ valid: false, sex: 'M', birthYear: 1995 });
    expect(output.errors.map((e) => e.code)).toEqual(['pin_birth_year_mismatch', 'pin_sex_mismatch']);
    expect(output.errors[0]?.message).toEqual({ vi: expect.any(String), en: expect.any(String) });
    expect(Object.keys(output.errors[0] ?? {})).toEqual(['code', 'message']);
    const short = pinCheckCommand('12345', {});
    expect(short.exitCode).toBe(1);
    expect(short.output).toMatchObject({ valid: false, province: null, sex: null, birthYear: null });
    expect(pinCheckCommand('001495123456', { currentYear: 2025 }).output.errors[0]?.code).toBe(
      'pin_birth_year_in_future',
    );
  });

  it('exits 2 on a malformed --dob or --sex', () => {
    for (const dob of ['95', '1995-13', '1995-02-29', '1995-2-3', '14/03/1995', '1995-03-14T00:00']) {
      const { output, exitCode } = pinCheckCommand('001095123456', { dob, currentYear: 2025 });
      expect(exitCode).toBe(2);
      expect(output.valid).toBe(false);
      expect(output.errors.map((e) => e.code)).toEqual(['dob_malformed']);
    }
    expect(pinCheckCommand('001095123456', { sex: 'male' }).output.errors.map((e) => e.code)).toEqual([
      'sex_malformed',
    ]);
  });

  it('yearOfPartialDate checks the calendar', () => {
    expect(yearOfPartialDate('2000-02-29')).toBe(2000);
    expect(yearOfPartialDate('1900-02-29')).toBeUndefined();
    expect(yearOfPartialDate('1990-00')).toBeUndefined();
    expect(yearOfPartialDate('1990-04-31')).toBeUndefined();
  });
});
