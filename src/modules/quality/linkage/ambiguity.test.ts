import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settleDecisions, type WeightedPair } from './ambiguity.js';

const thresholds = { match: 6, review: 0 };
const decisions = (pairs: WeightedPair[], margin?: number) =>
  Object.fromEntries(settleDecisions(pairs, thresholds, margin === undefined ? {} : { margin }).map((p) => [`${p.a}-${p.b}`, [p.decision, p.rival]]));

describe('settling matches that compete for one record', () => {
  it('leaves a lone pair with the model’s decision', () => {
    expect(decisions([{ a: 'x', b: 'y', weight: 20 }, { a: 'p', b: 'q', weight: 3 }, { a: 'r', b: 's', weight: -2 }])).toEqual({ 'x-y': ['match', null], 'p-q': ['review', null], 'r-s': ['reject', null] });
  });

  it('keeps the clearly strongest of two matches with people who are not one person, and sends the other to review naming the rival', () => {
    // A vague record x ("Nguyễn Văn Chính, 1973") resembles a and b, born on different days.
    expect(decisions([{ a: 'a', b: 'x', weight: 25 }, { a: 'b', b: 'x', weight: 15 }, { a: 'a', b: 'b', weight: -12 }])).toEqual({ 'a-x': ['match', null], 'b-x': ['review', 'a'], 'a-b': ['reject', null] });
  });

  it('sends both to review when neither leads by the margin', () => {
    expect(decisions([{ a: 'a', b: 'x', weight: 20 }, { a: 'b', b: 'x', weight: 18 }])).toEqual({ 'a-x': ['review', 'b'], 'b-x': ['review', 'a'] });
    expect(decisions([{ a: 'a', b: 'x', weight: 20 }, { a: 'b', b: 'x', weight: 18 }], 1)).toEqual({ 'a-x': ['match', null], 'b-x': ['review', 'a'] });
  });

  it('keeps every match of a record entered three times (the others may be one person too)', () => {
    expect(decisions([{ a: 'a', b: 'x', weight: 20 }, { a: 'b', b: 'x', weight: 19 }, { a: 'a', b: 'b', weight: 2 }])).toEqual({ 'a-x': ['match', null], 'b-x': ['match', null], 'a-b': ['review', null] });
  });

  it('asks the caller whether two records may be one person when it sees only one record’s pairs', () => {
    const pairs = [{ a: 'a', b: 'x', weight: 20 }, { a: 'b', b: 'x', weight: 10 }];
    expect(settleDecisions(pairs, thresholds, { mayBeSamePerson: () => true }).map((p) => p.decision)).toEqual(['match', 'match']);
    expect(settleDecisions(pairs, thresholds, { mayBeSamePerson: () => false }).map((p) => p.decision)).toEqual(['match', 'review']);
  });

  it('never raises a decision, never depends on the order of the pairs, and keeps a record’s matches only with people who may be its strongest match', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const pairArb = fc
      .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })).filter(([x, y]) => x < y), { selector: ([x, y]) => `${x}-${y}`, maxLength: 15 })
      .chain((keys) => fc.tuple(fc.constant(keys), fc.array(fc.integer({ min: -20, max: 30 }), { minLength: keys.length, maxLength: keys.length })))
      .map(([keys, weights]) => keys.map(([x, y], i) => ({ a: ids[x]!, b: ids[y]!, weight: weights[i]! })));
    const rank = { reject: 0, review: 1, match: 2 } as const;
    fc.assert(
      fc.property(pairArb, fc.nat(), (pairs, seed) => {
        const settled = settleDecisions(pairs, thresholds);
        const raw = (w: number) => (w >= thresholds.match ? 'match' : w >= thresholds.review ? 'review' : 'reject');
        for (const p of settled) expect(rank[p.decision]).toBeLessThanOrEqual(rank[raw(p.weight)]);
        const shuffled = [...pairs].sort((p, q) => ((p.weight * 31 + seed) % 7) - ((q.weight * 31 + seed) % 7));
        const again = new Map(settleDecisions(shuffled, thresholds).map((p) => [`${p.a}-${p.b}`, p.decision]));
        for (const p of settled) expect(again.get(`${p.a}-${p.b}`)).toBe(p.decision);
        const close = new Set(pairs.filter((p) => p.weight >= thresholds.review).map((p) => `${p.a}-${p.b}`));
        const mayBeOne = (x: string, y: string) => close.has(x < y ? `${x}-${y}` : `${y}-${x}`);
        for (const id of ids) {
          // Every match a record keeps is with its strongest raw match, or with someone who may be that same person.
          const raw = pairs.filter((p) => p.weight >= thresholds.match && (p.a === id || p.b === id)).map((p) => ({ other: p.a === id ? p.b : p.a, weight: p.weight }));
          raw.sort((p, q) => q.weight - p.weight || (p.other < q.other ? -1 : 1));
          const best = raw[0]?.other;
          const kept = settled.filter((p) => p.decision === 'match' && (p.a === id || p.b === id)).map((p) => (p.a === id ? p.b : p.a));
          for (const other of kept) if (other !== best) expect(mayBeOne(best!, other)).toBe(true);
        }
      }),
    );
  });
});
