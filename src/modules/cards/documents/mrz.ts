/**
 * The machine-readable zone on the back of the Vietnamese ID card: ICAO 9303 part 5, TD1 size,
 * three lines of 30 characters (domain §4). Building and checking are pure and offline.
 *
 *   line 1  ID VNM ddddddddd c PPPCYYRRRRRR << p
 *           1–2 document code, 3–5 issuing state, 6–14 document number = the last 9 digits of
 *           the PIN, 15 its check digit, 16–30 optional data. ICAO leaves the optional data to the
 *           issuing state; Vietnamese cards write the full 12-digit PIN (16–27), two fillers
 *           (28–29) and, in position 30, the check digit of positions 16–29 (= of the PIN, as `<`
 *           counts 0), e.g. `IDVNM1950012347079195001234<<7`. That last digit is not in the ICAO
 *           layout: it is what every Vietnamese card zone in public sample data carries, so we
 *           write it and require it (a `<` there is reported: it would hide a damaged digit 0).
 *   line 2  YYMMDD c S YYMMDD c VNM <<<<<<<<<<< k
 *           birth date + check, sex M/F, expiry + check, nationality, 11 fillers (optional data
 *           2), composite check over line 1 positions 6–30 and line 2 positions 1–7, 9–15, 19–29.
 *   line 3  SURNAME<<GIVEN<NAMES, without diacritics, cut at 30 characters.
 *
 * Decisions:
 * - No expiry (cards issued from 58–60 on): written `991231` with its check digit `5`, i.e.
 *   31 Dec 2099, as on the Vietnamese card zones of holders born before 1966 found in public
 *   sample data (line 2 like `5602292M9912315VNM<<<<<<<<<<<8`). Not confirmed by a published
 *   specification. Parsing reads `991231` as "no expiry"; so does ICAO's alternative for an
 *   absent date, `<<<<<<` with check digit `<` or `0`. A real expiry of 31 Dec 2099 (births on
 *   31 Dec 2039/2059/2074/2085) would read as "no expiry" too: the zone cannot tell them apart.
 * - Century of the birth year: from the PIN's century digit (optional data, or the document
 *   number, whose first digit is the PIN's fourth). Expiry century: the first after the birth
 *   date, within 100 years.
 * - Unknown day or month of birth (older people): ICAO fills them with `<`; such a zone parses to
 *   `YYYY` or `YYYY-MM`, and the builder accepts those forms.
 * - Input tolerance: surrounding whitespace, `\r\n`/`\r` line ends, spaces around a line, and the
 *   90-character single-line form (chip DG1, some readers) are accepted; lowercase ASCII letters
 *   are read as uppercase, since the zone has no lowercase and the mapping loses nothing (a zone
 *   typed by hand). Anything else outside `A–Z 0–9 <` is reported.
 * - Names: the first word of the full name is the surname, the rest are given names; diacritics
 *   are dropped, đ→D, hyphens and other separators become `<`, apostrophes are dropped. Names too
 *   long for 30 characters are cut at the end (given names lose letters first), as ICAO does; a
 *   letter in position 30 tells a reader the name may be truncated.
 */
import { invalid } from '../../../kernel/errors.js';
import { foldName } from '../../../kernel/fold.js';
import { decodePin } from '../../people/index.js';
import { checkIssue, type CheckIssue, type Checked } from '../check-issue.js';
import { isCalendarDate, isIsoDate, viDate } from './validity.js';

export interface MrzData {
  documentNumber: string;
  pin: string;
  surname: string;
  givenNames: string;
  /** YYYY-MM-DD, or YYYY / YYYY-MM when the zone has `<` for an unknown day or month. */
  birthDate: string;
  sex: 'M' | 'F';
  /** YYYY-MM-DD, or null for a card without expiry. */
  expiryDate: string | null;
  nationality: string;
  issuingState: string;
}

