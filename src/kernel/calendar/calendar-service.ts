import { authorize, definePermission } from '../access.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import type { Database, Executor } from '../db.js';
import { AppError } from '../errors.js';
import { CalendarYearMissing, deadline, isIsoDay, isWeekend, MAX_WORKING_DAYS, parseCutoff, type Deadline, type WorkingDayCalendar } from './working-days.js';

/**
 * The working-day calendar as data: public holidays and make-up working days per year, which
 * an administrator maintains (the government announces each year's arrangement), and each
 * office's cut-off time. Deadlines read it through `dueDate`.
 */
export const CALENDAR_MANAGE = definePermission('kernel', 'calendar.manage', { roles: ['admin'], description: 'Maintain public holidays, make-up working days and office cut-off times' });

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarDay {
  day: string;
  kind: CalendarDayKind;
  name: string;
  source: string;
  provisional: boolean;
  createdBy: string;
  createdAt: string;
}

const invalid = (field: string, code: string, vi: string, en: string) => new AppError('invalid', code, { vi, en }, { field });

/** Each database's calendar, read again after a short while so a change made elsewhere applies without a restart. */
const cache = new WeakMap<Database, { at: number; cal: Promise<WorkingDayCalendar> }>();
const CACHE_MS = 5_000;

async function readCalendar(db: Executor): Promise<WorkingDayCalendar> {
  const rows = (await db.query<{ day: string; kind: CalendarDayKind }>("SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM calendar_day")).rows;
  return {
    holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.day)),
    workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.day)),
    // A year is loaded when it has any official day: every year has New Year's Day at least.
    years: new Set(rows.map((r) => Number(r.day.slice(0, 4)))),
  };
}

/** The calendar of `db`, cached; `via` is the transaction to read through when inside one. */
export function loadCalendar(db: Database, via?: Executor): Promise<WorkingDayCalendar> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.cal;
  const cal = readCalendar(via ?? db.pool);
  cache.set(db, { at: Date.now(), cal });
  cal.catch(() => cache.delete(db));
  return cal;
}

function forget(db: Database): void {
  cache.delete(db);
}

/** The cut-off of the office of `unitCode`, else the default one, as `HH:MM`. */
export async function officeCutoff(db: Executor, unitCode: string | null): Promise<string> {
  const rows = (await db.query<{ unit_code: string; cutoff: string }>("SELECT unit_code, cutoff FROM office_cutoff WHERE unit_code IN ('', $1)", [unitCode ?? ''])).rows;
  return (rows.find((r) => r.unit_code === unitCode) ?? rows.find((r) => r.unit_code === ''))?.cutoff ?? '17:00';
}

export interface DueDate extends Deadline {
  cutoff: string;
  /** Days in the span that are announced but not yet confirmed (provisional rows). */
  provisionalDays: string[];
}

/**
 * The due date of something received at `receivedAt` with a limit of `workingDays`, at the
 * office of `unitCode` (its cut-off time). Refuses with `calendar_year_missing` rather than
 * guessing when the span reaches a year nobody has loaded. Inside a transaction pass it as
 * `tx` (the pool must not be used there).
 */
export async function dueDate(ctx: Pick<AppContext, 'db'>, receivedAt: Date, workingDays: number, unitCode: string | null = null, tx?: Executor): Promise<DueDate> {
  if (!Number.isInteger(workingDays) || workingDays < 0 || workingDays > MAX_WORKING_DAYS) throw invalid('days', 'days_invalid', `Số ngày làm việc phải là số nguyên từ 0 đến ${MAX_WORKING_DAYS}.`, `Working days must be a whole number from 0 to ${MAX_WORKING_DAYS}.`);
  if (Number.isNaN(receivedAt.getTime())) throw invalid('from', 'time_invalid', 'Thời điểm tiếp nhận không hợp lệ.', 'The reception time is not valid.');
  const db = tx ?? ctx.db.pool;
  const cal = await loadCalendar(ctx.db, tx);
  const cutoff = await officeCutoff(db, unitCode);
  let d: Deadline;
  try {
    d = deadline(cal, receivedAt, workingDays, parseCutoff(cutoff)!);
  } catch (err) {
    if (err instanceof CalendarYearMissing) {
      throw new AppError('conflict', 'calendar_year_missing', { vi: `Chưa có lịch ngày nghỉ, ngày làm bù của năm ${err.year}; quản trị viên cần nhập trước.`, en: `The holidays and make-up days of ${err.year} are not loaded yet; an administrator must enter them first.` }, { field: 'from' });
    }
    throw err;
  }
  const provisional = (await db.query<{ day: string }>("SELECT to_char(day, 'YYYY-MM-DD') AS day FROM calendar_day WHERE provisional AND day BETWEEN $1 AND $2 ORDER BY day", [d.received, d.due])).rows.map((r) => r.day);
  return { ...d, cutoff, provisionalDays: provisional };
}

