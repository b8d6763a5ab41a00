import { foldName, normalizeName } from '../../kernel/fold.js';
import {
  CATALOGUE_START,
  classifyNote,
  normalizeNote,
  REFORM_2025,
  type ConversionKind,
  type UnitLevel,
  type UnitType,
} from './model.js';

/**
 * Pure parsing of the two official tables (scripts/build-units.ts does the file I/O).
 * Never used at run time: the application reads only the generated table.
 */

export interface UnitRow {
  code: string;
  level: UnitLevel;
  name: string;
  type: UnitType;
  parentCode: string;
  provinceCode: string;
  validFrom: string;
  validTo: string;
}

export interface ConversionRow {
  oldCode: string;
  newCode: string;
  kind: ConversionKind;
  note: string;
}

/** Known mistakes in the official tables, reviewed by hand (the build fails on any other). */
export interface Errata {
  /** Old codes the conversion table uses that the catalogue lacks: units created in early 2025. */
  interimOldCodes: readonly string[];
  /** Conversion rows whose old code differs from the catalogue's; name and old district identify the unit. */
  oldCodeFixes: readonly { district: string; oldName: string; written: string; actual: string }[];
}

export class SourceError extends Error {
  override name = 'SourceError';
}

const PROVINCE_TYPES = ['Thành phố', 'Tỉnh'] as const;
const DISTRICT_PREFIXES = ['Thành phố', 'Thị xã', 'Quận', 'Huyện'] as const;
const COMMUNE_TYPES = ['Đặc khu', 'Thị trấn', 'Phường', 'Xã'] as const;

/**
 * NFC, single spaces, and the type word in front spelled canonically: the sources write
 * "Thị Xã" and "Xa" for "Thị xã" and "Xã". The place name itself is kept as written.
 */
export function cleanName(raw: string, prefixes: readonly string[]): string {
  const name = normalizeName(raw);
  const words = name.split(' ');
  for (const prefix of prefixes) {
    const n = prefix.split(' ').length;
    if (words.length > n && foldName(words.slice(0, n).join(' ')) === foldName(prefix)) {
      return [prefix, ...words.slice(n)].join(' ');
    }
  }
  return name;
}

/** The type word a cleaned name starts with, or undefined. */
export function prefixOf<T extends string>(name: string, prefixes: readonly T[]): T | undefined {
  return prefixes.find((p) => name.startsWith(`${p} `));
}

function requireCode(raw: string, length: number, what: string, where: string): string {
  const code = raw.trim();
  if (!new RegExp(`^[0-9]{${length}}$`).test(code)) {
    throw new SourceError(`${where}: ${what} "${raw}" is not ${length} digits`);
  }
  return code;
}

function requireType<T extends string>(name: string, prefixes: readonly T[], where: string): T {
  const type = prefixOf(name, prefixes);
  if (!type) throw new SourceError(`${where}: cannot tell the unit type of "${name}"`);
  return type;
}

// ─── the pre-2025 catalogue ────────────────────────────────────────────────────────────

export interface Catalogue {
  provinces: Map<string, UnitRow>;
  districts: Map<string, UnitRow>;
  communes: Map<string, UnitRow>;
  /** Island districts with no communes (the catalogue lists them as one row with Cấp "Huyện"). */
  communelessDistricts: string[];
  /** Data rows read (one per commune, or per commune-less district). */
  rowCount: number;
}

const CATALOGUE_HEADER = ['Tỉnh Thành Phố', 'Mã TP', 'Quận Huyện', 'Mã QH', 'Phường Xã', 'Mã PX', 'Cấp'];
const PRE2025 = { validFrom: CATALOGUE_START, validTo: REFORM_2025 };

