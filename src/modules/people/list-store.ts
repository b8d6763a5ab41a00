import { unitCondition, unitFilter, type UnitFilter } from '../../kernel/access.js';
import type { Executor } from '../../kernel/db.js';
import type { PersonStatus } from './model.js';
import type { Sex } from './pin.js';
import { VI_FOLD_SQL } from './vi-sort.js';

/**
 * SQL of the officer's lists and overview figures. Every query is narrowed to the actor's unit
 * first (`person_unit_ix`, `person_province_ix`, `household_unit_ix`, `household_province_ix`),
 * then filtered and sorted inside it; totals are counted up to a cap, like search.
 */

export type ScopeFilter = UnitFilter | null;

/** Lists count their matches up to this many; beyond it they say "more than 10,000". */
export const LIST_COUNT_CAP = 10_000;

export interface PeopleFilter {
  /** Narrow to a commune (5 digits) or province (2 digits) inside the scope. */
  unitCode?: string | undefined;
  status?: PersonStatus | undefined;
  sex?: Sex | undefined;
  /** `YYYY` or `YYYY-MM`. */
  bornIn?: string | undefined;
  /** Born on or before this day (`YYYY-MM-DD`): aged 14 or more when it is today less 14 years. */
  bornBy?: string | undefined;
  /** Deceased with a death date in `YYYY` or `YYYY-MM`. */
  diedIn?: string | undefined;
  /** Neither an old 9-digit nor a 12-digit identity number recorded. */
  noIdNumber?: boolean | undefined;
}

export type PeopleSort = 'name' | 'birthDate' | 'pin';
export type HouseholdSort = 'householdNo' | 'address' | 'members';
export type Direction = 'asc' | 'desc';

export interface PersonListRow {
  pin: string;
  fullName: string;
  birthDate: string;
  sex: Sex;
  status: PersonStatus;
  deathDate: string | null;
  unitCode: string | null;
}

function unitWhere(scope: ScopeFilter, unitCode: string | undefined, params: unknown[], alias: string): string[] {
  const where: string[] = [];
  for (const u of [scope, unitCode ? unitFilter(unitCode) : null]) if (u) where.push(unitCondition(u, params, alias));
  return where;
}

function peopleWhere(scope: ScopeFilter, f: PeopleFilter, params: unknown[]): string {
  const where = unitWhere(scope, f.unitCode, params, 'p');
  const add = (sql: (n: string) => string, value: unknown) => where.push(sql(`$${params.push(value)}`));
  if (f.status) add((n) => `p.status = ${n}`, f.status);
  if (f.sex) add((n) => `p.sex = ${n}`, f.sex);
  if (f.bornIn?.length === 4) add((n) => `p.birth_year = ${n}`, Number(f.bornIn));
  else if (f.bornIn) add((n) => `p.birth_date LIKE ${n}`, `${f.bornIn}%`);
  // A partial birth date counts from the first day of its year or month.
  if (f.bornBy) add((n) => `p.birth_date <= ${n}`, f.bornBy);
  if (f.diedIn) add((n) => `p.status = 'deceased' AND p.death_date LIKE ${n}`, `${f.diedIn}%`);
  if (f.noIdNumber) where.push('p.old_id9 IS NULL AND p.old_id12 IS NULL');
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

const PEOPLE_ORDER: Record<PeopleSort, string> = { name: 'p.name_sort', birthDate: 'p.birth_date', pin: 'p.pin' };

/** A page of people matching the filter, with the total counted up to `LIST_COUNT_CAP`. */
export async function listPeople(db: Executor, scope: ScopeFilter, f: PeopleFilter, order: { sort: PeopleSort; dir: Direction }, page: { limit: number; offset: number }): Promise<{ rows: PersonListRow[]; total: number; totalCapped: boolean }> {
  const params: unknown[] = [];
  const where = peopleWhere(scope, f, params);
  const dir = order.dir === 'desc' ? 'DESC' : 'ASC';
  const counted = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM person p ${where} LIMIT ${LIST_COUNT_CAP + 1}) x`, params);
  const r = await db.query<{ pin: string; full_name: string; birth_date: string; sex: Sex; status: PersonStatus; death_date: string | null; unit_code: string | null }>(
    `SELECT p.pin, p.full_name, p.birth_date, p.sex, p.status, p.death_date, p.unit_code FROM person p ${where}
      ORDER BY ${PEOPLE_ORDER[order.sort]} ${dir}, p.pin ${dir} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  const n = counted.rows[0]!.n;
  return {
    rows: r.rows.map((x) => ({ pin: x.pin, fullName: x.full_name, birthDate: x.birth_date, sex: x.sex, status: x.status, deathDate: x.death_date, unitCode: x.unit_code })),
    total: Math.min(n, LIST_COUNT_CAP),
    totalCapped: n > LIST_COUNT_CAP,
  };
}

export interface HouseholdFilter {
  unitCode?: string | undefined;
  headless?: boolean | undefined;
  minMembers?: number | undefined;
  maxMembers?: number | undefined;
  /** Part of the address, matched without case, tones or other marks (see `viFold`). */
  addressFolded?: string | undefined;
}

export interface HouseholdListRow {
  householdNo: string;
  unitCode: string;
  address: string;
  members: number;
  headPin: string | null;
  headName: string | null;
}

