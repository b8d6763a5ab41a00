/**
 * Dates as DG13 writes them (dd/mm/yyyy) and as dancu keeps them (ISO). Birth dates of older
 * people may lack the day or the month; the registry keeps those as YYYY-MM or YYYY (as the MRZ
 * parser does), and on the chip they become mm/yyyy or yyyy.
 */

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC avoids time-zone shifts.
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const ISO_FULL = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const ISO_YEAR = /^\d{4}$/;
const VI_FULL = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const VI_MONTH = /^(\d{2})\/(\d{4})$/;

/** YYYY-MM-DD → dd/mm/yyyy; with `partial`, YYYY-MM → mm/yyyy and YYYY → yyyy. Null if invalid. */
export function isoToChipDate(iso: string, partial = false): string | null {
  const full = ISO_FULL.exec(iso);
  if (full) {
    const [, y = '', m = '', d = ''] = full;
    return isCalendarDate(Number(y), Number(m), Number(d)) ? `${d}/${m}/${y}` : null;
  }
  if (!partial) return null;
  const month = ISO_MONTH.exec(iso);
  if (month) {
    const [, y = '', m = ''] = month;
    return Number(m) >= 1 && Number(m) <= 12 ? `${m}/${y}` : null;
  }
  return ISO_YEAR.test(iso) ? iso : null;
}

/** dd/mm/yyyy → YYYY-MM-DD; with `partial`, mm/yyyy and yyyy too. Null if invalid. */
export function chipDateToIso(text: string, partial = false): string | null {
  const full = VI_FULL.exec(text);
  if (full) {
    const [, d = '', m = '', y = ''] = full;
    return isCalendarDate(Number(y), Number(m), Number(d)) ? `${y}-${m}-${d}` : null;
  }
  if (!partial) return null;
  const month = VI_MONTH.exec(text);
  if (month) {
    const [, m = '', y = ''] = month;
    return Number(m) >= 1 && Number(m) <= 12 ? `${y}-${m}` : null;
  }
  return ISO_YEAR.test(text) ? text : null;
}
