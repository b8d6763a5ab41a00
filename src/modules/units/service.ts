import type { AppContext, UnitDirectory } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { todayInVietnam } from '../../kernel/clock.js';
import { invalid, notFound, type AppError } from '../../kernel/errors.js';
import {
  clampToCatalogue,
  CODE_LENGTH,
  DEFAULT_PAGE_SIZE,
  foldQuery,
  isIsoDate,
  isPartial,
  isUnitCode,
  isWholePopulation,
  LAST_PRE2025_DAY,
  levelOfCode,
  MAX_PAGE_SIZE,
  MAX_QUERY_LENGTH,
  rankTargets,
  treeDate,
  withTypePrefixes,
  type Conversion,
  type CurrentUnits,
  type Page,
  type Tree,
  type UnitInContext,
  type UnitLevel,
} from './model.js';
import * as store from './store.js';

/**
 * Administrative units: reference data, the same for every officer and not personal, so
 * these functions take no actor and write no audit rows. Every read is one statement.
 */

/** What the unit functions need from the application context. */
export type UnitsContext = Pick<AppContext, 'db' | 'clock'>;

export interface PageInput {
  page?: number | undefined;
  pageSize?: number | undefined;
}

// ─── input checks ──────────────────────────────────────────────────────────────────────

const LEVEL_WORDS: Record<UnitLevel, { vi: string; en: string }> = {
  province: { vi: 'tỉnh', en: 'province' },
  district: { vi: 'huyện', en: 'district' },
  commune: { vi: 'xã', en: 'commune' },
};

function malformed(field: string, levels: UnitLevel[]): AppError {
  const vi = levels.map((l) => `${CODE_LENGTH[l]} chữ số (cấp ${LEVEL_WORDS[l].vi})`).join(' hoặc ');
  const en = levels.map((l) => `${CODE_LENGTH[l]} digits (${LEVEL_WORDS[l].en})`).join(' or ');
  return invalid('unit_code_malformed', field, {
    vi: `Mã đơn vị hành chính phải gồm ${vi}, kể cả các số 0 ở đầu.`,
    en: `An administrative unit code is ${en}, leading zeros included.`,
  });
}

/** Checks a code's shape and returns its level. */
function checkCode(
  code: string,
  field: string,
  levels: UnitLevel[] = ['province', 'district', 'commune'],
): UnitLevel {
  const level = levelOfCode(code);
  if (!level || !levels.includes(level)) throw malformed(field, levels);
  return level;
}

function checkDate(date: string, field: string): string {
  if (!isIsoDate(date)) {
    throw invalid('date_malformed', field, {
      vi: 'Ngày phải có dạng YYYY-MM-DD và là ngày có thật.',
      en: 'A date is YYYY-MM-DD and must exist in the calendar.',
    });
  }
  return date;
}

function checkTree(tree: string | undefined, field = 'tree'): Tree | undefined {
  if (tree === undefined || tree === 'current' || tree === 'pre2025') return tree;
  throw invalid('tree_unknown', field, {
    vi: 'Cây đơn vị phải là "current" (hiện hành) hoặc "pre2025" (trước 01/7/2025).',
    en: 'The tree is "current" or "pre2025".',
  });
}

function checkPage(input: PageInput): store.Slice & { page: number; pageSize: number } {
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(page) || page < 1 || page > 100_000) {
    throw invalid('page_invalid', 'page', {
      vi: 'Số trang phải là số nguyên từ 1.',
      en: 'The page is a whole number from 1.',
    });
  }
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw invalid('page_size_invalid', 'pageSize', {
      vi: `Số dòng mỗi trang từ 1 đến ${MAX_PAGE_SIZE}.`,
      en: `The page size is between 1 and ${MAX_PAGE_SIZE}.`,
    });
  }
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

/** The folded query, or an error when nothing searchable is left. */
function checkQuery(q: string, field = 'q'): string {
  if (q.length > MAX_QUERY_LENGTH) {
    throw invalid('query_too_long', field, {
      vi: `Nội dung tìm kiếm tối đa ${MAX_QUERY_LENGTH} ký tự.`,
      en: `Search text is at most ${MAX_QUERY_LENGTH} characters.`,
    });
  }
  const folded = foldQuery(q);
  if (folded === '')
    throw invalid('query_empty', field, {
      vi: 'Hãy nhập tên đơn vị cần tìm.',
      en: 'Enter a unit name to search for.',
    });
  return folded;
}