export function parseCatalogue(rows: string[][]): Catalogue {
  const [header, ...data] = rows;
  if (!header || CATALOGUE_HEADER.some((h, i) => normalizeName(header[i] ?? '') !== h)) {
    throw new SourceError(`catalogue: unexpected header ${JSON.stringify(header)}`);
  }
  const out: Catalogue = {
    provinces: new Map(),
    districts: new Map(),
    communes: new Map(),
    communelessDistricts: [],
    rowCount: 0,
  };
  data.forEach((row, i) => {
    if (row.every((c) => c.trim() === '')) return;
    addCatalogueRow(out, row, `catalogue line ${i + 2}`);
    out.rowCount += 1;
  });
  return out;
}

function addCatalogueRow(out: Catalogue, row: string[], where: string): void {
  const [
    provName = '',
    provRaw = '',
    distName = '',
    distRaw = '',
    communeName = '',
    communeRaw = '',
    level = '',
  ] = row;
  const province = putOnce(
    out.provinces,
    provinceRow(provName, requireCode(provRaw, 2, 'province code', where), where),
    where,
  );
  const district = putOnce(
    out.districts,
    districtRow(distName, requireCode(distRaw, 3, 'district code', where), province, where),
    where,
  );
  if (normalizeName(level) === 'Huyện' && communeRaw.trim() === '') {
    out.communelessDistricts.push(district.code);
    return;
  }
  const code = requireCode(communeRaw, 5, 'commune code', where);
  if (out.communes.has(code)) throw new SourceError(`${where}: commune ${code} listed twice`);
  const type = COMMUNE_TYPES.find((t) => t === normalizeName(level));
  if (!type) throw new SourceError(`${where}: unknown level "${level}"`);
  const name = cleanName(communeName, COMMUNE_TYPES);
  out.communes.set(code, {
    code,
    level: 'commune',
    name,
    type,
    parentCode: district.code,
    provinceCode: province.code,
    ...PRE2025,
  });
}

function provinceRow(raw: string, code: string, where: string): UnitRow {
  const name = cleanName(raw, PROVINCE_TYPES);
  const type = requireType(name, PROVINCE_TYPES, where);
  return { code, level: 'province', name, type, parentCode: '', provinceCode: code, ...PRE2025 };
}

function districtRow(raw: string, code: string, province: UnitRow, where: string): UnitRow {
  const name = cleanName(raw, DISTRICT_PREFIXES);
  const prefix = requireType(name, DISTRICT_PREFIXES, where);
  // A city inside a province and one inside a centrally-run city (Thủ Đức) are different kinds.
  const type: UnitType =
    prefix !== 'Thành phố'
      ? prefix
      : province.type === 'Thành phố'
        ? 'Thành phố thuộc thành phố trực thuộc trung ương'
        : 'Thành phố thuộc tỉnh';
  return {
    code,
    level: 'district',
    name,
    type,
    parentCode: province.code,
    provinceCode: province.code,
    ...PRE2025,
  };
}

/** Same code, same row: the catalogue repeats provinces and districts on every commune line. */
function putOnce(map: Map<string, UnitRow>, row: UnitRow, where: string): UnitRow {
  const seen = map.get(row.code);
  if (!seen) {
    map.set(row.code, row);
    return row;
  }
  if (seen.name !== row.name || seen.parentCode !== row.parentCode) {
    throw new SourceError(
      `${where}: ${row.level} ${row.code} is "${row.name}" here but "${seen.name}" before`,
    );
  }
  return seen;
}

// ─── the conversion table ──────────────────────────────────────────────────────────────

/** One data row of the conversion table, cleaned but not yet checked against the catalogue. */
export interface ConversionLine {
  line: number;
  newProvinceCode: string;
  newProvinceName: string;
  newCode: string;
  newName: string;
  /** Empty for the coastal flat of Kim Sơn, which was no unit (see docs/units.md). */
  oldCode: string;
  oldName: string;
  oldDistrictCode: string;
  oldProvinceText: string;
  note: string;
}

const CODE_IN_PARENS = /^(.*?)\s*\((\d+)\)$/;

