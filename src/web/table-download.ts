/**
 * A table on screen taken away as a file, made in the browser (for tables the server has no
 * export of): CSV in UTF-8 with a byte-order mark so Excel reads Vietnamese, or .xlsx where
 * strings stay strings (codes keep their leading zeros, nothing runs as a formula) — the same
 * rules as the server's list exports (src/kernel/table-export.ts). The spreadsheet writer is
 * loaded only when an .xlsx is asked for.
 */
import { toCsv } from './cards-logic.js';

export type TableFormat = 'csv' | 'xlsx';

export interface DownloadTable {
  /** The sheet's name. */
  title: string;
  columns: Array<{ header: string; width: number }>;
  rows: Array<Array<string | number | null>>;
}

function save(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** Builds the file and hands it to the browser as `<stem>.csv` or `<stem>.xlsx`; returns the name. */
export async function downloadTable(
  table: DownloadTable,
  format: TableFormat,
  stem: string,
): Promise<string> {
  const name = `${stem}.${format}`;
  if (format === 'csv') {
    const text = toCsv(
      table.columns.map((c) => c.header),
      table.rows,
    );
    save(new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' }), name);
    return name;
  }
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const header = table.columns.map((c) => ({ value: c.header, fontWeight: 'bold' as const }));
  const body = table.rows.map((r) =>
    r.map((v) =>
      v === null ? null : typeof v === 'number' ? { value: v, type: Number } : { value: v, type: String },
    ),
  );
  const sheet = table.title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
  save(
    await writeXlsxFile([header, ...body], {
      sheet,
      columns: table.columns.map((c) => ({ width: c.width })),
      stickyRowsCount: 1,
    }).toBlob(),
    name,
  );
  return name;
}
