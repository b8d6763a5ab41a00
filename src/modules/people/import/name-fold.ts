import { foldName } from '../../../kernel/fold.js';

/**
 * `foldName` for the bulk importer: the same result, about four times faster on Vietnamese
 * names. A table indexed by UTF-16 code unit folds ASCII letters and digits, the space and the
 * precomposed Vietnamese letters; any other character hands the whole name to `foldName`, so
 * the two never disagree (property test in name-fold.test.ts).
 */
const SPACE = 1;
const TABLE = new Uint8Array(0x1f00);
for (let c = 48; c <= 57; c++) TABLE[c] = c;
for (let c = 97; c <= 122; c++) TABLE[c] = c;
for (let c = 65; c <= 90; c++) TABLE[c] = c + 32;
TABLE[32] = SPACE;
for (const base of 'aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐ') {
  for (const mark of ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323']) {
    const ch = (base + mark).normalize('NFC');
    const folded = foldName(ch);
    if (ch.length === 1 && ch.charCodeAt(0) < TABLE.length && folded.length === 1 && folded >= 'a' && folded <= 'z') TABLE[ch.charCodeAt(0)] = folded.charCodeAt(0);
  }
}

export function foldNameFast(text: string): string {
  let out = '';
  let space = false;
  // Start of a run of characters that fold to themselves, copied in one slice.
  let run = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = c < TABLE.length ? TABLE[c]! : 0;
    if (f === 0) return foldName(text);
    if (f === SPACE) {
      if (run >= 0) {
        out += text.slice(run, i);
        run = -1;
      }
      space = out.length > 0;
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    if (f === c) {
      if (run < 0) run = i;
      continue;
    }
    if (run >= 0) {
      out += text.slice(run, i);
      run = -1;
    }
    out += String.fromCharCode(f);
  }
  return run >= 0 ? out + text.slice(run) : out;
}