/** "Thành phố Hà Nội (01)" → ["Thành phố Hà Nội", "01"]. */
export function splitNameAndCode(text: string): [string, string] | undefined {
  const m = CODE_IN_PARENS.exec(normalizeName(text));
  return m?.[1] !== undefined && m[2] !== undefined ? [m[1], m[2]] : undefined;
}

export type RowShape = 'header' | 'heading' | 'data' | 'blank';

/**
 * Two header rows, province headings with only the first column ("CAO BẰNG",
 * "Tỉnh Bắc Ninh (24)"), and data rows. Anything else means the format changed.
 */
export function rowShape(row: string[], index: number): RowShape {
  const filled = row.map((c) => c.trim() !== '');
  if (!filled.some(Boolean)) return 'blank';
  if (index < 2) return 'header';
  if (filled[0] && !filled.slice(1).some(Boolean)) return 'heading';
  return 'data';
}

export function parseConversion(rows: string[][]): ConversionLine[] {
  const header = rows[1]?.map((c) => normalizeName(c)) ?? [];
  if (header[1] !== 'Tên Xã mới' || header[4] !== 'Mã Xã cũ' || header[5] !== 'Ghi chú') {
    throw new SourceError(`conversion: unexpected second header row ${JSON.stringify(rows[1])}`);
  }
  const lines: ConversionLine[] = [];
  rows.forEach((row, i) => {
    if (rowShape(row, i) === 'data') lines.push(conversionLine(row, i + 1));
  });
  return lines;
}

function conversionLine(row: string[], line: number): ConversionLine {
  const where = `conversion record ${line}`;
  const [
    prov = '',
    newName = '',
    newCode = '',
    oldName = '',
    oldCode = '',
    note = '',
    oldDistrict = '',
    oldProvince = '',
    ...rest
  ] = row;
  if (rest.some((c) => c.trim() !== '')) throw new SourceError(`${where}: unexpected extra columns`);
  const province = splitNameAndCode(prov);
  const district = splitNameAndCode(oldDistrict);
  if (!province) throw new SourceError(`${where}: province "${prov}" is not "Name (code)"`);
  if (!district) throw new SourceError(`${where}: old district "${oldDistrict}" is not "Name (code)"`);
  return {
    line,
    newProvinceName: cleanName(province[0], PROVINCE_TYPES),
    newProvinceCode: requireCode(province[1], 2, 'province code', where),
    newCode: requireCode(newCode, 5, 'new code', where),
    newName: cleanName(newName, COMMUNE_TYPES),
    oldCode: oldCode.trim() === '' ? '' : requireCode(oldCode, 5, 'old code', where),
    oldName: normalizeName(oldName),
    oldDistrictCode: requireCode(district[1], 3, 'old district code', where),
    oldProvinceText: normalizeName(oldProvince),
    note: normalizeNote(note),
  };
}

// ─── both together ─────────────────────────────────────────────────────────────────────

export interface BuildResult {
  units: UnitRow[];
  conversions: ConversionRow[];
  report: BuildReport;
}

export interface BuildReport {
  /** Rows that name no old unit (Kim Sơn's coastal flat). */
  skipped: ConversionLine[];
  /** Catalogue communes the conversion table never mentions. */
  unmapped: UnitRow[];
  /** New codes written with more than one name; the most frequent spelling won. */
  nameVariants: { code: string; names: string[]; chosen: string }[];
  /** Rows whose "old province" column disagrees with the catalogue (the catalogue wins). */
  oldProvinceMismatches: { line: number; oldCode: string; written: string; catalogue: string }[];
  interimUnits: UnitRow[];
  fixesApplied: { line: number; written: string; actual: string }[];
  notesByKind: Map<ConversionKind, Map<string, number>>;
}

