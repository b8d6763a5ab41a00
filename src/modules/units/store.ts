import { prepared, type Executor } from '../../kernel/db.js';
import {
  REFORM_2025,
  treeAt,
  type ConversionKind,
  type UnitInContext,
  type UnitLevel,
  type UnitType,
} from './model.js';

/**
 * SQL for administrative units. Private to the module. "At a date" always means
 * valid_from <= date < valid_to (open valid_to = still in force).
 */

interface UnitRowDb {
  code: string;
  level: UnitLevel;
  name: string;
  type: UnitType;
  parent_code: string | null;
  province_code: string;
  valid_from: string;
  valid_to: string | null;
  province_name: string;
  district_name: string | null;
}

/** A unit with the names of the province and district it belonged to at the time. */
const UNIT_FROM = `
  FROM admin_unit u
  JOIN admin_unit p ON p.level = 'province' AND p.code = u.province_code
    AND p.valid_from <= u.valid_from AND (p.valid_to IS NULL OR p.valid_to > u.valid_from)
  LEFT JOIN admin_unit d ON u.level = 'commune' AND d.level = 'district' AND d.code = u.parent_code
    AND d.valid_from <= u.valid_from AND (d.valid_to IS NULL OR d.valid_to > u.valid_from)`;

const UNIT_COLUMNS = `u.code, u.level, u.name, u.type, u.parent_code, u.province_code, u.valid_from, u.valid_to,
  p.name AS province_name, d.name AS district_name`;

/** $n is the date; written once so every query reads the validity rule the same way. */
const validAt = (n: number, alias = 'u') =>
  `${alias}.valid_from <= $${n}::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > $${n}::date)`;

// Same-named units: today's before the old ones, provinces before districts before communes.
const TIE_BREAK = `(u.valid_to IS NOT NULL), CASE u.level WHEN 'province' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, u.name_folded, u.code, u.valid_from`;

function toUnit(r: UnitRowDb): UnitInContext {
  return {
    code: r.code,
    level: r.level,
    name: r.name,
    type: r.type,
    parentCode: r.parent_code,
    provinceCode: r.province_code,
    // A unit belongs to the tree in force when it came into force.
    tree: treeAt(r.valid_from),
    validFrom: r.valid_from,
    validTo: r.valid_to,
    provinceName: r.province_name,
    districtName: r.district_name,
  };
}

export async function findUnitAt(
  ex: Executor,
  code: string,
  date: string,
): Promise<UnitInContext | undefined> {
  // Prepared: every person read names the units of its residences, and planning this join cost
  // PostgreSQL four times running it (0.6 ms against 0.03 ms).
  const r = await prepared<UnitRowDb>(ex, 'units.find_at', `SELECT ${UNIT_COLUMNS} ${UNIT_FROM} WHERE u.code = $1::text AND ${validAt(2)}`, [code, date]);
  return r.rows[0] && toUnit(r.rows[0]);
}

/** The newest version of a code: today's unit when there is one. */
export async function findLatestUnit(ex: Executor, code: string): Promise<UnitInContext | undefined> {
  const r = await prepared<UnitRowDb>(ex, 'units.find_latest', `SELECT ${UNIT_COLUMNS} ${UNIT_FROM} WHERE u.code = $1 ORDER BY u.valid_from DESC LIMIT 1`, [code]);
  return r.rows[0] && toUnit(r.rows[0]);
}

export async function listProvincesAt(ex: Executor, date: string): Promise<UnitInContext[]> {
  const r = await ex.query<UnitRowDb>(
    `SELECT ${UNIT_COLUMNS} ${UNIT_FROM} WHERE u.level = 'province' AND ${validAt(1)} ORDER BY u.code`,
    [date],
  );
  return r.rows.map(toUnit);
}

export interface ListFilter {
  date: string;
  level: UnitLevel;
  provinceCode?: string | undefined;
  parentCode?: string | undefined;
  /** Folded text the name must contain. */
  contains?: string | undefined;
}

export interface Slice {
  limit: number;
  offset: number;
}

export interface Counted<T> {
  items: T[];
  total: number;
}

/** Units of one level under a province or parent, in folded-name order. */
export async function listUnits(ex: Executor, f: ListFilter, slice: Slice): Promise<Counted<UnitInContext>> {
  const where = `u.level = $2::text AND ${validAt(1)}
    AND ($3::text IS NULL OR u.province_code = $3::text)
    AND ($4::text IS NULL OR u.parent_code = $4::text)
    AND ($5::text IS NULL OR u.name_folded LIKE '%' || $5::text || '%')`;
  const params = [f.date, f.level, f.provinceCode ?? null, f.parentCode ?? null, f.contains ?? null];
  const r = await ex.query<UnitRowDb & { total: number }>(
    `SELECT ${UNIT_COLUMNS}, count(*) OVER () AS total ${UNIT_FROM} WHERE ${where}
     ORDER BY u.name_folded, u.code LIMIT $6 OFFSET $7`,
    [...params, slice.limit, slice.offset],
  );
  return {
    items: r.rows.map(toUnit),
    total: await totalOf(
      ex,
      r.rows,
      slice,
      `SELECT count(*)::int AS total FROM admin_unit u WHERE ${where}`,
      params,
    ),
  };
}

export interface SearchFilter {
  /** Folded query. */
  q: string;
  /** The query with each unit type word in front ("phuong ba dinh" for "ba dinh"). */
  exact: string[];
  /** The query's words. */
  words: string[];
  date?: string | undefined;
  level?: UnitLevel | undefined;
  provinceCode?: string | undefined;
}

