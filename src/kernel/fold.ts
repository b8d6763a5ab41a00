/**
 * The folded form names are searched and matched on: no diacritics, đ→d, lower case,
 * single spaces (design.md, "Names"). Stored beside the name as written.
 *
 * Vietnamese letters fold through a table built once from Unicode decomposition; anything
 * else takes the general path. Bulk imports fold millions of names, and the table is several
 * times faster than normalising every string.
 */
const FOLD = new Map<string, string>();
for (const base of 'aăâeêioôơuưyAĂÂEÊIOÔƠUƯY') {
  for (const mark of ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323']) {
    const ch = (base + mark).normalize('NFC');
    FOLD.set(ch, slowFold(ch));
  }
}
FOLD.set('đ', 'd').set('Đ', 'd');

function slowFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function foldName(text: string): string {
  let out = '';
  let space = false;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    let folded: string | undefined;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) folded = ch;
    else if (c >= 65 && c <= 90) folded = String.fromCharCode(c + 32);
    else folded = FOLD.get(ch);
    if (folded === undefined) return slowFold(text);
    if (folded === ' ' || c === 32) {
      space = out.length > 0;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += folded;
  }
  return out;
}

/** Names are stored as written, in NFC, with collapsed spaces. */
export function normalizeName(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}
