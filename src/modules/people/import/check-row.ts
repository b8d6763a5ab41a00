import { normalizeName } from '../../../kernel/fold.js';
import type { Message } from '../../../kernel/errors.js';
import { parsePartialDate } from '../../../kernel/partial-date.js';
import { validatePin } from '../pin.js';
import { isEthnicityCode } from '../reference/ethnicities.js';
import { isRelationCode } from '../reference/relations.js';
import { findReligion } from '../reference/religions.js';
import { foldNameFast } from './name-fold.js';

/**
 * Checks one imported person row (the generator's format, docs/generator.md) with the same
 * rules as a person entered by hand, fast: no I/O, no exceptions on the hot path.
 */
export interface RowError {
  field: string;
  code: string;
  message: Message;
}

export interface ImportPerson {
  externalId: string;
  householdExternalId: string | null;
  pin: string;
  fullName: string;
  nameFolded: string;
  birthDate: string;
  birthYear: number;
  sex: 'M' | 'F';
  birthPlaceCode: string | null;
  originPlaceCode: string | null;
  nationality: string;
  ethnicity: string;
  religion: string | null;
  oldId9: string | null;
  oldId12: string | null;
  relation: string | null;
  fatherExternalId: string | null;
  motherExternalId: string | null;
  spouseExternalId: string | null;
  /** The day the person's permanent residence in the household began (else the import day). */
  residentSince: string | null;
  /** The day the PIN was issued (else the import day). */
  pinIssuedOn: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/**
 * Text no imported field may hold: NUL (PostgreSQL cannot store it: one such cell used to fail
 * the whole import), other C0 and C1 control characters (tabs and line breaks included: no
 * name, code or address has one), and unpaired UTF-16 surrogates, which would be stored as
 * U+FFFD, silently changing the text. The row is rejected naming the field.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// One character class, no look-around: the quick test every cell of millions of rows gets;
// only a cell it matches (a control character, or any surrogate) is looked at closely. The
// readers test whole lines with it (SourceRow's `plain`).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const SUSPECT = /[\u0000-\u001f\u007f-\u009f\uD800-\uDFFF]/;

function hostileText(s: string): RowError | undefined {
  if (!SUSPECT.test(s)) return undefined;
  const m = CONTROL.exec(s);
  if (!m) return undefined;
  const c = m[0].charCodeAt(0);
  if (c === 0) return { field: '', code: 'nul_character', message: { vi: 'Có ký tự NUL (\\u0000).', en: 'Holds a NUL character (\\u0000).' } };
  if (c >= 0xd800) return { field: '', code: 'invalid_unicode', message: { vi: 'Có ký tự Unicode không hợp lệ.', en: 'Holds invalid Unicode.' } };
  return { field: '', code: 'control_character', message: { vi: 'Có ký tự điều khiển.', en: 'Holds a control character.' } };
}

/** One error per field (or field name) of the row holding hostile text, anywhere in its value. */
export function hostileTextErrors(v: Record<string, unknown>): RowError[] {
  const errors: RowError[] = [];
  for (const [key, value] of Object.entries(v)) {
    const inKey = hostileText(key);
    const fault = inKey ?? firstHostile(value);
    // A field name that is itself hostile is not repeated in the report.
    if (fault) errors.push({ ...fault, field: inKey ? 'fieldName' : key });
  }
  return errors;
}

function firstHostile(root: unknown): RowError | undefined {
  const stack = [root];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === 'string') {
      const fault = hostileText(x);
      if (fault) return fault;
    } else if (x !== null && typeof x === 'object') {
      for (const [k, y] of Object.entries(x)) {
        const fault = hostileText(k);
        if (fault) return fault;
        stack.push(y);
      }
    }
  }
  return undefined;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const ID = /^[A-Za-z0-9._:-]{1,64}$/;
