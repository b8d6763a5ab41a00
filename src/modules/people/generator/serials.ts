/**
 * Unique random-looking serials (the RRRRRR of a PIN, the last digits of an old CMND) for
 * generated data, without remembering every number issued.
 *
 * Drawing random serials and checking a set of used ones would cost memory proportional to the
 * population (10 million entries for 10 million people). Instead each prefix gets a counter, and
 * the counter is pushed through a keyed pseudo-random permutation of [0, size): a balanced
 * Feistel network over the smallest even number of bits that covers `size`, with cycle-walking
 * (re-apply until the value falls inside the range) so the result is a bijection on exactly
 * [0, size). Distinct counters therefore give distinct serials, the sequence looks random, it is
 * reproducible from the seed, and memory is two counters per possible prefix, allocated once
 * (8 MB for the 10^6 six-digit PIN prefixes) — it never grows with the population.
 *
 * Clean records take counters from the bottom (0, 1, 2…) and injected defects from the top
 * (size−1, size−2…), so turning defects on or off never changes a clean record's number, and the
 * two can never collide until the prefix is full.
 */
import { mix32 } from './prng.js';

const ROUNDS = 4;

export class SerialAllocator {
  private readonly low: Int32Array;
  private readonly high: Int32Array;
  private readonly halfBits: number;
  private readonly halfMask: number;

  /**
   * @param size        how many serials one prefix holds (10^6 for a PIN)
   * @param prefixCount prefixes are the integers [0, prefixCount) (10^6 for PPPCYY)
   * @param key         four words derived from the seed
   */
  constructor(
    private readonly size: number,
    prefixCount: number,
    private readonly key: readonly [number, number, number, number],
  ) {
    this.low = new Int32Array(prefixCount);
    this.high = new Int32Array(prefixCount);
    this.halfBits = Math.ceil(Math.log2(size) / 2);
    this.halfMask = (1 << this.halfBits) - 1;
  }

  /** The next unused serial of this prefix. */
  take(prefix: number, end: 'low' | 'high'): number {
    const low = this.low[prefix] ?? 0;
    const high = this.high[prefix] ?? 0;
    if (low + high >= this.size) {
      throw new Error(
        `All ${this.size} serials of prefix ${prefix} are used: generate fewer people per province and birth year.`,
      );
    }
    let index: number;
    if (end === 'low') {
      index = low;
      this.low[prefix] = low + 1;
    } else {
      index = this.size - 1 - high;
      this.high[prefix] = high + 1;
    }
    return this.permute(index, prefix);
  }

  /** Keyed bijection on [0, size); a different permutation for every prefix. */
  permute(index: number, prefix: number): number {
    const tweak = mix32(Math.imul(prefix, 0x9e3779b1) ^ this.key[0]);
    let x = index;
    do x = this.feistel(x, tweak);
    while (x >= this.size);
    return x;
  }

  private feistel(x: number, tweak: number): number {
    const bits = this.halfBits;
    const mask = this.halfMask;
    let left = (x >>> bits) & mask;
    let right = x & mask;
    for (let round = 0; round < ROUNDS; round++) {
      const roundKey = this.key[(round + 1) & 3] ?? 0;
      const f = mix32(right ^ roundKey ^ Math.imul(tweak, round + 1)) & mask;
      const next = left ^ f;
      left = right;
      right = next;
    }
    return left * (mask + 1) + right;
  }
}