export interface MrzInput {
  pin: string;
  fullName: string;
  /** YYYY-MM-DD (YYYY or YYYY-MM when day or month is unknown). */
  birthDate: string;
  sex: 'M' | 'F';
  /** YYYY-MM-DD, or null when the card has no expiry. */
  expiryDate: string | null;
}

const LINE_LENGTH = 30;
const DOCUMENT_CODE = 'ID';
const VIETNAM = 'VNM';
/** What Vietnamese cards write in the expiry field when there is no expiry (see the header). */
const NO_EXPIRY = '991231';
const ABSENT_DATE = '<<<<<<';
const WEIGHTS = [7, 3, 1];

// ---------------------------------------------------------------------------------------------
// Check digits

function charValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  // Lowercase is read as uppercase (see header); `<` and anything else count 0.
  if (code >= 97 && code <= 122) return code - 87;
  return 0;
}

/** ICAO 9303 check digit: weights 7-3-1 repeating, `<` = 0, A–Z = 10–35, sum mod 10. Never throws. */
export function mrzCheckDigit(s: string): string {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += charValue(s.charAt(i)) * (WEIGHTS[i % 3] ?? 0);
  return String(sum % 10);
}

/** The text the TD1 composite check digit covers: line 1 positions 6–30, line 2 1–7, 9–15, 19–29. */
function compositeText(line1: string, line2: string): string {
  return line1.slice(5, 30) + line2.slice(0, 7) + line2.slice(8, 15) + line2.slice(18, 29);
}

// ---------------------------------------------------------------------------------------------
// Names

