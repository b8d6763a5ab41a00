import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldName } from '../../kernel/fold.js';
import { compactName, keysAdjacent, osaDistance, segmentations, stripTypingMarks, typeWithInputMethod, typingForms, typoCost, UNLIKELY_EDIT } from './name-match.js';

/** Plain Levenshtein distance, the yardstick OSA is checked against. */
function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

// Vietnamese syllables: onset + rhyme (with its vowel marks) + tone, as a name is written.
const ONSETS = ['', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gh', 'gi', 'h', 'k', 'kh', 'l', 'm', 'n', 'ng', 'ngh', 'nh', 'p', 'ph', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x'];
const NUCLEI = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y', 'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iê', 'iu', 'oa', 'oă', 'oe', 'oi', 'ôi', 'ơi', 'ua', 'uâ', 'uê', 'ui', 'uô', 'uơ', 'ươ', 'ưa', 'ưi', 'ưu', 'uy', 'uyê', 'yê', 'oai', 'oay', 'uôi', 'ươi', 'ươu', 'iêu', 'yêu'];
const CODAS = ['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't'];
const TONES = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const syllable = fc
  .tuple(fc.constantFrom(...ONSETS), fc.constantFrom(...NUCLEI), fc.constantFrom(...CODAS), fc.constantFrom(...TONES), fc.boolean())
  .map(([onset, nucleus, coda, tone, capital]) => {
    const marked = (nucleus.normalize('NFD').replace(/^(.)/, `$1${tone}`) + coda).normalize('NFC');
    const s = onset + marked;
    return capital ? s[0]!.toUpperCase() + s.slice(1) : s;
  });
const vietnameseName = fc.array(syllable, { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
const word = fc.stringMatching(/^[a-z]{1,10}$/);

describe('Telex and VNI residue', () => {
  it('a name typed in Telex or VNI with the input method off folds to the name', () => {
    fc.assert(
      fc.property(vietnameseName, fc.constantFrom('telex' as const, 'vni' as const), (name, method) => {
        const typed = typeWithInputMethod(name, method);
        expect(foldName(typed).split(' ').map(stripTypingMarks).join(' ')).toBe(foldName(name));
      }),
    );
  });

  it('leaves a folded Vietnamese name as it is', () => {
    fc.assert(
      fc.property(vietnameseName, (name) => {
        expect(foldName(name).split(' ').map(stripTypingMarks).join(' ')).toBe(foldName(name));
      }),
    );
  });

  it('reads the forms people type', () => {
    expect(['nguyeenx', 'nguye6n', 'nguyeexn', 'nguye6n4', 'nguyeenj'].map(stripTypingMarks)).toEqual(Array(5).fill('nguyen'));
    expect(['truwowng', 'trwowng', 'tru7o7ng', 'truongw'].map(stripTypingMarks)).toEqual(Array(4).fill('truong'));
    expect(['dduwcs', 'd9u7c1', 'thij', 'hoafng', 'ddawngj'].map(stripTypingMarks)).toEqual(['duc', 'duc', 'thi', 'hoang', 'dang']);
  });

  it('keeps the word as typed first, so a name that looks like residue ("wang", "adrong") is still found', () => {
    expect(typingForms('wang')).toEqual(['wang', 'uang']);
    expect(typingForms('adrong')).toEqual(['adrong', 'adong']);
    expect(typingForms('lan')).toEqual(['lan']);
    // Digits are never part of a name: only the stripped form is looked up.
    expect(typingForms('nguye6n')).toEqual(['nguyen']);
    fc.assert(
      fc.property(word, (w) => {
        expect(typingForms(w)[0]).toBe(w);
      }),
    );
  });
});

describe('optimal string alignment distance', () => {
  it('is zero exactly for equal words, symmetric, and between half the Levenshtein distance and it', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = osaDistance(a, b);
        expect(d === 0).toBe(a === b);
        expect(osaDistance(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(levenshtein(a, b));
        expect(d).toBeGreaterThanOrEqual(Math.ceil(levenshtein(a, b) / 2));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });

  it('counts a swap of two different adjacent letters as one edit at every word length', () => {
    fc.assert(
      fc.property(word.filter((w) => w.length >= 2), fc.nat(), (w, n) => {
        const i = n % (w.length - 1);
        fc.pre(w[i] !== w[i + 1]);
        const swapped = w.slice(0, i) + w[i + 1]! + w[i]! + w.slice(i + 2);
        expect(osaDistance(w, swapped)).toBe(1);
      }),
    );
    expect([osaDistance('lna', 'lan'), osaDistance('mihn', 'minh'), osaDistance('na', 'an'), osaDistance('ngyuen', 'nguyen')]).toEqual([1, 1, 1, 1]);
  });

  it('counts one insertion, deletion or substitution as one edit', () => {
    fc.assert(
      fc.property(word, fc.nat(), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), (w, n, ch) => {
        const i = n % (w.length + 1);
        expect(osaDistance(w, w.slice(0, i) + ch + w.slice(i))).toBe(1);
        if (i < w.length && w[i] !== ch) expect(osaDistance(w, w.slice(0, i) + ch + w.slice(i + 1))).toBe(1);
      }),
    );
  });
});

describe('space-tolerant matching', () => {
  const dictionaryWord = fc.constantFrom('nguyen', 'tran', 'thi', 'van', 'lan', 'minh', 'anh', 'an', 'la', 'hoa', 'ngoc', 'thu', 'ha');
  const dictionary = new Map([['nguyen', 90], ['tran', 40], ['thi', 80], ['van', 80], ['lan', 20], ['minh', 30], ['anh', 30], ['an', 10], ['la', 3], ['hoa', 20], ['ngoc', 20], ['thu', 20], ['ha', 10], ['h', 1]]);

  it('finds the name among the splits of its letters whatever the spaces were', () => {
    fc.assert(
      fc.property(fc.array(dictionaryWord, { minLength: 2, maxLength: 4 }), fc.array(fc.boolean(), { maxLength: 40 }), (words, cuts) => {
        const name = words.join(' ');
        // Spaces lost, added or moved: any spacing of the same letters.
        const letters = compactName(name);
        const respaced = [...letters].map((ch, i) => (i > 0 && cuts[i] ? ` ${ch}` : ch)).join('');
        const splits = segmentations(compactName(respaced), dictionary, 64).map((s) => s.join(' '));
        expect(compactName(respaced)).toBe(letters);
        // Fewest words first: the name is found unless another split needs fewer words.
        const fewest = splits[0]?.split(' ').length ?? Infinity;
        if (words.length <= fewest + 1) expect(splits).toContain(name);
      }),
    );
  });

  it('puts the usual split first and splits nothing that is not made of dictionary words', () => {
    expect(segmentations('nguyenthilan', dictionary, 4)[0]).toEqual(['nguyen', 'thi', 'lan']);
    expect(segmentations('tranvanminh', dictionary, 4)[0]).toEqual(['tran', 'van', 'minh']);
    expect(segmentations('nguyenthixyz', dictionary, 4)).toEqual([]);
  });
});

describe('how likely a typo is', () => {
  it('knows which keys touch on a QWERTY keyboard', () => {
    expect(['w', 'a'].every((k) => keysAdjacent('q', k) && keysAdjacent(k, 'q'))).toBe(true);
    expect(keysAdjacent('s', 'e') && keysAdjacent('s', 'x') && keysAdjacent('o', 'i') && keysAdjacent('n', 'm')).toBe(true);
    expect(keysAdjacent('o', 'n') || keysAdjacent('q', 'p') || keysAdjacent('a', 'a') || keysAdjacent('s', 'c') || keysAdjacent('q', 's')).toBe(false);
  });

  it('weighs each edit between one and UNLIKELY_EDIT, symmetric keys', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        const cost = typoCost(a, b);
        const edits = osaDistance(a, b);
        expect(cost).toBeGreaterThanOrEqual(edits);
        expect(cost).toBeLessThanOrEqual(edits * UNLIKELY_EDIT + 1e-9);
      }),
    );
  });

  it('counts a left-out letter, a swap and a slip onto a neighbouring key as likelier than a far key', () => {
    expect(typoCost('ao', 'dao')).toBe(1);
    expect(typoCost('ao', 'ai')).toBe(1);
    expect(typoCost('ao', 'an')).toBe(UNLIKELY_EDIT);
    expect(typoCost('lna', 'lan')).toBe(1);
    // An extra key pressed with its neighbour ("hoag" + "f") is a slip; an extra far key is not.
    expect(typoCost('hoangf', 'hoang')).toBe(1);
    expect(typoCost('hoanpg', 'hoang')).toBe(UNLIKELY_EDIT);
  });
});
