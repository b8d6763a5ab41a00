import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../kernel/errors.js';
import { buildQr, parseQr, type QrInput } from './qr.js';

// ---------------------------------------------------------------------------------------------
// Generators: people whose PIN agrees with their birth year and sex, addresses with commas.

const SURNAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Ưng',
];
const GIVEN = [
  'Văn',
  'Thị',
  'Đức',
  'Minh',
  'Ngọc',
  'Thuỳ',
  'Quốc',
  'Hương',
  'Trường',
  'Ánh',
  'Nguyệt',
  'Khôi',
  'Ỷ',
  'Ơn',
];
const PLACES = [
  'Số 12',
  'Ngõ 34/5',
  'Tổ 7',
  'Thôn Đông',
  'Ấp Mỹ Phước',
  'Phường Bến Nghé',
  'Xã Ea Tu',
  'Quận 1',
  'Huyện Cần Giờ',
  'Thành phố Hồ Chí Minh',
  'Hà Nội',
  'Đắk Lắk',
];
const PROVINCES = ['001', '079', '031', '048', '066', '096'];

const fullName = fc
  .tuple(fc.constantFrom(...SURNAMES), fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 4 }))
  .map(([s, g]) => [s, ...g].join(' '));
const address = fc
  .array(fc.constantFrom(...PLACES), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join(', '));