const NAME = /^[\p{L}][\p{L}\p{M}' .-]*$/u;

/**
 * With `pinMismatch: 'flag'` a PIN whose century/sex, year or province digits disagree with the
 * record is loaded as it is, for the quality rules to flag and an officer to clean in place
 * (domain §6); a PIN that is not a PIN (not 12 digits, unknown province) is still rejected.
 */
export type PinMismatchMode = 'reject' | 'flag';
const PIN_DISAGREEMENTS = new Set(['pin_birth_year_mismatch', 'pin_sex_mismatch', 'pin_province_mismatch']);

const fail = (errors: RowError[], field: string, code: string, vi: string, en: string): void => {
  errors.push({ field, code, message: { vi, en } });
};

/** A day of the record's life (residence, PIN issue), checked against today and the birth. */
function lifeDay(v: Record<string, unknown>, field: 'residentSince' | 'pinIssuedOn', today: string, earliestBirthDay: string | null, errors: RowError[]): string | null {
  const day = str(v[field]);
  if (day === null) return null;
  if (!DAY.test(day) || !parsePartialDate(day)) fail(errors, field, 'date_malformed', 'Ngày sai định dạng (YYYY-MM-DD).', 'Malformed date (YYYY-MM-DD).');
  else if (day > today) fail(errors, field, 'date_in_future', 'Ngày ở tương lai.', 'The date is in the future.');
  else if (earliestBirthDay !== null && day < earliestBirthDay) fail(errors, field, 'date_before_birth', 'Ngày trước ngày sinh.', 'The date is before the birth date.');
  return day;
}

/**
 * `plain`: the row's source line was found free of hostile text as a whole (SourceRow).
 * Written without closures made per row: the TypeScript loader names every closure it makes
 * (a property definition each time), which cost more than some of the checks.
 */
export function checkPersonRow(v: Record<string, unknown>, today: string, pinMismatch: PinMismatchMode = 'reject', plain = false): { ok: ImportPerson } | { errors: RowError[] } {
  const hostile = plain ? [] : hostileTextErrors(v);
  if (hostile.length) return { errors: hostile };
  const errors: RowError[] = [];
  const externalId = str(v.externalId);
  if (!externalId || !ID.test(externalId)) fail(errors, 'externalId', 'external_id_invalid', 'Thiếu mã bản ghi (externalId) hoặc sai định dạng.', 'externalId is missing or malformed.');
  const householdExternalId = str(v.householdExternalId);
  if (householdExternalId && !ID.test(householdExternalId)) fail(errors, 'householdExternalId', 'external_id_invalid', 'Mã hộ sai định dạng.', 'householdExternalId is malformed.');
  const fullName = normalizeName(str(v.fullName) ?? '');
  if (fullName.length < 2 || fullName.length > 100 || !NAME.test(fullName)) fail(errors, 'fullName', 'name_invalid', 'Họ tên phải có 2–100 ký tự chữ cái.', 'A full name is 2–100 letters.');
  const birthDate = str(v.birthDate) ?? '';
  const birth = parsePartialDate(birthDate);
  // The earliest day the partial date may denote (earliestDay), from the checked text.
  const earliestBirthDay = birth ? (birthDate.length === 10 ? birthDate : birthDate.length === 7 ? `${birthDate}-01` : `${birthDate}-01-01`) : null;
  if (!birth) fail(errors, 'birthDate', 'date_malformed', 'Ngày sinh sai định dạng (YYYY, YYYY-MM, YYYY-MM-DD).', 'Malformed birth date (YYYY, YYYY-MM, YYYY-MM-DD).');
  else if (earliestBirthDay !== null && earliestBirthDay > today) fail(errors, 'birthDate', 'date_in_future', 'Ngày sinh ở tương lai.', 'The birth date is in the future.');
  const sex = v.sex === 'M' || v.sex === 'F' ? v.sex : null;
  if (!sex) fail(errors, 'sex', 'sex_invalid', 'Giới tính là M hoặc F.', 'Sex is M or F.');
  const ethnicity = str(v.ethnicityCode ?? v.ethnicity) ?? '';
  if (!isEthnicityCode(ethnicity)) fail(errors, 'ethnicityCode', 'ethnicity_unknown', 'Mã dân tộc không có trong 54 dân tộc.', 'Not one of the 54 ethnic group codes.');
  const religion = str(v.religionCode ?? v.religion);
  if (religion && !findReligion(religion)) fail(errors, 'religionCode', 'religion_unknown', 'Mã tôn giáo không có trong danh mục.', 'Unknown religion code.');
  const nationality = (str(v.nationality) ?? 'VN').toUpperCase();
  if (!/^[A-Z]{2}$/.test(nationality)) fail(errors, 'nationality', 'nationality_invalid', 'Quốc tịch là mã 2 chữ cái.', 'Nationality is a 2-letter code.');
  const oldId = str(v.oldIdNumber);
  if (oldId && !/^(\d{9}|\d{12})$/.test(oldId)) fail(errors, 'oldIdNumber', 'old_id_invalid', 'Số CMND cũ gồm 9 hoặc 12 chữ số.', 'An old ID number has 9 or 12 digits.');
  const relation = str(v.relationToHead);
  if (relation && !isRelationCode(relation)) fail(errors, 'relationToHead', 'relation_unknown', 'Quan hệ với chủ hộ không có trong danh mục.', 'Unknown relationship to the head.');
  const birthPlaceCode = str(v.birthRegistrationProvinceCode ?? v.birthPlaceCode);
  const originPlaceCode = str(v.originProvinceCode ?? v.originPlaceCode);
  for (const [field, code] of [['birthRegistrationProvinceCode', birthPlaceCode], ['originProvinceCode', originPlaceCode]] as const) {
    if (code && !/^(\d{2}|\d{3}|\d{5})$/.test(code)) fail(errors, field, 'unit_code_malformed', 'Mã đơn vị hành chính gồm 2, 3 hoặc 5 chữ số.', 'A unit code has 2, 3 or 5 digits.');
  }
  const pin = str(v.pin) ?? '';
  if (birth && sex) {
    const check = validatePin(pin, { birthYear: birth.year, sex, ...(birthPlaceCode && birthPlaceCode.length <= 3 ? { birthRegistrationProvinceCode: birthPlaceCode } : {}) });
    for (const e of check.errors) if (pinMismatch === 'reject' || !PIN_DISAGREEMENTS.has(e.code)) errors.push({ field: 'pin', code: e.code, message: e.message });
  } else if (!/^\d{12}$/.test(pin)) {
    fail(errors, 'pin', 'pin_not_12_digits', 'Số định danh phải gồm 12 chữ số.', 'A PIN has 12 digits.');
  }
  const links = ['fatherExternalId', 'motherExternalId', 'spouseExternalId'] as const;
  for (const f of links) {
    const l = str(v[f]);
    if (l && !ID.test(l)) fail(errors, f, 'external_id_invalid', 'Mã liên kết sai định dạng.', 'Malformed link id.');
  }
  // Dates of the life events behind the record, when the source knows them (docs/generator.md).
  const residentSince = lifeDay(v, 'residentSince', today, earliestBirthDay, errors);
  const pinIssuedOn = lifeDay(v, 'pinIssuedOn', today, earliestBirthDay, errors);
  if (errors.length) return { errors };
  return {
    ok: {
      residentSince,
      pinIssuedOn,
      externalId: externalId!,
      householdExternalId,
      pin,
      fullName,
      nameFolded: foldNameFast(fullName),
      birthDate,
      birthYear: birth!.year,
      sex: sex!,
      birthPlaceCode,
      originPlaceCode,
      nationality,
      ethnicity,
      religion,
      oldId9: oldId && oldId.length === 9 ? oldId : null,
      oldId12: oldId && oldId.length === 12 ? oldId : null,
      relation,
      fatherExternalId: str(v.fatherExternalId),
      motherExternalId: str(v.motherExternalId),
      spouseExternalId: str(v.spouseExternalId),
    },
  };
}

export interface ImportHousehold {
  externalId: string;
  communeCode: string;
  provinceCode: string;
  address: string;
}

export function checkHouseholdRow(v: Record<string, unknown>, communes: ReadonlyMap<string, string>, plain = false): { ok: ImportHousehold } | { errors: RowError[] } {
  const hostile = plain ? [] : hostileTextErrors(v);
  if (hostile.length) return { errors: hostile };
  const errors: RowError[] = [];
  const externalId = str(v.externalId);
  if (!externalId || !ID.test(externalId)) errors.push({ field: 'externalId', code: 'external_id_invalid', message: { vi: 'Thiếu mã hộ hoặc sai định dạng.', en: 'externalId is missing or malformed.' } });
  const communeCode = str(v.communeCode) ?? '';
  const province = communes.get(communeCode);
  if (!province) errors.push({ field: 'communeCode', code: 'unit_not_found', message: { vi: 'Không có xã/phường hiện hành với mã này.', en: 'No current commune has this code.' } });
  const address = normalizeName(str(v.addressDetail ?? v.address) ?? '');
  if (address.length < 2 || address.length > 300) errors.push({ field: 'addressDetail', code: 'address_required', message: { vi: 'Cần địa chỉ chi tiết.', en: 'A street address is required.' } });
  if (errors.length) return { errors };
  return { ok: { externalId: externalId!, communeCode, provinceCode: province!, address } };
}
