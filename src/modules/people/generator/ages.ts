/**
 * Ages drawn from Vietnam's 2025 age pyramid, restricted to a range when a household role needs
 * it (a head is an adult, a child is younger than its mother by 18–40 years…). Each five-year
 * band's share is spread evenly over its single years.
 */
import { AGE_PYRAMID_2025, MAX_AGE } from '../reference/age-pyramid.js';
import type { Prng } from './prng.js';

export class AgeSampler {
  /** cumulative[a] = share of people younger than a. */
  private readonly cumulative: Float64Array;

  constructor() {
    this.cumulative = new Float64Array(MAX_AGE + 2);
    let sum = 0;
    for (let age = 0; age <= MAX_AGE; age++) {
      this.cumulative[age] = sum;
      const band = AGE_PYRAMID_2025.find((b) => age >= b.from && age <= b.to);
      sum += band ? band.share / (band.to - band.from + 1) : 0;
    }
    this.cumulative[MAX_AGE + 1] = sum;
  }

  /** An age in [min, max] with pyramid weights. */
  between(rng: Prng, min: number, max: number): number {
    const lo = clampAge(min);
    const hi = clampAge(Math.max(lo, max));
    const cum = this.cumulative;
    const from = cum[lo] ?? 0;
    const u = from + rng.next() * ((cum[hi + 1] ?? 0) - from);
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if ((cum[mid + 1] ?? 0) > u) b = mid;
      else a = mid + 1;
    }
    return a;
  }
}

export function clampAge(age: number): number {
  return age < 0 ? 0 : age > MAX_AGE ? MAX_AGE : Math.round(age);
}
