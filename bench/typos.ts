/**
 * The typo mix of the search benchmark: one mistake of a given class in a folded name, drawn
 * from a seeded generator so every run asks the same questions.
 */
import { foldName } from '../src/kernel/fold.js';
import { typeWithInputMethod } from '../src/modules/people/name-match.js';
import type { Prng } from '../src/modules/people/generator/prng.js';

export const TYPO_CLASSES = ['transposition', 'deletion', 'insertion', 'substitution', 'telex_vni', 'no_diacritics', 'spacing'] as const;
export type TypoClass = (typeof TYPO_CLASSES)[number];

/** Keys next to each other on a QWERTY keyboard: the letter a slipping finger hits instead. */
const NEIGHBOURS: Record<string, string> = {
  q: 'wa', w: 'qes', e: 'wrd', r: 'etf', t: 'ryg', y: 'tuh', u: 'yij', i: 'uok', o: 'ipl', p: 'ol',
  a: 'qsz', s: 'awdz', d: 'sefx', f: 'drgc', g: 'fthv', h: 'gyjb', j: 'hukn', k: 'jilm', l: 'kop',
  z: 'asx', x: 'zdc', c: 'xfv', v: 'cgb', b: 'vhn', n: 'bjm', m: 'nk',
};

/**
 * `fullName` with one mistake of class `kind`, or undefined when the name cannot carry one
 * (a name without diacritics has no marks to drop or type in Telex; a one-word name no space).
 * Edits fall on one word chosen at random; `isWord` tells which results spell another dictionary
 * word, which the caller counts apart (such a typo is another real name, not a misspelling).
 */
export function typo(rng: Prng, fullName: string, kind: TypoClass): string | undefined {
  const folded = foldName(fullName);
  const words = folded.split(' ');
  const hasMarks = fullName.normalize('NFC').toLowerCase() !== folded;
  switch (kind) {
    case 'no_diacritics':
      return hasMarks ? folded : undefined;
    case 'telex_vni':
      return hasMarks ? typeWithInputMethod(fullName, rng.chance(0.5) ? 'telex' : 'vni') : undefined;
    case 'spacing':
      return respace(rng, words);
    default: {
      const at = rng.int(words.length);
      const changed = edit(rng, words[at]!, kind);
      if (changed === undefined || changed === words[at]) return undefined;
      words[at] = changed;
      return words.join(' ');
    }
  }
}

function edit(rng: Prng, w: string, kind: 'transposition' | 'deletion' | 'insertion' | 'substitution'): string | undefined {
  const letters = [...w];
  if (kind === 'transposition') {
    const places = letters.slice(0, -1).map((_, i) => i).filter((i) => letters[i] !== letters[i + 1]);
    if (places.length === 0) return undefined;
    const i = rng.pick(places);
    [letters[i], letters[i + 1]] = [letters[i + 1]!, letters[i]!];
  } else if (kind === 'deletion') {
    if (letters.length < 2) return undefined;
    letters.splice(rng.int(letters.length), 1);
  } else if (kind === 'insertion') {
    // A neighbouring key pressed with the intended one, before or after it.
    const i = rng.int(letters.length);
    const extra = rng.pick([...(NEIGHBOURS[letters[i]!] ?? 'a')]);
    letters.splice(i + rng.int(2), 0, extra);
  } else {
    const i = rng.int(letters.length);
    const near = NEIGHBOURS[letters[i]!];
    if (!near) return undefined;
    letters[i] = rng.pick([...near]);
  }
  return letters.join('');
}

/** A space lost between two words, added inside a word, or moved by one letter. */
function respace(rng: Prng, words: string[]): string | undefined {
  const way = rng.int(3);
  if (way === 0 && words.length >= 2) {
    const at = rng.int(words.length - 1);
    return [...words.slice(0, at), words[at]! + words[at + 1]!, ...words.slice(at + 2)].join(' ');
  }
  if (way === 1) {
    const at = rng.int(words.length);
    const w = words[at]!;
    if (w.length < 2) return undefined;
    const cut = 1 + rng.int(w.length - 1);
    return [...words.slice(0, at), w.slice(0, cut), w.slice(cut), ...words.slice(at + 1)].join(' ');
  }
  if (words.length < 2) return undefined;
  const at = rng.int(words.length - 1);
  const [a, b] = [words[at]!, words[at + 1]!];
  // "thi lan" → "thil an" or "th ilan"
  const moved = rng.chance(0.5) && b.length >= 2 ? [a + b[0], b.slice(1)] : a.length >= 2 ? [a.slice(0, -1), a.slice(-1) + b] : undefined;
  if (!moved) return undefined;
  return [...words.slice(0, at), ...moved, ...words.slice(at + 2)].join(' ');
}