const toDay = (r: { day: string; kind: CalendarDayKind; name: string; source: string; provisional: boolean; created_by: string; created_at: Date }): CalendarDay => ({
  day: r.day,
  kind: r.kind,
  name: r.name,
  source: r.source,
  provisional: r.provisional,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

const SELECT_DAY = "SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name, source, provisional, created_by, created_at FROM calendar_day";

/** The official days of a year, in date order. Public data: no personal data, no access log. */
export async function listCalendarYear(ctx: Pick<AppContext, 'db'>, year: number): Promise<{ year: number; loaded: boolean; days: CalendarDay[] }> {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) throw invalid('year', 'year_invalid', 'Năm không hợp lệ.', 'The year is not valid.');
  const rows = (await ctx.db.pool.query<Parameters<typeof toDay>[0]>(`${SELECT_DAY} WHERE day BETWEEN $1 AND $2 ORDER BY day`, [`${year}-01-01`, `${year}-12-31`])).rows;
  return { year, loaded: rows.length > 0, days: rows.map(toDay) };
}

export interface NewCalendarDay {
  day: string;
  kind: CalendarDayKind;
  name?: string | undefined;
  source?: string | undefined;
  provisional?: boolean | undefined;
}

function checkText(field: string, value: string, max: number): string {
  const v = value.trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (v.length === 0 || v.length > max || /[\u0000-\u001f\u007f]/.test(v)) throw invalid(field, 'text_invalid', `Trường này cần 1–${max} ký tự, không có ký tự điều khiển.`, `This field takes 1–${max} characters, no control characters.`);
  return v;
}

/**
 * Adds a public holiday (on a weekday: a holiday on a weekend changes no deadline — enter
 * the day in lieu instead) or a make-up working day (on a weekend). Audited with who and why.
 */
export async function addCalendarDay(ctx: AppContext, actor: Actor, input: NewCalendarDay): Promise<CalendarDay> {
  authorize(actor, CALENDAR_MANAGE);
  if (!isIsoDay(input.day)) throw invalid('day', 'date_invalid', 'Ngày phải có dạng YYYY-MM-DD và có thật.', 'The day must be a real date written YYYY-MM-DD.');
  if (input.kind === 'holiday' && isWeekend(input.day)) throw invalid('day', 'holiday_on_weekend', 'Ngày này đã là ngày nghỉ cuối tuần; hãy nhập ngày nghỉ bù.', 'This day is a weekend already; enter the day off in lieu instead.');
  if (input.kind === 'workday' && !isWeekend(input.day)) throw invalid('day', 'workday_not_weekend', 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.', 'A make-up working day is a Saturday or a Sunday.');
  const name = checkText('name', input.name ?? (input.kind === 'holiday' ? 'Ngày nghỉ lễ' : 'Ngày làm bù'), 200);
  const source = checkText('source', input.source ?? `entered by ${actor.id}`, 300);
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const inserted = await tx.query<Parameters<typeof toDay>[0]>(
      `INSERT INTO calendar_day (day, kind, name, source, provisional, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (day) DO NOTHING
       RETURNING to_char(day, 'YYYY-MM-DD') AS day, kind, name, source, provisional, created_by, created_at`,
      [input.day, input.kind, name, source, input.provisional ?? false, actor.id, now],
    );
    const day = inserted.rows[0];
    if (!day) throw new AppError('duplicate', 'day_already_listed', { vi: 'Ngày này đã có trong lịch; hãy xoá trước khi nhập lại.', en: 'This day is already in the calendar; remove it before entering it again.' }, { field: 'day' });
    await recordAudit(tx, { actor, action: 'calendar.day_added', target: { kind: 'calendar_day', id: input.day }, detail: { kind: input.kind, name, source, provisional: input.provisional ?? false } }, now);
    return toDay(day);
  });
  forget(ctx.db);
  return row;
}

/** Removes a day (a provisional one replaced by the announced arrangement, or a mistake); the audit row keeps what it was. */
export async function removeCalendarDay(ctx: AppContext, actor: Actor, day: string, reason: string): Promise<CalendarDay> {
  authorize(actor, CALENDAR_MANAGE);
  if (!isIsoDay(day)) throw invalid('day', 'date_invalid', 'Ngày phải có dạng YYYY-MM-DD và có thật.', 'The day must be a real date written YYYY-MM-DD.');
  const why = checkText('reason', reason, 300);
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const removed = (await tx.query<Parameters<typeof toDay>[0]>(`DELETE FROM calendar_day WHERE day = $1 RETURNING to_char(day, 'YYYY-MM-DD') AS day, kind, name, source, provisional, created_by, created_at`, [day])).rows[0];
    if (!removed) throw new AppError('not_found', 'day_not_listed', { vi: 'Ngày này không có trong lịch.', en: 'This day is not in the calendar.' }, { field: 'day' });
    const was = toDay(removed);
    await recordAudit(tx, { actor, action: 'calendar.day_removed', target: { kind: 'calendar_day', id: day }, detail: { kind: was.kind, name: was.name, source: was.source, provisional: was.provisional, reason: why } }, now);
    return was;
  });
  forget(ctx.db);
  return row;
}

/** Sets an office's cut-off time (`unitCode` '' for the default). */
export async function setOfficeCutoff(ctx: AppContext, actor: Actor, unitCode: string, cutoff: string): Promise<{ unitCode: string; cutoff: string }> {
  authorize(actor, CALENDAR_MANAGE);
  if (parseCutoff(cutoff) === null) throw invalid('cutoff', 'cutoff_invalid', 'Giờ kết thúc tiếp nhận có dạng HH:MM (24 giờ).', 'The cut-off time is HH:MM (24-hour).');
  if (unitCode !== '' && !/^\d{5}$/.test(unitCode)) throw invalid('unit', 'unit_invalid', 'Mã xã/phường gồm 5 chữ số.', 'A commune code is 5 digits.');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const before = (await tx.query<{ cutoff: string }>('SELECT cutoff FROM office_cutoff WHERE unit_code = $1', [unitCode])).rows[0]?.cutoff ?? null;
    await tx.query(
      `INSERT INTO office_cutoff (unit_code, cutoff, updated_by, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (unit_code) DO UPDATE SET cutoff = EXCLUDED.cutoff, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [unitCode, cutoff, actor.id, now],
    );
    await recordAudit(tx, { actor, action: 'calendar.cutoff_set', target: { kind: 'office', id: unitCode || 'default' }, unitCode: unitCode || null, detail: { before, after: cutoff } }, now);
  });
  return { unitCode, cutoff };
}
