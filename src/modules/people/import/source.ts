import fs from 'node:fs';
import { AppError } from '../../../kernel/errors.js';
import { SUSPECT } from './check-row.js';

/**
 * One input row with the line it came from, or why it could not be read at all. `plain`: the
 * line holds no control character, no surrogate and (NDJSON) no escape, so no text of the row,
 * field names included, can hold hostile text (check-row.ts), and the rows of a clean file are
 * spared looking at each of their values for it: one test of the whole line instead.
 */
export type SourceRow = { line: number; value: Record<string, unknown>; plain: boolean } | { line: number; error: SourceLineError; raw: string };

const NOT_PLAIN_CSV = SUSPECT;
// JSON escapes (\n, \u0000, \ud800…) can spell any of them in a line of plain characters;
// only the escaped quote (\") is known to be harmless.
const NOT_PLAIN_JSON = new RegExp(`${SUSPECT.source}|\\\\[^"]`);

/** Why a line is not a row: it is reported as a rejected row with its line number. */
export type SourceLineError = 'malformed_json' | 'not_an_object' | 'csv_stray_quote' | 'csv_quote_not_closed' | 'csv_too_many_fields';

export type SourceFormat = 'ndjson' | 'csv';

export function formatOf(file: string): SourceFormat {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(nd)?jsonl?$/i.test(file)) return 'ndjson';
  throw new Error(`Unknown file type: ${file} (expected .ndjson, .jsonl or .csv)`);
}

/**
 * A file that cannot be read as rows at all (no rows, or a CSV header that is not one): the
 * import answers 400 naming the line, and nothing is written.
 */
export function unreadableSource(code: string, line: number, vi: string, en: string): AppError {
  return new AppError('invalid', code, { vi: `Dòng ${line}: ${vi}`, en: `Line ${line}: ${en}` }, { field: 'body' });
}

/** Rows of an NDJSON or CSV file, streamed: memory stays flat whatever the file size. */
export async function* readRows(file: string, format: SourceFormat = formatOf(file)): AsyncGenerator<SourceRow> {
  for await (const batch of readRowBatches(file, format)) yield* batch;
}

/**
 * The same rows in arrays of a few thousand. The importer reads millions of rows, and one
 * promise per row (an async generator step, with async hooks on) cost more than parsing it.
 */
export function readRowBatches(file: string, format: SourceFormat = formatOf(file), batchSize = 4096): AsyncGenerator<SourceRow[]> {
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  return format === 'ndjson' ? ndjsonBatches(input, batchSize) : csvBatches(input, batchSize);
}

/**
 * Throws the 400 a file that holds no row, or a CSV file whose header is not one, gets.
 * Reads only up to the first row, so it is called before anything is written.
 */
export async function checkSourceReadable(file: string, format: SourceFormat = formatOf(file)): Promise<void> {
  const batches = readRowBatches(file, format, 1);
  try {
    const first = await batches.next();
    if (first.done) throw unreadableSource('file_has_no_rows', 1, 'tệp không có dòng dữ liệu nào.', 'the file holds no rows.');
  } finally {
    await batches.return(undefined);
  }
}

/**
 * Bytes of a block decoded into one string at a time, cut at a line end. A whole 1 MiB block as
 * one string (2 MiB of UTF-16 for Vietnamese text) is a large object V8 places on fresh pages,
 * and on this machine class every fresh page is a costly fault: reading 100,000 people took
 * 1.3–1.6 s so, 0.3–0.7 s in 32 KiB pieces, which stay in the young generation.
 */
const DECODE_BYTES = 32 * 1024;

/**
 * Whole lines from a byte stream: lines end with LF or CRLF; a leading byte order mark is
 * ignored. Lines are cut on the LF byte, which never occurs inside a multi-byte UTF-8
 * sequence, so each block is decoded once, whole lines only. `take` turns a line (without
 * its line end) into a row, or nothing for a line to skip.
 */
