import fs from 'node:fs';
import { parse } from 'csv-parse';

/** One input row with the line it came from, or why it could not be read at all. */
export type SourceRow = { line: number; value: Record<string, unknown> } | { line: number; error: string; raw: string };

export type SourceFormat = 'ndjson' | 'csv';

export function formatOf(file: string): SourceFormat {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(nd)?jsonl?$/i.test(file)) return 'ndjson';
  throw new Error(`Unknown file type: ${file} (expected .ndjson, .jsonl or .csv)`);
}

/** Rows of an NDJSON or CSV file, streamed: memory stays flat whatever the file size. */
export async function* readRows(file: string, format: SourceFormat = formatOf(file)): AsyncGenerator<SourceRow> {
  for await (const batch of readRowBatches(file, format)) yield* batch;
}

/**
 * The same rows in arrays of a few thousand. The importer reads millions of rows, and one
 * promise per row (an async generator step, with async hooks on) cost more than parsing it.
 */
export async function* readRowBatches(file: string, format: SourceFormat = formatOf(file), batchSize = 4096): AsyncGenerator<SourceRow[]> {
  if (format === 'ndjson') {
    yield* ndjsonBatches(fs.createReadStream(file, { highWaterMark: 1 << 20 }), batchSize);
    return;
  }
  // CSV: header row names the fields; empty cells are null. Quoted fields may span lines.
  const parser = fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parse({ columns: true, info: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
  let batch: SourceRow[] = [];
  for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const value: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec.record)) value[k] = v === '' ? null : v;
    batch.push({ line: rec.info.lines, value });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * NDJSON from a byte stream: lines end with LF or CRLF; blank lines are skipped but counted;
 * a leading byte order mark is ignored. Lines are cut on the LF byte, which never occurs inside
 * a multi-byte UTF-8 sequence, so each block is decoded once, whole lines only.
 */
export async function* ndjsonBatches(input: AsyncIterable<Buffer | string>, batchSize = 4096): AsyncGenerator<SourceRow[]> {
  let line = 0;
  let rest: Buffer | undefined;
  let first = true;
  let batch: SourceRow[] = [];
  const take = (text: string) => {
    line++;
    const end = text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length;
    const body = end === text.length ? text : text.slice(0, end);
    if (body.trim() === '') return;
    try {
      const value: unknown = JSON.parse(body);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) batch.push({ line, error: 'not_an_object', raw: body.slice(0, 500) });
      else batch.push({ line, value: value as Record<string, unknown> });
    } catch {
      batch.push({ line, error: 'malformed_json', raw: body.slice(0, 500) });
    }
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
    let text = buf.toString('utf8', 0, end);
    if (buf.length > end + 1) rest = buf.subarray(end + 1);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      take(text.slice(start, nl));
      start = nl + 1;
    }
    take(text.slice(start));
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (rest && rest.length) {
    let text = rest.toString('utf8');
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    take(text);
  }
  if (batch.length) yield batch;
}
