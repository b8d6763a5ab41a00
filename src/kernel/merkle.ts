import { createHash } from 'node:crypto';

/**
 * Merkle tree hash of RFC 9162 (Certificate Transparency 2.0) over leaf hashes: a node is
 * SHA-256(0x01 ‖ left ‖ right), and n leaves split at the largest power of two below n, so
 * the root of a prefix is well defined and consistency proofs are possible later.
 */
const NODE = Buffer.from([1]);
export const EMPTY_ROOT = createHash('sha256').digest();

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  // Bottom-up with an odd last node carried up unchanged: the same tree as the recursive
  // split at the largest power of two below n (RFC 9162 §2.1.1), without recursion.
  let level: Buffer[] = [...leaves];
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

/** The recursive definition, for tests. */
export function merkleRootRecursive(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(merkleRootRecursive(leaves.slice(0, k)), merkleRootRecursive(leaves.slice(k)));
}
