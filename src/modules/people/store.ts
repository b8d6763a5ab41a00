import { unitCondition, unitFilter, type UnitFilter } from '../../kernel/access.js';
import { prepared, type Executor } from '../../kernel/db.js';
import type { Household, HouseholdMember, Person, PersonData, PersonStatus, PersonVersion, PinHistoryEntry, Residence, ResidenceKind } from './model.js';
import type { Sex } from './pin.js';
import { viSortKey } from './vi-sort.js';

/** SQL of the people module. Every function takes the executor first; services own transactions. */

interface PersonRow {
  id: string;
  pin: string;
  full_name: string;
  birth_date: string;
  sex: Sex;
  nationality: string;
  ethnicity: string;
  religion: string | null;
  birth_place_code: string | null;
  birth_place: string | null;
  birth_facility: string | null;
  birth_address: string | null;
  birth_address_unit_code: string | null;
  origin_place_code: string | null;
  origin_place: string | null;
  identifying_marks: string | null;
  old_id9: string | null;
  old_id12: string | null;
  status: PersonStatus;
  death_date: string | null;
  unit_code: string | null;
  province_code: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  father_pin: string | null;
  mother_pin: string | null;
  spouse_pin: string | null;
}

const PERSON_COLUMNS = 'p.*, f.pin AS father_pin, m.pin AS mother_pin, s.pin AS spouse_pin';
const PARENT_JOINS = `
    LEFT JOIN person f ON f.id = p.father_id
    LEFT JOIN person m ON m.id = p.mother_id
    LEFT JOIN person s ON s.id = p.spouse_id`;
const PERSON_SELECT = `SELECT ${PERSON_COLUMNS} FROM person p ${PARENT_JOINS}`;