const isoDay = (min: string, max: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
// Trailing fields of a 2024 card: a cancelled PIN, parents' names (any text without a separator).
const extraField = fc.oneof(digits(12), fullName, fc.constant(''));

function pinFor(province: string, birthDate: string, sex: 'M' | 'F', serial: string): string {
  const year = Number(birthDate.slice(0, 4));
  const century = 2 * Math.floor((year - 1900) / 100) + (sex === 'F' ? 1 : 0);
  return `${province}${century}${birthDate.slice(2, 4)}${serial}`;
}

const cardQr = fc
  .record({
    province: fc.constantFrom(...PROVINCES),
    serial: digits(6),
    birthDate: isoDay('1920-01-01', '2024-12-31'),
    sex: fc.constantFrom<'M' | 'F'>('M', 'F'),
    oldId: fc.oneof(fc.constant(null), digits(9), digits(12)),
    fullName,
    address,
    issueDate: isoDay('2025-01-01', '2040-12-31'),
    extra: fc.array(extraField, { maxLength: 3 }),
  })
  .map(({ province, serial, ...rest }): QrInput => ({
    ...rest,
    pin: pinFor(province, rest.birthDate, rest.sex, serial),
  }));

const AN: QrInput = {
  pin: '001093012345',
  oldId: '012345678',
  fullName: 'Ưng Hoàng Hiệp',
  birthDate: '1993-01-05',
  sex: 'M',
  address: 'Số 8, Ngõ 12, Phường Láng Thượng, Quận Đống Đa, Hà Nội',
  issueDate: '2021-05-10',
};
const AN_QR =
  '001093012345|012345678|Ưng Hoàng Hiệp|05011993|Nam|Số 8, Ngõ 12, Phường Láng Thượng, Quận Đống Đa, Hà Nội|10052021';

const codes = (text: string) => parseQr(text).issues.map((i) => i.code);
const issueOf = (text: string, code: string) => parseQr(text).issues.find((i) => i.code === code);
/** The sample with field `n` (1-based) replaced. */
const withField = (n: number, value: string) =>
  AN_QR.split('|')
    .map((f, i) => (i === n - 1 ? value : f))
    .join('|');

describe('buildQr / parseQr', () => {
  it('writes and reads the 2021 layout', () => {
    expect(buildQr(AN)).toBe(AN_QR);
    expect(parseQr(AN_QR)).toEqual({
      data: { ...AN, extra: [], raw: AN_QR },
      issues: [],
    });
  });

  it('reads back what was written, with no issue (diacritics, commas, old ID or none, trailing fields)', () => {
    fc.assert(
      fc.property(cardQr, (input) => {
        const text = buildQr(input);
        const { data, issues } = parseQr(text);
        expect(issues).toEqual([]);
        expect(data).toEqual({ ...input, extra: input.extra ?? [], raw: text });
      }),
      { numRuns: 500 },
    );
  });

  it('refuses to write a separator inside a field, or a malformed value', () => {
    const fails = (input: QrInput, code: string) =>
      expect(() => buildQr(input)).toThrow(expect.objectContaining({ code }));
    expect(() => buildQr({ ...AN, address: 'Số 8 | Ngõ 12' })).toThrow(AppError);
    fails({ ...AN, address: 'Số 8 | Ngõ 12' }, 'qr_separator_in_field');
    fails({ ...AN, extra: ['a\nb'] }, 'qr_separator_in_field');
    fails({ ...AN, pin: '00109301234X' }, 'qr_pin_invalid');
    fails({ ...AN, oldId: '1234' }, 'qr_old_id_invalid');
    fails({ ...AN, birthDate: '1993-02-30' }, 'qr_date_invalid');
    fails({ ...AN, issueDate: '10/05/2021' }, 'qr_date_invalid');
  });
});

describe('parseQr: what it accepts', () => {
  it('an empty old ID (null) and a 12-digit one', () => {
    expect(parseQr(withField(2, ''))).toMatchObject({ data: { oldId: null }, issues: [] });
    expect(parseQr(withField(2, '001093012345'))).toMatchObject({
      data: { oldId: '001093012345' },
      issues: [],
    });
  });

  it('commas in the address, kept as written', () => {
    const text = withField(6, 'Thôn 3, Xã Ea Tu, Thành phố Buôn Ma Thuột, Đắk Lắk,');
    expect(parseQr(text).data.address).toBe('Thôn 3, Xã Ea Tu, Thành phố Buôn Ma Thuột, Đắk Lắk,');
    expect(parseQr(text).issues).toEqual([]);
  });

  it('8 fields: the trailing field is valid and kept in extra', () => {
    const text = `${AN_QR}|001093099999`;
    expect(parseQr(text)).toMatchObject({
      data: { extra: ['001093099999'], issueDate: '2021-05-10' },
      issues: [],
    });
    expect(parseQr(`${AN_QR}|Ưng Văn Bố|Lê Thị Mẹ`).data.extra).toEqual(['Ưng Văn Bố', 'Lê Thị Mẹ']);
  });

  it('"Nữ" in NFC and NFD, in any case; "Nam"', () => {
    const female = '001193012345|||05011993|Nữ|Hà Nội|10052021'.replace('|||', '||Lê Thị Hoa|');
    expect(parseQr(female).data.sex).toBe('F');
    expect(parseQr(female.normalize('NFD')).data.sex).toBe('F');
    expect(parseQr(female.normalize('NFD')).issues).toEqual([]);
    expect(parseQr(female.replace('Nữ', 'NỮ')).data.sex).toBe('F');
    expect(parseQr(withField(5, 'NAM')).data.sex).toBe('M');
  });

  it('a trailing line end and surrounding spaces, keeping raw untouched', () => {
    const text = `\uFEFF ${AN_QR}\r\n`;
    const r = parseQr(text);
    expect(r.issues).toEqual([]);
    expect(r.data.raw).toBe(text);
    expect(r.data.pin).toBe(AN.pin);
  });
});

describe('parseQr: each fault has its code, field and message', () => {
  it('6 fields: too few, saying how many', () => {
    const six = AN_QR.split('|').slice(0, 6).join('|');
    expect(issueOf(six, 'qr_field_count')).toMatchObject({
      field: 'qr',
      message: { en: expect.stringContaining('has 6 fields') },
    });
    expect(codes(six)).toEqual(['qr_field_count']);
    expect(parseQr(six).data).toMatchObject({ pin: AN.pin, address: AN.address });
  });

  it('an empty text', () => {
    expect(codes('')).toEqual(['qr_field_count', 'qr_pin_invalid']);
  });

  it('a missing or malformed date, with its field', () => {
    expect(issueOf(withField(4, ''), 'qr_date_invalid')).toMatchObject({
      field: 'birthDate',
      message: { en: 'Field 4 (birth date) is empty; expected a ddmmyyyy date.' },
    });
    expect(issueOf(withField(7, ''), 'qr_date_invalid')?.field).toBe('issueDate');
    expect(issueOf(withField(4, '5011993'), 'qr_date_invalid')?.message.en).toContain(
      'not of the form ddmmyyyy',
    );
    expect(issueOf(withField(4, '1993-01-05'), 'qr_date_invalid')?.field).toBe('birthDate');
    expect(issueOf(withField(7, '29022021'), 'qr_date_invalid')?.message.en).toBe(
      'Field 7 (issue date) is 29/02/2021, which is not a real date.',
    );
    expect(codes(withField(4, '29021996').replace('001093', '001096'))).toEqual([]);
  });

  it('a PIN that is not 12 digits', () => {
    expect(issueOf(withField(1, '00109301234'), 'qr_pin_invalid')).toMatchObject({
      field: 'pin',
      message: { en: 'Field 1 (PIN) is "00109301234"; expected exactly 12 digits.' },
    });
  });

  it('an old ID neither empty nor 9 or 12 digits', () => {
    expect(issueOf(withField(2, '0123456789'), 'qr_old_id_invalid')?.field).toBe('oldId');
  });

  it('an empty name or address', () => {
    expect(codes(withField(3, ' '))).toEqual(['qr_name_empty']);
    expect(codes(withField(6, ''))).toEqual(['qr_address_empty']);
  });

  it('a sex other than Nam or Nữ', () => {
    expect(issueOf(withField(5, 'M'), 'qr_sex_invalid')?.message.en).toBe(
      'Field 5 (sex) is "M"; expected "Nam" or "Nữ".',
    );
  });

  it('birth year or sex disagreeing with the PIN', () => {
    expect(issueOf(withField(4, '05011994'), 'qr_pin_birth_mismatch')?.message.en).toBe(
      'Field 4 (birth date) says birth year 1994 but the PIN encodes 1993.',
    );
    expect(issueOf(withField(4, '05012093'), 'qr_pin_birth_mismatch')?.message.en).toContain(
      'PIN encodes 1993',
    );
    expect(issueOf(withField(5, 'Nữ'), 'qr_pin_sex_mismatch')?.field).toBe('sex');
  });

  it('an issue date before birth', () => {
    expect(issueOf(withField(7, '04011993'), 'qr_issue_before_birth')?.message.en).toBe(
      'Field 7 (issue date) 1993-01-04 is before the birth date 1993-01-05.',
    );
  });

  it('a | inside the address cannot be told apart: it reads as a wrong issue date and an extra field', () => {
    const r = parseQr(withField(6, 'Số 8 | Ngõ 12, Hà Nội'));
    expect(r.data.address).toBe('Số 8');
    expect(r.issues.map((i) => i.code)).toEqual(['qr_date_invalid']);
    expect(r.data.extra).toEqual(['10052021']);
  });

  it('every issue has a snake_case code and both messages', () => {
    for (const text of ['', '|||||||', 'a|b|c|d|e|f|g', AN_QR.replaceAll('|', ',')]) {
      for (const i of parseQr(text).issues) {
        expect(i.code).toMatch(/^qr_[a-z_]+$/);
        expect(i.message.vi.length).toBeGreaterThan(10);
        expect(i.message.en.length).toBeGreaterThan(10);
      }
    }
  });
});

describe('parseQr never throws', () => {
  it('on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => void parseQr(s)),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => void parseQr(s)),
      { numRuns: 1000 },
    );
  });

  it('on strings full of separators, digits and Vietnamese letters', () => {
    const qrish = fc.string({ unit: fc.constantFrom(...'|0123456789,NamNữ\u0303 -/'), maxLength: 120 });
    fc.assert(
      fc.property(qrish, (s) => {
        for (const i of parseQr(s).issues)
          expect(`${i.message.vi} ${i.message.en}`).not.toMatch(/undefined|\[object/);
      }),
      { numRuns: 1000 },
    );
  });

  it('on values that are not strings', () => {
    expect(parseQr(null as unknown as string).issues.map((i) => i.code)).toContain('qr_field_count');
  });
});
