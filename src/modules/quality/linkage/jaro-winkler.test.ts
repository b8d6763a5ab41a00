import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaroWinkler } from './jaro-winkler.js';

describe('jaroWinkler', () => {
  it('is symmetric, in [0, 1], and 1 for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
        const s = jaroWinkler(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(jaroWinkler(b, a)).toBe(s);
        expect(jaroWinkler(a, a)).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the textbook figures', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});
