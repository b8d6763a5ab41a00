/**
 * Statutory deadlines in working days (Law on Residence 2020 and every procedure after it).
 *
 * A working day is Monday to Friday, minus the public holidays the government sets for the
 * year, plus the make-up working days it announces (a Saturday worked in exchange for a
 * bridge day). Days are Vietnam calendar dates (UTC+7, no daylight saving) written
 * `YYYY-MM-DD`. The due date of a dossier is the Nth working day after the day the complete
 * dossier was received, that day not counted; a dossier received after the office's cut-off
 * time, or on a day that is not a working day, counts as received on the next working day.
 *
 * Pure: the calendar data is passed in (see `calendar-store.ts` for where it lives).
 */
export interface WorkingDayCalendar {
  /** Public holidays (and compensatory days off) that fall on weekdays. */
  readonly holidays: ReadonlySet<string>;
  /** Saturdays or Sundays declared working days. */
  readonly workdays: ReadonlySet<string>;
  /** Years whose official days are loaded; a deadline that crosses any other year is refused. */
  readonly years: ReadonlySet<number>;
}

export class CalendarYearMissing extends Error {
  constructor(readonly year: number) {
    super(`the working-day calendar for ${year} is not loaded`);
  }
}

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Long enough for any statutory limit (the longest is 60 working days). */
export const MAX_WORKING_DAYS = 366;

/** A real calendar date in `YYYY-MM-DD` form (2026-02-30 is not one). */
export function isIsoDay(s: string): boolean {
  const m = ISO_DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) && Number(m[1]) >= 1900;
}

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

function dayOf(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export function isWeekend(day: string): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

export function nextDay(day: string): string {
  return dayOf(dayNumber(day) + 1);
}

function checkYear(cal: WorkingDayCalendar, day: string): void {
  const year = Number(day.slice(0, 4));
  if (!cal.years.has(year)) throw new CalendarYearMissing(year);
}

export function isWorkingDay(cal: WorkingDayCalendar, day: string): boolean {
  checkYear(cal, day);
  if (cal.workdays.has(day)) return true;
  return !isWeekend(day) && !cal.holidays.has(day);
}

/** The Vietnam date and minutes past midnight of an instant. */
export function vietnamTime(at: Date): { day: string; minutes: number } {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  return { day: local.toISOString().slice(0, 10), minutes: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/** An ISO 8601 instant with its offset (or Z); a bare date means 00:00 Vietnam time. */
export function parseInstant(text: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return new Date(`${text}T00:00:00+07:00`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `HH:MM` (24-hour) → minutes past midnight, or null when malformed. */
export function parseCutoff(s: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The first working day on or after `day`. */
export function workingDayOnOrAfter(cal: WorkingDayCalendar, day: string): string {
  let d = day;
  // Bounded: no real calendar has a year of holidays; a broken one fails instead of spinning.
  for (let i = 0; i <= MAX_WORKING_DAYS; i++, d = nextDay(d)) if (isWorkingDay(cal, d)) return d;
  throw new Error(`no working day within a year after ${day}`);
}

/** The working day a dossier counts as received on: after the cut-off, or on a day off, the next one. */
export function receptionDay(cal: WorkingDayCalendar, at: Date, cutoffMinutes: number): string {
  const { day, minutes } = vietnamTime(at);
  if (isWorkingDay(cal, day) && minutes < cutoffMinutes) return day;
  return workingDayOnOrAfter(cal, nextDay(day));
}

/** The Nth working day after `day` (not counted); N = 0 is `day` itself. */
export function addWorkingDays(cal: WorkingDayCalendar, day: string, n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) throw new RangeError(`working days must be an integer 0–${MAX_WORKING_DAYS}`);
  let d = day;
  for (let left = n; left > 0; ) {
    d = nextDay(d);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

/** How many working days lie after `from` (not counted) up to and including `to`; 0 when `to` is not after `from`. */
export function workingDaysBetween(cal: WorkingDayCalendar, from: string, to: string): number {
  let n = 0;
  for (let d = nextDay(from); d <= to; d = nextDay(d)) if (isWorkingDay(cal, d)) n++;
  return n;
}

export interface Deadline {
  /** The working day the dossier counts as received on. */
  received: string;
  /** The last day the result is due. */
  due: string;
  workingDays: number;
  /** Days off (weekends, holidays) between received and due that pushed the date back. */
  daysOff: number;
}

export function deadline(cal: WorkingDayCalendar, receivedAt: Date, workingDays: number, cutoffMinutes: number): Deadline {
  const received = receptionDay(cal, receivedAt, cutoffMinutes);
  const due = addWorkingDays(cal, received, workingDays);
  return { received, due, workingDays, daysOff: dayNumber(due) - dayNumber(received) - workingDays };
}
