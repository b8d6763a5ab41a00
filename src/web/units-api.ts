import { get } from './api.js';

/** The unit tree in force since 01/07/2025 (34 provinces) or the one before it (63 provinces). */
export type Tree = 'current' | 'pre2025';
export const TREES: readonly Tree[] = ['current', 'pre2025'];

export function parseTree(value: string | null): Tree {
  return value === 'pre2025' ? 'pre2025' : 'current';
}

export type UnitLevel = 'province' | 'district' | 'commune';
export const LEVELS: readonly UnitLevel[] = ['province', 'district', 'commune'];

export function parseLevel(value: string | null): UnitLevel | undefined {
  return LEVELS.find((level) => level === value);
}

/** A unit as the API sends it (src/modules/units/routes.ts, UnitView). */
export interface Unit {
  code: string;
  level: UnitLevel;
  name: string;
  /** As written in law: 'Tỉnh', 'Thành phố', 'Phường', 'Xã', 'Đặc khu' … */
  type: string;
  parentCode: string | null;
  provinceCode: string;
  tree: Tree;
  /** ISO date, inclusive. */
  validFrom: string;
  /** ISO date, exclusive; null while in force. */
  validTo: string | null;
  provinceName: string;
  /** Only pre-2025 communes have one. */
  districtName: string | null;
}

export interface Province extends Unit {
  /** Not sent yet; shown when the server adds it. */
  communeCount?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type ConversionKind = 'whole' | 'partial' | 'unchanged' | 'renamed' | 'other';

export interface ConversionTarget {
  unit: Unit;
  kind: ConversionKind;
  /** The official note, in Vietnamese (e.g. "Nhập toàn bộ diện tích, dân số …"). */
  note: string;
  /** The whole population went here even though the area was split. */
  wholePopulation: boolean;
}

export interface Conversion {
  old: Unit;
  targets: ConversionTarget[];
  partial: boolean;
}

export const PAGE_SIZE = 20;

export const unitsApi = {
  provinces: (tree: Tree, signal?: AbortSignal) =>
    get<{ items: Province[] }>('/api/units/provinces', { tree }, signal),
  communes: (province: string, params: { tree: Tree; page: number; q: string }, signal?: AbortSignal) =>
    get<Page<Unit>>(
      `/api/units/provinces/${encodeURIComponent(province)}/communes`,
      { ...params, pageSize: PAGE_SIZE },
      signal,
    ),
  search: (
    params: { q: string; tree: Tree; page: number; level?: UnitLevel | undefined },
    signal?: AbortSignal,
  ) => get<Page<Unit>>(`${unitsBase()}/search`, { ...params, pageSize: PAGE_SIZE }, signal),
  convert: (code: string, signal?: AbortSignal) =>
    get<Conversion>(`/api/units/convert/${encodeURIComponent(code)}`, undefined, signal),
};

const provinceCache = new Map<Tree, Promise<Province[]>>();

/**
 * The provinces of a tree (34 or 63 rows), fetched once per page load: they change by
 * resolution, not by the minute. A failed fetch is forgotten so a retry asks again.
 */
export function provincesOf(tree: Tree): Promise<Province[]> {
  let cached = provinceCache.get(tree);
  if (!cached) {
    cached = unitsApi.provinces(tree).then((page) => page.items);
    cached.catch(() => provinceCache.delete(tree));
    provinceCache.set(tree, cached);
  }
  return cached;
}

const unitCache = new Map<string, Promise<Unit>>();

/** A unit by code, newest version, cached for the page load (search results repeat a few communes). */
/** The portal reads unit names under /api/citizen/ (its session's paths); the console under /api/units. */
function unitsBase(): string {
  return typeof window !== 'undefined' && window.location.pathname.startsWith('/portal') ? '/api/citizen/units' : '/api/units';
}

export function unitByCode(code: string): Promise<Unit> {
  let cached = unitCache.get(code);
  if (!cached) {
    cached = get<Unit>(`${unitsBase()}/${encodeURIComponent(code)}`);
    cached.catch(() => unitCache.delete(code));
    unitCache.set(code, cached);
  }
  return cached;
}
