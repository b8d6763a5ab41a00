import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageOn, formatPartialDate, parsePartialDate, printedDate, requirePartialDate } from './partial-date.js';

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

  it('prints dates the Vietnamese way, partial ones partial, and leaves other text alone', () => {
    expect(printedDate('1988-03-12')).toBe('12/03/1988');
    expect(printedDate('1988-03')).toBe('03/1988');
    expect(printedDate('1988')).toBe('1988');
    expect(printedDate('2025-07-01T03:00:00Z')).toBe('2025-07-01T03:00:00Z');
    fc.assert(
      fc.property(fc.date({ min: new Date('1850-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), fc.constantFrom(4, 7, 10), (date, len) => {
        const iso = date.toISOString().slice(0, len);
        // Read back the other way round, the printed form is the ISO one.
        expect(printedDate(iso).split('/').reverse().join('-')).toBe(iso);
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
    expect(ageOn('2012-11', '2026-11-01')).toBe(14);
    expect(() => ageOn('2012-13', '2026-11-23')).toThrow(expect.objectContaining({ code: 'date_malformed', field: 'birthDate' }));
  });

  it('ages a 29 February birth on 28 February in a year without 29 February', () => {
    expect(ageOn('2012-02-29', '2026-02-27')).toBe(13);
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(14);
    expect(ageOn('2012-02-29', '2028-02-28')).toBe(15);
    expect(ageOn('2012-02-29', '2028-02-29')).toBe(16);
  });

  it('agrees with counting birthdays one by one', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 36_500 }), (birth, days) => {
        const b = birth.toISOString().slice(0, 10);
        const today = new Date(birth.getTime() + days * 86_400_000).toISOString().slice(0, 10);
        const [by, bm, bd] = b.split('-').map(Number) as [number, number, number];
        let age = -1;
        for (let y = by; ; y++) {
          const lastOfMonth = new Date(Date.UTC(y, bm, 0)).getUTCDate();
          const birthday = `${String(y).padStart(4, '0')}-${String(bm).padStart(2, '0')}-${String(Math.min(bd, lastOfMonth)).padStart(2, '0')}`;
          if (birthday > today) break;
          age++;
        }
        expect(ageOn(b, today)).toBe(age);
      }),
    );
  });
});