function toPerson(r: PersonRow): Person {
  return {
    id: r.id,
    pin: r.pin,
    fullName: r.full_name,
    birthDate: r.birth_date,
    sex: r.sex,
    nationality: r.nationality,
    ethnicity: r.ethnicity,
    religion: r.religion,
    birthPlaceCode: r.birth_place_code,
    birthPlace: r.birth_place,
    birthFacility: r.birth_facility,
    birthAddress: r.birth_address,
    birthAddressUnitCode: r.birth_address_unit_code,
    originPlaceCode: r.origin_place_code,
    originPlace: r.origin_place,
    identifyingMarks: r.identifying_marks,
    oldId9: r.old_id9,
    oldId12: r.old_id12,
    fatherPin: r.father_pin,
    motherPin: r.mother_pin,
    spousePin: r.spouse_pin,
    status: r.status,
    deathDate: r.death_date,
    unitCode: r.unit_code,
    provinceCode: r.province_code,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function findPersonById(db: Executor, id: string, forUpdate = false): Promise<Person | undefined> {
  const r = await db.query<PersonRow>(`${PERSON_SELECT} WHERE p.id = $1${forUpdate ? ' FOR UPDATE OF p' : ''}`, [id]);
  return r.rows[0] && toPerson(r.rows[0]);
}

/** A person by current or cancelled PIN; `via` tells which, so callers can say "replaced by". */
export async function findPersonByAnyPin(db: Executor, pin: string): Promise<{ person: Person; via: PinHistoryEntry } | undefined> {
  const reg = await db.query<PinRegistryRow>('SELECT * FROM pin_registry WHERE pin = $1', [pin]);
  const entry = reg.rows[0];
  if (!entry) return undefined;
  const person = await findPersonById(db, entry.person_id);
  return person && { person, via: toPinEntry(entry) };
}

export async function findPeopleByOldId(db: Executor, oldId: string): Promise<Person[]> {
  const col = oldId.length === 9 ? 'old_id9' : 'old_id12';
  const r = await db.query<PersonRow>(`${PERSON_SELECT} WHERE p.${col} = $1 ORDER BY p.pin LIMIT 20`, [oldId]);
  return r.rows.map(toPerson);
}

export interface NewPersonRow extends PersonData {
  id: string;
  pin: string;
  nameFolded: string;
  birthYear: number;
  fatherId: string | null;
  motherId: string | null;
  spouseId: string | null;
  unitCode: string | null;
  provinceCode: string | null;
  externalId: string | null;
  at: Date;
}

export async function insertPerson(db: Executor, p: NewPersonRow): Promise<void> {
  await db.query(
    `INSERT INTO person (id, pin, full_name, name_folded, birth_date, birth_year, sex, nationality, ethnicity, religion,
       birth_place_code, birth_place, origin_place_code, origin_place, identifying_marks, father_id, mother_id, spouse_id,
       old_id9, old_id12, unit_code, province_code, external_id, created_at, updated_at, birth_facility, birth_address, birth_address_unit_code, name_sort)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $24, $25, $26, $27, $28)`,
    [p.id, p.pin, p.fullName, p.nameFolded, p.birthDate, p.birthYear, p.sex, p.nationality, p.ethnicity, p.religion,
      p.birthPlaceCode, p.birthPlace, p.originPlaceCode, p.originPlace, p.identifyingMarks, p.fatherId, p.motherId, p.spouseId,
      p.oldId9, p.oldId12, p.unitCode, p.provinceCode, p.externalId, p.at, p.birthFacility, p.birthAddress, p.birthAddressUnitCode, viSortKey(p.fullName)],
  );
}

export interface PersonUpdate extends PersonData {
  nameFolded: string;
  birthYear: number;
  fatherId: string | null;
  motherId: string | null;
  spouseId: string | null;
}

/** Writes the new state if the row is still at `expectedVersion`; false when someone else got there first. */
export async function updatePersonRow(db: Executor, id: string, expectedVersion: number, u: PersonUpdate, at: Date): Promise<boolean> {
  const r = await db.query(
    `UPDATE person SET full_name = $3, name_folded = $4, birth_date = $5, birth_year = $6, sex = $7, nationality = $8,
       ethnicity = $9, religion = $10, birth_place_code = $11, birth_place = $12, origin_place_code = $13, origin_place = $14,
       identifying_marks = $15, father_id = $16, mother_id = $17, spouse_id = $18, old_id9 = $19, old_id12 = $20,
       birth_facility = $22, birth_address = $23, birth_address_unit_code = $24,
       version = version + 1, updated_at = $21, name_sort = $25
     WHERE id = $1 AND version = $2`,
    [id, expectedVersion, u.fullName, u.nameFolded, u.birthDate, u.birthYear, u.sex, u.nationality, u.ethnicity, u.religion,
      u.birthPlaceCode, u.birthPlace, u.originPlaceCode, u.originPlace, u.identifyingMarks, u.fatherId, u.motherId, u.spouseId,
      u.oldId9, u.oldId12, at, u.birthFacility, u.birthAddress, u.birthAddressUnitCode, viSortKey(u.fullName)],
  );
  return r.rowCount === 1;
}

/** Sets only the spouse link (the other side of a link entered on the spouse's record). */
export async function setSpouseLink(db: Executor, id: string, spouseId: string | null, at: Date): Promise<void> {
  await db.query('UPDATE person SET spouse_id = $2, version = version + 1, updated_at = $3 WHERE id = $1', [id, spouseId, at]);
}

export async function setPersonStatus(db: Executor, id: string, status: PersonStatus, deathDate: string | null, at: Date): Promise<void> {
  await db.query('UPDATE person SET status = $2, death_date = $3, version = version + 1, updated_at = $4 WHERE id = $1', [id, status, deathDate, at]);
}

/** Changes the current PIN; the caller's data update in the same transaction makes the new version. */
export async function setPersonPin(db: Executor, id: string, pin: string, at: Date): Promise<void> {
  await db.query('UPDATE person SET pin = $2, updated_at = $3 WHERE id = $1', [id, pin, at]);
}

export async function setPersonUnit(db: Executor, id: string, unitCode: string | null, provinceCode: string | null): Promise<void> {
  await db.query('UPDATE person SET unit_code = $2, province_code = $3 WHERE id = $1', [id, unitCode, provinceCode]);
}

export async function insertVersion(db: Executor, personId: string, v: PersonVersion): Promise<void> {
  await db.query(
    'INSERT INTO person_version (person_id, version, data, changed_at, changed_by, reason, reason_note, dossier) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [personId, v.version, JSON.stringify(v.data), v.changedAt, v.changedBy, v.reason, v.reasonNote ?? null, v.dossier],
  );
}

export async function listVersions(db: Executor, personId: string): Promise<PersonVersion[]> {
  const r = await db.query<{ version: number; data: Record<string, unknown>; changed_at: Date; changed_by: string; reason: string; reason_note: string | null; dossier: string | null }>(
    'SELECT * FROM person_version WHERE person_id = $1 ORDER BY version',
    [personId],
  );
  return r.rows.map((v) => ({ version: v.version, data: v.data, changedAt: v.changed_at.toISOString(), changedBy: v.changed_by, reason: v.reason, reasonNote: v.reason_note, dossier: v.dossier }));
}

interface PinRegistryRow {
  pin: string;
  person_id: string;
  status: 'active' | 'cancelled';
  replaced_by: string | null;
  issued_at: Date;
  cancelled_at: Date | null;
  cancel_reason: string | null;
}

function toPinEntry(r: PinRegistryRow): PinHistoryEntry {
  return {
    pin: r.pin,
    status: r.status,
    replacedBy: r.replaced_by,
    issuedAt: r.issued_at.toISOString(),
    cancelledAt: r.cancelled_at ? r.cancelled_at.toISOString() : null,
    cancelReason: r.cancel_reason,
  };
}

/** Claims a PIN for a person; false when the number was ever issued before (to anyone). */
export async function claimPin(db: Executor, pin: string, personId: string, at: Date): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO pin_registry (pin, person_id, status, issued_at) VALUES ($1, $2, 'active', $3) ON CONFLICT (pin) DO NOTHING`,
    [pin, personId, at],
  );
  return r.rowCount === 1;
}

export async function cancelPinRow(db: Executor, pin: string, replacedBy: string, reason: string, at: Date): Promise<void> {
  await db.query(`UPDATE pin_registry SET status = 'cancelled', replaced_by = $2, cancel_reason = $3, cancelled_at = $4 WHERE pin = $1`, [pin, replacedBy, reason, at]);
}

export async function listPins(db: Executor, personId: string): Promise<PinHistoryEntry[]> {
  const r = await db.query<PinRegistryRow>(
    `SELECT * FROM pin_registry WHERE person_id = $1 AND status = 'cancelled'
     UNION ALL
     SELECT g.* FROM person p JOIN pin_registry g ON g.pin = p.pin WHERE p.id = $1
     ORDER BY issued_at, pin`,
    [personId],
  );
  return r.rows.map(toPinEntry);
}

/** Folded name words go into the dictionary that search expands misspelt words against. */
export async function addNameTokens(db: Executor, nameFolded: string): Promise<void> {
  // Sorted, like the importer's: concurrent writers lock shared token rows in one order.
  const tokens = [...new Set(nameFolded.split(' ').filter(Boolean))].sort();
  if (tokens.length === 0) return;
  await db.query('INSERT INTO name_token (token) SELECT unnest($1::text[]) ON CONFLICT (token) DO UPDATE SET freq = name_token.freq + 1', [tokens]);
}

/**
 * In one round trip, the dictionary words a query may mean: for each form (with its edit budget),
 * the words that could be within that many edits counting a swap of two adjacent letters as one
 * (Levenshtein counts a swap as two, hence the +1; the caller measures the real distance), and
 * the words found inside `compact` (the query without spaces), to re-split a name whose spaces
 * went astray. `form` is the form's index in `forms`, or null for words inside `compact`.
 */
export async function dictionaryCandidates(db: Executor, forms: string[], budgets: number[], compact: string): Promise<Array<{ form: number | null; token: string; freq: number }>> {
  const r = await db.query<{ form: number | null; token: string; freq: number }>(
    `SELECT (f.i - 1)::int AS form, t.token, t.freq
       FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS f(form, budget, i)
       JOIN name_token t
         ON length(t.token) BETWEEN length(f.form) - f.budget AND length(f.form) + f.budget
        AND levenshtein_less_equal(t.token, f.form, f.budget + 1) <= f.budget + 1
     UNION ALL
     SELECT NULL, t.token, t.freq FROM name_token t WHERE $3 <> '' AND strpos($3, t.token) > 0`,
    [forms, budgets, compact],
  );
  return r.rows;
}

export interface SearchFilter {
  birthYear?: number | undefined;
  unitCode?: string | undefined;
  scope: UnitFilter | null;
}

export interface SearchRow {
  person: Person;
  rank: number;
}

function filterSql(f: SearchFilter, params: unknown[]): string {
  const where: string[] = [];
  if (f.birthYear !== undefined) {
    params.push(f.birthYear);
    where.push(`p.birth_year = $${params.length}`);
  }
  if (f.unitCode !== undefined) where.push(unitCondition(unitFilter(f.unitCode), params, 'p'));
  if (f.scope) where.push(unitCondition(f.scope, params, 'p'));
  return where.map((w) => ` AND ${w}`).join('');
}

/** Totals are counted up to this many; beyond it a search says "more than 1,000". */
export const SEARCH_COUNT_CAP = 1000;

/**
 * A name marked `capped` (a guess at what a misspelling meant) shows at most this many of its
 * people before every other guess has shown its own; the rest follow after. So one common
 * neighbour of a misspelt word cannot fill the first page with its namesakes and push out the
 * name that was meant.
 */
export const PEOPLE_PER_GUESS = 3;

/**
 * People whose folded name is one of `names` (ranked by their position, i.e. by edit distance)
 * or, after those, starts with `prefix`; the people of a name marked in `capped` beyond the
 * first PEOPLE_PER_GUESS come after every name's first ones (and before the prefix matches). Each name is looked up by the name
 * index with a LIMIT of the page's end, so a common name in 100 million rows costs a page, not
 * every namesake; the total is counted up to SEARCH_COUNT_CAP the same way.
 */
export async function searchByNames(db: Executor, names: string[], capped: boolean[], prefix: string | undefined, f: SearchFilter, page: { limit: number; offset: number }): Promise<{ rows: SearchRow[]; total: number; totalCapped: boolean }> {
  const params: unknown[] = [names, page.limit + page.offset, page.limit, page.offset, SEARCH_COUNT_CAP + 1, capped, PEOPLE_PER_GUESS];
  const filters = filterSql(f, params);
  let prefixHits = '';
  let prefixCount = '';
  if (prefix) {
    params.push(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const like = `p.name_folded LIKE $${params.length} AND p.name_folded <> ALL($1::text[])${filters}`;
    prefixHits = `UNION ALL SELECT x.id, 1000 AS rank, false AS capped FROM (SELECT p.id FROM person p WHERE ${like} LIMIT $2) x`;
    prefixCount = `UNION ALL SELECT 1 FROM (SELECT 1 FROM person p WHERE ${like} LIMIT $5) y`;
  }
  const sql = `
    WITH hits AS (
      SELECT h.id, n.rank - 1 AS rank, n.capped
        FROM unnest($1::text[], $6::boolean[]) WITH ORDINALITY AS n(name, capped, rank)
        CROSS JOIN LATERAL (SELECT p.id FROM person p WHERE p.name_folded = n.name${filters} LIMIT $2) h
      ${prefixHits}
    ), placed AS (
      SELECT id, rank, capped AND row_number() OVER (PARTITION BY rank ORDER BY id) > $7 AS overflow FROM hits
    ), page AS (
      SELECT id, rank, overflow FROM placed ORDER BY rank >= 1000, overflow, rank, id LIMIT $3 OFFSET $4
    ), counted AS (
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM unnest($1::text[]) AS n(name)
          CROSS JOIN LATERAL (SELECT 1 FROM person p WHERE p.name_folded = n.name${filters} LIMIT $5) c
        ${prefixCount}
        LIMIT $5) all_hits
    )
    -- From the count outwards, so an empty page still brings the total back.
    SELECT ${PERSON_COLUMNS}, page.rank, counted.n AS total
      FROM counted
      LEFT JOIN page ON true
      LEFT JOIN person p ON p.id = page.id ${PARENT_JOINS}
     ORDER BY page.rank >= 1000, page.overflow, page.rank, p.full_name, p.pin`;
  const r = await db.query<PersonRow & { rank: number | null; total: number }>(sql, params);
  const total = Number(r.rows[0]?.total ?? 0);
  const rows = r.rows.filter((row) => row.rank !== null).map((row) => ({ person: toPerson(row), rank: row.rank! }));
  return { rows, total: Math.min(total, SEARCH_COUNT_CAP), totalCapped: total > SEARCH_COUNT_CAP };
}

interface ResidenceRow {
  id: string;
  kind: ResidenceKind;
  unit_code: string;
  unit_recorded_on: string;
  address: string;
  household_id: string | null;
  valid_from: string;
  valid_to: string | null;
  planned_end: string | null;
  ended_reason: string | null;
  dossier: string | null;
  ended_dossier: string | null;
}

function toResidence(r: ResidenceRow): Residence {
  return {
    id: r.id,
    kind: r.kind,
    unitCode: r.unit_code,
    unitRecordedOn: r.unit_recorded_on,
    address: r.address,
    householdId: r.household_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    plannedEnd: r.planned_end,
    endedReason: r.ended_reason,
    dossier: r.dossier,
    endedDossier: r.ended_dossier,
  };
}

export async function listResidences(db: Executor, personId: string): Promise<Residence[]> {
  const r = await db.query<ResidenceRow>('SELECT * FROM residence WHERE person_id = $1 ORDER BY valid_from, created_at', [personId]);
  return r.rows.map(toResidence);
}

export async function openResidences(db: Executor, personId: string): Promise<Residence[]> {
  const r = await db.query<ResidenceRow>('SELECT * FROM residence WHERE person_id = $1 AND valid_to IS NULL ORDER BY valid_from', [personId]);
  return r.rows.map(toResidence);
}

export interface NewResidence {
  id: string;
  personId: string;
  kind: ResidenceKind;
  unitCode: string;
  unitRecordedOn: string;
  address: string;
  householdId: string | null;
  validFrom: string;
  plannedEnd: string | null;
  dossier: string | null;
  at: Date;
}

export async function insertResidence(db: Executor, r: NewResidence): Promise<void> {
  await db.query(
    `INSERT INTO residence (id, person_id, kind, unit_code, unit_recorded_on, address, household_id, valid_from, planned_end, dossier, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [r.id, r.personId, r.kind, r.unitCode, r.unitRecordedOn, r.address, r.householdId, r.validFrom, r.plannedEnd, r.dossier, r.at],
  );
}

