/**
 * The generator's input options and output records. The output format is a contract with the
 * bulk importer: docs/generator.md describes exactly these fields.
 */
import type { Sex } from '../pin.js';
import type { RelationCode } from '../reference/relations.js';
import type { ReligionCode } from '../reference/religions.js';

/** A current (post-July-2025) commune households can live in. */
export interface CommuneRef {
  /** Five-digit commune code. */
  code: string;
  /** Two-digit current province code. */
  provinceCode: string;
  /**
   * Two-digit pre-2025 province code of one of the commune's predecessors, used as the PIN
   * prefix of people born there. Defaults to `provinceCode` (new provinces kept an old code).
   */
  oldProvinceCode?: string;
  /** Relative population weight (the loader: ≈ thousands of inhabitants, see communes.ts). */
  weight: number;
  /** Ward (phường) rather than rural commune: changes the address style. */
  urban?: boolean;
}

export interface DefectRates {
  /** Share of real people who get a second, slightly different record (0–1). */
  duplicateRate: number;
  /** Share of real people whose PIN's century digit or year digits disagree with their record. */
  wrongPinRate: number;
  /** Share of households with two or more members whose head record is withheld. */
  headlessHouseholdRate: number;
}

export const DEFAULT_DEFECT_RATES: DefectRates = {
  duplicateRate: 0.02,
  wrongPinRate: 0.005,
  headlessHouseholdRate: 0.01,
};

export interface GenerateOptions {
  /** How many real people to emit (injected duplicates come on top). */
  people: number;
  seed: string | number;
  /** Keep households in these provinces only: current or pre-2025 two-digit codes. */
  provinces?: string[];
  defects?: DefectRates;
  communes: CommuneRef[];
  /** The date ages are counted to; ISO YYYY-MM-DD, default 2025-07-01. Nobody is born after it. */
  referenceDate?: string;
}

/** One line of people.ndjson (and one row of people.csv, same fields in the same order). */
export interface PersonRecord {
  externalId: string;
  householdExternalId: string;
  pin: string;
  fullName: string;
  familyName: string;
  middleName: string | null;
  givenName: string;
  sex: Sex;
  birthDate: string;
  birthRegistrationProvinceCode: string;
  originProvinceCode: string;
  nationality: string;
  ethnicityCode: string;
  religionCode: ReligionCode;
  oldIdNumber: string | null;
  relationToHead: RelationCode;
  fatherExternalId: string | null;
  motherExternalId: string | null;
  spouseExternalId: string | null;
}

export const PERSON_FIELDS = [
  'externalId',
  'householdExternalId',
  'pin',
  'fullName',
  'familyName',
  'middleName',
  'givenName',
  'sex',
  'birthDate',
  'birthRegistrationProvinceCode',
  'originProvinceCode',
  'nationality',
  'ethnicityCode',
  'religionCode',
  'oldIdNumber',
  'relationToHead',
  'fatherExternalId',
  'motherExternalId',
  'spouseExternalId',
] as const satisfies ReadonlyArray<keyof PersonRecord>;

/** One line of households.ndjson. */
export interface HouseholdRecord {
  externalId: string;
  /** Current five-digit commune code of the dwelling (permanent residence). */
  communeCode: string;
  /** Current two-digit province code. */
  provinceCode: string;
  /** House number, lane, street or hamlet — everything below the commune. */
  addressDetail: string;
  /** Null only for injected headless households. */
  headExternalId: string | null;
}

export type DuplicateMutation =
  | 'no_diacritics'
  | 'name_typo'
  | 'missing_middle_name'
  | 'swapped_day_month'
  | 'day_changed'
  | 'year_only'
  | 'birth_year_off_by_one';

export type WrongPinMutation = 'century_digit' | 'year_digits';

/** One line of truth.ndjson: what the injected defects are. */
export type TruthRecord =
  | { kind: 'duplicate'; externalId: string; originalExternalId: string; mutations: DuplicateMutation[] }
  | { kind: 'wrong_pin'; externalId: string; pin: string; mutation: WrongPinMutation }
  | { kind: 'headless_household'; householdExternalId: string; withheldHeadExternalId: string };

/** One item of the generated stream: a household, its people, and the truth about its defects. */
export interface GeneratedHousehold {
  household: HouseholdRecord;
  people: PersonRecord[];
  truth: TruthRecord[];
}