export function buildTables(catalogue: Catalogue, lines: ConversionLine[], errata: Errata): BuildResult {
  const fixed = applyCodeFixes(lines, errata);
  const interimUnits = interimUnitsFrom(fixed.lines, catalogue, errata);
  const pre = [
    ...catalogue.provinces.values(),
    ...catalogue.districts.values(),
    ...catalogue.communes.values(),
    ...interimUnits,
  ];
  const { units: current, nameVariants } = currentTree(fixed.lines);
  const known = new Set(pre.map((u) => u.code));
  const { conversions, skipped, notesByKind } = conversionRows(fixed.lines, catalogue, known);
  const mentioned = new Set(conversions.map((c) => c.oldCode));
  return {
    units: sortUnits([...pre, ...current]),
    conversions: conversions.sort((a, b) => compare(a.oldCode, b.oldCode) || compare(a.newCode, b.newCode)),
    report: {
      skipped,
      unmapped: [...catalogue.communes.values()].filter((c) => !mentioned.has(c.code)),
      nameVariants,
      oldProvinceMismatches: oldProvinceMismatches(fixed.lines, catalogue),
      interimUnits,
      fixesApplied: fixed.applied,
      notesByKind,
    },
  };
}

function applyCodeFixes(lines: ConversionLine[], errata: Errata) {
  const applied: BuildReport['fixesApplied'] = [];
  const out = lines.map((l) => {
    const fix = errata.oldCodeFixes.find(
      (f) =>
        f.district === l.oldDistrictCode &&
        f.written === l.oldCode &&
        foldName(f.oldName) === foldName(l.oldName),
    );
    if (!fix) return l;
    applied.push({ line: l.line, written: fix.written, actual: fix.actual });
    return { ...l, oldCode: fix.actual };
  });
  const unused = errata.oldCodeFixes.filter(
    (f) => !applied.some((a) => a.written === f.written && a.actual === f.actual),
  );
  if (unused.length)
    throw new SourceError(
      `code fixes that match no row (was the source corrected?): ${JSON.stringify(unused)}`,
    );
  return { lines: out, applied };
}

/** Units that existed between the catalogue's date and July 2025, known only from the conversion table. */
function interimUnitsFrom(lines: ConversionLine[], catalogue: Catalogue, errata: Errata): UnitRow[] {
  return errata.interimOldCodes.map((code) => {
    if (catalogue.communes.has(code))
      throw new SourceError(`interim code ${code} is in the catalogue after all`);
    const line = lines.find((l) => l.oldCode === code);
    if (!line) throw new SourceError(`interim code ${code} is not used by the conversion table`);
    const district = catalogue.districts.get(line.oldDistrictCode);
    if (!district)
      throw new SourceError(`conversion record ${line.line}: unknown old district ${line.oldDistrictCode}`);
    const name = cleanName(line.oldName, COMMUNE_TYPES);
    const type = requireType(name, COMMUNE_TYPES, `conversion record ${line.line}`);
    return {
      code,
      level: 'commune',
      name,
      type,
      parentCode: district.code,
      provinceCode: district.provinceCode,
      ...PRE2025,
    };
  });
}

function currentTree(lines: ConversionLine[]): {
  units: UnitRow[];
  nameVariants: BuildReport['nameVariants'];
} {
  const current = { validFrom: REFORM_2025, validTo: '' };
  const provinces = new Map<string, UnitRow>();
  const names = new Map<string, { provinceCode: string; counts: Map<string, number> }>();
  for (const l of lines) {
    const type = requireType(l.newProvinceName, PROVINCE_TYPES, `conversion record ${l.line}`);
    const province = {
      code: l.newProvinceCode,
      level: 'province' as const,
      name: l.newProvinceName,
      type,
      parentCode: '',
      provinceCode: l.newProvinceCode,
      ...current,
    };
    putOnce(provinces, province, `conversion record ${l.line}`);
    const entry = names.get(l.newCode) ?? {
      provinceCode: l.newProvinceCode,
      counts: new Map<string, number>(),
    };
    if (entry.provinceCode !== l.newProvinceCode)
      throw new SourceError(`conversion record ${l.line}: ${l.newCode} in two provinces`);
    entry.counts.set(l.newName, (entry.counts.get(l.newName) ?? 0) + 1);
    names.set(l.newCode, entry);
  }
  const nameVariants: BuildReport['nameVariants'] = [];
  const communes = [...names].map(([code, { provinceCode, counts }]): UnitRow => {
    const name = mostFrequent(counts);
    if (counts.size > 1) nameVariants.push({ code, names: [...counts.keys()].sort(compare), chosen: name });
    const type = requireType(name, COMMUNE_TYPES, `new commune ${code}`);
    return { code, level: 'commune', name, type, parentCode: provinceCode, provinceCode, ...current };
  });
  return { units: [...provinces.values(), ...communes], nameVariants };
}