export async function closeResidence(db: Executor, personId: string, id: string, validTo: string, reason: string, endedDossier: string | null = null): Promise<void> {
  await db.query('UPDATE residence SET valid_to = $3, ended_reason = $4, ended_dossier = $5 WHERE person_id = $1 AND id = $2 AND valid_to IS NULL', [personId, id, validTo, reason, endedDossier]);
}

export async function setHouseholdAddress(db: Executor, id: string, address: string): Promise<void> {
  await db.query('UPDATE household SET address = $2, address_sort = $3, version = version + 1 WHERE id = $1', [id, address, viSortKey(address)]);
}

interface HouseholdRow {
  id: string;
  household_no: string;
  unit_code: string;
  province_code: string;
  address: string;
  unit_recorded_on: string;
  version: number;
}

export async function findHousehold(db: Executor, by: { id?: string; householdNo?: string }, forUpdate = false): Promise<Household | undefined> {
  const r = await db.query<HouseholdRow>(
    `SELECT * FROM household WHERE ${by.id ? 'id = $1' : 'household_no = $1'}${forUpdate ? ' FOR UPDATE' : ''}`,
    [by.id ?? by.householdNo],
  );
  const h = r.rows[0];
  if (!h) return undefined;
  const members = await listMembers(db, h.id, false);
  const head = members.find((m) => m.relation === 'chu_ho' && m.validTo === null);
  return {
    id: h.id,
    householdNo: h.household_no,
    unitCode: h.unit_code,
    provinceCode: h.province_code,
    address: h.address,
    unitRecordedOn: h.unit_recorded_on,
    headPin: head?.pin ?? null,
    headless: !head || head.status !== 'living',
    members,
    version: h.version,
  };
}

