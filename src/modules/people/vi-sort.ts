/**
 * Vietnamese dictionary order, computed the same way in TypeScript and in SQL so both engines
 * sort alike: PGlite has no ICU collations, and a server's libc locale may not know Vietnamese.
 *
 * The order (`compareVietnamese`) has three levels:
 *  1. letters, with ă, â, đ, ê, ô, ơ, ư as letters of their own (a < ă < â < b … d < đ < e …),
 *     case and tone ignored; space and control characters first, then ASCII punctuation, then
 *     digits, then letters, then any other character by code point;
 *  2. tones, left to right: none < huyền < sắc < hỏi < ngã < nặng (a à á ả ã ạ);
 *  3. the text as written, by code point (so different texts never tie).
 *
 * `viSortKey` turns a text into a string whose plain byte order (PostgreSQL `COLLATE "C"`) is
 * that order: the level-1 letters mapped to ordered ASCII, a space, one tone digit per
 * character, a space, the text itself. Migration 0075 defines `vi_sort_key(text)` in SQL from the
 * tables below (`viSortKeySql` prints it) and stores it in generated columns.
 */

/** The alphabet in dictionary order: Latin letters with the seven Vietnamese ones in place. */
export const VI_ALPHABET = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';
/** Each vowel with its tones in order: none, huyền, sắc, hỏi, ngã, nặng. */
const TONES: Record<string, string> = {
  a: 'aàáảãạ',
  ă: 'ăằắẳẵặ',
  â: 'âầấẩẫậ',
  e: 'eèéẻẽẹ',
  ê: 'êềếểễệ',
  i: 'iìíỉĩị',
  o: 'oòóỏõọ',
  ô: 'ôồốổỗộ',
  ơ: 'ơờớởỡợ',
  u: 'uùúủũụ',
  ư: 'ưừứửữự',
  y: 'yỳýỷỹỵ',
};

const PUNCTUATION = Array.from({ length: 0x7f - 0x21 }, (_, i) => String.fromCharCode(0x21 + i)).filter((c) => !/[0-9A-Za-z]/.test(c));

/** Level-1 rank and tone of each character the order knows; anything else ranks by code point. */
const KNOWN = new Map<string, { rank: number; tone: number }>();
{
  for (let c = 0; c < 0x20; c++) KNOWN.set(String.fromCharCode(c), { rank: 0, tone: 0 });
  KNOWN.set(' ', { rank: 0, tone: 0 });
  KNOWN.set('\x7f', { rank: 0, tone: 0 });
  PUNCTUATION.forEach((c, i) => KNOWN.set(c, { rank: 1 + i, tone: 0 }));
  for (let d = 0; d < 10; d++) KNOWN.set(String(d), { rank: 1 + PUNCTUATION.length + d, tone: 0 });
  const firstLetter = 1 + PUNCTUATION.length + 10;
  [...VI_ALPHABET].forEach((letter, i) => {
    const forms = TONES[letter] ?? letter;
    [...forms].forEach((form, tone) => {
      KNOWN.set(form, { rank: firstLetter + i, tone });
      KNOWN.set(form.toUpperCase(), { rank: firstLetter + i, tone });
    });
  });
}
/** Ranks become these ASCII characters, all above the space that separates the key's parts. */
const RANK_BASE = 0x21;

function codePointCompare(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The reference order, written from its definition (not from the key): the key is tested against it. */
export function compareVietnamese(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  // Level 1: unknown characters rank after every known one, by code point.
  const rank = (c: string) => KNOWN.get(c)?.rank ?? 1000 + c.codePointAt(0)!;
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = rank(x[i]!) - rank(y[i]!);
    if (d !== 0) return d;
  }
  if (x.length !== y.length) return x.length - y.length;
  const tone = (c: string) => KNOWN.get(c)?.tone ?? 0;
  for (let i = 0; i < x.length; i++) {
    const d = tone(x[i]!) - tone(y[i]!);
    if (d !== 0) return d;
  }
  return codePointCompare(a, b);
}

/** The sort key of a text: compare keys byte by byte (`COLLATE "C"`) to get `compareVietnamese`. */
export function viSortKey(text: string): string {
  let letters = '';
  let tones = '';
  for (const c of text) {
    const k = KNOWN.get(c);
    letters += k ? String.fromCharCode(RANK_BASE + k.rank) : c;
    tones += k ? String(k.tone) : '0';
  }
  return `${letters} ${tones} ${text}`;
}

/** Byte order of UTF-8, which is code point order: what `COLLATE "C"` compares. */
export function compareKeys(a: string, b: string): number {
  return codePointCompare(a, b);
}

function sqlLiteral(text: string): string {
  // E'' with every non-printable character escaped, so the migration file is plain text.
  return `E'${[...text].map((c) => (c === "'" ? "''" : c === '\\' ? '\\\\' : c < ' ' || c === '\x7f' ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c)).join('')}'`;
}

/** The SQL function of migration 0075, printed from the tables above (a test checks they agree). */
export function viSortKeySql(): string {
  // PostgreSQL text cannot hold NUL, so the function need not (and cannot) map it.
  const known = [...KNOWN.entries()].filter(([c]) => c !== '\0');
  const from = known.map(([c]) => c).join('');
  const ranks = known.map(([, k]) => String.fromCharCode(RANK_BASE + k.rank)).join('');
  // Tones: every known character to its digit, digits in the text to 0, then anything else to 0.
  const toneChars = known.filter(([c]) => !/[0-9]/.test(c));
  const toneFrom = '0123456789' + toneChars.map(([c]) => c).join('');
  const toneTo = '0000000000' + toneChars.map(([, k]) => String(k.tone)).join('');
  return [
    'CREATE FUNCTION vi_sort_key(t text) RETURNS text',
    'LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$',
    'SELECT translate(t,',
    `  ${sqlLiteral(from)},`,
    `  ${sqlLiteral(ranks)})`,
    `  || ' ' || regexp_replace(translate(t,`,
    `  ${sqlLiteral(toneFrom)},`,
    `  ${sqlLiteral(toneTo)}), '[^0-5]', '0', 'g')`,
    `  || ' ' || t`,
    '$$;',
  ].join('\n');
}

/** Level-1 letters that contain-matching treats as their plain Latin letter (ă, â → a; đ → d …). */
const FOLD_PAIRS: Array<[string, string]> = [['ă', 'a'], ['â', 'a'], ['đ', 'd'], ['ê', 'e'], ['ô', 'o'], ['ơ', 'o'], ['ư', 'u']];
const rankChar = (letter: string) => String.fromCharCode(RANK_BASE + KNOWN.get(letter)!.rank);
const FOLD_FROM = FOLD_PAIRS.map(([from]) => rankChar(from)).join('');
const FOLD_TO = FOLD_PAIRS.map(([, to]) => rankChar(to)).join('');

/**
 * The key's letters without case, tones or marks (đ as d): "Phố Đội Cấn" and "pho doi can" fold
 * alike, so "address contains" needs no second stored column. Compare with `VI_FOLD_SQL`.
 */
export function viFold(text: string): string {
  const letters = viSortKey(text).split(' ', 1)[0]!;
  let out = '';
  for (const c of letters) {
    const i = FOLD_FROM.indexOf(c);
    out += i >= 0 ? FOLD_TO[i] : c;
  }
  return out;
}

/** `viFold` of the text a stored sort key was made from, in SQL (translate of seven characters: cheap). */
export function VI_FOLD_SQL(keyColumn: string): string {
  return `translate(split_part(${keyColumn}, ' ', 1), ${sqlLiteral(FOLD_FROM)}, ${sqlLiteral(FOLD_TO)})`;
}
