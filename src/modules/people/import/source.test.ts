import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ndjsonBatches, type SourceRow } from './source.js';

/** What a reader must produce: one entry per non-blank line, numbered from 1, CRLF or LF. */
function reference(text: string): SourceRow[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: SourceRow[] = [];
  lines.forEach((raw, i) => {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (l.trim() === '') return;
    try {
      const value: unknown = JSON.parse(l);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) out.push({ line: i + 1, error: 'not_an_object', raw: l.slice(0, 500) });
      else out.push({ line: i + 1, value: value as Record<string, unknown> });
    } catch {
      out.push({ line: i + 1, error: 'malformed_json', raw: l.slice(0, 500) });
    }
  });
  return out;
}

/** Feeds `bytes` in pieces cut at the given offsets (anywhere, also inside a UTF-8 sequence). */
async function read(bytes: Buffer, cuts: number[], batchSize: number): Promise<{ rows: SourceRow[]; batches: number[] }> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  async function* pieces() {
    let at = 0;
    for (const p of [...points, bytes.length]) {
      if (p > at) yield bytes.subarray(at, p);
      at = p;
    }
  }
  const rows: SourceRow[] = [];
  const batches: number[] = [];
  for await (const b of ndjsonBatches(pieces(), batchSize)) {
    batches.push(b.length);
    rows.push(...b);
  }
  return { rows, batches };
}

const vietnamese = fc.constantFrom('Nguyễn Thị Ánh', 'Đặng Văn Đức', "H'Hen Niê", 'Trần', '𝔘', 'a,b"c');
const line = fc.oneof(
  fc.record({ externalId: fc.string(), fullName: vietnamese, n: fc.integer(), x: fc.option(fc.string({ unit: 'grapheme' })) }).map((o) => JSON.stringify(o)),
  fc.constantFrom('', '   ', '{', 'null', '[1,2]', '42', '"text"', '{"a":1}{', '{"a":"đ"}'),
  fc.string({ unit: 'grapheme' }).map((s) => s.replace(/[\r\n]/g, ' ')),
);

describe('NDJSON reader', () => {
  it('yields the rows and line numbers of a line-by-line reading, however the bytes arrive', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { maxLength: 30 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer({ min: 1, max: 7 }),
        async (lines, bom, lastNewline, cuts, batchSize) => {
          let text = (bom ? '\ufeff' : '') + lines.map(([l, end]) => l + end).join('');
          if (!lastNewline && text.endsWith('\n')) text = text.replace(/\r?\n$/, '');
          const { rows, batches } = await read(Buffer.from(text), cuts, batchSize);
          expect(rows).toEqual(reference(text));
          expect(batches.every((n) => n > 0)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a last line without a line end, and a file of blank lines as nothing', async () => {
    expect((await read(Buffer.from('{"a":1}\n\n{"b":2}'), [], 10)).rows).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, value: { b: 2 } },
    ]);
    expect((await read(Buffer.from('\n\r\n  \n'), [1, 2], 10)).rows).toEqual([]);
  });
});
