/**
 * The QR code on the ID card (domain §4): one line of `|`-separated fields
 *
 *   PIN | old ID (9 or 12 digits, may be empty) | full name | birth date ddmmyyyy |
 *   Nam or Nữ | permanent address | issue date ddmmyyyy [| more fields on 2024 cards]
 *
 * - Fields 1–7 are read by position. The 2024 card adds fields after the issue date (cancelled
 *   PIN, parents' names for small children; their order is unconfirmed), so trailing fields are
 *   kept as they are in `extra`, and `raw` always keeps the text as scanned.
 * - The address contains commas: nothing is ever split on commas. A `|` inside the address cannot
 *   be told apart from a field separator: such a card reads as an address cut short, a wrong
 *   "issue date" and extra fields. The builder refuses to write a `|` for that reason.
 * - Tolerated: whitespace and line ends around the text and around each field, a byte-order mark,
 *   "Nữ" in NFC or NFD form and in any letter case. Text fields are returned in NFC.
 * - Only full ddmmyyyy dates are accepted: we have no specimen of a card for a person whose birth
 *   day or month is unknown.
 */
import { invalid } from '../../../kernel/errors.js';
import { decodePin } from '../../people/index.js';
import { checkIssue, type CheckIssue, type Checked } from '../check-issue.js';
import { isCalendarDate, isIsoDate, viDate } from './validity.js';

export interface QrData {
  pin: string;
  oldId: string | null;
  fullName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'M' | 'F';
  address: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** Fields after the seventh (2024 cards), as written but for surrounding whitespace. */
  extra: string[];
  /** The scanned text, untouched. */
  raw: string;
}

export interface QrInput {
  pin: string;
  /** The old 9- or 12-digit ID number, or null/empty when there is none. */
  oldId: string | null;
  fullName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'M' | 'F';
  address: string;
  /** YYYY-MM-DD */
  issueDate: string;
  extra?: string[];
}

const SEPARATOR = '|';
const FIELD_COUNT = 7;
const PIN_SHAPE = /^[0-9]{12}$/;
const OLD_ID_SHAPE = /^(?:[0-9]{9}|[0-9]{12})$/;
const DDMMYYYY = /^([0-9]{2})([0-9]{2})([0-9]{4})$/;
const SEX_WORD = { M: 'Nam', F: 'Nữ' } as const;

// ---------------------------------------------------------------------------------------------
// Building

function badInput(code: string, field: string, vi: string, en: string): Error {
  return invalid(code, field, { vi, en });
}

function qrDate(isoDate: string, field: string): string {
  if (!isIsoDate(isoDate))
    throw badInput(
      'qr_date_invalid',
      field,
      `Ngày "${isoDate}" không hợp lệ: cần YYYY-MM-DD.`,
      `"${isoDate}" is not a valid YYYY-MM-DD date.`,
    );
  return `${isoDate.slice(8, 10)}${isoDate.slice(5, 7)}${isoDate.slice(0, 4)}`;
}

function qrText(value: string, field: string): string {
  const text = value.normalize('NFC').trim();
  if (/[|\r\n]/.test(text)) {
    throw badInput(
      'qr_separator_in_field',
      field,
      `Trường ${field} chứa ký tự "|" hoặc xuống dòng: mã QR không ghi được vì không phân biệt được với dấu phân cách.`,
      `Field ${field} contains "|" or a line break: the QR code cannot carry it, as it could not be told apart from a separator.`,
    );
  }
  return text;
}

/**
 * The QR text for a card. Throws `invalid` when the PIN is not 12 digits, the old ID is neither
 * empty nor 9/12 digits, a date is malformed, or a field contains `|` or a line break.
 */
