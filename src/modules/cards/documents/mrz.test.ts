import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../kernel/errors.js';
import { buildMrz, mrzCheckDigit, mrzNameOf, parseMrz, type MrzInput } from './mrz.js';
import { cardExpiry } from './validity.js';

// ---------------------------------------------------------------------------------------------
// Generators: people whose PIN agrees with their birth year and sex (PPP C YY RRRRRR).

const SURNAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
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
  'Dũng',
  'Hiếu',
  'Nguyệt',
  'Khôi',
  'Ỷ',
  'Ơn',
  'Đan',
  'Xuân',
];
const PROVINCES = ['001', '079', '031', '048', '036', '096'];

const fullName = fc
  .tuple(
    fc.constantFrom(...SURNAMES),
    fc.array(fc.constantFrom(...GIVEN), { minLength: 0, maxLength: 3 }),
    fc.boolean(),
  )
  .map(([surname, given, nfd]) => {
    const name = [surname, ...given].join(' ');
    return nfd ? name.normalize('NFD') : name;
  });

const isoDay = (min: string, max: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

function pinFor(province: string, birthDate: string, sex: 'M' | 'F', serial: number): string {
  const year = Number(birthDate.slice(0, 4));
  const century = 2 * Math.floor((year - 1900) / 100) + (sex === 'F' ? 1 : 0);
  return `${province}${century}${birthDate.slice(2, 4)}${String(serial).padStart(6, '0')}`;
}

function plusDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const card = fc
  .record({
    province: fc.constantFrom(...PROVINCES),
    birthDate: isoDay('1920-01-01', '2030-12-31'),
    sex: fc.constantFrom<'M' | 'F'>('M', 'F'),
    serial: fc.integer({ min: 0, max: 999_999 }),
    fullName,
    issueAfterDays: fc.integer({ min: 0, max: 80 * 365 }),
  })
  .map(({ province, birthDate, sex, serial, fullName, issueAfterDays }): MrzInput => ({
    pin: pinFor(province, birthDate, sex, serial),
    fullName,
    birthDate,
    sex,
    expiryDate: cardExpiry(birthDate, plusDays(birthDate, issueAfterDays)),
  }));

/** The name as the zone writes it, computed independently of the module: no marks, đ→D, upper case. */
function zoneWords(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .split(/\s+/)
    .filter(Boolean);
}

const codes = (text: string) => parseMrz(text).issues.map((i) => i.code);
const issueOf = (text: string, code: string, field?: string) =>
  parseMrz(text).issues.find((i) => i.code === code && (field === undefined || i.field === field));

// ---------------------------------------------------------------------------------------------
// A synthetic card, its check digits worked out apart from this module (7-3-1 by hand):
// Nguyễn Thị Mai Anh, female, born 12 Apr 1995 in HCMC (079), card expiring at 40.

const MAI_ANH: MrzInput = {
  pin: '079195001234',
  fullName: 'Nguyễn Thị Mai Anh',
  birthDate: '1995-04-12',
  sex: 'F',
  expiryDate: '2035-04-12',
};
const MAI_ANH_MRZ = [
  'IDVNM1950012347079195001234<<7',
  '9504121F3504129VNM<<<<<<<<<<<2',
  'NGUYEN<<THI<MAI<ANH<<<<<<<<<<<',
];
const GOOD = MAI_ANH_MRZ.join('\n');

/** The zone with one line replaced. */
function withLine(n: 1 | 2 | 3, line: string, lines: string[] = MAI_ANH_MRZ): string {
  return lines.map((l, i) => (i === n - 1 ? line : l)).join('\n');
}

/** Replaces the character at 1-based `position` of line `n`. */
function withChar(n: 1 | 2 | 3, position: number, c: string, lines: string[] = MAI_ANH_MRZ): string {
  const line = lines[n - 1]!;
  return withLine(n, line.slice(0, position - 1) + c + line.slice(position), lines);
}

/** Lines 1–2 rebuilt from their fields with correct check digits, to put one fault in a field. */
function assemble(f: {
  documentNumber?: string;
  optional?: string;
  birth?: string;
  sex?: string;
  expiry?: string;
  code?: string;
  state?: string;
}): string {
  const doc = f.documentNumber ?? '195001234';
  const optional = f.optional ?? '079195001234<<';
  const line1 = `${f.code ?? 'ID'}${f.state ?? 'VNM'}${doc}${mrzCheckDigit(doc)}${optional}${mrzCheckDigit(optional)}`;
  const birth = f.birth ?? '950412';
  const expiry = f.expiry ?? '350412';
  const head = `${birth}${mrzCheckDigit(birth)}${f.sex ?? 'F'}${expiry}${mrzCheckDigit(expiry)}VNM${'<'.repeat(11)}`;
  const composite = mrzCheckDigit(line1.slice(5) + head.slice(0, 7) + head.slice(8, 15) + head.slice(18, 29));
  return [line1, head + composite, MAI_ANH_MRZ[2]].join('\n');
}

describe('mrzCheckDigit', () => {
  it('gives the check digits of the ICAO 9303 part 5 TD1 specimen (7, 2, 9, 6)', () => {
    const [l1, l2] = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6'];
    expect(mrzCheckDigit(l1.slice(5, 14))).toBe('7');
    expect(mrzCheckDigit(l2.slice(0, 6))).toBe('2');
    expect(mrzCheckDigit(l2.slice(8, 14))).toBe('9');
    expect(mrzCheckDigit(l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29))).toBe('6');
  });

  it('reads the ICAO specimen with no check-digit issue (only the Vietnamese-card rules fail)', () => {
    const r = parseMrz(
      'I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<',
    );
    expect(r.issues.map((i) => i.code)).not.toContain('mrz_check_digit');
    expect(r.data).toMatchObject({
      documentNumber: 'D23145890',
      sex: 'F',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      issuingState: 'UTO',
      nationality: 'UTO',
    });
    expect(r.issues.map((i) => i.code)).toEqual(
      expect.arrayContaining(['mrz_document_code', 'mrz_issuing_state', 'mrz_nationality']),
    );
  });

  it('weights 7-3-1 with < = 0 and A = 10 … Z = 35', () => {
    expect(mrzCheckDigit('')).toBe('0');
    expect(mrzCheckDigit('<<<<<<')).toBe('0');
    expect(mrzCheckDigit('A')).toBe('0'); // 10 × 7 = 70
    expect(mrzCheckDigit('Z')).toBe('5'); // 35 × 7 = 245
    expect(mrzCheckDigit('123456BB')).toBe('5');
    expect(mrzCheckDigit('991231')).toBe('5');
  });
});

