import type { Executor } from '../../kernel/db.js';
import type { HouseholdFacts, PersonFacts } from './rules.js';

/**
 * What the rules need to know about a batch of records, in one query per batch: correlated
 * sub-queries on the residence, membership and version keys, so a batch of a few thousand costs
 * index lookups only. These are checks, not reads shown to anyone: no access row is written;
 * a finding shows an officer the PIN and the rule, and the record itself is read (logged) when
 * they open it.
 */
export async function personFacts(db: Executor, ids: string[]): Promise<PersonFacts[]> {
  if (ids.length === 0) return [];
  const r = await db.query<{
    id: string; pin: string; full_name: string; birth_date: string; sex: 'M' | 'F'; status: PersonFacts['status'];
    birth_place_code: string | null; origin_place_code: string | null; unit_code: string | null; province_code: string | null;
    has_father: boolean; has_mother: boolean; open_permanent: number; open_residences: number; in_household: boolean;
    temporary_end: string | null; invalid_units: string[] | null; shared_old_ids: string[] | null; lost_old_ids: string[] | null;
  }>(
    `SELECT p.id, p.pin, p.full_name, p.birth_date, p.sex, p.status, p.birth_place_code, p.origin_place_code, p.unit_code, p.province_code,
       p.father_id IS NOT NULL AS has_father, p.mother_id IS NOT NULL AS has_mother,
       (SELECT count(*)::int FROM residence r WHERE r.person_id = p.id AND r.kind = 'permanent' AND r.valid_to IS NULL) AS open_permanent,
       (SELECT count(*)::int FROM residence r WHERE r.person_id = p.id AND r.valid_to IS NULL) AS open_residences,
       EXISTS (SELECT 1 FROM household_member m WHERE m.person_id = p.id AND m.valid_to IS NULL) AS in_household,
       (SELECT min(r.planned_end)::text FROM residence r WHERE r.person_id = p.id AND r.kind = 'temporary' AND r.valid_to IS NULL) AS temporary_end,
       (SELECT array_agg(DISTINCT r.unit_code) FROM residence r WHERE r.person_id = p.id AND r.valid_to IS NULL
          AND NOT EXISTS (SELECT 1 FROM admin_unit u WHERE u.code = r.unit_code AND u.level = 'commune'
                            AND u.valid_from <= r.unit_recorded_on AND (u.valid_to IS NULL OR u.valid_to > r.unit_recorded_on))) AS invalid_units,
       (SELECT array_agg(DISTINCT x) FROM (
          SELECT p.old_id9 AS x WHERE p.old_id9 IS NOT NULL AND EXISTS (SELECT 1 FROM person o WHERE o.old_id9 = p.old_id9 AND o.id <> p.id)
          UNION ALL
          SELECT p.old_id12 WHERE p.old_id12 IS NOT NULL AND EXISTS (SELECT 1 FROM person o WHERE o.old_id12 = p.old_id12 AND o.id <> p.id)) s) AS shared_old_ids,
       (SELECT array_agg(DISTINCT x) FROM (
          SELECT v.data->>'oldId9' AS x FROM person_version v WHERE v.person_id = p.id
          UNION SELECT v.data->>'oldId12' FROM person_version v WHERE v.person_id = p.id
          UNION SELECT m.snapshot->>'oldId9' FROM person_merge m WHERE m.survivor_id = p.id
          UNION SELECT m.snapshot->>'oldId12' FROM person_merge m WHERE m.survivor_id = p.id) s
        WHERE x IS NOT NULL AND x <> coalesce(p.old_id9, '') AND x <> coalesce(p.old_id12, '')) AS lost_old_ids
     FROM person p WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
  return r.rows.map((x) => ({
    id: x.id,
    pin: x.pin,
    fullName: x.full_name,
    birthDate: x.birth_date,
    sex: x.sex,
    status: x.status,
    birthPlaceCode: x.birth_place_code,
    originPlaceCode: x.origin_place_code,
    unitCode: x.unit_code,
    provinceCode: x.province_code,
    hasFather: x.has_father,
    hasMother: x.has_mother,
    openPermanent: x.open_permanent,
    openResidences: x.open_residences,
    inHousehold: x.in_household,
    temporaryEnd: x.temporary_end,
    invalidUnits: x.invalid_units ?? [],
    sharedOldIds: x.shared_old_ids ?? [],
    lostOldIds: x.lost_old_ids ?? [],
  }));
}

export async function householdFacts(db: Executor, ids: string[]): Promise<HouseholdFacts[]> {
  if (ids.length === 0) return [];
  const r = await db.query<{ id: string; household_no: string; unit_code: string; province_code: string; open_members: number; living_heads: number }>(
    `SELECT h.id, h.household_no, h.unit_code, h.province_code,
       (SELECT count(*)::int FROM household_member m WHERE m.household_id = h.id AND m.valid_to IS NULL) AS open_members,
       (SELECT count(*)::int FROM household_member m JOIN person p ON p.id = m.person_id
         WHERE m.household_id = h.id AND m.valid_to IS NULL AND m.relation = 'chu_ho' AND p.status = 'living') AS living_heads
     FROM household h WHERE h.id = ANY($1::uuid[])`,
    [ids],
  );
  return r.rows.map((x) => ({ id: x.id, householdNo: x.household_no, unitCode: x.unit_code, provinceCode: x.province_code, openMembers: x.open_members, livingHeads: x.living_heads }));
}

/** The next batch of ids after `after` (key order), optionally in one province: the whole-population run walks these. */
export async function nextIds(db: Executor, table: 'person' | 'household', after: string | null, limit: number, province: string | null): Promise<string[]> {
  const r = await db.query<{ id: string }>(
    `SELECT id FROM ${table} WHERE ($1::uuid IS NULL OR id > $1::uuid) AND ($3::text IS NULL OR province_code = $3) ORDER BY id LIMIT $2`,
    [after, limit, province],
  );
  return r.rows.map((x) => x.id);
}

/** The households a person belongs to now: a change to a person re-checks it too (one they left is named by the event). */
export async function householdsOf(db: Executor, personIds: string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const r = await db.query<{ household_id: string }>('SELECT DISTINCT household_id FROM household_member WHERE person_id = ANY($1::uuid[]) AND valid_to IS NULL', [personIds]);
  return r.rows.map((x) => x.household_id);
}
