import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferPool, CsvBuffer } from './copy-csv.js';

describe('CSV buffers', () => {
  it('hands a released buffer to the next chunk, and never one buffer to two live ones', () => {
    const pool = new BufferPool();
    const a = new CsvBuffer(pool, 1 << 16);
    a.add('a,b\n');
    const first = a.bytes().buffer;
    a.release();
    a.release(); // a second release must not put it in the pool twice
    const b = new CsvBuffer(pool, 1 << 16);
    const c = new CsvBuffer(pool, 1 << 16);
    expect(b.bytes().buffer).toBe(first);
    expect(c.bytes().buffer).not.toBe(first);
    b.add('x\n');
    c.add('y\n');
    expect(b.bytes().toString()).toBe('x\n');
    expect(c.bytes().toString()).toBe('y\n');
  });

  it('keeps every row, in order, as UTF-8, whatever the buffers it grows through and reuses', () => {
    const row = fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => `${s}\n`);
    fc.assert(
      fc.property(fc.array(fc.array(row, { maxLength: 40 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 512 }), (chunks, initial) => {
        const pool = new BufferPool();
        for (const rows of chunks) {
          const csv = new CsvBuffer(pool, initial);
          rows.forEach((r) => csv.add(r));
          expect(csv.bytes().toString('utf8')).toBe(rows.join(''));
          expect(csv.byteLength).toBe(Buffer.byteLength(rows.join('')));
          csv.release();
        }
      }),
    );
  });
});
