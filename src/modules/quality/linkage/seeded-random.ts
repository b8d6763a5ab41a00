/**
 * A small seeded generator (mulberry32) for sampling pairs during training. Seeded on
 * purpose: the same records must give the same model, so a stored model can be rebuilt and
 * checked. Not for identifiers or anything secret (those come from node:crypto).
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
