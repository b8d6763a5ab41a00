/**
 * Calendar arithmetic on day numbers (days since 1970-01-01), integer-only so it is exact and
 * fast for millions of birth dates (Howard Hinnant's civil-from-days algorithm) — no Date objects,
 * no time zones.
 */

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysInMonth(year: number, month: number): number {
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  );
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** ISO text with the precision kept: YYYY, YYYY-MM or YYYY-MM-DD. */
export function formatPartialDate(date: CivilDate, precision: 'year' | 'month' | 'day'): string {
  if (precision === 'year') return String(date.year);
  if (precision === 'month') return `${date.year}-${pad2(date.month)}`;
  return `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
}

/** Parses YYYY-MM-DD (strictly) into a day number, or undefined. */
export function parseIsoDay(text: string): number | undefined {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}
