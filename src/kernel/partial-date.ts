import { invalid } from './errors.js';

/**
 * Birth and death dates with their precision: older records often have only the year,
 * or month and year (domain §1). Written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
 */
export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
}

export type Precision = 'year' | 'month' | 'day';

const SHAPE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Parses and checks a partial date (real calendar day, year 1850–9999); undefined if malformed. */
export function parsePartialDate(text: string): PartialDate | undefined {
  const m = SHAPE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 1850) return undefined;
  if (m[2] === undefined) return { year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return { year, month };
  const day = Number(m[3]);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) return undefined;
  return { year, month, day };
}

export function precisionOf(d: PartialDate): Precision {
  return d.day !== undefined ? 'day' : d.month !== undefined ? 'month' : 'year';
}

export function formatPartialDate(d: PartialDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return [String(d.year).padStart(4, '0'), d.month !== undefined ? pad(d.month) : undefined, d.day !== undefined ? pad(d.day) : undefined].filter(Boolean).join('-');
}

/**
 * A calendar date as Vietnamese documents and screens print it (design.md, "Dates"): 12/03/1988;
 * a partial date stays partial (03/1988, 1988). Text that is not an ISO date of one of the three
 * precisions is returned unchanged, so a caller may pass what it was given.
 */
export function printedDate(iso: string): string {
  const m = SHAPE.exec(iso);
  if (!m) return iso;
  const [, year, month, day] = m;
  if (day !== undefined) return `${day}/${month}/${year}`;
  if (month !== undefined) return `${month}/${year}`;
  return year!;
}

/** The earliest full day the partial date may denote (for age and ordering). */
export function earliestDay(d: PartialDate): string {
  return formatPartialDate({ year: d.year, month: d.month ?? 1, day: d.day ?? 1 });
}

/** Checks a partial date field at the service edge: well-formed, not after `today`. */
export function requirePartialDate(text: string, field: string, today: string): PartialDate {
  const d = parsePartialDate(text);
  if (!d) {
    throw invalid('date_malformed', field, {
      vi: `Ngày "${text}" không hợp lệ: dùng YYYY, YYYY-MM hoặc YYYY-MM-DD.`,
      en: `"${text}" is not a valid date: use YYYY, YYYY-MM or YYYY-MM-DD.`,
    });
  }
  if (earliestDay(d) > today) {
    throw invalid('date_in_future', field, { vi: 'Ngày không được ở tương lai.', en: 'The date cannot be in the future.' });
  }
  return d;
}

/**
 * Whole years of age on `today` (YYYY-MM-DD). The birthday counts; an unknown month or day is
 * taken as the earliest possible; a 29 February birth ages on 28 February in other years (the
 * Civil Code ends a period whose last day does not exist in its final month on that month's last
 * day). The one age rule of the product: card validity, e-ID guardianship, household heads and
 * data quality all count with it. A birth date given as text must be a well-formed partial date.
 */
export function ageOn(birth: PartialDate | string, today: string): number {
  const b = typeof birth === 'string' ? parsePartialDate(birth) : birth;
  if (!b) {
    throw invalid('date_malformed', 'birthDate', {
      vi: `Ngày sinh "${String(birth)}" không hợp lệ: dùng YYYY, YYYY-MM hoặc YYYY-MM-DD.`,
      en: `The birth date "${String(birth)}" is not valid: use YYYY, YYYY-MM or YYYY-MM-DD.`,
    });
  }
  const [y, m, dd] = today.split('-').map(Number) as [number, number, number];
  const bm = b.month ?? 1;
  const bd = birthdayDayIn(bm, b.day ?? 1, y);
  return y - b.year - (m < bm || (m === bm && dd < bd) ? 1 : 0);
}

/** The day of `month` in `year` that is the birthday of someone born on `day` of it: 29 February is 28 February in other years. */
export function birthdayDayIn(month: number, day: number, year: number): number {
  const leapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && day === 29 && !leapYear ? 28 : day;
}
