import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, daysInMonth, formatPartialDate, parseIsoDay } from './dates.js';
import { hashSeed, Prng, Weighted } from './prng.js';
import { SerialAllocator } from './serials.js';

describe('SerialAllocator', () => {
  it('is a bijection on [0, size) for each prefix', () => {
    for (const size of [1000, 1024, 1_000_000]) {
      const serials = new SerialAllocator(size, 2, hashSeed('bijection'));
      const seen = new Uint8Array(size);
      let bad = 0;
      for (let i = 0; i < size; i++) {
        const s = serials.take(1, 'low');
        if (!(s >= 0 && s < size && seen[s] === 0)) bad++;
        seen[s] = 1;
      }
      expect(bad).toBe(0);
      expect(() => serials.take(1, 'low')).toThrow(/serials of prefix 1 are used/);
    }
  });

  it('never gives the same serial to the low and the high end, and prefixes are independent', () => {
    const serials = new SerialAllocator(100, 3, hashSeed('ends'));
    const taken = new Set<number>();
    for (let i = 0; i < 50; i++) {
      taken.add(serials.take(2, 'low'));
      taken.add(serials.take(2, 'high'));
    }
    expect(taken.size).toBe(100);
    expect(() => serials.take(2, 'high')).toThrow();
    expect(serials.take(0, 'low')).toBeGreaterThanOrEqual(0);
  });

  it('looks random: consecutive serials are not neighbours', () => {
    const serials = new SerialAllocator(1_000_000, 1, hashSeed('random'));
    const first = Array.from({ length: 10 }, () => serials.take(0, 'low'));
    expect(first.filter((s, i) => i > 0 && Math.abs(s - (first[i - 1] ?? 0)) < 1000)).toEqual([]);
  });
});

describe('Prng and Weighted', () => {
  it('is reproducible from the seed', () => {
    const a = new Prng('x');
    const b = new Prng('x');
    const c = new Prng('y');
    const xs = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(xs);
  });

  it('picks in proportion to weights', () => {
    const rng = new Prng('w');
    const table = new Weighted<string>([
      ['a', 1],
      ['b', 3],
      ['zero', 0],
    ]);
    const counts = { a: 0, b: 0, zero: 0 } as Record<string, number>;
    for (let i = 0; i < 40_000; i++) {
      const k = table.pick(rng);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(counts.zero).toBe(0);
    expect((counts.b ?? 0) / 40_000).toBeCloseTo(0.75, 1);
  });
});

describe('day arithmetic', () => {
  it('property: civil dates round-trip through day numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (days) => {
        const d = civilFromDays(days);
        expect(daysFromCivil(d.year, d.month, d.day)).toBe(days);
        expect(d.day).toBeLessThanOrEqual(daysInMonth(d.year, d.month));
        expect(parseIsoDay(formatPartialDate(d, 'day'))).toBe(days);
      }),
    );
    expect(formatPartialDate(civilFromDays(0), 'day')).toBe('1970-01-01');
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(parseIsoDay('2025-02-29')).toBeUndefined();
  });
});
