/**
 * Birth dates as registries hold them: a day, a month or only a year, the precision kept.
 * The comparison levels follow the keying errors clerks make (docs/generator.md, duplicates).
 */
export interface BirthDate {
  year: number;
  /** 0 when only the year is known. */
  month: number;
  /** 0 when the day is not known. */
  day: number;
  /** Days since 1970-01-01 of the full date, NaN when the day is not known. */
  epochDay: number;
}

export function parseBirthDate(text: string): BirthDate {
  const year = Number(text.slice(0, 4)) || 0;
  const month = text.length >= 7 ? Number(text.slice(5, 7)) || 0 : 0;
  const day = month > 0 && text.length >= 10 ? Number(text.slice(8, 10)) || 0 : 0;
  return { year, month, day, epochDay: day > 0 ? Date.UTC(year, month - 1, day) / 86_400_000 : Number.NaN };
}

export const DATE_LEVELS = ['exact', 'day_month_swapped', 'days_apart_1_3', 'partial_agrees', 'year_off_by_one', 'different'] as const;
export type DateLevel = (typeof DATE_LEVELS)[number];

/**
 * The level index in DATE_LEVELS. Symmetric. "Days apart" counts calendar days, so a day
 * keyed one off across a month end (31 → 1) still counts as near, not as a different date.
 */
export function compareBirthDates(a: BirthDate, b: BirthDate): number {
  const full = a.day > 0 && b.day > 0;
  if (full) {
    if (a.year === b.year) {
      if (a.month === b.month && a.day === b.day) return 0;
      if (a.month === b.day && a.day === b.month) return 1;
    }
    const apart = Math.abs(a.epochDay - b.epochDay);
    if (apart <= 3) return 2;
    if (Math.abs(a.year - b.year) === 1 && a.month === b.month && a.day === b.day) return 4;
    return 5;
  }
  // At least one side lacks the day (or month): compare what both have.
  const monthsKnown = a.month > 0 && b.month > 0;
  const restAgrees = !monthsKnown || a.month === b.month;
  if (a.year === b.year) return restAgrees ? 3 : 5;
  if (Math.abs(a.year - b.year) === 1 && restAgrees) return 4;
  return 5;
}
