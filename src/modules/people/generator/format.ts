/**
 * Serialisation of generated records: NDJSON (one JSON object per line, keys in the documented
 * order) and CSV for people (RFC 4180: comma-separated, fields quoted only when they contain a
 * comma, quote or line break, empty cell for null, header line first, LF line ends).
 *
 * People and household lines are written by hand rather than with JSON.stringify, which is the
 * most expensive step of generation otherwise (≈ 2× slower on Vietnamese text). Nothing needs
 * escaping: identifiers and codes are made of digits, ASCII letters, '-', '_' and '.'; names and
 * address parts come from the reference lists (a test checks that none contains a quote, a
 * backslash or a control character) and the injected typos only move, double or drop letters and
 * tone marks. The tests also compare every line with JSON.stringify of the same record.
 */
import { PERSON_FIELDS, type HouseholdRecord, type PersonRecord } from './records.js';

function str(s: string | null): string {
  return s === null ? 'null' : `"${s}"`;
}

export function personLine(p: PersonRecord): string {
  return (
    `{"externalId":${str(p.externalId)},"householdExternalId":${str(p.householdExternalId)},"pin":${str(p.pin)}` +
    `,"fullName":${str(p.fullName)},"familyName":${str(p.familyName)},"middleName":${str(p.middleName)}` +
    `,"givenName":${str(p.givenName)},"sex":${str(p.sex)},"birthDate":${str(p.birthDate)}` +
    `,"birthRegistrationProvinceCode":${str(p.birthRegistrationProvinceCode)},"originProvinceCode":${str(p.originProvinceCode)}` +
    `,"nationality":${str(p.nationality)},"ethnicityCode":${str(p.ethnicityCode)},"religionCode":${str(p.religionCode)}` +
    `,"oldIdNumber":${str(p.oldIdNumber)},"relationToHead":${str(p.relationToHead)}` +
    `,"fatherExternalId":${str(p.fatherExternalId)},"motherExternalId":${str(p.motherExternalId)}` +
    `,"spouseExternalId":${str(p.spouseExternalId)}}\n`
  );
}

export function householdLine(h: HouseholdRecord): string {
  return (
    `{"externalId":${str(h.externalId)},"communeCode":${str(h.communeCode)},"provinceCode":${str(h.provinceCode)}` +
    `,"addressDetail":${str(h.addressDetail)},"headExternalId":${str(h.headExternalId)}}\n`
  );
}

/** Any other record (truth lines): rare, so the generic path is fine. */
export function ndjsonLine(record: object): string {
  return `${JSON.stringify(record)}\n`;
}

export const PEOPLE_CSV_HEADER = `${PERSON_FIELDS.join(',')}\n`;

const NEEDS_QUOTES = /[",\r\n]/;

function csvCell(value: string | null): string {
  if (value === null) return '';
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function personCsvRow(person: PersonRecord): string {
  let row = csvCell(person[PERSON_FIELDS[0]]);
  for (let i = 1; i < PERSON_FIELDS.length; i++) {
    const field = PERSON_FIELDS[i];
    if (field !== undefined) row += `,${csvCell(person[field])}`;
  }
  return `${row}\n`;
}