async function* lineBatches(input: AsyncIterable<Buffer | string>, batchSize: number, take: (text: string, line: number) => SourceRow | undefined): AsyncGenerator<SourceRow[]> {
  let line = 0;
  let rest: Buffer | undefined;
  let first = true;
  let batch: SourceRow[] = [];
  const one = (text: string) => {
    line++;
    const body = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
    const row = take(body, line);
    if (row) batch.push(row);
  };
  for await (const piece of input) {
    let buf = typeof piece === 'string' ? Buffer.from(piece) : piece;
    if (rest) {
      buf = Buffer.concat([rest, buf]);
      rest = undefined;
    }
    const end = buf.lastIndexOf(10);
    if (end < 0) {
      rest = buf;
      continue;
    }
    if (buf.length > end + 1) rest = buf.subarray(end + 1);
    // The block's whole lines, decoded a few lines at a time (see DECODE_BYTES).
    for (let from = 0; from <= end; ) {
      let to = end;
      if (end - from > DECODE_BYTES) {
        to = buf.lastIndexOf(10, from + DECODE_BYTES);
        if (to < from) to = buf.indexOf(10, from + DECODE_BYTES);
      }
      let text = buf.toString('utf8', from, to);
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        one(text.slice(start, nl));
        start = nl + 1;
      }
      one(text.slice(start));
      from = to + 1;
    }
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (rest && rest.length) {
    let text = rest.toString('utf8');
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    one(text);
  }
  if (batch.length) yield batch;
}

/** NDJSON: one JSON object per line; blank lines are skipped but counted. */
export function ndjsonBatches(input: AsyncIterable<Buffer | string>, batchSize = 4096): AsyncGenerator<SourceRow[]> {
  return lineBatches(input, batchSize, (body, line) => {
    if (body.trim() === '') return undefined;
    try {
      const value: unknown = JSON.parse(body);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return { line, error: 'not_an_object', raw: body.slice(0, 500) };
      return { line, value: value as Record<string, unknown>, plain: !NOT_PLAIN_JSON.test(body) };
    } catch {
      return { line, error: 'malformed_json', raw: body.slice(0, 500) };
    }
  });
}

/**
 * CSV (RFC 4180 quoting) with a header row naming the fields; empty cells are null; blank
 * lines are skipped but counted. A record is one line: no field of an imported row may hold
 * a line break (it would be a rejected control character anyway), so a quote left open, a
 * stray quote or too many cells is a rejected row with its line number, and reading goes on
 * at the next line: one broken record never swallows the rest of the file. Only a header
 * that cannot be read stops the import (a 400 naming its line).
 */
export function csvBatches(input: AsyncIterable<Buffer | string>, batchSize = 4096): AsyncGenerator<SourceRow[]> {
  let header: string[] | undefined;
  let plainHeader = false;
  return lineBatches(input, batchSize, (body, line) => {
    if (body.trim() === '') return undefined;
    const cells = parseCsvLine(body);
    if (!header) {
      if (!Array.isArray(cells)) throw unreadableSource('csv_header_invalid', line, 'dòng tiêu đề CSV sai dấu ngoặc kép.', 'the CSV header row has broken quoting.');
      const names = cells.map((c) => c.trim());
      if (names.some((n) => n === '') || new Set(names).size !== names.length) {
        throw unreadableSource('csv_header_invalid', line, 'dòng tiêu đề CSV có tên cột trống hoặc lặp lại.', 'the CSV header row has an empty or repeated column name.');
      }
      header = names;
      plainHeader = !NOT_PLAIN_CSV.test(body);
      return undefined;
    }
    if (!Array.isArray(cells)) return { line, error: cells, raw: body.slice(0, 500) };
    if (cells.length > header.length) return { line, error: 'csv_too_many_fields', raw: body.slice(0, 500) };
    const names = header;
    return { line, value: Object.fromEntries(cells.map((c, i) => [names[i]!, c === '' ? null : c])), plain: plainHeader && !NOT_PLAIN_CSV.test(body) };
  });
}

/** The cells of one CSV line, or what is wrong with its quoting. */
export function parseCsvLine(text: string): string[] | 'csv_stray_quote' | 'csv_quote_not_closed' {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let cell = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return 'csv_quote_not_closed';
        cell += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          cell += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      cells.push(cell);
      if (i < text.length && text.charCodeAt(i) !== 44) return 'csv_stray_quote';
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? text.length : comma;
      const cell = text.slice(i, end);
      if (cell.includes('"')) return 'csv_stray_quote';
      cells.push(cell);
      i = end;
    }
    if (i >= text.length) return cells;
    i++; // the comma; a line ending in one has an empty last cell
  }
}
