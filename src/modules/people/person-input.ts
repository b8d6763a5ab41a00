import { AppError, type FieldError } from '../../kernel/errors.js';
import { normalizeName } from '../../kernel/fold.js';
import type { PersonData } from './model.js';
import { requirePartialDate } from '../../kernel/partial-date.js';
import { isEthnicityCode } from './reference/ethnicities.js';
import { isNationalityCode } from './reference/nationalities.js';
import { findReligion } from './reference/religions.js';

/** A person's data as it arrives from outside, before the rules have been checked. */
export interface PersonInput {
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  nationality?: string | undefined;
  ethnicity: string;
  religion?: string | null | undefined;
  birthPlaceCode?: string | null | undefined;
  birthPlace?: string | null | undefined;
  birthFacility?: string | null | undefined;
  birthAddress?: string | null | undefined;
  birthAddressUnitCode?: string | null | undefined;
  originPlaceCode?: string | null | undefined;
  originPlace?: string | null | undefined;
  identifyingMarks?: string | null | undefined;
  oldId9?: string | null | undefined;
  oldId12?: string | null | undefined;
}

const NAME = /^[\p{L}][\p{L}\p{M}' .-]*$/u;

function push(errors: FieldError[], field: string, code: string, vi: string, en: string): void {
  errors.push({ field, code, message: { vi, en } });
}

/**
 * Checks every rule of a person's data at once and either returns the normalised data or
 * throws one `invalid` error listing every bad field (a form shows them all together).
 */
export function checkPersonData(input: PersonInput, today: string): PersonData {
  const errors: FieldError[] = [];
  const fullName = normalizeName(input.fullName ?? '');
  if (fullName.length < 2 || fullName.length > 100 || !NAME.test(fullName)) {
    push(errors, 'fullName', 'name_invalid', 'Họ tên phải có 2–100 ký tự chữ cái.', 'A full name is 2–100 letters.');
  }
  try {
    requirePartialDate(input.birthDate, 'birthDate', today);
  } catch (e) {
    if (e instanceof AppError) errors.push({ field: 'birthDate', code: e.code, message: e.messages });
    else throw e;
  }
  if (input.sex !== 'M' && input.sex !== 'F') push(errors, 'sex', 'sex_invalid', 'Giới tính là M (nam) hoặc F (nữ).', 'Sex is M or F.');
  if (!isEthnicityCode(input.ethnicity)) push(errors, 'ethnicity', 'ethnicity_unknown', 'Mã dân tộc phải là một trong 54 dân tộc (01–54).', 'Ethnicity must be one of the 54 official groups (01–54).');
  const nationality = (input.nationality ?? 'VN').toUpperCase();
  if (!isNationalityCode(nationality)) push(errors, 'nationality', 'nationality_invalid', 'Quốc tịch phải là một mã trong danh mục quốc gia (VN).', 'Nationality must be a country code from the list (VN).');
 if (input.religion && !findReligion(input.religion)) push(errors, 'religion', 'religion_unknown', 'Mã tôn giáo không có trong danh mục.', 'Unknown religion code.');
  if (input.oldId9 && !/^\d{9}$/.test(input.oldId9)) push(errors, 'oldId9', 'old_id9_invalid', 'Số CMND cũ gồm 9 chữ số.', 'An old ID card number has 9 digits.');
  if (input.oldId12 && !/^\d{12}$/.test(input.oldId12)) push(errors, 'oldId12', 'old_id12_invalid', 'Số CMND 12 số gồm 12 chữ số.', 'A 12-digit ID card number has 12 digits.');
  for (const f of ['birthPlaceCode', 'originPlaceCode'] as const) {
    const v = input[f];
    if (v && !/^(\d{2}|\d{3}|\d{5})$/.test(v)) push(errors, f, 'unit_code_malformed', 'Mã đơn vị hành chính gồm 2, 3 hoặc 5 chữ số.', 'A unit code has 2, 3 or 5 digits.');
  }
  if (input.birthAddressUnitCode && !/^\d{5}$/.test(input.birthAddressUnitCode)) push(errors, 'birthAddressUnitCode', 'commune_code_malformed', 'Mã xã, phường gồm 5 chữ số.', 'A commune code has 5 digits.');
  if (errors.length) {
    const first = errors[0]!;
    throw new AppError('invalid', first.code, first.message, { field: first.field, errors });
  }
  const clean = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : normalizeName(v));
  return {
    fullName,
    birthDate: input.birthDate,
    sex: input.sex,
    nationality,
    ethnicity: input.ethnicity,
    religion: input.religion || null,
    birthPlaceCode: input.birthPlaceCode || null,
    birthPlace: clean(input.birthPlace),
    birthFacility: clean(input.birthFacility),
    birthAddress: clean(input.birthAddress),
    birthAddressUnitCode: input.birthAddressUnitCode || null,
    originPlaceCode: input.originPlaceCode || null,
    originPlace: clean(input.originPlace),
    identifyingMarks: clean(input.identifyingMarks),
    oldId9: input.oldId9 || null,
    oldId12: input.oldId12 || null,
  };
}
