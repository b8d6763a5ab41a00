import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBirthDates, DATE_LEVELS, parseBirthDate } from './birth-dates.js';

const pad = (n: number) => String(n).padStart(2, '0');
const birthDate = fc
  .tuple(fc.integer({ min: 1920, max: 2025 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.constantFrom(1, 2, 3))
  .map(([y, m, d, precision]) => (precision === 1 ? String(y) : precision === 2 ? `${y}-${pad(m)}` : `${y}-${pad(m)}-${pad(d)}`));
const level = (a: string, b: string) => DATE_LEVELS[compareBirthDates(parseBirthDate(a), parseBirthDate(b))];

describe('compareBirthDates', () => {
  it('is symmetric', () => {
    fc.assert(
      fc.property(birthDate, birthDate, (a, b) => {
        expect(level(a, b)).toBe(level(b, a));
      }),
      { numRuns: 3000 },
    );
  });

  it('names the keying errors of a second registration', () => {
    expect(level('1990-03-07', '1990-03-07')).toBe('exact');
    expect(level('1990-03-07', '1990-07-03')).toBe('day_month_swapped');
    expect(level('1990-03-30', '1990-04-01')).toBe('days_apart_1_3');
    expect(level('1990-03-07', '1990')).toBe('partial_agrees');
    expect(level('1990-03', '1990-03-07')).toBe('partial_agrees');
    expect(level('1990-03-07', '1991-03-07')).toBe('year_off_by_one');
    expect(level('1990-03-07', '1991')).toBe('year_off_by_one');
    expect(level('1990-03-07', '1990-05-20')).toBe('different');
  });
});
