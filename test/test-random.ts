/**
 * A seeded random source for populations that tests make themselves, independent of the project's
 * generator (mulberry32). A float LCG such as `seed * 1103515245 % 2^31` loses bits past 2^53 and
 * repeats whole records within a few thousand draws: an earlier test's data did.
 */
export function testRandom(seed: number): { rand: () => number; pick: <T>(xs: readonly T[]) => T } {
  let s = seed | 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { rand, pick: <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]! };
}
