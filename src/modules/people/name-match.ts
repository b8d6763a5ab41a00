/**
 * Pure rules for matching a typed name against the folded names in the registry: the residue
 * Telex and VNI typing leaves in a word, the edit distance that counts a swap of two adjacent
 * letters as one edit, and the splits of a name whose spaces were lost, added or moved.
 * No I/O: search.ts asks the database for the dictionary words these rules need.
 */

const VOWEL = /[aeiouy]/;

/**
 * A folded query word with the marks of Vietnamese keyboard input methods taken out, as if the
 * input method had been off: VNI digits ("nguye6n", "d9ao" → "nguyen", "dao"), Telex doubled
 * letters and "w" ("nguyeen", "truwowng", "ddao" → "nguyen", "truong", "dao") and Telex tone
 * keys ("nguyeenx", "thij", "hoafng" → "nguyen", "thi", "hoang").
 *
 * Vietnamese syllables never hold f, j, r, s, x, z or w after their first vowel, nor a doubled
 * a, e or o, which is what makes the residue recognisable. Some minority and foreign names do
 * ("adrong", "wang"): callers keep the word as typed beside this form and let the dictionary say
 * which one is a name.
 */
export function stripTypingMarks(word: string): string {
  let w = /[a-z]/.test(word) ? word.replace(/[0-9]/g, '') : word;
  if (w.startsWith('dd')) w = w.slice(1);
  // Telex "w": once the word has a vowel it puts the breve or horn on it (ă ơ ư, typed right
  // after the vowel or at the end); before any vowel it types ư itself.
  w = w.replace(/w+/g, (_, at: number) => (VOWEL.test(w.slice(0, at)) ? '' : 'u'));
  const first = w.search(VOWEL);
  if (first < 0) return w;
  const rest = w
    .slice(first)
    .replace(/[fjrsxz]/g, '')
    .replace(/([aeo])\1+/g, '$1');
  return w.slice(0, first) + rest;
}

/** The forms a folded word is looked up under: as typed, then without input-method residue. */
export function typingForms(word: string): string[] {
  const stripped = stripTypingMarks(word);
  // A word with digits is never a name as typed; only its stripped form can be.
  if (/[0-9]/.test(word)) return stripped ? [stripped] : [];
  return stripped && stripped !== word ? [word, stripped] : [word];
}

/**
 * Optimal string alignment distance (restricted Damerau–Levenshtein): insertions, deletions,
 * substitutions and swaps of two adjacent letters each count one edit, at every word length, so
 * "lna" is one edit from "lan" as "mihn" is from "minh". Compares code points.
 */
export function osaDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const n = x.length;
  const m = y.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let before = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
    }
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[m]!;
}

/** QWERTY rows: a slipping finger hits a key beside the intended one on its row or the rows above and below. */
const KEY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const KEY_AT = new Map<string, [number, number]>(KEY_ROWS.flatMap((row, r) => [...row].map((k, c) => [k, [r, c]] as [string, [number, number]])));

/** Whether two letters sit next to each other on a QWERTY keyboard (rows offset by half a key). */
export function keysAdjacent(a: string, b: string): boolean {
  const p = KEY_AT.get(a);
  const q = KEY_AT.get(b);
  if (!p || !q || a === b) return false;
  const rows = q[0] - p[0];
  if (rows === 0) return Math.abs(q[1] - p[1]) === 1;
  if (Math.abs(rows) !== 1) return false;
  // The row below sits half a key to the right: "s" touches "w" and "e" above, "z" and "x" below.
  const shift = q[1] - p[1];
  return rows === 1 ? shift === 0 || shift === -1 : shift === 0 || shift === 1;
}

/** What an edit a finger would not make costs in `typoCost`: more than one a slip would. */
export const UNLIKELY_EDIT = 1.5;

/**
 * How likely `dictWord` is what was meant when `typed` was typed, as an edit distance whose
 * edits cost by how easily a hand makes them: a letter left out, two adjacent letters swapped,
 * a key beside the intended one (substituted, or pressed with it) cost 1; a letter replaced by a
 * far key, or an extra letter that touches neither neighbour, cost UNLIKELY_EDIT. Search orders
 * dictionary words the same number of edits away by it, so "ao" means "dao" or "ai" before "an".
 */
export function typoCost(typed: string, dictWord: string): number {
  const x = [...typed];
  const y = [...dictWord];
  const n = x.length;
  const m = y.length;
  // An extra typed letter is a slip when it doubles or touches a letter typed beside it.
  const extra = (i: number) => {
    const c = x[i - 1]!;
    const near = (k: number) => k >= 1 && k <= n && (x[k - 1] === c || keysAdjacent(x[k - 1]!, c));
    return near(i - 1) || near(i + 1) ? 1 : UNLIKELY_EDIT;
  };
  const d: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = 1; i <= n; i++) d[i]![0] = d[i - 1]![0]! + extra(i);
  for (let j = 1; j <= m; j++) d[0]![j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = x[i - 1] === y[j - 1] ? 0 : keysAdjacent(x[i - 1]!, y[j - 1]!) ? 1 : UNLIKELY_EDIT;
      let best = Math.min(d[i - 1]![j]! + extra(i), d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + sub);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[n]![m]!;
}

