import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageOn, formatPartialDate, parsePartialDate, requirePartialDate } from './partial-date.js';

describe('partial dates', () => {
  it('parses the three precisions and rejects impossible days', () => {
    expect(parsePartialDate('1950')).toEqual({ year: 1950 });
    expect(parsePartialDate('1950-07')).toEqual({ year: 1950, month: 7 });
    expect(parsePartialDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    for (const bad of ['2023-02-29', '1950-13', '1950-00', '19500', '50', '1950-1-1', '', '1700']) expect(parsePartialDate(bad)).toBeUndefined();
  });

  it('round-trips every real calendar date at every precision', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1850-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), fc.constantFrom(4, 7, 10), (date, len) => {
        const text = date.toISOString().slice(0, len);
        const parsed = parsePartialDate(text);
        expect(parsed).toBeDefined();
        expect(formatPartialDate(parsed!)).toBe(text);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (s) => void parsePartialDate(s)));
  });

  it('refuses a future date with a precise error', () => {
    expect(() => requirePartialDate('2030-01-01', 'birthDate', '2026-11-23')).toThrow(expect.objectContaining({ code: 'date_in_future', field: 'birthDate' }));
    expect(() => requirePartialDate('2026-02-30', 'birthDate', '2026-11-23')).toThrow(expect.objectContaining({ code: 'date_malformed' }));
  });

  it('computes age with unknown month/day counted as the earliest', () => {
    expect(ageOn({ year: 2012, month: 11, day: 24 }, '2026-11-23')).toBe(13);
    expect(ageOn({ year: 2012, month: 11, day: 23 }, '2026-11-23')).toBe(14);
    expect(ageOn({ year: 2012 }, '2026-11-23')).toBe(14);
  });
});
