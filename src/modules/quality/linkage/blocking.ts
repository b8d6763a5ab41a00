/**
 * Blocking: which pairs are worth comparing. A union of rules, each a key on one record;
 * two records are a candidate pair when they share a key under at least one rule.
 *
 * The rules follow how a second record of the same person goes wrong (docs/generator.md,
 * duplicates) and what survives each mistake:
 * - a name keyed without marks, with a tone mistake or without the middle name keeps the
 *   folded family name and the given name's first and last letter (a dropped, doubled or
 *   swapped letter inside the given name keeps them too);
 * - a typo in the family name keeps the middle and given names;
 * - any name mistake keeps the birth date when the date was typed right;
 * - a second record in the same household keeps the household, whatever else changed;
 * - an old CMND copied over keeps everything.
 * Birth province and sex narrow every name and date rule: a re-registration does not move
 * where the birth was registered.
 */
import { prepareRecord, type PreparedRecord } from './prepared-record.js';
import type { LinkRecord } from './record.js';

export interface BlockingRule {
  name: string;
  key(r: PreparedRecord): string | null;
}

const place = (r: PreparedRecord): string => r.birthProvince ?? r.originProvince ?? '-';
const ends = (given: string): string => (given.length <= 1 ? given : given[0]! + given[given.length - 1]!);

export const BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'date_place', key: (r) => `d${r.birthDate}|${place(r)}${r.sex}` },
  { name: 'name_place', key: (r) => `n${r.family}|${ends(r.given)}|${place(r)}${r.sex}` },
  { name: 'rest_place', key: (r) => `r${r.middle ?? ''}|${r.given}|${place(r)}${r.sex}` },
  { name: 'household', key: (r) => (r.household === null ? null : `h${r.household}|${r.sex}`) },
  { name: 'old_id', key: (r) => (r.oldId === null ? null : `o${r.oldId}`) },
];

/**
 * The blocking keys of one record (3–5 short strings), for the database side to store per
 * person: a new record's candidates are the people sharing any of its keys. The batch splits
 * oversized blocks further (see buildBlocks); a real-time lookup caps its candidates instead.
 */
export function blockingKeys(record: LinkRecord): string[] {
  const r = prepareRecord(record);
  return BLOCKING_RULES.map((rule) => rule.key(r)).filter((k): k is string => k !== null);
}

/** Blocks of one rule in compressed form, on shared memory so worker threads read them in place. */
export interface RuleBlocks {
  rule: string;
  /** Block of each record (index into starts), -1 when the record is alone in its block. */
  blockOf: Int32Array;
  /** Block b's records are members[starts[b] .. starts[b+1]). */
  starts: Int32Array;
  members: Int32Array;
  /** Pairs inside this rule's blocks, before removing those an earlier rule already has. */
  pairs: number;
}

export interface BlockIndex {
  rules: RuleBlocks[];
  /** Pairs over all rules, each counted once. */
  candidatePairs: number;
  /** Blocks that were over the cap and split further. */
  splitBlocks: number;
}

/** Default most records in one block: a namesake block of 400 is 80,000 comparisons. */
export const DEFAULT_BLOCK_CAP = 400;

/**
 * Namesake explosions ("Nguyễn Văn Hùng" born in a big province) are split by birth decade,
 * then by birth year, then cut into runs of `cap` in birth-date order, so no block is ever
 * compared n². Each split loses only the pairs that straddle it.
 */
const REFINEMENTS: ReadonlyArray<(r: PreparedRecord) => string> = [(r) => String(Math.floor(r.date.year / 10)), (r) => String(r.date.year % 10)];

function shared(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(length, 1) * 4));
}

