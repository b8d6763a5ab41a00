/**
 * Jaro–Winkler similarity, written here rather than taken from npm: it is thirty lines, the
 * batch calls it tens of millions of times, and the packages on the registry either allocate
 * per call or compare by code point arrays. This one works on UTF-16 code units (names are
 * compared folded, so they are plain ASCII) and reuses two flag buffers.
 */
const PREFIX_SCALE = 0.1;
const MAX_PREFIX = 4;

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Similarity in [0, 1]: 1 for equal strings, 0 when nothing matches; symmetric. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  // The Jaro core is not symmetric in which string scans the other when lengths differ;
  // ordering the pair makes the result independent of argument order.
  if (a.length > b.length || (a.length === b.length && a > b)) [a, b] = [b, a];
  const la = a.length;
  const lb = b.length;
  if (la === 0) return 0;
  if (lb > flagsB.length) {
    flagsA = new Uint8Array(lb * 2);
    flagsB = new Uint8Array(lb * 2);
  }
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const window = Math.max(0, (lb >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  const limit = Math.min(MAX_PREFIX, la);
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * PREFIX_SCALE * (1 - jaro);
}
