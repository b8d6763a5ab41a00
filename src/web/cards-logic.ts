/**
 * The card pages' pure rules, apart from React so they are tested on their own: the 3:4 crop
 * of a camera frame, which chip file is which, the MRZ as pasted, the delivery rate as a
 * percentage, and a table as CSV (the same rules as the server's list exports).
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The face photo's shape: portrait 3:4, as printed on the card (the server takes 0.65–0.9). */
export const PORTRAIT_ASPECT = 3 / 4;
/** The pixel size the photo is sent at, at most; smaller frames are sent as they are (never enlarged). */
export const PORTRAIT_MAX = { width: 600, height: 800 } as const;
/** The smallest photo the server accepts. */
export const PORTRAIT_MIN = { width: 300, height: 400 } as const;

/** The largest centred 3:4 portrait inside a frame of `width`×`height` (a landscape webcam frame gives its middle). */
export function portraitCrop(width: number, height: number, aspect: number = PORTRAIT_ASPECT): Rect {
  if (width <= 0 || height <= 0) return { x: 0, y: 0, width: 0, height: 0 };
  let w = width;
  let h = Math.round(width / aspect);
  if (h > height) {
    h = height;
    w = Math.round(height * aspect);
  }
  return { x: Math.floor((width - w) / 2), y: Math.floor((height - h) / 2), width: w, height: h };
}

/** The size a crop is drawn at: scaled down to at most PORTRAIT_MAX, keeping its shape; never enlarged. */
export function portraitOutput(crop: Pick<Rect, 'width' | 'height'>): { width: number; height: number } {
  const scale = Math.min(1, PORTRAIT_MAX.width / crop.width, PORTRAIT_MAX.height / crop.height);
  return { width: Math.round(crop.width * scale), height: Math.round(crop.height * scale) };
}

/** Whether a photo of this size is big enough for the card (the server says so too, with its own words). */
export function bigEnough(size: { width: number; height: number }): boolean {
  return size.width >= PORTRAIT_MIN.width && size.height >= PORTRAIT_MIN.height;
}

export type ChipFile = 'dg1' | 'dg2' | 'dg13' | 'sod';

/**
 * Which chip file a file name is: `EF.DG1.bin`, `DG1.bin`, `ef_dg13`, `EF.SOD`, `sod.der` …
 * (a reader app names them its own way); undefined for anything else.
 */
export function chipFileOf(name: string): ChipFile | undefined {
  const base = name.toLowerCase().replace(/\.(bin|der|dat|raw)$/, '');
  const m =
    /(?:^|[^a-z0-9])(?:ef[._-]?)?(dg1|dg2|dg13|sod)$/.exec(base) ??
    /^(?:ef[._-]?)?(dg1|dg2|dg13|sod)$/.exec(base);
  return m ? (m[1] as ChipFile) : undefined;
}

/** An MRZ as pasted or typed: blank lines and surrounding spaces dropped, upper case, lines joined by \n (what the API takes). */
export function normaliseMrz(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/\s+/g, '').toUpperCase())
    .filter(Boolean)
    .join('\n');
}

/** A delivery rate (0–1) as "87,5 %" in Vietnamese or "87.5%" in English; a dash when nothing was produced. */
export function formatRate(rate: number | null, lang: string): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(rate);
}

/** A cell a spreadsheet would run as a formula gets a leading apostrophe; quoting as RFC 4180. */
function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV text with CRLF line ends; the caller adds the byte-order mark so Excel reads Vietnamese. */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
): string {
  return `${[header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n')}\r\n`;
}

/** The proof file's name: the kind, the PIN when there is one, and the instant of the check. */
export function proofFileName(answer: {
  kind: string;
  checkedAt: string;
  data: { pin?: string | undefined };
}): string {
  const at = answer.checkedAt.replace(/[^0-9]/g, '').slice(0, 14);
  return `kiem-tra-the-${answer.kind}${answer.data.pin ? `-${answer.data.pin}` : ''}-${at}.jws`;
}