/**
 * How many edits a query word may be from a dictionary word: one for words of up to four
 * letters (most Vietnamese syllables; two edits there would reach half the dictionary), two
 * for longer ones.
 */
export function maxEdits(word: string): number {
  return [...word].length <= 4 ? 1 : 2;
}

/** A folded name without its spaces: what a name typed with lost, added or moved spaces keeps. */
export function compactName(folded: string): string {
  return folded.replace(/ /g, '');
}

const MAX_WORD = 12;

/**
 * The ways to split `compact` into dictionary words, fewest words first, then the most common
 * words first (by the sum of their log frequencies); at most `limit`. "nguyenthilan" →
 * [["nguyen", "thi", "lan"], …]. `words` maps each dictionary word to its frequency.
 */
export function segmentations(compact: string, words: ReadonlyMap<string, number>, limit: number): string[][] {
  const n = compact.length;
  // best[i]: the fewest words that spell compact[i..]; Infinity when none does.
  const best = new Array<number>(n + 1).fill(Infinity);
  best[n] = 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let len = 1; len <= MAX_WORD && i + len <= n; len++) {
      if (best[i + len]! + 1 < best[i]! && words.has(compact.slice(i, i + len))) best[i] = best[i + len]! + 1;
    }
  }
  if (!Number.isFinite(best[0])) return [];
  const found: Array<{ parts: string[]; score: number }> = [];
  const budget = { steps: 0 };
  // Splits with at most one word more than the fewest: a name rarely has two one-letter words.
  const walk = (i: number, parts: string[], extra: number, score: number) => {
    if (budget.steps++ > 2000 || found.length >= limit * 8) return;
    if (i === n) {
      found.push({ parts: [...parts], score });
      return;
    }
    for (let len = MAX_WORD; len >= 1; len--) {
      if (i + len > n) continue;
      const word = compact.slice(i, i + len);
      const freq = words.get(word);
      if (freq === undefined) continue;
      const slack = extra - (1 + best[i + len]! - best[i]!);
      if (slack < 0) continue;
      parts.push(word);
      walk(i + len, parts, slack, score - Math.log(Math.max(freq, 1)));
      parts.pop();
    }
  };
  walk(0, [], 1, 0);
  return found
    .sort((a, b) => a.parts.length - b.parts.length || a.score - b.score)
    .slice(0, limit)
    .map((f) => f.parts);
}

const TELEX_TONE: Record<string, string> = { '\u0301': 's', '\u0300': 'f', '\u0309': 'r', '\u0303': 'x', '\u0323': 'j' };
const VNI_TONE: Record<string, string> = { '\u0301': '1', '\u0300': '2', '\u0309': '3', '\u0303': '4', '\u0323': '5' };
const TELEX_LETTER: Record<string, string> = { 'a\u0302': 'aa', 'e\u0302': 'ee', 'o\u0302': 'oo', 'a\u0306': 'aw', 'o\u031b': 'ow', 'u\u031b': 'uw' };
const VNI_LETTER: Record<string, string> = { 'a\u0302': 'a6', 'e\u0302': 'e6', 'o\u0302': 'o6', 'a\u0306': 'a8', 'o\u031b': 'o7', 'u\u031b': 'u7' };

/**
 * A name as its keystrokes come out when Telex or VNI is typed with the input method off, in
 * lower case, the tone key at the end of each word: "Nguyễn Thị Lan" → "nguyeenx thij lan"
 * (Telex), "nguye6n4 thi5 lan" (VNI). What `stripTypingMarks` undoes; the search benchmark and
 * tests type names with it.
 */
export function typeWithInputMethod(name: string, method: 'telex' | 'vni'): string {
  const tones = method === 'telex' ? TELEX_TONE : VNI_TONE;
  const letters = method === 'telex' ? TELEX_LETTER : VNI_LETTER;
  return name
    .toLowerCase()
    .normalize('NFD')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      let tone = '';
      const base = word.replace(/[\u0300\u0301\u0303\u0309\u0323]/g, (mark) => {
        tone = tones[mark]!;
        return '';
      });
      const out = base.replace(/[aeou][\u0302\u0306\u031b]/g, (m) => letters[m] ?? m).replace(/đ/g, method === 'telex' ? 'dd' : 'd9');
      return out + tone;
    })
    .join(' ');
}