describe('buildMrz', () => {
  it('writes the Vietnamese card layout: PIN in the optional data, its check digit in position 30', () => {
    expect(buildMrz(MAI_ANH).split('\n')).toEqual(MAI_ANH_MRZ);
  });

  it('writes 991231 with check digit 5 for a card without expiry', () => {
    const mrz = buildMrz({
      pin: '001056012345',
      fullName: 'Trần Đức Hùng',
      birthDate: '1956-02-29',
      sex: 'M',
      expiryDate: null,
    });
    expect(mrz.split('\n')).toEqual([
      'IDVNM0560123454001056012345<<5',
      '5602292M9912315VNM<<<<<<<<<<<8',
      'TRAN<<DUC<HUNG<<<<<<<<<<<<<<<<',
    ]);
    expect(parseMrz(mrz)).toEqual({
      data: {
        documentNumber: '056012345',
        pin: '001056012345',
        surname: 'TRAN',
        givenNames: 'DUC HUNG',
        birthDate: '1956-02-29',
        sex: 'M',
        expiryDate: null,
        nationality: 'VNM',
        issuingState: 'VNM',
      },
      issues: [],
    });
  });

  it('folds Vietnamese letters, đ → D, and cuts long names at 30 characters leaving a letter last', () => {
    const long = 'Tôn Nữ Thị Huyền Trang Đoan Trinh Bảo Ngọc';
    const line3 = buildMrz({ ...MAI_ANH, fullName: long }).split('\n')[2]!;
    expect(line3).toBe('TON<<NU<THI<HUYEN<TRANG<DOAN<T');
    expect(mrzNameOf(long)).toEqual({ surname: 'TON', givenNames: 'NU THI HUYEN TRANG DOAN T' });
    expect(mrzNameOf('Đặng  Thị-Ý')).toEqual({ surname: 'DANG', givenNames: 'THI Y' });
    expect(mrzNameOf('Lý')).toEqual({ surname: 'LY', givenNames: '' });
  });

  it('writes an unknown day or month of birth as <<', () => {
    const mrz = buildMrz({ ...MAI_ANH, birthDate: '1995', expiryDate: null });
    expect(mrz.split('\n')[1]!.slice(0, 7)).toBe('95<<<<8'); // 9×7 + 5×3 = 78
    expect(parseMrz(mrz).data.birthDate).toBe('1995');
    expect(parseMrz(buildMrz({ ...MAI_ANH, birthDate: '1995-04', expiryDate: null })).data.birthDate).toBe(
      '1995-04',
    );
  });

  it('refuses what it cannot write', () => {
    const fails = (input: MrzInput, code: string) => {
      expect(() => buildMrz(input)).toThrow(AppError);
      expect(() => buildMrz(input)).toThrow(expect.objectContaining({ code }));
    };
    fails({ ...MAI_ANH, pin: '07919500123' }, 'mrz_pin_invalid');
    fails({ ...MAI_ANH, birthDate: '1995-02-30' }, 'mrz_date_invalid');
    fails({ ...MAI_ANH, expiryDate: '2035-4-12' }, 'mrz_date_invalid');
    fails({ ...MAI_ANH, expiryDate: '1990-01-01' }, 'mrz_expiry_out_of_range');
    fails({ ...MAI_ANH, expiryDate: '2095-04-13' }, 'mrz_expiry_out_of_range');
    fails({ ...MAI_ANH, fullName: '  ' }, 'mrz_name_empty');
    fails({ ...MAI_ANH, sex: 'X' as 'M' }, 'mrz_sex_invalid');
  });
});