export function buildQr(input: QrInput): string {
  if (!PIN_SHAPE.test(input.pin))
    throw badInput(
      'qr_pin_invalid',
      'pin',
      'Số định danh cá nhân phải gồm đúng 12 chữ số.',
      'The personal ID number must be exactly 12 digits.',
    );
  const oldId = input.oldId ?? '';
  if (oldId !== '' && !OLD_ID_SHAPE.test(oldId))
    throw badInput(
      'qr_old_id_invalid',
      'oldId',
      'Số CMND cũ phải gồm 9 hoặc 12 chữ số.',
      'The old ID number must be 9 or 12 digits.',
    );
  if (input.sex !== 'M' && input.sex !== 'F')
    throw badInput('qr_sex_invalid', 'sex', 'Giới tính phải là M hoặc F.', 'Sex must be M or F.');
  const fields = [
    input.pin,
    oldId,
    qrText(input.fullName, 'fullName'),
    qrDate(input.birthDate, 'birthDate'),
    SEX_WORD[input.sex],
    qrText(input.address, 'address'),
    qrDate(input.issueDate, 'issueDate'),
    ...(input.extra ?? []).map((e, i) => qrText(e, `extra[${i}]`)),
  ];
  return fields.join(SEPARATOR);
}

// ---------------------------------------------------------------------------------------------
// Parsing

type Issues = CheckIssue[];

const FIELD_NAMES = {
  pin: { n: 1, vi: 'số định danh', en: 'PIN' },
  oldId: { n: 2, vi: 'số CMND cũ', en: 'old ID number' },
  fullName: { n: 3, vi: 'họ tên', en: 'full name' },
  birthDate: { n: 4, vi: 'ngày sinh', en: 'birth date' },
  sex: { n: 5, vi: 'giới tính', en: 'sex' },
  address: { n: 6, vi: 'nơi thường trú', en: 'permanent address' },
  issueDate: { n: 7, vi: 'ngày cấp', en: 'issue date' },
} as const;

type FieldName = keyof typeof FIELD_NAMES;

function issue(code: string, field: FieldName, vi: string, en: string): CheckIssue {
  const f = FIELD_NAMES[field];
  return checkIssue(code, field, `Trường ${f.n} (${f.vi}) ${vi}`, `Field ${f.n} (${f.en}) ${en}`);
}

/** A field as read, for a message. */
function shown(s: string): string {
  return JSON.stringify(s);
}

function readDate(
  text: string | undefined,
  field: 'birthDate' | 'issueDate',
  issues: Issues,
): string | undefined {
  if (text === undefined) return undefined;
  if (text === '') {
    issues.push(
      issue(
        'qr_date_invalid',
        field,
        'bị trống, cần ngày dạng ddmmyyyy.',
        'is empty; expected a ddmmyyyy date.',
      ),
    );
    return undefined;
  }
  const m = DDMMYYYY.exec(text);
  if (!m) {
    issues.push(
      issue(
        'qr_date_invalid',
        field,
        `là ${shown(text)}, không có dạng ddmmyyyy (8 chữ số).`,
        `is ${shown(text)}, not of the form ddmmyyyy (8 digits).`,
      ),
    );
    return undefined;
  }
  if (!isCalendarDate(Number(m[3]), Number(m[2]), Number(m[1]))) {
    issues.push(
      issue(
        'qr_date_invalid',
        field,
        `là ${m[1]}/${m[2]}/${m[3]}, không phải ngày có thật.`,
        `is ${m[1]}/${m[2]}/${m[3]}, which is not a real date.`,
      ),
    );
    return undefined;
  }
  return `${m[3]}-${m[2]}-${m[1]}`;
}

function readSex(text: string | undefined, issues: Issues): 'M' | 'F' | undefined {
  if (text === undefined) return undefined;
  const word = text.normalize('NFC').toLowerCase();
  if (word === 'nam') return 'M';
  if (word === 'nữ') return 'F';
  issues.push(
    issue(
      'qr_sex_invalid',
      'sex',
      `là ${shown(text)}, cần "Nam" hoặc "Nữ".`,
      `is ${shown(text)}; expected "Nam" or "Nữ".`,
    ),
  );
  return undefined;
}

function readPin(text: string | undefined, issues: Issues): string | undefined {
  if (text === undefined) return undefined;
  if (PIN_SHAPE.test(text)) return text;
  issues.push(
    issue(
      'qr_pin_invalid',
      'pin',
      `là ${shown(text)}, cần đúng 12 chữ số.`,
      `is ${shown(text)}; expected exactly 12 digits.`,
    ),
  );
  return undefined;
}

