import { foldName } from '../../kernel/fold.js';

/**
 * Administrative units: types and pure rules (no I/O). See docs/units.md for the data
 * and why the two trees exist side by side.
 */

export type UnitLevel = 'province' | 'district' | 'commune';

/** The tree before the July 2025 reorganisation (with districts), and today's (without). */
export type Tree = 'pre2025' | 'current';

export const UNIT_TYPES = [
  'Tỉnh',
  'Thành phố',
  'Quận',
  'Huyện',
  'Thị xã',
  'Thành phố thuộc tỉnh',
  'Thành phố thuộc thành phố trực thuộc trung ương',
  'Phường',
  'Xã',
  'Thị trấn',
  'Đặc khu',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const CONVERSION_KINDS = ['whole', 'partial', 'unchanged', 'renamed', 'other'] as const;
export type ConversionKind = (typeof CONVERSION_KINDS)[number];

/** First day of the current tree (Resolution 202/2025/QH15 and the commune-level resolutions). */
export const REFORM_2025 = '2025-07-01';
/** Last day the pre-2025 tree was in force. */
export const LAST_PRE2025_DAY = '2025-06-30';
/**
 * Start of the catalogue we hold. It is not a creation date: codes are never reused for
 * another place, so an address recorded earlier with a code denotes the catalogue's unit.
 */
export const CATALOGUE_START = '2008-08-01';

export const CODE_LENGTH: Record<UnitLevel, number> = { province: 2, district: 3, commune: 5 };

export interface AdminUnit {
  code: string;
  level: UnitLevel;
  name: string;
  type: UnitType;
  /** Province for districts and current communes, district for pre-2025 communes; null for provinces. */
  parentCode: string | null;
  provinceCode: string;
  tree: Tree;
  /** ISO date, inclusive. */
  validFrom: string;
  /** ISO date, exclusive; null while in force. */
  validTo: string | null;
}

/** A unit with the names a person needs to tell same-named units apart. */
export interface UnitInContext extends AdminUnit {
  provinceName: string;
  /** Only pre-2025 communes have one. */
  districtName: string | null;
}

export interface ConversionTarget {
  unit: UnitInContext;
  kind: ConversionKind;
  /** The official note, normalised (e.g. "Nhập một phần diện tích, toàn bộ dân số"). */
  note: string;
  /** The note says the whole population went here, even if the area was split. */
  wholePopulation: boolean;
}

export interface Conversion {
  old: UnitInContext;
  /** Empty when the official table names no successor (see docs/units.md, "unmapped"). */
  targets: ConversionTarget[];
  /** Some target took only part of the old unit: an address needs a person to pick. */
  partial: boolean;
}

export interface CurrentUnits {
  /** The unit the code denoted on the recording date. */
  recorded: UnitInContext;
  /** Today's unit(s); the most likely first. */
  units: UnitInContext[];
  /** `units[0]` is certainly where an address recorded in `recorded` lies today. */
  exact: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_QUERY_LENGTH = 100;

const DIGITS = /^[0-9]+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The level a code's length denotes, or undefined when it is not a unit code at all. */
export function levelOfCode(code: string): UnitLevel | undefined {
  if (!DIGITS.test(code)) return undefined;
  return (Object.keys(CODE_LENGTH) as UnitLevel[]).find((level) => CODE_LENGTH[level] === code.length);
}

export function isUnitCode(code: string, level?: UnitLevel): boolean {
  const found = levelOfCode(code);
  return found !== undefined && (level === undefined || found === level);
}

/** A real calendar date in ISO form (rejects 2025-02-30). */
export function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Which tree was in force on a date. */
export function treeAt(date: string): Tree {
  return date < REFORM_2025 ? 'pre2025' : 'current';
}

/** A date inside the span our data covers (see CATALOGUE_START for why earlier dates move up). */
export function clampToCatalogue(date: string): string {
  return date < CATALOGUE_START ? CATALOGUE_START : date;
}

/** The date whose units make up a tree: the last pre-reform day, or today. */
export function treeDate(tree: Tree, today: string): string {
  return tree === 'pre2025' ? LAST_PRE2025_DAY : today < REFORM_2025 ? REFORM_2025 : today;
}

/**
 * Official notes are typed by hand: stray spaces and line breaks, decomposed accents,
 * "Nhâp" for "Nhập". The leading phrase that says how a unit was merged is rewritten to
 * its canonical spelling; the rest (place names) is kept as written.
 */
const NOTE_PHRASES = [
  'Nhập toàn bộ',
  'Nhập một phần',
  'Giữ nguyên',
  'Đổi tên',
  'Đổi loại hình',
  'Sắp xếp toàn bộ',
  'Phần còn lại',
];

export function normalizeNote(raw: string): string {
  const text = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  const words = text.split(' ');
  for (const phrase of NOTE_PHRASES) {
    const n = phrase.split(' ').length;
    const lead = words.slice(0, n).join(' ');
    // Punctuation after the phrase ("Đổi tên, đổi loại hình …") belongs to the sentence: keep it.
    const trailing = /[^\p{L}\p{M}]*$/u.exec(lead)?.[0] ?? '';
    const core = lead.slice(0, lead.length - trailing.length);
    if (
      words.length >= n &&
      /^[\p{L}\p{M}]+( [\p{L}\p{M}]+)*$/u.test(core) &&
      foldName(core) === foldName(phrase)
    ) {
      return [phrase + trailing, ...words.slice(n)].join(' ');
    }
  }
  return text;
}

/** How an old unit went into a new one, read from the official note (robust to its typos). */
export function classifyNote(note: string): ConversionKind {
  const f = foldName(note);
  // "Đổi tên từ một phần …" and "Phần còn lại sau khi tách …" are splits first of all.
  if (/\bmot phan\b/.test(f) || f.startsWith('phan con lai')) return 'partial';
  if (f.startsWith('nhap toan bo') || f.startsWith('sap xep toan bo')) return 'whole';
  if (f.startsWith('giu nguyen')) return 'unchanged';
  if (f.startsWith('doi ten') || f.startsWith('doi loai hinh')) return 'renamed';
  return 'other';
}

/** "… toàn bộ dân số": the area was split but every resident went to this unit. */
export function isWholePopulation(note: string): boolean {
  return /\btoan bo dan so\b/.test(foldName(note));
}

/**
 * Whether a conversion leaves an address's new unit in doubt, and which target is most
 * likely: a single non-partial target is certain, and so is the one target that took the
 * whole population of a unit whose area was split.
 */
export function rankTargets(targets: ConversionTarget[]): { ordered: ConversionTarget[]; exact: boolean } {
  const byPopulation = targets.filter((t) => t.wholePopulation);
  const first = byPopulation.length === 1 ? byPopulation : [];
  const ordered = [...first, ...targets.filter((t) => !first.includes(t))];
  const single = targets.length === 1 && targets[0]?.kind !== 'partial';
  return { ordered, exact: single || first.length === 1 };
}

export function isPartial(targets: ConversionTarget[]): boolean {
  return targets.some((t) => t.kind === 'partial');
}

/** Search text as stored: folded, at most MAX_QUERY_LENGTH characters. */
export function foldQuery(q: string): string {
  return foldName(q.slice(0, MAX_QUERY_LENGTH));
}

/**
 * Every way a folded name may be written with its type word in front ("ba dinh" →
 * "phuong ba dinh", …), so a query with or without the type matches exactly.
 */
export function withTypePrefixes(folded: string): string[] {
  const prefixes = [...new Set(UNIT_TYPES.map((t) => foldName(t)))];
  return [folded, ...prefixes.filter((p) => !folded.startsWith(`${p} `)).map((p) => `${p} ${folded}`)];
}