function unitNotFound(code: string, field = 'code', when?: string): AppError {
  return notFound(
    'unit_not_found',
    when
      ? {
          vi: `Không có đơn vị hành chính mã ${code} vào ngày ${when}.`,
          en: `No administrative unit had code ${code} on ${when}.`,
        }
      : { vi: `Không có đơn vị hành chính mã ${code}.`, en: `No administrative unit has code ${code}.` },
    field,
  );
}


function dateOfTree(ctx: UnitsContext, tree: Tree): string {
  return treeDate(tree, todayInVietnam(ctx.clock));
}

function pageOf<T>(counted: store.Counted<T>, slice: { page: number; pageSize: number }): Page<T> {
  return { items: counted.items, total: counted.total, page: slice.page, pageSize: slice.pageSize };
}

// ─── lookups ───────────────────────────────────────────────────────────────────────────

/** The provinces of a tree, by code (34 today, 63 before July 2025). */
export async function listProvinces(
  ctx: UnitsContext,
  input: { tree?: Tree | undefined } = {},
): Promise<UnitInContext[]> {
  const tree = checkTree(input.tree) ?? 'current';
  return store.listProvincesAt(ctx.db.pool, dateOfTree(ctx, tree));
}

async function requireUnitAt(
  ctx: UnitsContext,
  code: string,
  date: string,
  field: string,
  db: Executor = ctx.db.pool,
): Promise<UnitInContext> {
  const unit = await store.findUnitAt(db, code, date);
  if (!unit) throw unitNotFound(code, field, date);
  return unit;
}

/**
 * A page of a province's communes, by folded name, optionally only those whose name
 * contains `q`. Before 2025 a district (`districtCode`) narrows it further.
 */
export async function listCommunes(
  ctx: UnitsContext,
  input: PageInput & {
    provinceCode: string;
    tree?: Tree | undefined;
    q?: string | undefined;
    districtCode?: string | undefined;
  },
): Promise<Page<UnitInContext>> {
  checkCode(input.provinceCode, 'provinceCode', ['province']);
  const tree = checkTree(input.tree) ?? 'current';
  if (input.districtCode !== undefined) {
    checkCode(input.districtCode, 'districtCode', ['district']);
    if (tree !== 'pre2025') {
      throw invalid('districts_abolished', 'districtCode', {
        vi: 'Từ 01/7/2025 không còn cấp huyện.',
        en: 'Districts were abolished on 1 July 2025.',
      });
    }
  }
  const slice = checkPage(input);
  const contains = input.q === undefined || input.q.trim() === '' ? undefined : checkQuery(input.q);
  const date = dateOfTree(ctx, tree);
  await requireUnitAt(ctx, input.provinceCode, date, 'provinceCode');
  const found = await store.listUnits(
    ctx.db.pool,
    { date, level: 'commune', provinceCode: input.provinceCode, parentCode: input.districtCode, contains },
    slice,
  );
  return pageOf(found, slice);
}

/** The districts of a pre-2025 province (there are none since July 2025). */
export async function listDistricts(
  ctx: UnitsContext,
  input: PageInput & { provinceCode: string },
): Promise<Page<UnitInContext>> {
  checkCode(input.provinceCode, 'provinceCode', ['province']);
  const slice = checkPage(input);
  const date = dateOfTree(ctx, 'pre2025');
  await requireUnitAt(ctx, input.provinceCode, date, 'provinceCode');
  return pageOf(
    await store.listUnits(ctx.db.pool, { date, level: 'district', provinceCode: input.provinceCode }, slice),
    slice,
  );
}

/**
 * A page of the units directly under `code`: a current province's communes, a pre-2025
 * province's districts, a district's communes. A district code implies the pre-2025 tree.
 */
export async function listChildren(
  ctx: UnitsContext,
  code: string,
  input: PageInput & { tree?: Tree | undefined } = {},
): Promise<Page<UnitInContext>> {
  const level = checkCode(code, 'code');
  const tree = checkTree(input.tree) ?? (level === 'district' ? 'pre2025' : 'current');
  const slice = checkPage(input);
  const date = dateOfTree(ctx, tree);
  await requireUnitAt(ctx, code, date, 'code');
  const childLevel: UnitLevel | undefined =
    level === 'commune' ? undefined : level === 'province' && tree === 'pre2025' ? 'district' : 'commune';
  if (!childLevel) return { items: [], total: 0, page: slice.page, pageSize: slice.pageSize };
  return pageOf(
    await store.listUnits(ctx.db.pool, { date, level: childLevel, parentCode: code }, slice),
    slice,
  );
}

