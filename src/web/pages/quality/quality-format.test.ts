import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProbability, formatRate } from './quality-api.js';

describe('quality figures', () => {
  it('never show a pair as certain: 100 % is not a probability a weight gives', () => {
    expect(formatProbability(0.993, 'en')).toBe('99.3%');
    expect(formatProbability(0.9998, 'en')).toBe('99.98%');
    expect(formatProbability(0.99995, 'en')).toBe('> 99.99%');
    expect(formatProbability(1, 'en')).toBe('> 99.99%');
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        expect(formatProbability(p, 'vi')).not.toMatch(/^100/);
      }),
    );
  });

  it('show a clean rate of every record as 100 %', () => {
    expect(formatRate(1, 'en')).toBe('100%');
    expect(formatRate(0.9571, 'en')).toBe('95.7%');
  });
});
