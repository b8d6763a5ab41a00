import { dayInVietnam, VIETNAM_TIME_ZONE } from '../kernel/clock.js';
import { printedDate } from '../kernel/partial-date.js';

const timestampDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: VIETNAM_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/**
 * Formats an API date for the UI as dd/mm/yyyy (design.md, "Dates"), in either language.
 * Partial dates stay partial: `2025-07` → `07/2025`, `1990` → `1990`. Calendar dates are
 * never passed through `Date` (that would shift them by the browser's time zone); instants
 * (`2025-07-01T03:00:00Z`) are shown as the date in Vietnam. Anything else is returned as is.
 */
export function formatDate(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime())) return timestampDate.format(instant);
  }
  return printedDate(value);
}

/** Thousands grouping in the UI language (1.234 in Vietnamese, 1,234 in English). */
export function formatNumber(value: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN').format(value);
}

const timestampDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: VIETNAM_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as "dd/mm/yyyy HH:mm" in Vietnam's time; other text goes through `formatDate`. */
export function formatDateTime(value: string | null | undefined): string {
  if (value && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime())) return timestampDateTime.format(instant).replace(',', '');
  }
  return formatDate(value);
}

export type DateInput = { ok: true; iso: string } | { ok: false };

const pad2 = (n: number) => String(n).padStart(2, '0');

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Reads a date typed the Vietnamese way, dd/mm/yyyy (also d/m/yyyy, with `.` or `-`), into
 * the API's ISO form. With `partial`, month/year (`07/1950`) and a bare year (`1950`) are
 * accepted too, as `1950-07` and `1950`. An ISO date pasted as is is accepted. Impossible
 * days (31/02) and years before 1850 are refused.
 */
export function parseDateInput(text: string, options: { partial?: boolean } = {}): DateInput {
  const value = text.trim();
  let year: number;
  let month: number | undefined;
  let day: number | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value))) {
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value))) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if (options.partial && (m = /^(\d{1,2})[/.-](\d{4})$/.exec(value))) {
    [month, year] = [Number(m[1]), Number(m[2])];
  } else if (options.partial && (m = /^(\d{4})$/.exec(value))) {
    year = Number(m[1]);
  } else {
    return { ok: false };
  }
  if (year < 1850) return { ok: false };
  if (month === undefined) return { ok: true, iso: String(year) };
  if (month < 1 || month > 12) return { ok: false };
  if (day === undefined) return { ok: true, iso: `${year}-${pad2(month)}` };
  if (day < 1 || day > lastDay(year, month)) return { ok: false };
  return { ok: true, iso: `${year}-${pad2(month)}-${pad2(day)}` };
}

/** Today in Vietnam as YYYY-MM-DD (birth and death dates cannot be later). */
export function todayInVietnam(now: Date = new Date()): string {
  return dayInVietnam(now);
}

/** A partial ISO date is after `today` when even its earliest day is. */
export function isAfterToday(iso: string, today: string = todayInVietnam()): boolean {
  const earliest = iso.length === 4 ? `${iso}-01-01` : iso.length === 7 ? `${iso}-01` : iso;
  return earliest > today;
}
