import { formatDate, isAfterToday, parseDateInput } from '../../format.js';
import type { LocalProblem } from '../../forms.js';
import type { Person, PersonFields, Sex } from '../../people-api.js';

/** The editable fields as the form holds them: text as typed, dates as dd/mm/yyyy. */
export interface EditForm {
  fullName: string;
  birthDate: string;
  sex: Sex;
  nationality: string;
  ethnicity: string;
  religion: string;
  birthPlaceCode: string;
  birthPlace: string;
  originPlaceCode: string;
  originPlace: string;
  identifyingMarks: string;
  oldId9: string;
  oldId12: string;
  fatherPin: string;
  motherPin: string;
  spousePin: string;
}

export type EditField = keyof EditForm;

const OPTIONAL_TEXT = [
  'religion',
  'birthPlaceCode',
  'birthPlace',
  'originPlaceCode',
  'originPlace',
  'identifyingMarks',
  'oldId9',
  'oldId12',
  'fatherPin',
  'motherPin',
  'spousePin',
] as const;

export function editFormOf(person: Person): EditForm {
  const text = (value: string | null) => value ?? '';
  return {
    fullName: person.fullName,
    birthDate: formatDate(person.birthDate),
    sex: person.sex,
    nationality: person.nationality,
    ethnicity: person.ethnicity,
    religion: text(person.religion),
    birthPlaceCode: text(person.birthPlaceCode),
    birthPlace: text(person.birthPlace),
    originPlaceCode: text(person.originPlaceCode),
    originPlace: text(person.originPlace),
    identifyingMarks: text(person.identifyingMarks),
    oldId9: text(person.oldId9),
    oldId12: text(person.oldId12),
    fatherPin: text(person.fatherPin),
    motherPin: text(person.motherPin),
    spousePin: text(person.spousePin),
  };
}

const PLACE_CODE = /^(\d{2}|\d{3}|\d{5})$/;

/** The same checks the server makes, field by field, so most mistakes show before sending. */
export function checkPersonForm(
  form: EditForm,
  today?: string,
): { problems: LocalProblem[]; birthDate: string | undefined } {
  const problems: LocalProblem[] = [];
  const add = (field: EditField, key: LocalProblem['key']) => problems.push({ field, key });
  if (form.fullName.trim().length < 2) add('fullName', 'required');
  const birth = parseDateInput(form.birthDate, { partial: true });
  if (!form.birthDate.trim()) add('birthDate', 'required');
  else if (!birth.ok) add('birthDate', 'datePartial');
  else if (isAfterToday(birth.iso, today)) add('birthDate', 'future');
  if (!/^[A-Za-z]{2}$/.test(form.nationality.trim())) add('nationality', 'nationality');
  if (!/^\d{2}$/.test(form.ethnicity)) add('ethnicity', 'required');
  for (const field of ['birthPlaceCode', 'originPlaceCode'] as const) {
    if (form[field].trim() && !PLACE_CODE.test(form[field].trim())) add(field, 'unitCode');
  }
  if (form.oldId9.trim() && !/^\d{9}$/.test(form.oldId9.trim())) add('oldId9', 'oldId9');
  if (form.oldId12.trim() && !/^\d{12}$/.test(form.oldId12.trim())) add('oldId12', 'oldId12');
  for (const field of ['fatherPin', 'motherPin', 'spousePin'] as const) {
    if (form[field].trim() && !/^\d{12}$/.test(form[field].trim())) add(field, 'pin');
  }
  return { problems, birthDate: birth.ok ? birth.iso : undefined };
}

/** Only what differs from the record: the PATCH body's data part (empty optional text becomes null). */
export function changesOf(person: Person, form: EditForm, birthDate: string): Partial<PersonFields> {
  const changes: Partial<PersonFields> = {};
  const fullName = form.fullName.trim().replace(/\s+/g, ' ');
  if (fullName !== person.fullName) changes.fullName = fullName;
  if (birthDate !== person.birthDate) changes.birthDate = birthDate;
  if (form.sex !== person.sex) changes.sex = form.sex;
  const nationality = form.nationality.trim().toUpperCase();
  if (nationality !== person.nationality) changes.nationality = nationality;
  if (form.ethnicity !== person.ethnicity) changes.ethnicity = form.ethnicity;
  for (const field of OPTIONAL_TEXT) {
    const value = form[field].trim() === '' ? null : form[field].trim();
    if (value !== person[field]) changes[field] = value;
  }
  return changes;
}