/**
 * Search by name without diacritics ("phuong ba dinh", "ba dinh" → Phường Ba Đình):
 * names containing every word of the query, exact names first, then prefixes, then the
 * rest; if none, similarly spelt names ("ba dnh"). Each result names its province (and
 * district before 2025) to tell namesakes apart.
 */
export async function searchUnits(
  ctx: UnitsContext,
  input: PageInput & {
    q: string;
    tree?: Tree | undefined;
    level?: UnitLevel | undefined;
    provinceCode?: string | undefined;
  },
): Promise<Page<UnitInContext> & { fuzzy: boolean }> {
  const q = checkQuery(input.q);
  const tree = checkTree(input.tree);
  if (input.level !== undefined && !['province', 'district', 'commune'].includes(input.level)) {
    throw invalid('level_unknown', 'level', {
      vi: 'Cấp phải là province, district hoặc commune.',
      en: 'The level is province, district or commune.',
    });
  }
  if (input.provinceCode !== undefined) checkCode(input.provinceCode, 'provinceCode', ['province']);
  const slice = checkPage(input);
  const filter = {
    q,
    exact: withTypePrefixes(q),
    words: q.split(' '),
    date: tree && dateOfTree(ctx, tree),
    level: input.level,
    provinceCode: input.provinceCode,
  };
  const found = await store.searchUnits(ctx.db.pool, filter, slice);
  if (found.total > 0) return { ...pageOf(found, slice), fuzzy: false };
  return { ...pageOf(await store.searchUnitsFuzzy(ctx.db.pool, filter, slice), slice), fuzzy: true };
}

/** The unit a code denotes: on `at` if given, else its newest version (today's if any); or undefined. */
export async function findUnit(
  ctx: UnitsContext,
  code: string,
  options: { at?: string | undefined } = {},
): Promise<UnitInContext | undefined> {
  checkCode(code, 'code');
  if (options.at === undefined) return store.findLatestUnit(ctx.db.pool, code);
  return store.findUnitAt(ctx.db.pool, code, clampToCatalogue(checkDate(options.at, 'at')));
}

/** Like findUnit, but throws not_found `unit_not_found`. */
export async function getUnit(
  ctx: UnitsContext,
  code: string,
  options: { at?: string | undefined } = {},
): Promise<UnitInContext> {
  const unit = await findUnit(ctx, code, options);
  if (!unit) throw unitNotFound(code, 'code', options.at);
  return unit;
}

/**
 * The unit `code` denoted on `date`: the pre-2025 tree before 1 July 2025, today's from
 * then on. Dates before the catalogue starts resolve to its unit (codes are never reused
 * for another place). Throws not_found when the code named nothing then.
 */
export async function resolveUnitAt(ctx: UnitsContext, code: string, date: string): Promise<UnitInContext> {
  checkCode(code, 'code');
  checkDate(date, 'date');
  return requireUnitAt(ctx, code, clampToCatalogue(date), 'code');
}

// ─── the 2025 conversion ───────────────────────────────────────────────────────────────

/**
 * Where a pre-2025 unit went on 1 July 2025: the current communes it was merged into,
 * how, and whether an address needs a person to choose (`partial`). Accepts commune
 * codes and the codes of the island districts that had no communes.
 */
export async function convertOldCommune(ctx: UnitsContext, oldCode: string, db: Executor = ctx.db.pool): Promise<Conversion> {
  checkCode(oldCode, 'code', ['district', 'commune']);
  const old = await store.findUnitAt(db, oldCode, LAST_PRE2025_DAY);
  if (!old) {
    throw notFound(
      'unit_not_found',
      {
        vi: `Không có đơn vị hành chính mã ${oldCode} trước 01/7/2025.`,
        en: `No unit had code ${oldCode} before 1 July 2025.`,
      },
      'code',
    );
  }
  const links = await store.listConversionTargets(db, oldCode);
  if (old.level === 'district' && links.length === 0) {
    throw invalid('unit_not_convertible', 'code', {
      vi: `${old.name} là đơn vị cấp huyện; hãy chuyển đổi từng xã của huyện.`,
      en: `${old.name} is a district; convert its communes one by one.`,
    });
  }
  const targets = links.map((l) => ({
    unit: l.unit,
    kind: l.kind,
    note: l.note,
    wholePopulation: isWholePopulation(l.note),
  }));
  return { old, targets: rankTargets(targets).ordered, partial: isPartial(targets) };
}