/** Ties go to the first in code-point order, so rebuilding never flips a name. */
function mostFrequent(counts: Map<string, number>): string {
  return [...counts].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]))[0]![0];
}

function conversionRows(lines: ConversionLine[], catalogue: Catalogue, known: Set<string>) {
  const skipped: ConversionLine[] = [];
  const byPair = new Map<string, ConversionRow>();
  const notesByKind = new Map<ConversionKind, Map<string, number>>();
  for (const l of lines) {
    const oldCode = oldCodeOf(l, catalogue);
    if (!oldCode) {
      skipped.push(l);
      continue;
    }
    if (!known.has(oldCode))
      throw new SourceError(`conversion record ${l.line}: old code ${oldCode} ("${l.oldName}") is unknown`);
    const row: ConversionRow = { oldCode, newCode: l.newCode, kind: classifyNote(l.note), note: l.note };
    const key = `${oldCode}>${l.newCode}`;
    const seen = byPair.get(key);
    if (seen && (seen.kind !== row.kind || seen.note !== row.note))
      throw new SourceError(`conversion record ${l.line}: ${key} listed twice, differently`);
    byPair.set(key, row);
    const notes = notesByKind.get(row.kind) ?? new Map<string, number>();
    notes.set(row.note, (notes.get(row.note) ?? 0) + 1);
    notesByKind.set(row.kind, notes);
  }
  return { conversions: [...byPair.values()], skipped, notesByKind };
}

/**
 * The old unit a row converts. Whole island districts without communes became special
 * zones ("Sắp xếp toàn bộ huyện … thành đặc khu …"): for them the old unit is the district.
 */
function oldCodeOf(l: ConversionLine, catalogue: Catalogue): string | undefined {
  if (l.oldCode) return l.oldCode;
  if (
    catalogue.communelessDistricts.includes(l.oldDistrictCode) &&
    foldName(l.note).startsWith('sap xep toan bo huyen')
  )
    return l.oldDistrictCode;
  return undefined;
}

function oldProvinceMismatches(
  lines: ConversionLine[],
  catalogue: Catalogue,
): BuildReport['oldProvinceMismatches'] {
  return lines.flatMap((l) => {
    const commune = catalogue.communes.get(l.oldCode);
    const written = splitNameAndCode(l.oldProvinceText)?.[1];
    if (!commune || written === undefined || written === commune.provinceCode) return [];
    return [
      {
        line: l.line,
        oldCode: l.oldCode,
        written: l.oldProvinceText,
        catalogue: catalogue.provinces.get(commune.provinceCode)?.name ?? commune.provinceCode,
      },
    ];
  });
}

const LEVEL_ORDER: Record<UnitLevel, number> = { province: 0, district: 1, commune: 2 };

export function sortUnits(units: UnitRow[]): UnitRow[] {
  return [...units].sort(
    (a, b) =>
      compare(a.validFrom, b.validFrom) ||
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      compare(a.code, b.code),
  );
}

/** Code-point order: locale-independent, so the generated files never depend on the machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
