import type { Executor } from '../../kernel/db.js';
import type { LinkRecord } from './linkage/index.js';

/**
 * Registry people as the linkage sees them: names, dates, places, parents' names, old ID,
 * commune and household. Read for matching only: nothing here is shown to anyone, so no access
 * row; a pair is shown (and logged) when an officer opens it.
 */
const SELECT = `SELECT p.id, p.full_name, p.birth_date, p.sex, p.birth_place_code, p.origin_place_code,
    f.full_name AS father_name, m.full_name AS mother_name, coalesce(p.old_id9, p.old_id12) AS old_id, p.unit_code,
    (SELECT hm.household_id FROM household_member hm WHERE hm.person_id = p.id AND hm.valid_to IS NULL) AS household_id
  FROM person p LEFT JOIN person f ON f.id = p.father_id LEFT JOIN person m ON m.id = p.mother_id`;

interface Row {
  id: string;
  full_name: string;
  birth_date: string;
  sex: 'M' | 'F';
  birth_place_code: string | null;
  origin_place_code: string | null;
  father_name: string | null;
  mother_name: string | null;
  old_id: string | null;
  unit_code: string | null;
  household_id: string | null;
}

function toRecord(r: Row): LinkRecord {
  return {
    id: r.id,
    fullName: r.full_name,
    birthDate: r.birth_date,
    sex: r.sex,
    // A hand-entered birth place may be a commune; the linkage compares provinces.
    birthProvince: r.birth_place_code && r.birth_place_code.length <= 3 ? r.birth_place_code.padStart(2, '0').slice(-2) : r.birth_place_code,
    originProvince: r.origin_place_code,
    fatherName: r.father_name,
    motherName: r.mother_name,
    oldId: r.old_id,
    unitCode: r.unit_code,
    householdKey: r.household_id,
  };
}

export async function linkRecordsByIds(db: Executor, ids: string[]): Promise<LinkRecord[]> {
  if (ids.length === 0) return [];
  const r = await db.query<Row>(`${SELECT} WHERE p.id = ANY($1::uuid[])`, [ids]);
  return r.rows.map(toRecord);
}

/** Every person (or one province's), page by page in key order; `onPage` reports progress. */
export async function* linkRecordPages(db: Executor, province: string | null, pageSize = 20000): AsyncGenerator<LinkRecord[]> {
  let after: string | null = null;
  for (;;) {
    const r: { rows: Row[] } = await db.query<Row>(`${SELECT} WHERE ($1::uuid IS NULL OR p.id > $1::uuid) AND ($2::text IS NULL OR p.province_code = $2) ORDER BY p.id LIMIT ${pageSize}`, [after, province]);
    if (r.rows.length === 0) return;
    yield r.rows.map(toRecord);
    after = r.rows[r.rows.length - 1]!.id;
  }
}
