const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const timestampDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: VN_TIME_ZONE,
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
  const date = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (date) {
    const [, year, month, day] = date;
    if (day !== undefined) return `${day}/${month}/${year}`;
    if (month !== undefined) return `${month}/${year}`;
    return year ?? value;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime())) return timestampDate.format(instant);
  }
  return value;
}

/** Thousands grouping in the UI language (1.234 in Vietnamese, 1,234 in English). */
export function formatNumber(value: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN').format(value);
}