function countKeys(keys: Array<string | null>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

function blocksOfRule(records: readonly PreparedRecord[], rule: BlockingRule, cap: number): { blocks: RuleBlocks; split: number } {
  const keys = records.map((r) => rule.key(r));
  let split = 0;
  for (const refine of REFINEMENTS) {
    const counts = countKeys(keys);
    const over = [...counts.values()].filter((n) => n > cap).length;
    if (over === 0) break;
    split += over;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (typeof k === 'string' && counts.get(k)! > cap) keys[i] = `${k}/${refine(records[i]!)}`;
    }
  }
  const counts = countKeys(keys);
  const oversized = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (typeof k === 'string' && counts.get(k)! > cap) {
      const list = oversized.get(k) ?? [];
      list.push(i);
      oversized.set(k, list);
    }
  }
  for (const [k, list] of oversized) {
    split++;
    list.sort((x, y) => (records[x]!.birthDate < records[y]!.birthDate ? -1 : records[x]!.birthDate > records[y]!.birthDate ? 1 : x - y));
    list.forEach((i, at) => (keys[i] = `${k}#${Math.floor(at / cap)}`));
  }

  const finalCounts = countKeys(keys);
  const ids = new Map<string, number>();
  const sizes: number[] = [];
  const blockOf = shared(records.length).fill(-1);
  let pairs = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (typeof k !== 'string' || finalCounts.get(k)! < 2) continue;
    let b = ids.get(k);
    if (b === undefined) {
      b = sizes.length;
      ids.set(k, b);
      sizes.push(0);
    }
    blockOf[i] = b;
    sizes[b]!++;
  }
  const starts = shared(sizes.length + 1);
  for (let b = 0; b < sizes.length; b++) {
    starts[b + 1] = starts[b]! + sizes[b]!;
    pairs += (sizes[b]! * (sizes[b]! - 1)) / 2;
  }
  const fill = Int32Array.from(starts.subarray(0, sizes.length));
  const members = shared(starts[sizes.length]!);
  for (let i = 0; i < blockOf.length; i++) {
    const b = blockOf[i]!;
    if (b >= 0) members[fill[b]!++] = i;
  }
  return { blocks: { rule: rule.name, blockOf, starts, members, pairs }, split };
}

/** True when an earlier rule than `rule` already puts records i and j in one block. */
export function seenByEarlierRule(rules: readonly RuleBlocks[], rule: number, i: number, j: number): boolean {
  for (let r = 0; r < rule; r++) {
    const of = rules[r]!.blockOf;
    const b = of[i]!;
    if (b >= 0 && b === of[j]) return true;
  }
  return false;
}

/** True when blocking makes i and j a candidate pair. */
export function sharesBlock(index: BlockIndex, i: number, j: number): boolean {
  return seenByEarlierRule(index.rules, index.rules.length, i, j);
}

/** Visits every pair of a rule's blocks b in [from, to) that no earlier rule has. */
export function forEachNewPair(rules: readonly RuleBlocks[], rule: number, from: number, to: number, visit: (i: number, j: number) => void): void {
  const { starts, members } = rules[rule]!;
  for (let b = from; b < to; b++) {
    const end = starts[b + 1]!;
    for (let x = starts[b]!; x < end; x++) {
      const i = members[x]!;
      for (let y = x + 1; y < end; y++) {
        const j = members[y]!;
        if (!seenByEarlierRule(rules, rule, i, j)) visit(i, j);
      }
    }
  }
}

/** The blocks of every rule over prepared records, oversized blocks split to at most `cap`. */
export function buildBlocks(records: readonly PreparedRecord[], rules: readonly BlockingRule[] = BLOCKING_RULES, cap = DEFAULT_BLOCK_CAP): BlockIndex {
  const built = rules.map((rule) => blocksOfRule(records, rule, cap));
  const index: BlockIndex = { rules: built.map((b) => b.blocks), candidatePairs: 0, splitBlocks: built.reduce((s, b) => s + b.split, 0) };
  let candidates = 0;
  for (let r = 0; r < index.rules.length; r++) {
    forEachNewPair(index.rules, r, 0, index.rules[r]!.starts.length - 1, () => candidates++);
  }
  index.candidatePairs = candidates;
  return index;
}