export async function listMembers(db: Executor, householdId: string, openOnly: boolean): Promise<HouseholdMember[]> {
  const r = await db.query<{ pin: string; full_name: string; birth_date: string; sex: Sex; status: PersonStatus; relation: string; valid_from: string; valid_to: string | null }>(
    `SELECT p.pin, p.full_name, p.birth_date, p.sex, p.status, m.relation, m.valid_from, m.valid_to
       FROM household_member m JOIN person p ON p.id = m.person_id
      WHERE m.household_id = $1${openOnly ? ' AND m.valid_to IS NULL' : ''}
      ORDER BY m.valid_to NULLS FIRST, (m.relation = 'chu_ho') DESC, p.birth_date, p.pin`,
    [householdId],
  );
  return r.rows.map((m) => ({ pin: m.pin, fullName: m.full_name, birthDate: m.birth_date, sex: m.sex, status: m.status, relation: m.relation, validFrom: m.valid_from, validTo: m.valid_to }));
}

export async function insertHousehold(db: Executor, h: { id: string; householdNo: string; unitCode: string; provinceCode: string; address: string; unitRecordedOn: string; at: Date }): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO household (id, household_no, unit_code, province_code, address, unit_recorded_on, created_at, address_sort)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (household_no) DO NOTHING`,
    [h.id, h.householdNo, h.unitCode, h.provinceCode, h.address, h.unitRecordedOn, h.at, viSortKey(h.address)],
  );
  return r.rowCount === 1;
}

export async function bumpHouseholdVersion(db: Executor, id: string): Promise<void> {
  await db.query('UPDATE household SET version = version + 1 WHERE id = $1', [id]);
}

export async function openMembership(db: Executor, personId: string): Promise<{ householdId: string; relation: string; validFrom: string } | undefined> {
  const r = await db.query<{ household_id: string; relation: string; valid_from: string }>(
    'SELECT household_id, relation, valid_from FROM household_member WHERE person_id = $1 AND valid_to IS NULL',
    [personId],
  );
  const m = r.rows[0];
  return m && { householdId: m.household_id, relation: m.relation, validFrom: m.valid_from };
}

export async function insertMember(db: Executor, m: { householdId: string; personId: string; relation: string; validFrom: string }): Promise<void> {
  await db.query('INSERT INTO household_member (household_id, person_id, relation, valid_from) VALUES ($1, $2, $3, $4)', [m.householdId, m.personId, m.relation, m.validFrom]);
}

export async function closeMembership(db: Executor, personId: string, validTo: string, reason: string): Promise<void> {
  await db.query('UPDATE household_member SET valid_to = $2, ended_reason = $3 WHERE person_id = $1 AND valid_to IS NULL', [personId, validTo, reason]);
}

/** Households of a unit with no living head: the "household without a head" defect list. */
export async function listHeadlessHouseholds(db: Executor, scope: UnitFilter | null, page: { limit: number; offset: number }): Promise<{ items: Array<{ id: string; householdNo: string; unitCode: string; address: string; members: number }>; total: number }> {
  const params: unknown[] = [page.limit, page.offset];
  const where = scope ? ` AND ${unitCondition(scope, params, 'h')}` : '';
  const r = await db.query<{ id: string; household_no: string; unit_code: string; address: string; members: number; total: number }>(
    `SELECT h.id, h.household_no, h.unit_code, h.address,
            (SELECT count(*) FROM household_member x WHERE x.household_id = h.id AND x.valid_to IS NULL)::int AS members,
            count(*) OVER () AS total
       FROM household h
      WHERE NOT EXISTS (
              SELECT 1 FROM household_member m JOIN person p ON p.id = m.person_id
               WHERE m.household_id = h.id AND m.valid_to IS NULL AND m.relation = 'chu_ho' AND p.status = 'living')${where}
      ORDER BY h.household_no LIMIT $1 OFFSET $2`,
    params,
  );
  return { items: r.rows.map((h) => ({ id: h.id, householdNo: h.household_no, unitCode: h.unit_code, address: h.address, members: h.members })), total: Number(r.rows[0]?.total ?? 0) };
}

export interface PersonDetailsRow {
  person: Person;
  via: PinHistoryEntry;
  pins: PinHistoryEntry[];
  residences: Residence[];
  household: { id: string; householdNo: string; relation: string; validFrom: string } | null;
}

/**
 * A person by current or cancelled PIN with every PIN held, every residence period and the
 * open household membership, in one statement (a logged read is the registry's hottest path).
 */
export async function findPersonDetails(db: Executor, pin: string): Promise<PersonDetailsRow | undefined> {
  const r = await prepared<PersonRow & { via: PinRegistryJson; pins: PinRegistryJson[]; residences: ResidenceRow[]; household: { id: string; household_no: string; relation: string; valid_from: string } | null }>(
    db,
    'people.person_details',
    `SELECT ${PERSON_COLUMNS},
            row_to_json(reg) AS via,
            (SELECT coalesce(json_agg(g ORDER BY g.issued_at, g.pin), '[]')
               FROM pin_registry g WHERE (g.person_id = p.id AND g.status = 'cancelled') OR g.pin = p.pin) AS pins,
            (SELECT coalesce(json_agg(x ORDER BY x.valid_from, x.created_at), '[]') FROM residence x WHERE x.person_id = p.id) AS residences,
            (SELECT json_build_object('id', h.id, 'household_no', h.household_no, 'relation', hm.relation, 'valid_from', hm.valid_from)
               FROM household_member hm JOIN household h ON h.id = hm.household_id WHERE hm.person_id = p.id AND hm.valid_to IS NULL) AS household
       FROM pin_registry reg JOIN person p ON p.id = reg.person_id ${PARENT_JOINS}
      WHERE reg.pin = $1`,
    [pin],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  const pinOf = (g: PinRegistryJson): PinHistoryEntry => toPinEntry({ ...g, issued_at: new Date(g.issued_at), cancelled_at: g.cancelled_at ? new Date(g.cancelled_at) : null });
  return {
    person: toPerson(row),
    via: pinOf(row.via),
    pins: row.pins.map(pinOf),
    residences: row.residences.map(toResidence),
    household: row.household && { id: row.household.id, householdNo: row.household.household_no, relation: row.household.relation, validFrom: row.household.valid_from },
  };
}

/** pin_registry as json_agg gives it: timestamps as text. */
type PinRegistryJson = Omit<PinRegistryRow, 'issued_at' | 'cancelled_at'> & { issued_at: string; cancelled_at: string | null };

export interface RelativeRow {
  id: string;
  pin: string;
  fullName: string;
  birthDate: string;
  sex: Sex;
  status: PersonStatus;
  unitCode: string | null;
  provinceCode: string | null;
}

/** At most this many children are listed; no record in the registry comes near it. */
export const CHILDREN_LIMIT = 50;

/**
 * The people whose father or mother is this person, oldest first, by the two partial
 * parent indexes (migration 0085), with the columns a family list shows and the unit that
 * decides who may see them.
 */
export async function listChildren(db: Executor, personId: string): Promise<RelativeRow[]> {
  const r = await db.query<{ id: string; pin: string; full_name: string; birth_date: string; sex: Sex; status: PersonStatus; unit_code: string | null; province_code: string | null }>(
    `SELECT id, pin, full_name, birth_date, sex, status, unit_code, province_code FROM person
      WHERE father_id = $1 OR mother_id = $1
      ORDER BY birth_date, pin LIMIT ${CHILDREN_LIMIT}`,
    [personId],
  );
  return r.rows.map((c) => ({ id: c.id, pin: c.pin, fullName: c.full_name, birthDate: c.birth_date, sex: c.sex, status: c.status, unitCode: c.unit_code, provinceCode: c.province_code }));
}

/** The father, mother and spouse rows of a person (whichever are linked), in one statement. */
export async function findLinkedRelatives(db: Executor, personId: string): Promise<Array<RelativeRow & { link: 'father' | 'mother' | 'spouse' }>> {
  const r = await db.query<{ link: 'father' | 'mother' | 'spouse'; id: string; pin: string; full_name: string; birth_date: string; sex: Sex; status: PersonStatus; unit_code: string | null; province_code: string | null }>(
    `SELECT l.link, r.id, r.pin, r.full_name, r.birth_date, r.sex, r.status, r.unit_code, r.province_code
       FROM person p
       CROSS JOIN LATERAL (VALUES ('father', p.father_id), ('mother', p.mother_id), ('spouse', p.spouse_id)) AS l(link, id)
       JOIN person r ON r.id = l.id
      WHERE p.id = $1`,
    [personId],
  );
  return r.rows.map((c) => ({ link: c.link, id: c.id, pin: c.pin, fullName: c.full_name, birthDate: c.birth_date, sex: c.sex, status: c.status, unitCode: c.unit_code, provinceCode: c.province_code }));
}
