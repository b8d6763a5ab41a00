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
