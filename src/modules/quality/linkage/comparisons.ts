/**
 * The comparison vector of a pair: for each field, which agreement level the two records
 * reach. Levels run from the strongest agreement to disagreement; a `neutral` level (a value
 * missing on one side) carries no evidence either way and gets weight 0, as in Splink.
 */
import { compareBirthDates, DATE_LEVELS } from './birth-dates.js';
import { jaroWinkler } from './jaro-winkler.js';
import type { PreparedRecord } from './prepared-record.js';

export interface FieldSpec {
  field: string;
  levels: readonly string[];
  /** Levels that say nothing about matching (weight 0, left out of the estimation). */
  neutral: readonly string[];
}

const NAME_LEVELS = ['exact_written', 'exact_folded', 'jw_0_92', 'different'] as const;
const PARENT_LEVELS = ['exact_folded', 'jw_0_9', 'different', 'missing'] as const;
const PROVINCE_LEVELS = ['same', 'different', 'missing'] as const;

export const FIELDS: readonly FieldSpec[] = [
  { field: 'given_name', levels: NAME_LEVELS, neutral: [] },
  { field: 'family_name', levels: NAME_LEVELS, neutral: [] },
  { field: 'middle_name', levels: ['exact_folded', 'one_side_missing', 'different'], neutral: [] },
  { field: 'full_name', levels: ['exact_folded', 'jw_0_95', 'jw_0_88', 'different'], neutral: [] },
  { field: 'birth_date', levels: DATE_LEVELS, neutral: [] },
  { field: 'sex', levels: ['same', 'different'], neutral: [] },
  { field: 'birth_province', levels: PROVINCE_LEVELS, neutral: ['missing'] },
  { field: 'origin_province', levels: PROVINCE_LEVELS, neutral: ['missing'] },
  { field: 'father_name', levels: PARENT_LEVELS, neutral: ['missing'] },
  { field: 'mother_name', levels: PARENT_LEVELS, neutral: ['missing'] },
  { field: 'old_id', levels: ['same', 'different', 'missing'], neutral: ['missing'] },
  { field: 'commune', levels: ['same', 'same_province', 'different', 'missing'], neutral: ['missing'] },
  { field: 'household', levels: ['same', 'different', 'unknown'], neutral: ['unknown'] },
];

/** Field positions in the vector, named so code reads `F.givenName` instead of a bare 0. */
export const F = {
  givenName: 0,
  familyName: 1,
  middleName: 2,
  fullName: 3,
  birthDate: 4,
  sex: 5,
  birthProvince: 6,
  originProvince: 7,
  fatherName: 8,
  motherName: 9,
  oldId: 10,
  commune: 11,
  household: 12,
} as const;

export const FIELD_COUNT = FIELDS.length;

function namePart(writtenA: string, writtenB: string, a: string, b: string): number {
  if (a === b) return writtenA === writtenB ? 0 : 1;
  return jaroWinkler(a, b) >= 0.92 ? 2 : 3;
}

function middleName(a: string | null, b: string | null): number {
  if (a === b) return 0;
  return a === null || b === null ? 1 : 2;
}

function fullName(a: string, b: string): number {
  if (a === b) return 0;
  const s = jaroWinkler(a, b);
  return s >= 0.95 ? 1 : s >= 0.88 ? 2 : 3;
}

function parent(a: string | null, b: string | null): number {
  if (a === null || b === null) return 3;
  if (a === b) return 0;
  return jaroWinkler(a, b) >= 0.9 ? 1 : 2;
}

function code(a: string | null, b: string | null): number {
  if (a === null || b === null) return 2;
  return a === b ? 0 : 1;
}

function commune(a: string | null, b: string | null): number {
  if (a === null || b === null) return 3;
  if (a === b) return 0;
  // The first two digits of a commune code are its province's.
  return a.charCodeAt(0) === b.charCodeAt(0) && a.charCodeAt(1) === b.charCodeAt(1) ? 1 : 2;
}

/** Fills `out` (length FIELD_COUNT) with the level of each field for the pair; symmetric. */
export function compareRecords(a: PreparedRecord, b: PreparedRecord, out: Uint8Array): Uint8Array {
  out[F.givenName] = namePart(a.givenWritten, b.givenWritten, a.given, b.given);
  out[F.familyName] = namePart(a.familyWritten, b.familyWritten, a.family, b.family);
  out[F.middleName] = middleName(a.middle, b.middle);
  out[F.fullName] = fullName(a.full, b.full);
  out[F.birthDate] = compareBirthDates(a.date, b.date);
  out[F.sex] = a.sex === b.sex ? 0 : 1;
  out[F.birthProvince] = code(a.birthProvince, b.birthProvince);
  out[F.originProvince] = code(a.originProvince, b.originProvince);
  out[F.fatherName] = parent(a.father, b.father);
  out[F.motherName] = parent(a.mother, b.mother);
  out[F.oldId] = code(a.oldId, b.oldId);
  out[F.commune] = commune(a.unit, b.unit);
  out[F.household] = code(a.household, b.household);
  return out;
}

/**
 * Which u-table applies to a pair. Strangers born in the same province usually share their
 * origin province and live in the same province; members of one household share a family
 * name, parents, origin and commune. Against u from random pairs, that agreement would count
 * as evidence of one person many times over, so agreement is weighed against what is usual
 * among non-matches in the same situation: 0 anywhere, 1 same birth province, 2 same household.
 */
export const CONTEXTS = ['any', 'same_birth_province', 'same_household'] as const;

export function pairContext(a: PreparedRecord, b: PreparedRecord): number {
  if (a.household !== null && a.household === b.household) return 2;
  return a.birthProvince !== null && a.birthProvince === b.birthProvince ? 1 : 0;
}

/** Fields whose own weight is always taken against random pairs: they define the context. */
export const CONTEXT_FIELDS: readonly number[] = [F.household, F.birthProvince];
