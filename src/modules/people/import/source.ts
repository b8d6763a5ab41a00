import fs from 'node:fs';
import readline from 'node:readline';
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
  if (format === 'ndjson') {
    const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    let line = 0;
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      try {
        const value: unknown = JSON.parse(text);
        if (value === null || typeof value !== 'object' || Array.isArray(value)) yield { line, error: 'not_an_object', raw: text.slice(0, 500) };
        else yield { line, value: value as Record<string, unknown> };
      } catch {
        yield { line, error: 'malformed_json', raw: text.slice(0, 500) };
      }
    }
    return;
  }
  // CSV: header row names the fields; empty cells are null. Quoted fields may span lines.
  const parser = fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parse({ columns: true, info: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
  for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const value: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec.record)) value[k] = v === '' ? null : v;
    yield { line: rec.info.lines, value };
  }
}
