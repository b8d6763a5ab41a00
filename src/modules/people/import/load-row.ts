import { csvCell } from './copy-csv.js';
import type { ImportPerson } from './check-row.js';
import { viSortKey } from '../vi-sort.js';

/**
 * A checked person row as the main thread of an import needs it: the keys it decides on (which
 * rows load, their household, their family links) and, already written as CSV, every person
 * column that depends on the row alone. The worker that checks the rows builds it, so the main
 * thread, which also feeds PostgreSQL, neither receives nor formats the other fields.
 */
export interface LoadPerson {
  externalId: string;
  householdExternalId: string | null;
  pin: string;
  relation: string | null;
  fatherExternalId: string | null;
  motherExternalId: string | null;
  spouseExternalId: string | null;
  /** For the name-token counts. */
  nameFolded: string;
  residentSince: string | null;
  pinIssuedOn: string | null;
  /** The `PERSON_ROW_COLUMNS` of the row, as CSV cells joined by commas (no line end). */
  cells: string;
}

/** The person columns `LoadPerson.cells` holds, in its order. */
export const PERSON_ROW_COLUMNS = ['pin', 'full_name', 'name_folded', 'birth_date', 'birth_year', 'sex', 'nationality', 'ethnicity', 'religion', 'birth_place_code', 'origin_place_code', 'old_id9', 'old_id12', 'external_id', 'name_sort'] as const;

export function loadPerson(p: ImportPerson): LoadPerson {
  // Every cell but the sort key was checked to hold no comma, quote, backslash or line break
  // (codes, digits, ids, names of letters), so they are written without csvCell; an empty
  // folded name is an empty string, not NULL.
  const cells =
    `${p.pin},${p.fullName},${p.nameFolded || '""'},${p.birthDate},${p.birthYear},${p.sex},${p.nationality},${p.ethnicity},${p.religion ?? ''},` +
    `${p.birthPlaceCode ?? ''},${p.originPlaceCode ?? ''},${p.oldId9 ?? ''},${p.oldId12 ?? ''},${p.externalId},${csvCell(viSortKey(p.fullName))}`;
  return {
    externalId: p.externalId,
    householdExternalId: p.householdExternalId,
    pin: p.pin,
    relation: p.relation,
    fatherExternalId: p.fatherExternalId,
    motherExternalId: p.motherExternalId,
    spouseExternalId: p.spouseExternalId,
    nameFolded: p.nameFolded,
    residentSince: p.residentSince,
    pinIssuedOn: p.pinIssuedOn,
    cells,
  };
}
