/** Builds CSV text for COPY … WITH (FORMAT csv): empty unquoted cell = NULL, "" = empty string. */
const NEEDS_QUOTES = /[",\r\n\\]/;

export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  if (s === '') return '""';
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: ReadonlyArray<string | number | null>): string {
  let out = csvCell(cells[0] ?? null);
  for (let i = 1; i < cells.length; i++) out += `,${csvCell(cells[i] ?? null)}`;
  return `${out}\n`;
}

/**
 * CSV rows written straight into UTF-8 bytes for COPY. One large string per chunk cost several
 * times more to build and encode (Buffer.from of a 10 MB two-byte string) than this.
 */
export class CsvBuffer {
  private buf: Buffer<ArrayBuffer>;
  private used = 0;

  constructor(initialBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Appends CSV text (whole rows, each ending in a line feed). */
  add(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    if (this.used + text.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + text.length * 3));
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
    this.used += this.buf.write(text, this.used);
  }

  get byteLength(): number {
    return this.used;
  }

  bytes(): Buffer<ArrayBuffer> {
    return this.buf.subarray(0, this.used);
  }
}
