/**
 * EF.DG13, Vietnam's personal-data group (domain §4). The Ministry has not published its layout;
 * this is our reading, matching what public card readers find on real cards:
 *
 *   6D                            DG13
 *     31                          SET of fields, written in field-number order (BER lets a
 *                                 SET's elements come in any order; data groups need not be DER)
 *       30 { 02 n, 0C value }     field n, value a UTF8String
 *       30 { 02 0D, 30 { 0C father, 0C mother } }   field 13: the parents, an empty string for
 *                                 an unknown parent
 *
 *   n  content                        n  content
 *   1  PIN (12 digits)                9  place of residence
 *   2  full name                      10 identifying marks
 *   3  date of birth dd/mm/yyyy       11 issue date dd/mm/yyyy
 *   4  sex "Nam" / "Nữ"               12 expiry date dd/mm/yyyy, or "Không thời hạn"
 *   5  nationality                    13 [father's name, mother's name]
 *   6  ethnicity                      14 spouse's name            (unconfirmed)
 *   7  religion                       15 old ID number (CMND)     (unconfirmed)
 *   8  place of origin
 * Fields 14–15 are unconfirmed (domain §4: "14 spouse, 15–16 old ID number"); some readers find
 * the old ID number in 16, so reading takes 16 when 15 is absent. Unknown field numbers are
 * skipped so that a later card generation still reads. A field with no value (null) is left out.
 */
import type * as asn1js from 'asn1js';
import { checkIssue, type CheckIssue, type Checked } from '../check-issue.js';
import {
  APPLICATION,
  UNIVERSAL,
  childrenOf,
  constructed,
  encode,
  hasTag,
  integer,
  isTextTag,
  parseOne,
  sequence,
  smallIntegerOf,
  textOf,
  utf8,
} from './asn1.js';
import { chipDateToIso, isoToChipDate } from './dates.js';
import { malformed } from './files.js';

export interface Dg13Fields {
  pin: string;
  fullName: string;
  /** YYYY-MM-DD (YYYY-MM or YYYY when the day or month of birth is unknown). */
  birthDate: string;
  sex: 'M' | 'F';
  nationality: string;
  ethnicity: string;
  religion: string | null;
  originPlace: string | null;
  residencePlace: string | null;
  identifyingMarks: string | null;
  /** YYYY-MM-DD */
  issueDate: string;
  /** YYYY-MM-DD, or null for a card without expiry. */
  expiryDate: string | null;
  fatherName: string | null;
  motherName: string | null;
  spouseName: string | null;
  oldId: string | null;
}

/** Text fields that map one-to-one to a field number: those every card has… */
const REQUIRED_TEXT = { pin: 1, fullName: 2, nationality: 5, ethnicity: 6 } as const;
/** …and those that may be absent. */
const OPTIONAL_TEXT = {
  religion: 7,
  originPlace: 8,
  residencePlace: 9,
  identifyingMarks: 10,
  spouseName: 14,
  oldId: 15,
} as const;
const TEXT_FIELDS = { ...REQUIRED_TEXT, ...OPTIONAL_TEXT } as const;
const BIRTH_DATE = 3;
const SEX = 4;
const ISSUE_DATE = 11;
const EXPIRY_DATE = 12;
const PARENTS = 13;
const OLD_ID_ALTERNATIVE = 16;

const SEX_TEXT = { M: 'Nam', F: 'Nữ' } as const;
const NO_EXPIRY = 'Không thời hạn';

const REQUIRED: readonly (keyof Dg13Fields)[] = [
  'pin',
  'fullName',
  'birthDate',
  'sex',
  'nationality',
  'ethnicity',
  'issueDate',
];

/**
 * Writes the group. Throws RangeError for an empty required field or a date that is not a real
 * calendar date: this writes our own cards. An empty optional string is written as absent, so it
 * reads back as null.
 */
export function encodeDg13(fields: Dg13Fields): Uint8Array {
  for (const key of REQUIRED) {
    if (fields[key] === '') throw new RangeError(`encodeDg13: ${key} is empty`);
  }
  const birth = isoToChipDate(fields.birthDate, true);
  const issue = isoToChipDate(fields.issueDate);
  const expiry = fields.expiryDate === null ? NO_EXPIRY : isoToChipDate(fields.expiryDate);
  if (birth === null || issue === null || expiry === null)
    throw new RangeError('encodeDg13: a date is not a valid ISO calendar date');
  const values = new Map<number, asn1js.AsnType>([
    [BIRTH_DATE, utf8(birth)],
    [SEX, utf8(SEX_TEXT[fields.sex])],
    [ISSUE_DATE, utf8(issue)],
    [EXPIRY_DATE, utf8(expiry)],
  ]);
  for (const [key, n] of Object.entries(TEXT_FIELDS) as [keyof typeof TEXT_FIELDS, number][]) {
    const value = fields[key];
    if (value !== null && value !== '') values.set(n, utf8(value));
  }
  if (fields.fatherName || fields.motherName) {
    values.set(PARENTS, sequence([utf8(fields.fatherName ?? ''), utf8(fields.motherName ?? '')]));
  }
  const ordered = [...values.entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, value]) => sequence([integer(n), value]));
  return encode(constructed(APPLICATION, 0x0d, [constructed(UNIVERSAL, 17, ordered)]));
}

