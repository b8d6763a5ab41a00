import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnstorableText, textFault } from './text-input.js';

/** Text PostgreSQL can store: no NUL, no unpaired surrogate (fast-check's strings may hold either). */
const storable = fc.string({ unit: 'grapheme' }).filter((s) => textFault(s) === undefined);
const storableJson = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, storable, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(storable, tie('value'), { maxKeys: 4 })),
})).value;

describe('text PostgreSQL cannot store', () => {
  it('finds nothing in storable JSON', () => {
    fc.assert(fc.property(storableJson, (v) => findUnstorableText(v) === undefined));
  });

  it('finds a NUL or an unpaired surrogate wherever it sits, value or key, and names the path to it', () => {
    const bad = fc.constantFrom<[string, 'nul_character' | 'invalid_unicode']>(['a\u0000b', 'nul_character'], ['\ud800', 'invalid_unicode'], ['x\udfffy', 'invalid_unicode'], ['\u0000\ud800', 'nul_character']);
    const path = fc.array(fc.oneof(fc.constantFrom('a', 'b', 'members'), fc.nat({ max: 3 })), { maxLength: 6 });
    fc.assert(
      fc.property(bad, path, fc.boolean(), ([text, fault], steps, asKey) => {
        // Build the nesting inside out: numbers are array indexes, strings keys.
        let doc: unknown = asKey ? { [text]: 1 } : text;
        for (const step of [...steps].reverse()) doc = typeof step === 'number' ? [...Array<null>(step).fill(null), doc] : { ok: 'fine', [step]: doc };
        const found = findUnstorableText(doc);
        expect(found).toEqual({ fault, path: [...steps.map(String), ...(asKey ? [text] : [])] });
      }),
    );
  });

  it('keeps a well-formed surrogate pair (emoji) and walks 100,000 levels of nesting without overflowing', () => {
    expect(findUnstorableText({ name: 'Lan 😀 𝕏' })).toBeUndefined();
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toMatchObject({ fault: 'nul_character' });
  });

  it('does not look into values that are not plain data (an upload stream)', () => {
    class Upload {
      chunk = '\u0000';
    }
    expect(findUnstorableText({ body: new Upload() })).toBeUndefined();
    expect(findUnstorableText(Object.assign(Object.create(null) as object, { q: '\u0000' }))).toMatchObject({ path: ['q'] });
  });
});