/**
 * Today's unit(s) for an address recorded with `code` on `recordedAt`: itself if the
 * code named a current unit then, otherwise where the old unit went. `exact` says
 * whether the first unit is certain; otherwise a person has to choose.
 */
export async function toCurrentUnits(
  ctx: UnitsContext,
  code: string,
  recordedAt: string,
  /** Inside a transaction, its client (the pool must not be used there). */
  db: Executor = ctx.db.pool,
): Promise<CurrentUnits> {
  checkCode(code, 'code');
  checkDate(recordedAt, 'recordedAt');
  const recorded = await requireUnitAt(ctx, code, clampToCatalogue(recordedAt), 'code', db);
  if (recorded.tree === 'current') return { recorded, units: [recorded], exact: true };
  if (recorded.level === 'province') {
    throw invalid('unit_not_convertible', 'code', {
      vi: 'Không chuyển đổi được cấp tỉnh: một tỉnh cũ có thể thuộc nhiều tỉnh mới. Hãy chuyển đổi theo xã.',
      en: 'Provinces do not convert: map addresses at commune level.',
    });
  }
  const conversion = await convertOldCommune(ctx, code, db);
  const { ordered, exact } = rankTargets(conversion.targets);
  return { recorded, units: ordered.map((t) => t.unit), exact };
}

// ─── helpers for other modules ─────────────────────────────────────────────────────────

/** Whether `code` is a commune in force today. Never throws for a malformed code: it is simply not one. */
export async function isCurrentCommune(ctx: UnitsContext, code: string): Promise<boolean> {
  if (!isUnitCode(code, 'commune')) return false;
  const unit = await store.findUnitAt(ctx.db.pool, code, todayInVietnam(ctx.clock));
  return unit?.level === 'commune';
}

/** The province code of a commune, today or on `at`; throws not_found if there was no such commune. */
export async function getProvinceOfCommune(
  ctx: UnitsContext,
  code: string,
  options: { at?: string | undefined } = {},
): Promise<string> {
  checkCode(code, 'code', ['commune']);
  const date = options.at === undefined ? todayInVietnam(ctx.clock) : clampToCatalogue(checkDate(options.at, 'at'));
  return (await requireUnitAt(ctx, code, date, 'code')).provinceCode;
}

/**
 * The kernel's view of units (names for officer records, provinces for scope checks); today's
 * units only. Units change only by migration, so answers are cached for the process.
 */
export function unitDirectory(ctx: UnitsContext): UnitDirectory {
  const cache = new Map<string, UnitInContext | null>();
  const lookup = async (code: string, db: Executor | undefined): Promise<UnitInContext | undefined> => {
    const today = todayInVietnam(ctx.clock);
    const key = `${today}:${code}`;
    if (!cache.has(key)) cache.set(key, (await store.findUnitAt(db ?? ctx.db.pool, code, today)) ?? null);
    return cache.get(key) ?? undefined;
  };
  return {
    async unitName(level, code, db) {
      if (!isUnitCode(code, level)) return undefined;
      return (await lookup(code, db))?.name;
    },
    async provinceOfCommune(code, db) {
      if (!isUnitCode(code, 'commune')) return undefined;
      return (await lookup(code, db))?.provinceCode;
    },
    async communesOfProvince(code) {
      if (!isUnitCode(code, 'province')) return [];
      const r = await ctx.db.pool.query<{ code: string }>(
        "SELECT code FROM admin_unit WHERE level = 'commune' AND valid_to IS NULL AND province_code = $1 ORDER BY code",
        [code],
      );
      return r.rows.map((u) => u.code);
    },
  };
}

/** Every current commune with its province (3,321 entries): bulk validation loads it once. */
export async function currentCommuneProvinces(ctx: UnitsContext): Promise<Map<string, string>> {
  const r = await ctx.db.pool.query<{ code: string; province_code: string }>(
    "SELECT code, province_code FROM admin_unit WHERE level = 'commune' AND valid_to IS NULL",
  );
  return new Map(r.rows.map((u) => [u.code, u.province_code]));
}
