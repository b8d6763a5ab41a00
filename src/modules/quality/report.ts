import { communeCondition, scopeFilter, unitCondition, type UnitFilter } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { exportFile, type ExportFile, type ExportFormat } from '../../kernel/table-export.js';
import { QUALITY_READ } from './permissions.js';
import { authorize } from '../../kernel/access.js';
import { RULE_CODES, RULES, type RuleCode } from './rules.js';

/**
 * The quality report: open findings per unit and rule, and the clean rate — the share of
 * people who pass every rule and are in no open duplicate pair. Counts come from the open
 * findings (a partial index) and the person unit index; no record is read, so no access row.
 */
export interface UnitFigures {
  unitCode: string;
  people: number;
  clean: number;
  cleanRate: number;
  byRule: Partial<Record<RuleCode | 'duplicates', number>>;
}

export interface QualityReport {
  units: UnitFigures[];
  totals: { people: number; clean: number; cleanRate: number; byRule: Partial<Record<RuleCode | 'duplicates', number>> };
  trend: Array<{ day: string; people: number; clean: number; cleanRate: number; open: number }>;
}

/** A scope on a table with `unit_code` and `province_code`, or on `communeColumn` alone; null: the nation. */
function scopeOn(scope: UnitFilter | null, params: unknown[], communeColumn?: string): string {
  if (!scope) return 'TRUE';
  return communeColumn ? communeCondition(scope, params, communeColumn) : unitCondition(scope, params);
}

/** Figures per unit as the day's snapshot stores them (quality_daily), for every unit. */
async function figuresByUnit(db: Executor, scope: UnitFilter | null): Promise<UnitFigures[]> {
  const params: unknown[] = [];
  const people = await db.query<{ unit_code: string; n: number }>(`SELECT coalesce(unit_code, '-') AS unit_code, count(*)::int AS n FROM person WHERE ${scopeOn(scope, params)} GROUP BY 1`, params);
  const p2: unknown[] = [];
  const findings = await db.query<{ unit_code: string; rule: string; n: number }>(
    `SELECT coalesce(unit_code, '-') AS unit_code, rule, count(*)::int AS n FROM quality_finding WHERE state = 'open' AND ${scopeOn(scope, p2)} GROUP BY 1, 2`,
    p2,
  );
  // People with an open finding or in an open pair, counted from the findings' side: the work
  // grows with the defects, not with the population.
  const p3: unknown[] = [];
  const flagged = await db.query<{ unit_code: string; n: number }>(
    `SELECT coalesce(unit_code, '-') AS unit_code, count(DISTINCT id)::int AS n FROM (
       SELECT subject_id AS id, unit_code FROM quality_finding WHERE state = 'open' AND subject_kind = 'person' AND ${scopeOn(scope, p3)}
       UNION ALL SELECT person_a, unit_code FROM duplicate_candidate WHERE state = 'open' AND ${scopeOn(scope, p3)}
       UNION ALL SELECT person_b, other_unit_code FROM duplicate_candidate WHERE state = 'open' AND ${scopeOn(scope, p3, 'other_unit_code')}) f
     GROUP BY 1`,
    p3,
  );
  const p4: unknown[] = [];
  const duplicates = await db.query<{ unit_code: string; n: number }>(
    `SELECT coalesce(unit_code, '-') AS unit_code, count(*)::int AS n FROM duplicate_candidate WHERE state = 'open' AND ${scopeOn(scope, p4)} GROUP BY 1`,
    p4,
  );
  const units = new Map<string, UnitFigures>();
  const unit = (code: string) => {
    let u = units.get(code);
    if (!u) units.set(code, (u = { unitCode: code, people: 0, clean: 0, cleanRate: 1, byRule: {} }));
    return u;
  };
  for (const r of people.rows) unit(r.unit_code).people = r.n;
  for (const r of findings.rows) unit(r.unit_code).byRule[r.rule as RuleCode] = r.n;
  for (const r of duplicates.rows) unit(r.unit_code).byRule.duplicates = r.n;
  const flaggedBy = new Map(flagged.rows.map((r) => [r.unit_code, r.n]));
  for (const u of units.values()) {
    u.clean = Math.max(0, u.people - (flaggedBy.get(u.unitCode) ?? 0));
    u.cleanRate = u.people === 0 ? 1 : u.clean / u.people;
  }
  return [...units.values()].sort((a, b) => a.unitCode.localeCompare(b.unitCode));
}

