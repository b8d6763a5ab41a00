import { isAfterToday, parseDateInput } from '../../format.js';
import type { LocalProblem } from '../../forms.js';
import { HOUSEHOLD_NO, PIN, type BirthInput, type Sex } from '../../people-api.js';
import { reasonBody, reasonProblems } from '../../reasons.js';
import type { ChangeReasonCode } from '../../../kernel/purposes.js';

export interface BirthForm {
  fullName: string;
  birthDate: string;
  sex: Sex | '';
  ethnicity: string;
  nationality: string;
  religion: string;
  /** Place of birth registration: a commune picked by name. */
  birthPlaceCode: string;
  /** Place of birth (nơi sinh): the facility, the address, its commune. */
  birthFacility: string;
  birthAddress: string;
  birthAddressUnitCode: string;
  /** Quê quán: a province or commune picked by name (optional). */
  originPlaceCode: string;
  motherPin: string;
  fatherPin: string;
  householdNo: string;
  /** A change reason code (birth_registration unless the officer picks another) and a note. */
  reasonCode: string;
  reasonNote: string;
  dossier: string;
}

export type BirthField = keyof BirthForm;

export function emptyBirthForm(defaults: {
  birthPlaceCode: string;
  params: URLSearchParams;
}): BirthForm {
  const param = (name: string, shape: RegExp) => {
    const value = defaults.params.get(name) ?? '';
    return shape.test(value) ? value : '';
  };
  return {
    fullName: '',
    birthDate: '',
    sex: '',
    ethnicity: '01',
    nationality: 'VN',
    religion: '',
    birthPlaceCode: defaults.birthPlaceCode,
    birthFacility: '',
    birthAddress: '',
    birthAddressUnitCode: '',
    originPlaceCode: '',
    motherPin: param('motherPin', PIN),
    fatherPin: param('fatherPin', PIN),
    householdNo: param('householdNo', HOUSEHOLD_NO),
    reasonCode: 'birth_registration',
    reasonNote: '',
    dossier: '',
  };
}

/**
 * Checks a birth form and builds the request body, or lists every problem. A birth needs
 * the full date (the PIN's year and the 60-day declaration rule depend on it), at least
 * one parent's PIN, a place of birth (a facility or an address) and a place of registration
 * picked from the unit list.
 */
export function birthRequest(
  form: BirthForm,
  requestId: string,
  today?: string,
): { ok: true; body: BirthInput } | { ok: false; problems: LocalProblem[] } {
  const problems: LocalProblem[] = [];
  const add = (field: BirthField, key: LocalProblem['key']) => problems.push({ field, key });
  const trimmed = (field: BirthField) => form[field].trim();
  if (trimmed('fullName').length < 2) add('fullName', 'required');
  const date = parseDateInput(form.birthDate);
  if (!trimmed('birthDate')) add('birthDate', 'required');
  else if (!date.ok) add('birthDate', 'date');
  else if (isAfterToday(date.iso, today)) add('birthDate', 'future');
  if (form.sex === '') add('sex', 'required');
  if (!/^\d{2}$/.test(form.ethnicity)) add('ethnicity', 'required');
  if (!/^[A-Za-z]{2}$/.test(trimmed('nationality'))) add('nationality', 'nationality');
  if (!/^\d{5}$/.test(trimmed('birthPlaceCode'))) add('birthPlaceCode', 'pickCommune');
  if (!trimmed('birthFacility') && !trimmed('birthAddress')) add('birthFacility', 'birthPlaceRequired');
  if (trimmed('birthAddressUnitCode') && !/^\d{5}$/.test(trimmed('birthAddressUnitCode'))) add('birthAddressUnitCode', 'pickCommune');
  for (const field of ['motherPin', 'fatherPin'] as const) {
    if (trimmed(field) && !PIN.test(trimmed(field))) add(field, 'pin');
  }
  if (!trimmed('motherPin') && !trimmed('fatherPin')) add('motherPin', 'parentRequired');
  if (trimmed('householdNo') && !HOUSEHOLD_NO.test(trimmed('householdNo'))) add('householdNo', 'householdNo');
  problems.push(...reasonProblems({ code: form.reasonCode, note: form.reasonNote }));
  if (problems.length > 0 || !date.ok || form.sex === '') return { ok: false, problems };

  const optional = (field: BirthField) => trimmed(field) || undefined;
  const body: BirthInput = {
    fullName: trimmed('fullName').replace(/\s+/g, ' '),
    birthDate: date.iso,
    sex: form.sex,
    ethnicity: form.ethnicity,
    nationality: trimmed('nationality').toUpperCase(),
    birthPlaceCode: trimmed('birthPlaceCode'),
    ...reasonBody<ChangeReasonCode>({ code: form.reasonCode, note: form.reasonNote }),
    requestId,
  };
  if (form.religion) body.religion = form.religion;
  for (const field of ['birthFacility', 'birthAddress', 'birthAddressUnitCode', 'originPlaceCode'] as const) {
    const value = optional(field);
    if (value) body[field] = field === 'birthFacility' || field === 'birthAddress' ? value.replace(/\s+/g, ' ') : value;
  }
  const motherPin = optional('motherPin');
  if (motherPin) body.motherPin = motherPin;
  const fatherPin = optional('fatherPin');
  if (fatherPin) body.fatherPin = fatherPin;
  const householdNo = optional('householdNo');
  if (householdNo) body.householdNo = householdNo;
  const dossier = optional('dossier');
  if (dossier) body.dossier = dossier;
  return { ok: true, body };
}
