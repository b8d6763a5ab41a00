import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../kernel/errors.js';
import { checkPersonRow, hostileTextErrors } from './check-row.js';
import { csvBatches, ndjsonBatches, parseCsvLine, type SourceRow } from './source.js';

/** A row as the readers' properties compare it: `plain` has its own property below. */
type ReadRow = { line: number; value: Record<string, unknown> } | { line: number; error: string; raw: string };

/** What a reader must produce: one entry per non-blank line, numbered from 1, CRLF or LF. */
function reference(text: string): ReadRow[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: ReadRow[] = [];
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
async function read(bytes: Buffer, cuts: number[], batchSize: number, reader = ndjsonBatches): Promise<{ rows: ReadRow[]; batches: number[] }> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  async function* pieces() {
    let at = 0;
    for (const p of [...points, bytes.length]) {
      if (p > at) yield bytes.subarray(at, p);
      at = p;
    }
  }
  const rows: ReadRow[] = [];
  const batches: number[] = [];
  for await (const b of reader(pieces(), batchSize)) {
    batches.push(b.length);
    rows.push(...b.map((r: SourceRow): ReadRow => ('value' in r ? { line: r.line, value: r.value } : r)));
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

  it('reads blocks far larger than it decodes at a time, with lines shorter and longer than such a piece', async () => {
    // Names of up to 60,000 characters: a block of a few hundred kilobytes is decoded in pieces
    // of 32 KiB cut at line ends (source.ts, DECODE_BYTES), and a line may be longer than one.
    const long = fc.tuple(vietnamese, fc.integer({ min: 1, max: 60_000 })).map(([name, n]) => JSON.stringify({ fullName: name.repeat(Math.ceil(n / name.length)) }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.oneof(line, long), fc.constantFrom('\n', '\r\n')), { minLength: 1, maxLength: 40 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 3 }), async (lines, bom, cuts) => {
        const text = (bom ? '\ufeff' : '') + lines.map(([l, end]) => l + end).join('');
        expect((await read(Buffer.from(text), cuts, 5)).rows).toEqual(reference(text));
      }),
      { numRuns: 40 },
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

/** A CSV cell as a careful writer quotes it. */
const quote = (cell: string) => (/[",]/.test(cell) || cell.trim() !== cell ? `"${cell.replace(/"/g, '""')}"` : cell);
/** Lines no reading may take as a record; each is one rejected row. */
const BROKEN: Record<string, string> = {
  'Trần Văn "Ba",x': 'csv_stray_quote',
  '"Nguyễn Thị, chưa đóng ngoặc': 'csv_quote_not_closed',
  '"Lê"Văn,x': 'csv_stray_quote',
  'a,"b"c': 'csv_stray_quote',
  '"': 'csv_quote_not_closed',
  'a,b,c,d,e': 'csv_too_many_fields',
};
const cellText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), vietnamese, fc.constantFrom('', ' ', '""', 'a,b', '"x"', ',', 'Ngõ 3, "Hàng Bạc"')).map((c) => c.replace(/[\r\n]/g, ' '));
const csvLineArb = fc.oneof(
  { weight: 4, arbitrary: fc.array(cellText, { minLength: 1, maxLength: 4 }).map((cells) => ({ cells })) },
  { weight: 1, arbitrary: fc.constantFrom(...Object.keys(BROKEN)).map((broken) => ({ broken })) },
  { weight: 1, arbitrary: fc.constantFrom('', '  ').map((blank) => ({ blank })) },
);

describe('CSV reader', () => {
  it('reads every well-quoted record at its line, rejects every broken one at its line, and goes on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(csvLineArb, fc.constantFrom('\n', '\r\n')), { maxLength: 25 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 1, max: 7 }), async (lines, bom, cuts, batchSize) => {
        const header = ['a', 'b', 'c', 'd'];
        const text = `${bom ? '\ufeff' : ''}a,b,c,d\n${lines.map(([l, end]) => ('cells' in l ? l.cells.map(quote).join(',') : 'broken' in l ? l.broken : l.blank) + end).join('')}`;
        const expected: ReadRow[] = [];
        lines.forEach(([l], i) => {
          const line = i + 2;
          if ('broken' in l) expected.push({ line, error: BROKEN[l.broken] as never, raw: l.broken });
          // A line of one empty cell is a blank line.
          else if ('cells' in l && l.cells.map(quote).join(',').trim() !== '') expected.push({ line, value: Object.fromEntries(l.cells.map((c, j) => [header[j]!, c === '' ? null : c])) });
        });
        const { rows } = await read(Buffer.from(text), cuts, batchSize, csvBatches);
        expect(rows).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any bytes after a good header, and answers a broken header with a 400 naming its line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(), { maxLength: 6 }), async (bytes, cuts) => {
        const body = Buffer.concat([Buffer.from('x,y\n'), Buffer.from(bytes)]);
        const { rows } = await read(body, cuts, 3, csvBatches);
        expect(rows.every((r) => r.line >= 2)).toBe(true);
      }),
      { numRuns: 200 },
    );
    for (const [head, line] of [['\n\n"a,b\nx,y', 3], ['a,a\n1,2', 1], ['a,,b\n', 1]] as const) {
      const err = await read(Buffer.from(head), [], 5, csvBatches).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ status: 400, code: 'csv_header_invalid', field: 'body' });
      expect((err as AppError).messages.en).toMatch(new RegExp(`^Line ${line}:`));
    }
  });

  it('splits quoted cells as RFC 4180 says', () => {
    expect(parseCsvLine('a,"b,c","d ""e""",,')).toEqual(['a', 'b,c', 'd "e"', '', '']);
    expect(parseCsvLine('""')).toEqual(['']);
    expect(parseCsvLine('a"')).toBe('csv_stray_quote');
    expect(parseCsvLine('"a""')).toBe('csv_quote_not_closed');
  });
});

describe('hostile text in a row', () => {
  it('rejects NUL, control characters and unpaired surrogates in any field (or field name), naming it', () => {
    const good = { externalId: 'p-1', pin: '001090000001', fullName: 'Nguyễn Văn An', sex: 'M', birthDate: '1990-04-01', birthRegistrationProvinceCode: '01', ethnicityCode: '01' };
    expect(checkPersonRow(good, '2026-01-01')).toHaveProperty('ok');
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(good), 'note'), fc.constantFrom('\u0000', '\u0001', '\t', '\n', '\u007f', '\u0085', '\ud800', '\udfff'), fc.nat(), (field, bad, at) => {
        const v: Record<string, unknown> = { ...good };
        const s = String(v[field] ?? 'ghi chú');
        v[field] = s.slice(0, at % (s.length + 1)) + bad + s.slice(at % (s.length + 1));
        const r = checkPersonRow(v, '2026-01-01');
        expect(r).toEqual({ errors: [expect.objectContaining({ field, code: bad === '\u0000' ? 'nul_character' : bad >= '\ud800' ? 'invalid_unicode' : 'control_character' })] });
      }),
    );
    expect(hostileTextErrors({ ['a\u0000']: 'x', nested: { deep: ['ok', 'x\u0000'] } }).map((e) => e.field)).toEqual(['fieldName', 'nested']);
  });
  // Rows whose line passed as a whole are not looked at value by value: that must never let
  // hostile text through, whatever the line and however it is spelt (raw, or a JSON escape).
  async function* once(b: Buffer) {
    yield b;
  }
  const hostileOrNot = fc.string({ unit: fc.oneof(fc.constantFrom('\u0000', '\u0001', '\t', '\u007f', '\u0085', '\ud800', '\udfff', '\\', '"', ',', 'ư'), fc.string({ unit: 'grapheme', maxLength: 1 })) });
  it('marks a row plain only when no text of it is hostile, and the rows of ordinary text plain', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(hostileOrNot, fc.oneof(hostileOrNot, fc.integer(), fc.array(hostileOrNot, { maxLength: 2 })), { maxKeys: 4 }), fc.boolean(), async (row, csv) => {
        const cells = Object.entries(row).filter(([k, v]) => typeof v === 'string' && !/[\r\n]/.test(k + v) && k.trim() !== '');
        const text = csv ? `${cells.map(([k]) => quote(k)).join(',')}\n${cells.map(([, v]) => quote(v as string)).join(',')}\n` : `${JSON.stringify(row)}\n`;
        for await (const batch of (csv ? csvBatches : ndjsonBatches)(once(Buffer.from(text)), 10)) {
          for (const r of batch) if ('value' in r && r.plain) expect(hostileTextErrors(r.value)).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
    const ordinary = { externalId: 'p-1', fullName: 'Nguyễn Thị Ánh', address: 'Số 5, ngõ 12 "Hoa"', n: 3 };
    for (const [csv, text] of [
      [false, `${JSON.stringify(ordinary)}\n`],
      [true, 'externalId,fullName,address\np-1,Nguyễn Thị Ánh,"Số 5, ngõ 12 ""Hoa"""\n'],
    ] as const) {
      for await (const batch of (csv ? csvBatches : ndjsonBatches)(once(Buffer.from(text)), 10)) expect(batch).toEqual([expect.objectContaining({ plain: true })]);
    }
  });
});