/** Stores today's figures per unit (the trend): called at the end of each whole-population run. */
export async function recordDailyFigures(tx: Executor, today: string): Promise<void> {
  const units = await figuresByUnit(tx, null);
  await tx.query('DELETE FROM quality_daily WHERE taken_on = $1', [today]);
  const rows: Array<[string, string, number]> = [];
  for (const u of units) {
    rows.push([u.unitCode, '*people', u.people], [u.unitCode, '*clean', u.clean]);
    for (const [rule, n] of Object.entries(u.byRule)) rows.push([u.unitCode, rule, n]);
  }
  if (rows.length === 0) return;
  await tx.query('INSERT INTO quality_daily (taken_on, unit_code, rule, open_count) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])', [
    today,
    rows.map((r) => r[0]),
    rows.map((r) => r[1]),
    rows.map((r) => r[2]),
  ]);
}

export async function qualityReport(ctx: AppContext, actor: Actor, days = 30): Promise<QualityReport> {
  authorize(actor, QUALITY_READ);
  const scope = scopeFilter(actor);
  const units = await figuresByUnit(ctx.db.pool, scope);
  const totals = { people: 0, clean: 0, cleanRate: 1, byRule: {} as Partial<Record<RuleCode | 'duplicates', number>> };
  for (const u of units) {
    totals.people += u.people;
    totals.clean += u.clean;
    for (const [rule, n] of Object.entries(u.byRule) as Array<[RuleCode | 'duplicates', number]>) totals.byRule[rule] = (totals.byRule[rule] ?? 0) + n;
  }
  totals.cleanRate = totals.people === 0 ? 1 : totals.clean / totals.people;
  const params: unknown[] = [days];
  const trend = await ctx.db.pool.query<{ day: string; people: number; clean: number; open: number }>(
    `SELECT taken_on::text AS day,
       coalesce(sum(open_count) FILTER (WHERE rule = '*people'), 0)::int AS people,
       coalesce(sum(open_count) FILTER (WHERE rule = '*clean'), 0)::int AS clean,
       coalesce(sum(open_count) FILTER (WHERE rule NOT LIKE '*%'), 0)::int AS open
     FROM quality_daily WHERE taken_on > current_date - $1::int AND ${scopeOn(scope, params, 'unit_code')}
     GROUP BY taken_on ORDER BY taken_on`,
    params,
  );
  return { units, totals, trend: trend.rows.map((r) => ({ ...r, cleanRate: r.people === 0 ? 1 : r.clean / r.people })) };
}

const COLUMN_HEADERS = {
  vi: { unit: 'Mã đơn vị', people: 'Số người', clean: 'Số người đạt', rate: 'Tỷ lệ sạch (%)', duplicates: 'Cặp nghi trùng' },
  en: { unit: 'Unit code', people: 'People', clean: 'People passing', rate: 'Clean rate (%)', duplicates: 'Suspected duplicate pairs' },
};

/** The report as a CSV or Excel file: one row per unit, one column per rule. */
export async function exportQualityReport(ctx: AppContext, actor: Actor, format: ExportFormat, lang: 'vi' | 'en'): Promise<ExportFile> {
  const report = await qualityReport(ctx, actor, 1);
  const h = COLUMN_HEADERS[lang];
  const columns = [
    { header: h.unit, width: 10 },
    { header: h.people, width: 10 },
    { header: h.clean, width: 12 },
    { header: h.rate, width: 12 },
    ...RULE_CODES.map((r) => ({ header: RULES[r].label[lang], width: 24 })),
    { header: h.duplicates, width: 14 },
  ];
  const row = (u: Omit<UnitFigures, 'unitCode'> & { unitCode: string }) => [
    u.unitCode,
    u.people,
    u.clean,
    Math.round(u.cleanRate * 1000) / 10,
    ...RULE_CODES.map((r) => u.byRule[r] ?? 0),
    u.byRule.duplicates ?? 0,
  ];
  const rows = [...report.units.map(row), row({ unitCode: lang === 'vi' ? 'Tổng' : 'Total', ...report.totals })];
  return exportFile({ title: lang === 'vi' ? 'Chất lượng dữ liệu' : 'Data quality', columns, rows }, format, `data-quality-${new Date().toISOString().slice(0, 10)}`);
}