/** Reads the group. Never throws; every field that could be read is in `data`. */
export function decodeDg13(bytes: Uint8Array): Checked<Dg13Fields> {
  const raw = readFields(bytes);
  if ('issue' in raw) return { data: {}, issues: [raw.issue] };
  return interpret(raw.fields);
}

type RawValue = string | (string | null)[];

function readFields(bytes: Uint8Array): { fields: Map<number, RawValue> } | { issue: CheckIssue } {
  const parsed = parseOne(bytes);
  if ('error' in parsed) return bad(`không đọc được TLV (${parsed.error})`, `not a TLV (${parsed.error})`);
  const outer = childrenOf(parsed.element);
  if (!hasTag(parsed.element, APPLICATION, 0x0d, true) || outer === null)
    return bad('thẻ ngoài không phải 0x6D', 'the outer tag is not 0x6D');
  // The SET (or a SEQUENCE) of fields; a card that puts the fields straight under 6D reads too.
  const only = outer.length === 1 ? outer[0] : undefined;
  const container =
    only !== undefined && (hasTag(only, UNIVERSAL, 17, true) || hasTag(only, UNIVERSAL, 16, true))
      ? childrenOf(only)
      : outer;
  const fields = new Map<number, RawValue>();
  for (const element of container ?? []) {
    const parts = hasTag(element, UNIVERSAL, 16, true) ? childrenOf(element) : null;
    const n = parts?.[0] === undefined ? null : smallIntegerOf(parts[0]);
    if (parts === null || parts.length !== 2 || n === null || parts[1] === undefined) {
      return bad(
        'một trường không có dạng SEQUENCE { INTEGER số trường, giá trị }',
        'a field is not SEQUENCE { INTEGER field number, value }',
      );
    }
    if (fields.has(n)) return bad(`trường ${n} xuất hiện hai lần`, `field ${n} occurs twice`);
    const value = readValue(parts[1]);
    if (value === null)
      return bad(
        `giá trị trường ${n} không phải chuỗi UTF-8 hợp lệ`,
        `the value of field ${n} is not valid UTF-8 text`,
      );
    fields.set(n, value);
  }
  return { fields };
}

/** A text value, or for a SEQUENCE of texts (field 13) the list, empty strings read as null. */
function readValue(element: asn1js.AsnType): RawValue | null {
  if (isTextTag(element)) return textOf(element);
  const items = hasTag(element, UNIVERSAL, 16, true) ? childrenOf(element) : null;
  if (items === null || !items.every(isTextTag)) return null;
  const texts = items.map(textOf);
  return texts.some((t) => t === null) ? null : texts.map((t) => (t === '' ? null : t));
}

function interpret(raw: Map<number, RawValue>): Checked<Dg13Fields> {
  const data: Partial<Dg13Fields> = {};
  const issues: CheckIssue[] = [];
  const text = (n: number): string | null => {
    const v = raw.get(n);
    if (v === undefined || v === '') return null;
    if (typeof v === 'string') return v;
    issues.push(invalid(n, 'là một danh sách, cần một chuỗi', 'is a list where a text was expected'));
    return null;
  };
  for (const [key, n] of Object.entries(REQUIRED_TEXT) as [keyof typeof REQUIRED_TEXT, number][]) {
    const value = text(n);
    if (value !== null) data[key] = value;
  }
  for (const [key, n] of Object.entries(OPTIONAL_TEXT) as [keyof typeof OPTIONAL_TEXT, number][]) {
    data[key] = n === OPTIONAL_TEXT.oldId ? (text(n) ?? text(OLD_ID_ALTERNATIVE)) : text(n);
  }
  const birth = text(BIRTH_DATE);
  if (birth !== null) setDate(birth, BIRTH_DATE, true, (iso) => (data.birthDate = iso), issues);
  const issue = text(ISSUE_DATE);
  if (issue !== null) setDate(issue, ISSUE_DATE, false, (iso) => (data.issueDate = iso), issues);
  const expiry = text(EXPIRY_DATE);
  if (expiry !== null && sameWords(expiry, NO_EXPIRY)) data.expiryDate = null;
  else if (expiry !== null) setDate(expiry, EXPIRY_DATE, false, (iso) => (data.expiryDate = iso), issues);
  const sex = text(SEX);
  if (sex !== null && sameWords(sex, SEX_TEXT.M)) data.sex = 'M';
  else if (sex !== null && sameWords(sex, SEX_TEXT.F)) data.sex = 'F';
  else if (sex !== null)
    issues.push(invalid(SEX, `là "${sex}", cần "Nam" hoặc "Nữ"`, `is "${sex}"; expected "Nam" or "Nữ"`));
  const parents = raw.get(PARENTS);
  const [father = null, mother = null] =
    parents === undefined ? [] : typeof parents === 'string' ? [parents] : parents;
  data.fatherName = father;
  data.motherName = mother;
  for (const key of REQUIRED) {
    if (data[key] === undefined) {
      if (!issues.some((i) => i.field === `dg13.${key}`)) issues.push(missing(key));
    }
  }
  if (expiry === null) issues.push(missing('expiryDate'));
  return { data, issues };
}

