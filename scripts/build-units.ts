/**
 * Rebuilds the project's administrative-unit table from the official source tables:
 *
 *   npm run build:units [-- --source DIR]     (DIR defaults to ../shared/data/admin-units)
 *
 * writes data/admin-units/units.csv, data/admin-units/conversion.csv and
 * migrations/0003-load-admin-units.sql, prints a summary, and exits 1 when the counts are
 * not the official ones or the conversion names a unit we do not know. The output is
 * sorted and carries no timestamp, so rebuilding unchanged sources gives no diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { foldName } from '../src/kernel/fold.js';
import {
  buildTables,
  parseCatalogue,
  parseConversion,
  SourceError,
  type BuildResult,
  type ConversionRow,
  type Errata,
  type UnitRow,
} from '../src/modules/units/source-tables.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CATALOGUE_FILE = 'communes-pre-2025-07.csv';
const CONVERSION_FILE = 'conversion-2025-07.csv';
const OUT_DIR = path.join(ROOT, 'data', 'admin-units');
const SQL_FILE = path.join(ROOT, 'migrations', '0003-load-admin-units.sql');
const CHUNK = 1000;

/** The official figures (domain.md §2); the catalogue adds 5 island districts that have no communes. */
const EXPECTED = {
  preProvinces: 63,
  preDistricts: 696,
  catalogueRows: 10_056,
  catalogueCommunes: 10_051,
  communelessDistricts: 5,
  currentProvinces: 34,
  currentCommunes: 3_321,
  currentByType: { Xã: 2_621, Phường: 687, 'Đặc khu': 13 } as Record<string, number>,
};

/**
 * Reviewed by hand against both tables (docs/units.md, "Quirks"). Any other unknown code
 * fails the build, so a typo in a future edition of the source cannot slip through.
 */
const ERRATA: Errata = {
  // Wards of Mộc Châu (Sơn La) formed when it became a town in early 2025, after the
  // catalogue's edition; the communes they replaced are listed as unmapped in docs/units.md.
  interimOldCodes: ['03980', '03983', '03984'],
  oldCodeFixes: [
    // Typos: the code written belongs to another commune of the same district, which the
    // table also lists under its own name; the name matches exactly one catalogue commune
    // that the table otherwise never mentions.
    { district: '049', oldName: 'Xã Mỹ Hưng', written: '01615', actual: '01651' },
    { district: '075', oldName: 'Xã Phú Thịnh', written: '02485', actual: '02482' },
    // Hồ Chí Minh City's numbered wards merged in January 2025: the two tables give the
    // merged ward different codes. A district has one "Phường 14", so name and district
    // identify it; the catalogue's code wins, as it is the one addresses were recorded with.
    { district: '765', oldName: 'Phường 14', written: '26929', actual: '26935' },
    { district: '765', oldName: 'Phường 19', written: '26953', actual: '26959' },
    { district: '768', oldName: 'Phường 15', written: '27076', actual: '27067' },
    { district: '772', oldName: 'Phường 11', written: '27226', actual: '27217' },
    { district: '772', oldName: 'Phường 10', written: '27232', actual: '27223' },
    { district: '775', oldName: 'Phường 2', written: '27367', actual: '27361' },
    { district: '775', oldName: 'Phường 1', written: '27373', actual: '27379' },
  ],
};

interface Options {
  source: string;
}

function parseArgs(argv: string[]): Options {
  let source = path.resolve(ROOT, '..', 'shared', 'data', 'admin-units');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--source' && argv[i + 1]) source = path.resolve(argv[++i]!);
    else if (arg?.startsWith('--source=')) source = path.resolve(arg.slice('--source='.length));
    else throw new Error(`unknown argument ${arg}; usage: build-units [--source DIR]`);
  }
  return { source };
}

function readCsv(file: string): string[][] {
  // relax_column_count: heading rows are short in some exports; shapes are checked by the parser.
  return parse(fs.readFileSync(file, 'utf8'), { relax_column_count: true, bom: true }) as string[][];
}

// ─── output ────────────────────────────────────────────────────────────────────────────

