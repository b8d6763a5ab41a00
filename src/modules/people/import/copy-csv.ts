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
 * Byte buffers passed from the CSV of one chunk, once its COPY is done, to the next chunks. On
 * this machine class (a paravirtualised VM) the first touch of every fresh page is a costly
 * fault: writing 100,000 people's CSV into new buffers took 0.6–1.0 s, into reused ones
 * 0.2–0.3 s. An import holds one pool, and with it at most the buffers of the chunks in flight.
 */
export class BufferPool {
  private readonly free: Array<Buffer<ArrayBuffer>> = [];

  /** A buffer of at least `bytes` (its contents are whatever was left in it). */
  take(bytes: number): Buffer<ArrayBuffer> {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) if (this.free[i]!.length >= bytes && (best < 0 || this.free[i]!.length < this.free[best]!.length)) best = i;
    return best >= 0 ? this.free.splice(best, 1)[0]! : Buffer.allocUnsafe(bytes);
  }

  give(buf: Buffer<ArrayBuffer>): void {
    this.free.push(buf);
  }
}

/**
 * CSV rows written straight into UTF-8 bytes for COPY. One large string per chunk cost several
 * times more to build and encode (Buffer.from of a 10 MB two-byte string) than this.
 */
export class CsvBuffer {
  private buf: Buffer<ArrayBuffer>;
  private used = 0;

  constructor(
    private readonly pool: BufferPool,
    initialBytes = 1 << 20,
  ) {
    this.buf = pool.take(initialBytes);
  }

  /** Appends CSV text (whole rows, each ending in a line feed). */
  add(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    if (this.used + text.length * 3 > this.buf.length) {
      const bigger = this.pool.take(Math.max(this.buf.length * 2, this.used + text.length * 3));
      this.buf.copy(bigger, 0, 0, this.used);
      if (this.buf.length > 0) this.pool.give(this.buf);
      this.buf = bigger;
    }
    this.used += this.buf.write(text, this.used);
  }

  get byteLength(): number {
    return this.used;
  }

  /** The rows written, valid until `release`. */
  bytes(): Buffer<ArrayBuffer> {
    return this.buf.subarray(0, this.used);
  }

  /** Gives the buffer back to the pool (once, however often called): nothing may read `bytes()` after this. */
  release(): void {
    if (this.buf.length > 0) this.pool.give(this.buf);
    this.buf = Buffer.alloc(0);
    this.used = 0;
  }
}