function householdQuery(scope: ScopeFilter, f: HouseholdFilter, params: unknown[]): string {
  const where = unitWhere(scope, f.unitCode, params, 'h');
  if (f.addressFolded) where.push(`strpos(${VI_FOLD_SQL('h.address_sort')}, $${params.push(f.addressFolded)}) > 0`);
  if (f.headless) where.push('hd.pin IS NULL');
  if (f.minMembers !== undefined) where.push(`m.members >= $${params.push(f.minMembers)}`);
  if (f.maxMembers !== undefined) where.push(`m.members <= $${params.push(f.maxMembers)}`);
  // The head counts only while living: a deceased head leaves the household headless.
  return `FROM household h
    CROSS JOIN LATERAL (SELECT count(*)::int AS members FROM household_member x WHERE x.household_id = h.id AND x.valid_to IS NULL) m
    LEFT JOIN LATERAL (SELECT p.pin, p.full_name FROM household_member x JOIN person p ON p.id = x.person_id
                        WHERE x.household_id = h.id AND x.valid_to IS NULL AND x.relation = 'chu_ho' AND p.status = 'living') hd ON true
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
}

const HOUSEHOLD_ORDER: Record<HouseholdSort, string> = { householdNo: 'h.household_no', address: 'h.address_sort', members: 'm.members' };

/** A page of households matching the filter, with head and member count, total counted up to the cap. */
export async function listHouseholds(db: Executor, scope: ScopeFilter, f: HouseholdFilter, order: { sort: HouseholdSort; dir: Direction }, page: { limit: number; offset: number }): Promise<{ rows: HouseholdListRow[]; total: number; totalCapped: boolean }> {
  const params: unknown[] = [];
  const from = householdQuery(scope, f, params);
  const dir = order.dir === 'desc' ? 'DESC' : 'ASC';
  const counted = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 ${from} LIMIT ${LIST_COUNT_CAP + 1}) x`, params);
  const r = await db.query<{ household_no: string; unit_code: string; address: string; members: number; head_pin: string | null; head_name: string | null }>(
    `SELECT h.household_no, h.unit_code, h.address, m.members, hd.pin AS head_pin, hd.full_name AS head_name ${from}
      ORDER BY ${HOUSEHOLD_ORDER[order.sort]} ${dir}, h.household_no ${dir} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  const n = counted.rows[0]!.n;
  return {
    rows: r.rows.map((x) => ({ householdNo: x.household_no, unitCode: x.unit_code, address: x.address, members: x.members, headPin: x.head_pin, headName: x.head_name })),
    total: Math.min(n, LIST_COUNT_CAP),
    totalCapped: n > LIST_COUNT_CAP,
  };
}

export interface Figures {
  residents: number;
  households: number;
  birthsThisMonth: number;
  deathsThisMonth: number;
  adultsWithoutIdNumber: number;
  headlessHouseholds: number;
}

/**
 * The overview's counts for a scope, one statement per table. `month` is `YYYY-MM`, `bornBy`
 * the last birth day of people aged 14 or more today.
 */
export async function countFigures(db: Executor, scope: ScopeFilter, month: string, bornBy: string): Promise<Figures> {
  const pp: unknown[] = [`${month}%`, bornBy];
  const pw = unitWhere(scope, undefined, pp, 'p');
  const people = await db.query<{ residents: number; births: number; deaths: number; no_id: number }>(
    `SELECT count(*) FILTER (WHERE p.status = 'living')::int AS residents,
            count(*) FILTER (WHERE p.birth_date LIKE $1)::int AS births,
            count(*) FILTER (WHERE p.status = 'deceased' AND p.death_date LIKE $1)::int AS deaths,
            count(*) FILTER (WHERE p.status = 'living' AND p.birth_date <= $2 AND p.old_id9 IS NULL AND p.old_id12 IS NULL)::int AS no_id
       FROM person p ${pw.length ? `WHERE ${pw.join(' AND ')}` : ''}`,
    pp,
  );
  const hp: unknown[] = [];
  const hw = unitWhere(scope, undefined, hp, 'h');
  const households = await db.query<{ households: number; headless: number }>(
    `SELECT count(*)::int AS households,
            count(*) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM household_member x JOIN person p ON p.id = x.person_id
               WHERE x.household_id = h.id AND x.valid_to IS NULL AND x.relation = 'chu_ho' AND p.status = 'living'))::int AS headless
       FROM household h ${hw.length ? `WHERE ${hw.join(' AND ')}` : ''}`,
    hp,
  );
  const a = people.rows[0]!;
  const b = households.rows[0]!;
  return { residents: a.residents, households: b.households, birthsThisMonth: a.births, deathsThisMonth: a.deaths, adultsWithoutIdNumber: a.no_id, headlessHouseholds: b.headless };
}

/** Current names of people by PIN (current or cancelled), for naming the targets of audit rows. */
export async function namesByPins(db: Executor, pins: string[]): Promise<Map<string, { fullName: string; unitCode: string | null; provinceCode: string | null }>> {
  if (pins.length === 0) return new Map();
  const r = await db.query<{ pin: string; full_name: string; unit_code: string | null; province_code: string | null }>(
    'SELECT g.pin, p.full_name, p.unit_code, p.province_code FROM pin_registry g JOIN person p ON p.id = g.person_id WHERE g.pin = ANY($1::text[])',
    [pins],
  );
  return new Map(r.rows.map((x) => [x.pin, { fullName: x.full_name, unitCode: x.unit_code, provinceCode: x.province_code }]));
}