function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function toCsv(header: string[], rows: string[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

const UNIT_COLUMNS = [
  'code',
  'level',
  'name',
  'type',
  'parent_code',
  'province_code',
  'valid_from',
  'valid_to',
];
const CONVERSION_COLUMNS = ['old_code', 'new_code', 'kind', 'note'];

function unitCsvRow(u: UnitRow): string[] {
  return [u.code, u.level, u.name, u.type, u.parentCode, u.provinceCode, u.validFrom, u.validTo];
}

function conversionCsvRow(c: ConversionRow): string[] {
  return [c.oldCode, c.newCode, c.kind, c.note];
}

/** A SQL literal; standard_conforming_strings is on in both engines, so only quotes double. */
function sqlText(value: string): string {
  return value === '' ? 'NULL' : `'${value.replace(/'/g, "''")}'`;
}

function insertStatements(table: string, columns: string[], rows: string[][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map((r) => `(${r.map(sqlText).join(', ')})`);
    out.push(`INSERT INTO ${table} (${columns.join(', ')}) VALUES\n${values.join(',\n')};\n`);
  }
  return out;
}

/** The migration is generated from the two CSVs just written, read back, so they cannot disagree. */
function migrationSql(unitsCsv: string, conversionCsv: string): string {
  const units = (parse(unitsCsv, { from_line: 2 }) as string[][]).map(
    ([code, level, name, type, parent, province, from, to]) => [
      code!,
      level!,
      name!,
      foldName(name!),
      type!,
      parent!,
      province!,
      from!,
      to!,
    ],
  );
  const conversions = parse(conversionCsv, { from_line: 2 }) as string[][];
  return [
    '-- generated by scripts/build-units.ts — do not edit. Rebuild with `npm run build:units`.',
    '-- Source: data/admin-units/units.csv and conversion.csv (from the official tables, see docs/units.md).',
    '',
    ...insertStatements(
      'admin_unit',
      [
        'code',
        'level',
        'name',
        'name_folded',
        'type',
        'parent_code',
        'province_code',
        'valid_from',
        'valid_to',
      ],
      units,
    ),
    ...insertStatements('admin_unit_conversion', CONVERSION_COLUMNS, conversions),
  ].join('\n');
}

// ─── checks and summary ────────────────────────────────────────────────────────────────

function count(units: UnitRow[], pred: (u: UnitRow) => boolean): number {
  return units.filter(pred).length;
}

function checkCounts(result: BuildResult, catalogue: ReturnType<typeof parseCatalogue>): string[] {
  const { units } = result;
  const pre = (l: UnitRow['level']) => count(units, (u) => u.validTo !== '' && u.level === l);
  const cur = (l: UnitRow['level']) => count(units, (u) => u.validTo === '' && u.level === l);
  const checks: [string, number, number][] = [
    ['pre-2025 provinces', pre('province'), EXPECTED.preProvinces],
    ['pre-2025 districts', pre('district'), EXPECTED.preDistricts],
    ['catalogue rows', catalogue.rowCount, EXPECTED.catalogueRows],
    ['catalogue communes', catalogue.communes.size, EXPECTED.catalogueCommunes],
    [
      'island districts without communes',
      catalogue.communelessDistricts.length,
      EXPECTED.communelessDistricts,
    ],
    ['current provinces', cur('province'), EXPECTED.currentProvinces],
    ['current communes', cur('commune'), EXPECTED.currentCommunes],
    ...Object.entries(EXPECTED.currentByType).map(([type, n]): [string, number, number] => [
      `current ${type}`,
      count(units, (u) => u.validTo === '' && u.type === type),
      n,
    ]),
  ];
  return checks
    .filter(([, got, want]) => got !== want)
    .map(([what, got, want]) => `${what}: ${got}, expected ${want}`);
}

function printSummary(result: BuildResult, catalogue: ReturnType<typeof parseCatalogue>): void {
  const { units, conversions, report } = result;
  const n = (x: number) => x.toLocaleString('en-US');
  const pre = units.filter((u) => u.validTo !== '');
  const cur = units.filter((u) => u.validTo === '');
  const byLevel = (us: UnitRow[], l: UnitRow['level']) => n(count(us, (u) => u.level === l));
  const log = (line = '') => process.stdout.write(line + '\n');
  log('administrative units');
  log(
    `  pre-2025: ${byLevel(pre, 'province')} provinces, ${byLevel(pre, 'district')} districts (${catalogue.communelessDistricts.length} without communes), ` +
      `${byLevel(pre, 'commune')} communes = ${n(catalogue.communes.size)} from the catalogue (${n(catalogue.rowCount)} rows) + ${report.interimUnits.length} interim`,
  );
  const types = ['Xã', 'Phường', 'Đặc khu']
    .map((t) => `${n(count(cur, (u) => u.type === t))} ${t}`)
    .join(', ');
  log(`  current:  ${byLevel(cur, 'province')} provinces, ${byLevel(cur, 'commune')} communes (${types})`);
  log(`  conversion: ${n(conversions.length)} links`);
  for (const [kind, notes] of [...report.notesByKind].sort()) {
    const total = [...notes.values()].reduce((a, b) => a + b, 0);
    log(
      `    ${kind.padEnd(9)} ${n(total).padStart(6)}  ${[...notes].map(([note, k]) => `${JSON.stringify(note)}×${k}`).join(', ')}`,
    );
  }
  const multi = new Map<string, number>();
  for (const c of conversions) multi.set(c.oldCode, (multi.get(c.oldCode) ?? 0) + 1);
  log(`    old units split across several new ones: ${[...multi.values()].filter((k) => k > 1).length}`);
  log('quirks handled');
  log(
    `  old codes fixed: ${report.fixesApplied.map((f) => `record ${f.line} ${f.written}→${f.actual}`).join('; ')}`,
  );
  log(`  interim units added: ${report.interimUnits.map((u) => `${u.code} ${u.name}`).join('; ')}`);
  log(
    `  name variants: ${report.nameVariants.map((v) => `${v.code} ${v.names.join(' / ')} → ${v.chosen}`).join('; ')}`,
  );
  log(
    `  rows skipped (no old unit): ${report.skipped.map((l) => `record ${l.line} "${l.oldName}" → ${l.newCode}`).join('; ')}`,
  );
  log(
    `  old-province column disagrees with the catalogue: ${report.oldProvinceMismatches.map((m) => `${m.oldCode} says "${m.written}", catalogue ${m.catalogue}`).join('; ')}`,
  );
  log(`  catalogue communes with no successor in the conversion table: ${report.unmapped.length}`);
  for (const u of report.unmapped)
    log(`    ${u.code} ${u.name} (district ${u.parentCode}, province ${u.provinceCode})`);
}

function main(): number {
  const options = parseArgs(process.argv.slice(2));
  const catalogue = parseCatalogue(readCsv(path.join(options.source, CATALOGUE_FILE)));
  const lines = parseConversion(readCsv(path.join(options.source, CONVERSION_FILE)));
  const result = buildTables(catalogue, lines, ERRATA);
  printSummary(result, catalogue);
  const problems = checkCounts(result, catalogue);
  if (problems.length) {
    process.stderr.write(`build-units: FAILED\n${problems.map((p) => `  ${p}\n`).join('')}`);
    return 1;
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const unitsCsv = toCsv(UNIT_COLUMNS, result.units.map(unitCsvRow));
  const conversionCsv = toCsv(CONVERSION_COLUMNS, result.conversions.map(conversionCsvRow));
  fs.writeFileSync(path.join(OUT_DIR, 'units.csv'), unitsCsv);
  fs.writeFileSync(path.join(OUT_DIR, 'conversion.csv'), conversionCsv);
  fs.writeFileSync(SQL_FILE, migrationSql(unitsCsv, conversionCsv));
  process.stdout.write(
    `wrote ${path.relative(ROOT, OUT_DIR)}/units.csv, conversion.csv and ${path.relative(ROOT, SQL_FILE)}\n`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  if (!(err instanceof SourceError)) throw err;
  process.stderr.write(`build-units: FAILED\n  ${err.message}\n`);
  process.exitCode = 1;
}