/** The words of a name as the zone writes them: A–Z only. */
function mrzWords(fullName: string): string[] {
  const folded = foldName(fullName.replace(/['’ʼ`]/g, '')).toUpperCase();
  return folded
    .replace(/Æ/g, 'AE')
    .replace(/[ØŒ]/g, 'OE')
    .replace(/Þ/g, 'TH')
    .replace(/Ł/g, 'L')
    .split(' ')
    .map((w) => w.replace(/[^A-Z]/g, ''))
    .filter((w) => w.length > 0);
}

function nameLine(fullName: string): string {
  const [surname, ...given] = mrzWords(fullName);
  if (surname === undefined) {
    throw invalid('mrz_name_empty', 'fullName', {
      vi: 'Họ tên không có chữ cái Latinh nào để ghi vào vùng MRZ.',
      en: 'The full name has no Latin letters to write in the MRZ.',
    });
  }
  return `${surname}<<${given.join('<')}`.slice(0, LINE_LENGTH).padEnd(LINE_LENGTH, '<');
}

function readNameLine(line: string): { surname: string; givenNames: string } {
  const cut = line.indexOf('<<');
  const surname = cut < 0 ? line : line.slice(0, cut);
  const given = cut < 0 ? '' : line.slice(cut + 2);
  const words = (s: string) =>
    s
      .split('<')
      .filter((w) => w.length > 0)
      .join(' ');
  return { surname: words(surname), givenNames: words(given) };
}

/** The surname and given names a card made for `fullName` carries in its zone (folded, truncated). */
export function mrzNameOf(fullName: string): { surname: string; givenNames: string } {
  return readNameLine(nameLine(fullName));
}

// ---------------------------------------------------------------------------------------------
// Building

const PIN_SHAPE = /^[0-9]{12}$/;
const PARTIAL_ISO = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$/;

function badInput(code: string, field: string, vi: string, en: string): Error {
  return invalid(code, field, { vi, en });
}

/** YYMMDD for an ISO date, `<<` for an unknown month or day. */
function zoneDate(text: string, field: string, allowPartial: boolean): string {
  const m = PARTIAL_ISO.exec(text);
  const full = m?.[3] !== undefined;
  const ok =
    m &&
    (full
      ? isIsoDate(text)
      : allowPartial && (m[2] === undefined || isCalendarDate(Number(m[1]), Number(m[2]), 1)));
  if (!m || !ok) {
    throw badInput(
      'mrz_date_invalid',
      field,
      `Ngày "${text}" không hợp lệ để ghi vào vùng MRZ.`,
      `"${text}" is not a date the MRZ can carry.`,
    );
  }
  return `${m[1]!.slice(2)}${m[2] ?? '<<'}${m[3] ?? '<<'}`;
}

/** The first day a full or partial ISO birth date may denote. */
function earliestDay(birthDate: string): string {
  return `${birthDate.slice(0, 4)}-${birthDate.slice(5, 7) || '01'}-${birthDate.slice(8, 10) || '01'}`;
}

/** The zone writes two year digits; the parser reads the one date in (birth, birth + 100 years]. */
function checkExpiryRange(birthDate: string, expiryDate: string): void {
  const birth = earliestDay(birthDate);
  const hundredth = `${Number(birth.slice(0, 4)) + 100}${birth.slice(4)}`;
  if (expiryDate <= birth || expiryDate > hundredth) {
    throw badInput(
      'mrz_expiry_out_of_range',
      'expiryDate',
      `Ngày hết hạn ${viDate(expiryDate)} phải sau ngày sinh và trong vòng 100 năm: vùng MRZ chỉ ghi hai chữ số năm.`,
      `Expiry ${expiryDate} must be after the birth date and within 100 years: the MRZ writes only two year digits.`,
    );
  }
}

/**
 * The three lines (joined by `\n`) for a card. Throws `invalid` when the PIN is not 12 digits, a
 * date is malformed, the sex is not M/F, the name has no Latin letter, or the expiry cannot be
 * written unambiguously (not after birth, or more than 100 years later).
 */
export function buildMrz(input: MrzInput): string {
  if (!PIN_SHAPE.test(input.pin))
    throw badInput(
      'mrz_pin_invalid',
      'pin',
      'Số định danh cá nhân phải gồm đúng 12 chữ số.',
      'The personal ID number must be exactly 12 digits.',
    );
  if (input.sex !== 'M' && input.sex !== 'F')
    throw badInput('mrz_sex_invalid', 'sex', 'Giới tính phải là M hoặc F.', 'Sex must be M or F.');
  const birth = zoneDate(input.birthDate, 'birthDate', true);
  const expiry = input.expiryDate === null ? NO_EXPIRY : zoneDate(input.expiryDate, 'expiryDate', false);
  if (input.expiryDate !== null) checkExpiryRange(input.birthDate, input.expiryDate);
  const documentNumber = input.pin.slice(3);
  const line1 = `${DOCUMENT_CODE}${VIETNAM}${documentNumber}${mrzCheckDigit(documentNumber)}${input.pin}<<${mrzCheckDigit(input.pin)}`;
  const line2Head = `${birth}${mrzCheckDigit(birth)}${input.sex}${expiry}${mrzCheckDigit(expiry)}${VIETNAM}${'<'.repeat(11)}`;
  const line2 = line2Head + mrzCheckDigit(compositeText(line1, line2Head));
  return [line1, line2, nameLine(input.fullName)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Parsing

type Issues = CheckIssue[];

const VALID_CHAR = /^[A-Z0-9<]$/;
const NAME_CHAR = /^[A-Z<]$/;

/** A character for a message: quoted when printable ASCII, else its code point (it may be invisible). */
function showChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code >= 0x21 && code <= 0x7e ? `"${c}"` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A field as read, for a message. */
function shown(s: string): string {
  return JSON.stringify(s);
}

/** The lines as given: outer whitespace and line-end styles ignored, ASCII lowercase read as uppercase. */
function splitLines(text: string): string[] {
  const t = text.trim().replace(/[a-z]+/g, (s) => s.toUpperCase());
  if (t === '') return [];
  const lines = t.split(/\r\n|\r|\n/).map((l) => l.trim());
  const only = lines[0];
  if (lines.length === 1 && only !== undefined && only.length === 3 * LINE_LENGTH) {
    return [only.slice(0, 30), only.slice(30, 60), only.slice(60)];
  }
  return lines;
}

/**
 * A 30-character line with every character outside `allowed` replaced by `?`, so fields can be
 * sliced by position; undefined (with an issue) when the line has the wrong length.
 */
function checkedLine(
  raw: string | undefined,
  n: number,
  allowed: RegExp,
  issues: Issues,
): string | undefined {
  if (raw === undefined) return undefined;
  const chars = Array.from(raw);
  if (chars.length !== LINE_LENGTH) {
    issues.push(
      checkIssue(
        'mrz_line_length',
        `line${n}`,
        `Dòng ${n} của vùng MRZ có ${chars.length} ký tự, cần đúng 30.`,
        `MRZ line ${n} has ${chars.length} characters; it must have exactly 30.`,
      ),
    );
    return undefined;
  }
  const bad = chars.map((c, i) => ({ c, i })).filter(({ c }) => !allowed.test(c));
  const first = bad[0];
  if (first !== undefined) {
    const more =
      bad.length > 1
        ? { vi: ` (cùng ${bad.length - 1} ký tự sai khác)`, en: ` (and ${bad.length - 1} more)` }
        : { vi: '', en: '' };
    const set = allowed === NAME_CHAR ? 'A–Z, <' : 'A–Z, 0–9, <';
    issues.push(
      checkIssue(
        'mrz_invalid_character',
        `line${n}`,
        `Dòng ${n} có ký tự không hợp lệ ${showChar(first.c)} ở vị trí ${first.i + 1}${more.vi}; chỉ dùng ${set}.`,
        `MRZ line ${n} has the invalid character ${showChar(first.c)} at position ${first.i + 1}${more.en}; only ${set} are allowed.`,
      ),
    );
  }
  return chars.map((c) => (allowed.test(c) ? c : '?')).join('');
}

function checkDigitIssue(
  field: string,
  what: { vi: string; en: string },
  expected: string,
  found: string,
): CheckIssue {
  return checkIssue(
    'mrz_check_digit',
    field,
    `Chữ số kiểm tra của ${what.vi} sai: tính được ${expected}, trên thẻ là ${showChar(found)}.`,
    `Wrong check digit for the ${what.en}: computed ${expected}, found ${showChar(found)}.`,
  );
}

function verifyDigit(
  text: string,
  found: string,
  field: string,
  what: { vi: string; en: string },
  issues: Issues,
): void {
  const expected = mrzCheckDigit(text);
  if (found !== expected) issues.push(checkDigitIssue(field, what, expected, found));
}

/** What the PIN tells about the holder: century digit, YY and sex, from the PIN or the document number. */
interface PinFacts {
  centuryDigit: number;
  yy: string;
  sex: 'M' | 'F';
}

function parseLine1(line: string, data: Partial<MrzData>, issues: Issues): PinFacts | undefined {
  const code = line.slice(0, 2);
  const state = line.slice(2, 5);
  data.issuingState = state.replace(/<+$/, '');
  if (code !== DOCUMENT_CODE)
    issues.push(
      checkIssue(
        'mrz_document_code',
        'documentCode',
        `Mã loại giấy tờ (vị trí 1–2 dòng 1) là ${shown(code)}, cần "ID".`,
        `The document code (line 1, positions 1–2) is ${shown(code)}; expected "ID".`,
      ),
    );
  if (state !== VIETNAM)
    issues.push(
      checkIssue(
        'mrz_issuing_state',
        'issuingState',
        `Quốc gia cấp (vị trí 3–5 dòng 1) là ${shown(state)}, cần "VNM".`,
        `The issuing state (line 1, positions 3–5) is ${shown(state)}; expected "VNM".`,
      ),
    );
  const documentNumber = line.slice(5, 14);
  data.documentNumber = documentNumber.replace(/<+$/, '');
  verifyDigit(
    documentNumber,
    line.charAt(14),
    'documentNumber',
    { vi: 'số thẻ (vị trí 15 dòng 1)', en: 'document number (line 1, position 15)' },
    issues,
  );
  const numeric = /^[0-9]{9}$/.test(documentNumber);
  if (!numeric)
    issues.push(
      checkIssue(
        'mrz_document_number_invalid',
        'documentNumber',
        `Số thẻ "${documentNumber}" phải là 9 chữ số cuối của số định danh.`,
        `Document number "${documentNumber}" must be the last 9 digits of the PIN.`,
      ),
    );
  const pin = parseOptionalData(line, documentNumber, numeric, data, issues);
  // The document number is PIN digits 4–12, so it carries the century/sex digit and YY too.
  const decoded = decodePin(pin ?? (numeric ? `000${documentNumber}` : ''));
  return decoded
    ? { centuryDigit: decoded.centuryDigit, yy: decoded.pin.slice(4, 6), sex: decoded.sex }
    : undefined;
}

function parseOptionalData(
  line: string,
  documentNumber: string,
  numeric: boolean,
  data: Partial<MrzData>,
  issues: Issues,
): string | undefined {
  const optional = line.slice(15, 29);
  const pin = optional.slice(0, 12);
  if (!PIN_SHAPE.test(pin) || optional.slice(12) !== '<<') {
    issues.push(
      checkIssue(
        'mrz_pin_mismatch',
        'pin',
        `Dữ liệu tuỳ chọn dòng 1 (vị trí 16–29) là ${shown(optional)}, cần số định danh 12 chữ số theo sau là "<<".`,
        `The optional data on line 1 (positions 16–29) is ${shown(optional)}; expected the 12-digit PIN followed by "<<".`,
      ),
    );
    // Position 30 is only the PIN's check digit in the Vietnamese layout; another layout was reported above.
    return undefined;
  }
  verifyDigit(
    optional,
    line.charAt(29),
    'pin',
    { vi: 'số định danh (vị trí 30 dòng 1)', en: 'PIN (line 1, position 30)' },
    issues,
  );
  data.pin = pin;
  if (numeric && pin.slice(3) !== documentNumber) {
    issues.push(
      checkIssue(
        'mrz_pin_mismatch',
        'pin',
        `Số định danh ${pin} không kết thúc bằng số thẻ ${documentNumber}.`,
        `PIN ${pin} does not end in the document number ${documentNumber}.`,
      ),
    );
  }
  return pin;
}

const ZONE_DATE = /^([0-9]{2})([0-9]{2}|<<)([0-9]{2}|<<)$/;

function dateProblem(
  field: 'birthDate' | 'expiryDate',
  text: string,
  why: { vi: string; en: string },
): CheckIssue {
  const name =
    field === 'birthDate' ? { vi: 'Ngày sinh', en: 'birth date' } : { vi: 'Ngày hết hạn', en: 'expiry date' };
  return checkIssue(
    'mrz_date_invalid',
    field,
    `${name.vi} "${text}" trong vùng MRZ ${why.vi}.`,
    `The MRZ ${name.en} "${text}" ${why.en}.`,
  );
}

/** The birth date with the century from the PIN; a partial ISO date when day or month is `<<`. */
function readBirth(text: string, facts: PinFacts | undefined, issues: Issues): string | undefined {
  const m = ZONE_DATE.exec(text);
  const month = m?.[2] === '<<' ? undefined : Number(m?.[2]);
  const day = m?.[3] === '<<' ? undefined : Number(m?.[3]);
  if (!m || (month === undefined && day !== undefined)) {
    issues.push(
      dateProblem('birthDate', text, { vi: 'không có dạng YYMMDD', en: 'is not of the form YYMMDD' }),
    );
    return undefined;
  }
  // Any leap year: only the century can rule out 29 February, and it may be unknown yet.
  if (month !== undefined && !isCalendarDate(2000, month, day ?? 1)) {
    issues.push(dateProblem('birthDate', text, { vi: 'không phải ngày có thật', en: 'is not a real date' }));
    return undefined;
  }
  if (!facts) return undefined;
  const year = 1900 + 100 * Math.floor(facts.centuryDigit / 2) + Number(m[1]);
  if (month !== undefined && day !== undefined && !isCalendarDate(year, month, day)) {
    issues.push(
      dateProblem('birthDate', text, {
        vi: `không phải ngày có thật (năm ${year})`,
        en: `is not a real date (year ${year})`,
      }),
    );
    return undefined;
  }
  return [String(year), m[2] === '<<' ? undefined : m[2], m[3] === '<<' ? undefined : m[3]]
    .filter((p) => p !== undefined)
    .join('-');
}

/** The expiry: null for "no expiry", else the first date after birth that fits YYMMDD (within 100 years). */
function readExpiry(text: string, birthDate: string | undefined, issues: Issues): string | null | undefined {
  if (text === NO_EXPIRY || text === ABSENT_DATE) return null;
  const m = /^([0-9]{2})([0-9]{2})([0-9]{2})$/.exec(text);
  if (!m || !isCalendarDate(2000, Number(m[2]), Number(m[3]))) {
    issues.push(
      dateProblem('expiryDate', text, {
        vi: 'không phải ngày YYMMDD có thật',
        en: 'is not a real YYMMDD date',
      }),
    );
    return undefined;
  }
  if (birthDate === undefined) return undefined;
  const birthYear = Number(birthDate.slice(0, 4));
  const earliestBirth = earliestDay(birthDate);
  let year = birthYear - (birthYear % 100) + Number(m[1]);
  if (`${year}-${m[2]}-${m[3]}` <= earliestBirth) year += 100;
  const iso = `${year}-${m[2]}-${m[3]}`;
  if (!isIsoDate(iso)) {
    issues.push(
      dateProblem('expiryDate', text, {
        vi: `không phải ngày có thật (năm ${year})`,
        en: `is not a real date (year ${year})`,
      }),
    );
    return undefined;
  }
  return iso;
}

function verifyExpiryDigit(text: string, found: string, issues: Issues): void {
  // ICAO's absent date carries `<` or `0` as its check digit.
  if (text === ABSENT_DATE && (found === '<' || found === '0')) return;
  verifyDigit(
    text,
    found,
    'expiryDate',
    { vi: 'ngày hết hạn (vị trí 15 dòng 2)', en: 'expiry date (line 2, position 15)' },
    issues,
  );
}

function parseLine2(line: string, facts: PinFacts | undefined, data: Partial<MrzData>, issues: Issues): void {
  const birth = line.slice(0, 6);
  const sex = line.charAt(7);
  const expiry = line.slice(8, 14);
  verifyDigit(
    birth,
    line.charAt(6),
    'birthDate',
    { vi: 'ngày sinh (vị trí 7 dòng 2)', en: 'birth date (line 2, position 7)' },
    issues,
  );
  verifyExpiryDigit(expiry, line.charAt(14), issues);
  if (sex === 'M' || sex === 'F') data.sex = sex;
  else
    issues.push(
      checkIssue(
        'mrz_sex_invalid',
        'sex',
        `Giới tính (vị trí 8 dòng 2) là ${showChar(sex)}, cần M hoặc F.`,
        `Sex (line 2, position 8) is ${showChar(sex)}; expected M or F.`,
      ),
    );
  const filler = line.slice(18, 29);
  if (filler !== '<'.repeat(11))
    issues.push(
      checkIssue(
        'mrz_filler_expected',
        'line2',
        `Dòng 2 vị trí 19–29 phải là 11 ký tự "<", trên thẻ là ${shown(filler)}.`,
        `MRZ line 2 positions 19–29 must be 11 "<" fillers; found ${shown(filler)}.`,
      ),
    );
  const nationality = line.slice(15, 18);
  data.nationality = nationality.replace(/<+$/, '');
  if (nationality !== VIETNAM)
    issues.push(
      checkIssue(
        'mrz_nationality',
        'nationality',
        `Quốc tịch (vị trí 16–18 dòng 2) là ${shown(nationality)}, cần "VNM".`,
        `Nationality (line 2, positions 16–18) is ${shown(nationality)}; expected "VNM".`,
      ),
    );
  const birthDate = readBirth(birth, facts, issues);
  if (birthDate !== undefined) data.birthDate = birthDate;
  const expiryDate = readExpiry(expiry, birthDate, issues);
  if (expiryDate !== undefined) data.expiryDate = expiryDate;
  if (facts) comparePin(birth.slice(0, 2), data.sex, facts, issues);
}

function comparePin(yy: string, sex: 'M' | 'F' | undefined, facts: PinFacts, issues: Issues): void {
  if (/^[0-9]{2}$/.test(yy) && yy !== facts.yy) {
    issues.push(
      checkIssue(
        'mrz_pin_birth_mismatch',
        'birthDate',
        `Năm sinh trong vùng MRZ kết thúc bằng ${yy} nhưng số định danh mã hoá năm ..${facts.yy}.`,
        `The MRZ birth year ends in ${yy} but the PIN encodes ..${facts.yy}.`,
      ),
    );
  }
  if (sex !== undefined && sex !== facts.sex) {
    issues.push(
      checkIssue(
        'mrz_pin_sex_mismatch',
        'sex',
        `Giới tính trong vùng MRZ là ${sex} nhưng số định danh mã hoá ${facts.sex}.`,
        `The MRZ sex is ${sex} but the PIN encodes ${facts.sex}.`,
      ),
    );
  }
}

function parseLine3(line: string, data: Partial<MrzData>, issues: Issues): void {
  const { surname, givenNames } = readNameLine(line);
  if (surname === '') {
    issues.push(
      checkIssue(
        'mrz_name_empty',
        'surname',
        'Dòng 3 của vùng MRZ không có họ.',
        'MRZ line 3 has no surname.',
      ),
    );
    return;
  }
  data.surname = surname;
  data.givenNames = givenNames;
}

/**
 * Reads and checks a TD1 zone (three lines joined by a line break, or the 90-character form).
 * Never throws: everything wrong is an issue, and `data` holds what could be read.
 */
export function parseMrz(text: string): Checked<MrzData> {
  const issues: Issues = [];
  const data: Partial<MrzData> = {};
  const lines = typeof text === 'string' ? splitLines(text) : [];
  if (lines.length !== 3) {
    issues.push(
      checkIssue(
        'mrz_line_count',
        'mrz',
        `Vùng MRZ có ${lines.length} dòng, cần đúng 3 dòng 30 ký tự.`,
        `The MRZ has ${lines.length} lines; it must have exactly 3 lines of 30 characters.`,
      ),
    );
  }
  const line1 = checkedLine(lines[0], 1, VALID_CHAR, issues);
  const line2 = checkedLine(lines[1], 2, VALID_CHAR, issues);
  const line3 = checkedLine(lines[2], 3, NAME_CHAR, issues);
  const facts = line1 === undefined ? undefined : parseLine1(line1, data, issues);
  if (line2 !== undefined) parseLine2(line2, facts, data, issues);
  if (line1 !== undefined && line2 !== undefined) {
    verifyDigit(
      compositeText(line1, line2),
      line2.charAt(29),
      'composite',
      { vi: 'tổng hợp (vị trí 30 dòng 2)', en: 'composite (line 2, position 30)' },
      issues,
    );
  }
  if (line3 !== undefined) parseLine3(line3, data, issues);
  return { data, issues };
}
