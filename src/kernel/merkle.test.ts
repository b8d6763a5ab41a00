import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { merkleRoot, merkleRootRecursive } from './merkle.js';

const leaf = (n: number) => createHash('sha256').update(`leaf ${n}`).digest();

describe('Merkle tree hash (RFC 9162)', () => {
  it('property: the iterative root equals the recursive definition for any number of leaves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (n) => {
        const leaves = Array.from({ length: n }, (_, i) => leaf(i));
        expect(merkleRoot(leaves).equals(merkleRootRecursive(leaves))).toBe(true);
      }),
    );
  });

  it('property: changing, dropping or swapping any leaf changes the root', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.nat(), (n, pick) => {
        const leaves = Array.from({ length: n }, (_, i) => leaf(i));
        const root = merkleRoot(leaves);
        const i = pick % n;
        const changed = leaves.map((l, j) => (j === i ? leaf(n + 1) : l));
        expect(merkleRoot(changed).equals(root)).toBe(false);
        expect(merkleRoot(leaves.filter((_, j) => j !== i)).equals(root)).toBe(false);
        const swapped = [...leaves];
        [swapped[i], swapped[(i + 1) % n]] = [swapped[(i + 1) % n]!, swapped[i]!];
        expect(merkleRoot(swapped).equals(root)).toBe(false);
      }),
    );
  });
});
