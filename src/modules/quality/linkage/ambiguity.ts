import type { Decision, Thresholds } from './model.js';

/**
 * One record is one person. When the model matches a record X with two records A and B that are
 * not the same person as each other (their own pair is below the review threshold, or was never
 * close enough to be compared), X can be the same person as at most one of them: X's strongest
 * match stays a match when it leads the other by `margin` bits, and every such conflicting match
 * goes to review instead, naming the rival. Without this a vague record ("Nguyễn Văn Chính, 1973",
 * a year and no parents) is matched with every namesake born that year, and those grow with the
 * square of the population: at 10 million people most of the automatic matches were such pairs.
 *
 * Pure and order-independent: every demotion is decided on the pairs as given.
 */
export const DEFAULT_AMBIGUITY_MARGIN = 4;

export interface WeightedPair {
  a: string;
  b: string;
  weight: number;
}

export type Settled<T> = T & {
  decision: Decision;
  /** The record whose competing match sent this one to review (null when the model's decision stands). */
  rival: string | null;
};

export interface SettleOptions {
  /** Bits by which the strongest of conflicting matches must lead to stay a match. */
  margin?: number;
  /**
   * Whether two records may be one person. The default: their pair is among `pairs` at the
   * review threshold or above. The real-time lookup, which sees only one record's pairs, scores them.
   */
  mayBeSamePerson?: (x: string, y: string) => boolean;
}

const keyOf = (x: string, y: string) => (x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`);

export function settleDecisions<T extends WeightedPair>(pairs: readonly T[], thresholds: Thresholds, options: SettleOptions = {}): Array<Settled<T>> {
  const margin = options.margin ?? DEFAULT_AMBIGUITY_MARGIN;
  let mayBeSamePerson = options.mayBeSamePerson;
  if (!mayBeSamePerson) {
    const close = new Set<string>();
    for (const p of pairs) if (p.weight >= thresholds.review) close.add(keyOf(p.a, p.b));
    mayBeSamePerson = (x, y) => close.has(keyOf(x, y));
  }
  const partners = new Map<string, Array<{ other: string; weight: number; key: string }>>();
  for (const p of pairs) {
    if (p.weight < thresholds.match) continue;
    const key = keyOf(p.a, p.b);
    for (const [self, other] of [
      [p.a, p.b],
      [p.b, p.a],
    ] as const) {
      const list = partners.get(self);
      if (list) list.push({ other, weight: p.weight, key });
      else partners.set(self, [{ other, weight: p.weight, key }]);
    }
  }
  const rivals = new Map<string, string>();
  for (const list of partners.values()) {
    if (list.length < 2) continue;
    list.sort((p, q) => q.weight - p.weight || (p.other < q.other ? -1 : 1));
    const best = list[0]!;
    for (const next of list.slice(1)) {
      if (mayBeSamePerson(best.other, next.other)) continue;
      if (!rivals.has(next.key)) rivals.set(next.key, best.other);
      if (best.weight - next.weight < margin && !rivals.has(best.key)) rivals.set(best.key, next.other);
    }
  }
  return pairs.map((p) => {
    const decision: Decision = p.weight >= thresholds.match ? 'match' : p.weight >= thresholds.review ? 'review' : 'reject';
    const rival = decision === 'match' ? (rivals.get(keyOf(p.a, p.b)) ?? null) : null;
    return { ...p, decision: rival === null ? decision : 'review', rival };
  });
}