describe('build → parse', () => {
  it('reads back what was written, with no issue (diacritics, NFD input, 29 February, no expiry)', () => {
    fc.assert(
      fc.property(card, (input) => {
        const mrz = buildMrz(input);
        const lines = mrz.split('\n');
        expect(lines.map((l) => l.length)).toEqual([30, 30, 30]);
        const { data, issues } = parseMrz(mrz);
        expect(issues).toEqual([]);
        const [surname, ...given] = zoneWords(input.fullName);
        const fits = `${surname}<<${given.join('<')}`.length <= 30;
        expect(data).toMatchObject({
          documentNumber: input.pin.slice(3),
          pin: input.pin,
          birthDate: input.birthDate,
          sex: input.sex,
          expiryDate: input.expiryDate,
          nationality: 'VNM',
          issuingState: 'VNM',
          ...(fits ? { surname, givenNames: given.join(' ') } : {}),
        });
      }),
      { numRuns: 500 },
    );
  });

  it('reports any single changed character on lines 1–2', () => {
    const alphabet = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<');
    fc.assert(
      fc.property(
        card,
        fc.constantFrom<1 | 2>(1, 2),
        fc.integer({ min: 1, max: 30 }),
        alphabet,
        (input, n, position, c) => {
          const lines = buildMrz(input).split('\n');
          fc.pre(lines[n - 1]!.charAt(position - 1) !== c);
          expect(parseMrz(withChar(n, position, c, lines)).issues.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('parseMrz never throws', () => {
  it('on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const r = parseMrz(s);
        expect(r.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('on strings made of zone characters and line breaks', () => {
    const zoneish = fc.string({ unit: fc.constantFrom(...'0123456789IDVNMAZ<\n\r ?é'), maxLength: 120 });
    fc.assert(
      fc.property(zoneish, (s) => {
        for (const i of parseMrz(s).issues)
          expect(`${i.message.vi} ${i.message.en}`).not.toMatch(/undefined|\[object/);
      }),
      { numRuns: 1000 },
    );
  });

  it('on 30-character lines of anything', () => {
    const line = fc.string({ unit: 'binary', minLength: 30, maxLength: 30 });
    fc.assert(
      fc.property(line, line, line, (a, b, c) => void parseMrz([a, b, c].join('\n'))),
      { numRuns: 500 },
    );
  });

  it('on values that are not strings', () => {
    expect(parseMrz(undefined as unknown as string).issues[0]?.code).toBe('mrz_line_count');
    expect(parseMrz(42 as unknown as string).issues[0]?.code).toBe('mrz_line_count');
  });
});

describe('parseMrz: tolerated input', () => {
  it('reads the synthetic card with no issue', () => {
    expect(parseMrz(GOOD)).toEqual({
      data: {
        documentNumber: '195001234',
        pin: '079195001234',
        surname: 'NGUYEN',
        givenNames: 'THI MAI ANH',
        birthDate: '1995-04-12',
        sex: 'F',
        expiryDate: '2035-04-12',
        nationality: 'VNM',
        issuingState: 'VNM',
      },
      issues: [],
    });
  });

  it('accepts CRLF, outer whitespace, indented lines, lowercase, and the 90-character single line', () => {
    const expected = parseMrz(GOOD);
    expect(parseMrz(`\n  ${MAI_ANH_MRZ.join('\r\n')}\r\n`)).toEqual(expected);
    expect(parseMrz(MAI_ANH_MRZ.map((l) => `  ${l}\t`).join('\n'))).toEqual(expected);
    expect(parseMrz(GOOD.toLowerCase())).toEqual(expected);
    expect(parseMrz(MAI_ANH_MRZ.join(''))).toEqual(expected);
  });

  it('reads the ICAO absent date <<<<<< (check digit < or 0) as no expiry', () => {
    for (const check of ['<', '0']) {
      const line2 = `9504121F<<<<<<${check}VNM<<<<<<<<<<<`;
      const composite = mrzCheckDigit(
        MAI_ANH_MRZ[0]!.slice(5) + line2.slice(0, 7) + line2.slice(8, 15) + line2.slice(18, 29),
      );
      const r = parseMrz(withLine(2, line2 + composite));
      expect(r.issues).toEqual([]);
      expect(r.data.expiryDate).toBeNull();
    }
  });

  it('takes the century from the PIN: 2000s, 1900s and 2100s births with the same YY', () => {
    for (const [c, year] of [
      ['2', 2005],
      ['0', 1905],
      ['4', 2105],
    ] as const) {
      const pin = `001${c}05123456`;
      const r = parseMrz(
        buildMrz({
          pin,
          fullName: 'Lê Na',
          birthDate: `${year}-06-01`,
          sex: 'M',
          expiryDate: `${year + 14}-06-01`,
        }),
      );
      expect(r.issues).toEqual([]);
      expect(r.data).toMatchObject({ birthDate: `${year}-06-01`, expiryDate: `${year + 14}-06-01` });
    }
  });
});

describe('parseMrz: each fault has its code, field and message', () => {
  it('wrong line count', () => {
    expect(codes(MAI_ANH_MRZ.slice(0, 2).join('\n'))).toEqual(['mrz_line_count']);
    expect(issueOf(`${GOOD}\nEXTRA`, 'mrz_line_count')?.message.en).toContain('4 lines');
    expect(codes('')).toEqual(['mrz_line_count']);
  });

  it('wrong line length, with the line number', () => {
    const short = withLine(2, MAI_ANH_MRZ[1]!.slice(0, 29));
    expect(issueOf(short, 'mrz_line_length')).toMatchObject({
      field: 'line2',
      message: { en: 'MRZ line 2 has 29 characters; it must have exactly 30.' },
    });
    expect(issueOf(withLine(3, `${MAI_ANH_MRZ[2]}<`), 'mrz_line_length')?.field).toBe('line3');
  });

  it('invalid characters, with line and position', () => {
    expect(issueOf(withChar(1, 7, 'é'), 'mrz_invalid_character')).toMatchObject({
      field: 'line1',
      message: { en: expect.stringContaining('U+00E9 at position 7') },
    });
    expect(issueOf(withChar(3, 3, '7'), 'mrz_invalid_character')?.field).toBe('line3');
  });

  it('a wrong check digit for each of the document number, birth date, expiry date, PIN and composite', () => {
    const cases = [
      { line: 1, position: 15, field: 'documentNumber', digit: '7' },
      { line: 2, position: 7, field: 'birthDate', digit: '1' },
      { line: 2, position: 15, field: 'expiryDate', digit: '9' },
      { line: 1, position: 30, field: 'pin', digit: '7' },
      { line: 2, position: 30, field: 'composite', digit: '2' },
    ] as const;
    for (const { line, position, field, digit } of cases) {
      const wrong = String((Number(digit) + 1) % 10);
      const found = issueOf(withChar(line, position, wrong), 'mrz_check_digit', field);
      expect(found, field).toBeDefined();
      expect(found!.message.en).toContain(`computed ${digit}, found "${wrong}"`);
      expect(found!.message.vi).toContain(`tính được ${digit}`);
    }
    // Only the composite covers the check digits of line 1: it alone fails when nothing else is wrong.
    expect(parseMrz(withChar(2, 30, '3')).issues.map((i) => [i.code, i.field])).toEqual([
      ['mrz_check_digit', 'composite'],
    ]);
  });

  it('a filler in place of the PIN check digit is reported', () => {
    expect(issueOf(withChar(1, 30, '<'), 'mrz_check_digit', 'pin')).toBeDefined();
  });

  it('wrong document code and issuing state', () => {
    expect(issueOf(assemble({ code: 'IX' }), 'mrz_document_code')?.message.en).toContain('"IX"');
    expect(issueOf(assemble({ state: 'VNX' }), 'mrz_issuing_state')?.message.en).toContain('"VNX"');
  });

  it('invalid dates', () => {
    expect(issueOf(assemble({ birth: '950230' }), 'mrz_date_invalid', 'birthDate')?.message.en).toContain(
      'not a real date',
    );
    expect(issueOf(assemble({ birth: '9504<1' }), 'mrz_date_invalid', 'birthDate')?.message.en).toContain(
      'YYMMDD',
    );
    expect(issueOf(assemble({ expiry: '351301' }), 'mrz_date_invalid', 'expiryDate')).toBeDefined();
    // 29 February exists in 2000 but not in 1900: the century digit decides.
    const feb29 = (c: string) =>
      assemble({
        documentNumber: `${c}00001234`,
        optional: `079${c}00001234<<`,
        birth: '000229',
        expiry: '250229',
      });
    expect(codes(feb29('0'))).toContain('mrz_date_invalid');
    expect(codes(feb29('3'))).toEqual(['mrz_date_invalid']); // 2000-02-29 is fine, 2025-02-29 is not
  });

  it('optional data that is not the PIN, or not ending in the document number', () => {
    expect(issueOf(assemble({ optional: '<<<<<<<<<<<<<<' }), 'mrz_pin_mismatch')?.message.en).toContain(
      'expected the 12-digit PIN',
    );
    expect(issueOf(assemble({ optional: '079195001235<<' }), 'mrz_pin_mismatch')?.message.en).toBe(
      'PIN 079195001235 does not end in the document number 195001234.',
    );
  });

  it('birth year or sex disagreeing with the PIN', () => {
    expect(issueOf(assemble({ birth: '960412' }), 'mrz_pin_birth_mismatch')?.message.en).toBe(
      'The MRZ birth year ends in 96 but the PIN encodes ..95.',
    );
    expect(issueOf(assemble({ sex: 'M' }), 'mrz_pin_sex_mismatch')?.message.en).toBe(
      'The MRZ sex is M but the PIN encodes F.',
    );
    expect(codes(assemble({ sex: 'X' }))).toEqual(['mrz_sex_invalid']);
  });

  it('fillers expected on line 2 positions 19–29', () => {
    const line2 = `9504121F3504129VNM12345<<<<<<`;
    const composite = mrzCheckDigit(
      MAI_ANH_MRZ[0]!.slice(5) + line2.slice(0, 7) + line2.slice(8, 15) + line2.slice(18, 29),
    );
    expect(codes(withLine(2, line2 + composite))).toEqual(['mrz_filler_expected']);
  });

  it('an empty surname', () => {
    expect(codes(withLine(3, '<'.repeat(30)))).toEqual(['mrz_name_empty']);
    expect(codes(withLine(3, `<<THI${'<'.repeat(25)}`))).toEqual(['mrz_name_empty']);
  });

  it('keeps what it could read next to the issues', () => {
    const r = parseMrz(withChar(2, 30, '3'));
    expect(r.data).toMatchObject({ pin: '079195001234', birthDate: '1995-04-12', surname: 'NGUYEN' });
  });

  it('every issue has a snake_case code and both messages', () => {
    const broken = [
      '',
      'x',
      withChar(1, 1, 'X'),
      assemble({ birth: '990230', sex: '<' }),
      withLine(3, '1'.repeat(30)),
      `${GOOD}\n${GOOD}`,
    ];
    for (const text of broken) {
      for (const i of parseMrz(text).issues) {
        expect(i.code).toMatch(/^mrz_[a-z_]+$/);
        expect(i.message.vi.length).toBeGreaterThan(10);
        expect(i.message.en.length).toBeGreaterThan(10);
      }
    }
  });
});
