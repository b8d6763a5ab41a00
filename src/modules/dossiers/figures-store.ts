import type { Executor } from '../../kernel/db.js';
import type { DossierStatus } from './model.js';

/**
 * SQL of the officer's desk around the queue: the overdue count of the menu badge and the
 * per-unit figures of a period. Each measure is one range scan of its own index (migration
 * 0150: province first, then the measure's date) and the database sums them; nothing is
 * counted row by row here.
 */
export interface Scope {
  /** Provinces to read (one for a province or commune officer; every province for the nation). */
  provinces: string[];
  /** A single commune inside them, when the figures or the count are of one commune. */
  unitCode?: string | undefined;
}

function scopeSql(s: Scope, params: unknown[]): string {
  params.push(s.provinces);
  let sql = `province_code = ANY($${params.length}::text[])`;
  if (s.unitCode) {
    params.push(s.unitCode);
    sql += ` AND unit_code = $${params.length}`;
  }
  return sql;
}

/** Open dossiers due before `today`, in scope. */
export async function countOverdue(db: Executor, s: Scope, openStates: readonly DossierStatus[], today: string, assignedTo?: string): Promise<number> {
  const params: unknown[] = [];
  const where = scopeSql(s, params);
  params.push(openStates, today);
  let sql = `SELECT count(*)::int AS n FROM dossier WHERE ${where} AND state = ANY($${params.length - 1}::text[]) AND due_date < $${params.length}`;
  if (assignedTo) {
    params.push(assignedTo);
    sql += ` AND assigned_to = $${params.length}`;
  }
  return (await db.query<{ n: number }>(sql, params)).rows[0]!.n;
}

export interface FigureSums {
  /** Province code (by province) or commune code (by commune). */
  key: string;
  filed: number;
  filedOnline: number;
  received: number;
  decided: number;
  /**
   * Sum and count of the working days from reception to decision (dossiers with a known
   * calendar); calendar days likewise, a decision on the evening of a reception that counts
   * from the next working day being 0, not -1.
   */
  workingDaysSum: number;
  workingDaysN: number;
  calendarDaysSum: number;
  resultsGiven: number;
  late: number;
  overdueNow: number;
}

export interface FigurePeriod {
  /** First and last Vietnam day of the period. */
  from: string;
  to: string;
  /** The same period as instants: [start, end). */
  start: Date;
  end: Date;
  /** Today in Vietnam, for "overdue now". */
  today: string;
}

/**
 * The figures of a period per province or per commune: filed (and online) by filing time,
 * received by reception day, decided by decision day, results given (and late) by notice
 * time, and open dossiers overdue today. Only groups with something to count come back.
 */
export async function figureSums(db: Executor, s: Scope, by: 'province' | 'commune', p: FigurePeriod, openStates: readonly DossierStatus[]): Promise<FigureSums[]> {
  const params: unknown[] = [];
  const where = scopeSql(s, params);
  const arg = (v: unknown) => `$${params.push(v)}`;
  const start = arg(p.start);
  const end = arg(p.end);
  const from = arg(p.from);
  const to = arg(p.to);
  const today = arg(p.today);
  const open = arg(openStates);
  const key = by === 'province' ? 'province_code' : 'unit_code';
  // Columns: key, filed, online, received, decided, wd_sum, wd_n, cd_sum, given, late, overdue.
  const sql = `
    SELECT k AS key, sum(filed)::int AS filed, sum(online)::int AS online, sum(received)::int AS received, sum(decided)::int AS decided,
           sum(wd_sum)::int AS wd_sum, sum(wd_n)::int AS wd_n, sum(cd_sum)::int AS cd_sum, sum(given)::int AS given, sum(late)::int AS late, sum(overdue)::int AS overdue
      FROM (
        SELECT ${key} AS k, count(*) AS filed, count(*) FILTER (WHERE channel = 'portal') AS online, 0 AS received, 0 AS decided, 0 AS wd_sum, 0 AS wd_n, 0 AS cd_sum, 0 AS given, 0 AS late, 0 AS overdue
          FROM dossier WHERE ${where} AND submitted_at >= ${start} AND submitted_at < ${end} GROUP BY 1
        UNION ALL
        SELECT ${key}, 0, 0, count(*), 0, 0, 0, 0, 0, 0, 0
          FROM dossier WHERE ${where} AND received_on BETWEEN ${from} AND ${to} GROUP BY 1
        UNION ALL
        SELECT ${key}, 0, 0, 0, count(*), coalesce(sum(decision_working_days), 0), count(decision_working_days), coalesce(sum(GREATEST(decided_on - received_on, 0)), 0), 0, 0, 0
          FROM dossier WHERE ${where} AND decided_on BETWEEN ${from} AND ${to} GROUP BY 1
        UNION ALL
        SELECT ${key}, 0, 0, 0, 0, 0, 0, 0, count(*), count(*) FILTER (WHERE notified_late), 0
          FROM dossier WHERE ${where} AND notified_at >= ${start} AND notified_at < ${end} GROUP BY 1
        UNION ALL
        SELECT ${key}, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*)
          FROM dossier WHERE ${where} AND state = ANY(${open}::text[]) AND due_date < ${today} GROUP BY 1
      ) m
     GROUP BY k ORDER BY k`;
  const r = await db.query<{ key: string; filed: number; online: number; received: number; decided: number; wd_sum: number; wd_n: number; cd_sum: number; given: number; late: number; overdue: number }>(sql, params);
  return r.rows.map((x) => ({
    key: x.key,
    filed: Number(x.filed),
    filedOnline: Number(x.online),
    received: Number(x.received),
    decided: Number(x.decided),
    workingDaysSum: Number(x.wd_sum),
    workingDaysN: Number(x.wd_n),
    calendarDaysSum: Number(x.cd_sum),
    resultsGiven: Number(x.given),
    late: Number(x.late),
    overdueNow: Number(x.overdue),
  }));
}