/** Filters both searches share; they use $2–$4. */
const SEARCH_SCOPE = `($2::date IS NULL OR ${validAt(2)})
    AND ($3::text IS NULL OR u.level = $3::text)
    AND ($4::text IS NULL OR u.province_code = $4::text)`;

/**
 * How well a name matches the query ($5 folded, $6 the query with each type word in
 * front): 0 the exact name, 1 starts with the query as whole words, 2 starts with it,
 * 3 contains it as whole words, 4 contains it at a word start, 5 has all its words.
 */
const MATCH_TIER = `CASE
    WHEN u.name_folded = ANY($6::text[]) THEN 0
    WHEN u.name_folded LIKE ANY (SELECT e || ' %' FROM unnest($6::text[]) AS e) THEN 1
    WHEN u.name_folded LIKE ANY (SELECT e || '%' FROM unnest($6::text[]) AS e) THEN 2
    WHEN (' ' || u.name_folded || ' ') LIKE '% ' || $5::text || ' %' THEN 3
    WHEN (' ' || u.name_folded) LIKE '% ' || $5::text || '%' THEN 4
    ELSE 5 END`;

/**
 * Names in which every word of the query starts a word ("ba dinh" → Phường Ba Đình, Xã
 * Ba Đình, Phường Đình Bảng), best tier first. Equally exact names stay in name order;
 * looser ones go by trigram similarity. The folded query holds only letters, digits and
 * spaces: no LIKE wildcards.
 */
export async function searchUnits(
  ex: Executor,
  f: SearchFilter,
  slice: Slice,
): Promise<Counted<UnitInContext>> {
  const where = `${SEARCH_SCOPE}
    AND NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS w(word) WHERE (' ' || u.name_folded) NOT LIKE '% ' || w.word || '%')`;
  // The count reuses the first four parameters: an unused one would have no type in PostgreSQL.
  const params = [f.words, f.date ?? null, f.level ?? null, f.provinceCode ?? null];
  const r = await ex.query<UnitRowDb & { total: number }>(
    `SELECT ${UNIT_COLUMNS}, count(*) OVER () AS total ${UNIT_FROM}
     WHERE ${where}
     ORDER BY ${MATCH_TIER}, CASE WHEN ${MATCH_TIER} = 0 THEN 0 ELSE similarity($5::text, u.name_folded) END DESC, ${TIE_BREAK}
     LIMIT $7 OFFSET $8`,
    [...params, f.q, f.exact, slice.limit, slice.offset],
  );
  return {
    items: r.rows.map(toUnit),
    total: await totalOf(
      ex,
      r.rows,
      slice,
      `SELECT count(*)::int AS total FROM admin_unit u WHERE ${where}`,
      params,
    ),
  };
}

/** Word similarity a misspelt name needs ("ba dnh" ~ "phuong ba dinh" scores 0.57). */
export const FUZZY_THRESHOLD = 0.5;

/**
 * Names that resemble the query (pg_trgm word similarity), best first: the fallback when
 * no name contains the query's words. An explicit threshold, not the `<%` operator, so
 * the result does not depend on a server setting.
 */
export async function searchUnitsFuzzy(
  ex: Executor,
  f: SearchFilter,
  slice: Slice,
): Promise<Counted<UnitInContext>> {
  const where = `${SEARCH_SCOPE} AND word_similarity($1::text, u.name_folded) >= ${FUZZY_THRESHOLD}`;
  const params = [f.q, f.date ?? null, f.level ?? null, f.provinceCode ?? null];
  const r = await ex.query<UnitRowDb & { total: number }>(
    `SELECT ${UNIT_COLUMNS}, count(*) OVER () AS total ${UNIT_FROM}
     WHERE ${where}
     ORDER BY word_similarity($1::text, u.name_folded) DESC, similarity($1::text, u.name_folded) DESC, ${TIE_BREAK}
     LIMIT $5 OFFSET $6`,
    [...params, slice.limit, slice.offset],
  );
  return {
    items: r.rows.map(toUnit),
    total: await totalOf(
      ex,
      r.rows,
      slice,
      `SELECT count(*)::int AS total FROM admin_unit u WHERE ${where}`,
      params,
    ),
  };
}

/** The window count rides along with the rows; only a page past the end needs its own count. */
async function totalOf(
  ex: Executor,
  rows: { total: number }[],
  slice: Slice,
  countSql: string,
  params: unknown[],
): Promise<number> {
  if (rows[0]) return Number(rows[0].total);
  if (slice.offset === 0) return 0;
  const r = await ex.query<{ total: number }>(countSql, params);
  return r.rows[0]?.total ?? 0;
}

export interface ConversionLinkRow {
  kind: ConversionKind;
  note: string;
  unit: UnitInContext;
}

/** The current units an old unit went into, with how. */
export async function listConversionTargets(ex: Executor, oldCode: string): Promise<ConversionLinkRow[]> {
  const r = await ex.query<UnitRowDb & { kind: ConversionKind; note: string }>(
    `SELECT ${UNIT_COLUMNS}, c.kind, c.note
     ${UNIT_FROM}
     JOIN admin_unit_conversion c ON c.new_code = u.code
     WHERE c.old_code = $1 AND ${validAt(2)}
     ORDER BY u.code`,
    [oldCode, REFORM_2025],
  );
  return r.rows.map((row) => ({ kind: row.kind, note: row.note, unit: toUnit(row) }));
}