function setDate(
  text: string,
  n: number,
  partial: boolean,
  set: (iso: string) => void,
  issues: CheckIssue[],
): void {
  const iso = chipDateToIso(text, partial);
  if (iso === null)
    issues.push(
      invalid(
        n,
        `là "${text}", không phải ngày hợp lệ dạng dd/mm/yyyy`,
        `is "${text}", not a valid dd/mm/yyyy date`,
      ),
    );
  else set(iso);
}

/** Case- and normalisation-insensitive: "nữ" written in decomposed form is still "Nữ". */
function sameWords(a: string, b: string): boolean {
  // Vietnamese has no locale-specific case mappings (unlike Turkish), so toLowerCase is exact.
  return a.normalize('NFC').trim().toLowerCase() === b.normalize('NFC').toLowerCase();
}

const FIELD_NAMES: Readonly<Record<number, { key: keyof Dg13Fields; vi: string; en: string }>> = {
  1: { key: 'pin', vi: 'số định danh cá nhân', en: 'personal ID number' },
  2: { key: 'fullName', vi: 'họ, chữ đệm và tên', en: 'full name' },
  3: { key: 'birthDate', vi: 'ngày sinh', en: 'date of birth' },
  4: { key: 'sex', vi: 'giới tính', en: 'sex' },
  5: { key: 'nationality', vi: 'quốc tịch', en: 'nationality' },
  6: { key: 'ethnicity', vi: 'dân tộc', en: 'ethnicity' },
  7: { key: 'religion', vi: 'tôn giáo', en: 'religion' },
  8: { key: 'originPlace', vi: 'quê quán', en: 'place of origin' },
  9: { key: 'residencePlace', vi: 'nơi thường trú', en: 'place of residence' },
  10: { key: 'identifyingMarks', vi: 'đặc điểm nhận dạng', en: 'identifying marks' },
  11: { key: 'issueDate', vi: 'ngày cấp', en: 'issue date' },
  12: { key: 'expiryDate', vi: 'ngày hết hạn', en: 'expiry date' },
  13: { key: 'fatherName', vi: 'họ tên cha, mẹ', en: "parents' names" },
  14: { key: 'spouseName', vi: 'họ tên vợ/chồng', en: "spouse's name" },
  15: { key: 'oldId', vi: 'số CMND cũ', en: 'old ID number' },
};

function fieldNumberOf(key: keyof Dg13Fields): number {
  return Number(Object.entries(FIELD_NAMES).find(([, f]) => f.key === key)?.[0] ?? 0);
}

function invalid(n: number, vi: string, en: string): CheckIssue {
  const f = FIELD_NAMES[n];
  const field = f === undefined ? 'dg13' : `dg13.${f.key}`;
  return checkIssue(
    'chip_dg13_field_invalid',
    field,
    `DG13 trường ${n} (${f?.vi ?? '?'}) ${vi}.`,
    `DG13 field ${n} (${f?.en ?? '?'}) ${en}.`,
  );
}

function missing(key: keyof Dg13Fields): CheckIssue {
  const n = fieldNumberOf(key);
  const f = FIELD_NAMES[n];
  const vi = f?.vi ?? key;
  const en = f?.en ?? key;
  return checkIssue(
    'chip_dg13_field_missing',
    `dg13.${key}`,
    `DG13 thiếu trường ${n} (${vi}).`,
    `DG13 lacks field ${n} (${en}).`,
  );
}

function bad(vi: string, en: string): { issue: CheckIssue } {
  return { issue: malformed('dg13', vi, en) };
}