function readOldId(text: string | undefined, issues: Issues): string | null | undefined {
  if (text === undefined) return undefined;
  if (text === '') return null;
  if (OLD_ID_SHAPE.test(text)) return text;
  issues.push(
    issue(
      'qr_old_id_invalid',
      'oldId',
      `là ${shown(text)}, cần để trống hoặc gồm 9 hay 12 chữ số.`,
      `is ${shown(text)}; expected empty, 9 digits or 12 digits.`,
    ),
  );
  return undefined;
}

function readText(
  text: string | undefined,
  field: 'fullName' | 'address',
  code: string,
  issues: Issues,
): string | undefined {
  if (text === undefined) return undefined;
  const value = text.normalize('NFC');
  if (value !== '') return value;
  issues.push(issue(code, field, 'bị trống.', 'is empty.'));
  return undefined;
}

/** Birth year and sex against the PIN's digits 4–6; issue date against birth. */
function crossCheck(data: Partial<QrData>, issues: Issues): void {
  const decoded = data.pin === undefined ? undefined : decodePin(data.pin);
  if (decoded && data.birthDate !== undefined && Number(data.birthDate.slice(0, 4)) !== decoded.birthYear) {
    issues.push(
      issue(
        'qr_pin_birth_mismatch',
        'birthDate',
        `ghi năm sinh ${data.birthDate.slice(0, 4)} nhưng số định danh mã hoá năm ${decoded.birthYear}.`,
        `says birth year ${data.birthDate.slice(0, 4)} but the PIN encodes ${decoded.birthYear}.`,
      ),
    );
  }
  if (decoded && data.sex !== undefined && data.sex !== decoded.sex) {
    issues.push(
      issue(
        'qr_pin_sex_mismatch',
        'sex',
        `ghi ${SEX_WORD[data.sex]} nhưng số định danh mã hoá ${SEX_WORD[decoded.sex]}.`,
        `says ${data.sex} but the PIN encodes ${decoded.sex}.`,
      ),
    );
  }
  if (data.birthDate !== undefined && data.issueDate !== undefined && data.issueDate < data.birthDate) {
    issues.push(
      issue(
        'qr_issue_before_birth',
        'issueDate',
        `${viDate(data.issueDate)} trước ngày sinh ${viDate(data.birthDate)}.`,
        `${data.issueDate} is before the birth date ${data.birthDate}.`,
      ),
    );
  }
}

/**
 * Reads and checks the QR text of a card. Never throws: everything wrong is an issue, and `data`
 * holds each field that passed its own check (plus `extra` and `raw`).
 */
export function parseQr(text: string): Checked<QrData> {
  const raw = typeof text === 'string' ? text : '';
  const issues: Issues = [];
  // `trim` also drops a byte-order mark and the line end a scanner may append.
  const fields = raw
    .trim()
    .split(SEPARATOR)
    .map((f) => f.trim());
  if (fields.length < FIELD_COUNT) {
    issues.push(
      checkIssue(
        'qr_field_count',
        'qr',
        `Mã QR có ${fields.length} trường, cần ít nhất 7 (số định danh|CMND cũ|họ tên|ngày sinh|giới tính|nơi thường trú|ngày cấp).`,
        `The QR text has ${fields.length} fields; at least 7 are needed (PIN|old ID|name|birth date|sex|address|issue date).`,
      ),
    );
  }
  const [pin, oldId, fullName, birthDate, sex, address, issueDate, ...extra] = fields;
  const data: Partial<QrData> = { extra, raw };
  const keep = <K extends keyof QrData>(key: K, value: QrData[K] | undefined) => {
    if (value !== undefined) data[key] = value;
  };
  keep('pin', readPin(pin, issues));
  keep('oldId', readOldId(oldId, issues));
  keep('fullName', readText(fullName, 'fullName', 'qr_name_empty', issues));
  keep('birthDate', readDate(birthDate, 'birthDate', issues));
  keep('sex', readSex(sex, issues));
  keep('address', readText(address, 'address', 'qr_address_empty', issues));
  keep('issueDate', readDate(issueDate, 'issueDate', issues));
  crossCheck(data, issues);
  return { data, issues };
}
