/**
 * The folded form names are searched and matched on: no diacritics, đ→d, lower case,
 * single spaces (design.md, "Names"). Stored beside the name as written.
 */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Names are stored as written, in NFC, with collapsed spaces. */
export function normalizeName(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}
