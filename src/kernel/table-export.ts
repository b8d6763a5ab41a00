
/**
 * A list as a file an officer takes away: CSV (UTF-8 with a byte-order mark, so Excel reads
 * Vietnamese; CRLF and RFC 4180 quoting) or .xlsx (write-excel-file: strings stay strings, so
 * PINs keep their leading zeros and nothing is read as a formula).
 */
export type ExportFormat = 'csv' | 'xlsx';

export interface ExportTable {
  /** The sheet name and the stem of the file name. */
  title: string;
  columns: Array<{ header: string; width: number }>;
  rows: Array<Array<string | number | null>>;
}

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

/** A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe in CSV. */
function csvText(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(table: ExportTable): Buffer {
  const lines = [table.columns.map((c) => csvText(c.header)).join(','), ...table.rows.map((r) => r.map(csvText).join(','))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const header = table.columns.map((c) => ({ value: c.header, fontWeight: 'bold' as const }));
  const body = table.rows.map((r) => r.map((v) => (v === null ? null : typeof v === 'number' ? { value: v, type: Number } : { value: v, type: String })));
  // Sheet names are at most 31 characters and may not hold : \ / ? * [ ].
  const sheet = table.title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
  // Loaded on first use (about 0.3 s), like the other libraries only some requests need.
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  return writeXlsxFile([header, ...body], { sheet, columns: table.columns.map((c) => ({ width: c.width })), stickyRowsCount: 1 }).toBuffer();
}

/** The file for a table; the name carries the list, the unit and the day (ASCII only, for every browser). */
export async function exportFile(table: ExportTable, format: ExportFormat, stem: string): Promise<ExportFile> {
  if (format === 'csv') return { filename: `${stem}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(table) };
  return { filename: `${stem}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await toXlsx(table) };
}
