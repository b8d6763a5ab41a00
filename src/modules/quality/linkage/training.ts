/**
 * Learning the model from the records themselves, the way Splink does it:
 * - u (how often two different people agree by chance) from random pairs of records, and
 *   exactly from value counts for keys that random pairs almost never share (household,
 *   old ID); term frequencies of given and full names from their counts;
 * - m (how often the same person agrees with itself) by expectation–maximisation over
 *   blocked pairs, u held fixed, under conditional independence. Each EM session takes the
 *   pairs of one blocking rule and leaves out the fields that rule blocks on (inside a block
 *   on the birth date every pair agrees on it, which says nothing about m); a field's m is
 *   the mean over the sessions that estimated it;
 * - the prior (the chance that two records drawn at random are the same person) from a
 *   duplicate share, not from the data (see trainPrepared).
 * No label is used anywhere.
 */
import { CONTEXT_FIELDS, F, FIELD_COUNT, FIELDS, compareRecords, pairContext } from './comparisons.js';
import { BLOCKING_RULES, buildBlocks, DEFAULT_BLOCK_CAP, forEachNewPair, type BlockingRule, type BlockIndex, type RuleBlocks } from './blocking.js';
import { DEFAULT_THRESHOLDS, type EmSession, type LinkModel, type Thresholds } from './model.js';
import { prepareRecord, type PreparedRecord } from './prepared-record.js';
import type { LinkRecord } from './record.js';
import { seededRandom } from './seeded-random.js';

export interface TrainOptions {
  /** Random pairs for u (default 1,000,000). */
  randomPairs?: number;
  /** Most pairs one EM session samples from its blocks (default 1,000,000). */
  maxPairsPerSession?: number;
  maxIterations?: number;
  seed?: number;
  thresholds?: Thresholds;
  /**
   * The share of records that are a second record of someone (default DEFAULT_DUPLICATE_SHARE):
   * the prior. Set it from a reviewed sample of the registry.
   */
  duplicateShare?: number;
  blockCap?: number;
  /** Called with a line of progress. */
  log?: (line: string) => void;
}

/** The share of records that are a second record of someone, when not told (the prior). */
export const DEFAULT_DUPLICATE_SHARE = 0.02;

/** A level no match ever reached still keeps a little probability: never an infinite weight. */
const M_FLOOR = 1e-4;
const TOLERANCE = 1e-6;
const GIVEN_MIN_COUNT = 2;
const FULL_MIN_COUNT = 5;

const NEUTRAL: boolean[][] = FIELDS.map((f) => f.levels.map((l) => f.neutral.includes(l)));

/** u per context, field and level. */
type UTables = number[][][];

/** Comparison vectors and contexts with their counts; one packs into a number (3 bits a field). */
class Patterns {
  readonly counts = new Map<number, number>();
  total = 0;
  add(v: Uint8Array, context: number): void {
    let key = 0;
    for (let f = FIELD_COUNT - 1; f >= 0; f--) key = key * 8 + v[f]!;
    key = key * 4 + context;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }
  *entries(): Generator<[Uint8Array, number, number]> {
    for (const [key, count] of this.counts) {
      const v = new Uint8Array(FIELD_COUNT);
      const context = key % 4;
      let k = Math.floor(key / 4);
      for (let f = 0; f < FIELD_COUNT; f++) {
        v[f] = k % 8;
        k = Math.floor(k / 8);
      }
      yield [v, context, count];
    }
  }
}

function normalise(values: number[], neutral: boolean[], floor: number): number[] {
  const clamped = values.map((x, l) => (neutral[l] ? 0 : Math.max(x, floor)));
  const sum = clamped.reduce((s, x) => s + x, 0);
  return clamped.map((x) => x / sum);
}

interface EmResult {
  m: number[][];
  lambda: number;
  iterations: number;
}

/**
 * EM for a two-class mixture with u fixed. Fields not `active` are left out (factor 1).
 */
function expectationMaximisation(patterns: Patterns, active: boolean[], uTables: UTables, start: number[][], lambda: number, maxIterations: number): EmResult {
  const vectors = [...patterns.entries()];
  let m = start.map((levels) => [...levels]);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const sums = FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
    let matched = 0;
    for (const [v, context, count] of vectors) {
      const u = uTables[context]!;
      let pm = lambda;
      let pu = 1 - lambda;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const l = v[f]!;
        if (!active[f] || NEUTRAL[f]![l]) continue;
        pm *= m[f]![l]!;
        pu *= u[f]![l]!;
      }
      const posterior = (pm / (pm + pu)) * count;
      matched += posterior;
      for (let f = 0; f < FIELD_COUNT; f++) sums[f]![v[f]!]! += posterior;
    }
    const nextLambda = Math.min(Math.max(matched / patterns.total, 1e-12), 1 - 1e-12);
    const next = sums.map((s, f) => (active[f] ? normalise(s, NEUTRAL[f]!, M_FLOOR) : m[f]!));
    let change = Math.abs(nextLambda - lambda);
    for (let f = 0; f < FIELD_COUNT; f++) for (let l = 0; l < next[f]!.length; l++) change = Math.max(change, Math.abs(next[f]![l]! - m[f]![l]!));
    m = next;
    lambda = nextLambda;
    if (change < TOLERANCE) {
      iterations++;
      break;
    }
  }
  return { m, lambda, iterations };
}

function levelShares(records: readonly PreparedRecord[], pairs: number, draw: () => [number, number] | undefined): number[][] {
  const counts = FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
  const v = new Uint8Array(FIELD_COUNT);
  for (let k = 0; k < pairs; k++) {
    const pair = draw();
    if (!pair) break;
    compareRecords(records[pair[0]]!, records[pair[1]]!, v);
    for (let f = 0; f < FIELD_COUNT; f++) counts[f]![v[f]!]!++;
  }
  // One pseudo-count per level: a level never seen in the sample is rare, not impossible.
  return counts.map((c, f) => normalise(c.map((x) => x + 1), NEUTRAL[f]!, 0));
}

function groupsOf(records: readonly PreparedRecord[], key: (r: PreparedRecord) => string | null): number[][] {
  const groups = new Map<string, number[]>();
  records.forEach((r, i) => {
    const k = key(r);
    if (k === null) return;
    const g = groups.get(k) ?? [];
    g.push(i);
    groups.set(k, g);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * u for each context: random pairs; random pairs born in one province but living in other
 * households; pairs of one household. The fields that define the context keep the random
 * pairs' u in every table, so their own evidence is counted once.
 */
function contextU(records: readonly PreparedRecord[], pairs: number, random: () => number): UTables {
  const n = records.length;
  const pick = (g: readonly number[]) => g[Math.floor(random() * g.length)]!;
  const any = levelShares(records, pairs, () => {
    const i = Math.floor(random() * n);
    let j = Math.floor(random() * (n - 1));
    if (j >= i) j++;
    return [i, j];
  });
  const provinces = groupsOf(records, (r) => r.birthProvince);
  const provinceWeights = provinces.map((g) => g.length * g.length);
  const totalWeight = provinceWeights.reduce((s, w) => s + w, 0);
  const sameProvince = levelShares(records, totalWeight === 0 ? 0 : pairs, () => {
    // A province is drawn by its number of pairs, then two of its people from two households.
    for (let attempt = 0; attempt < 20; attempt++) {
      let x = random() * totalWeight;
      let p = 0;
      while (x >= provinceWeights[p]! && p < provinces.length - 1) x -= provinceWeights[p++]!;
      const i = pick(provinces[p]!);
      const j = pick(provinces[p]!);
      if (i !== j && (records[i]!.household === null || records[i]!.household !== records[j]!.household)) return [i, j];
    }
    return undefined;
  });
  const households = groupsOf(records, (r) => r.household);
  const householdPairs: Array<[number, number]> = [];
  for (const g of households) for (let x = 0; x < g.length; x++) for (let y = x + 1; y < g.length; y++) householdPairs.push([g[x]!, g[y]!]);
  let next = 0;
  const keep = Math.min(1, pairs / Math.max(householdPairs.length, 1));
  const sameHousehold = levelShares(records, pairs, () => {
    while (next < householdPairs.length) {
      const pair = householdPairs[next++]!;
      if (keep >= 1 || random() < keep) return pair;
    }
    return undefined;
  });
  const tables = [any, sameProvince, sameHousehold];
  for (const table of tables.slice(1)) for (const f of CONTEXT_FIELDS) table[f] = [...any[f]!];
  return tables;
}

/** P(two records holding a value hold the same one), exact from the counts of values. */
function exactAgreement(values: Array<string | null>): number {
  const counts = new Map<string, number>();
  let n = 0;
  for (const v of values) {
    if (v === null) continue;
    n++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let same = 0;
  for (const c of counts.values()) same += c * (c - 1);
  return n < 2 ? 0 : same / (n * (n - 1));
}

function frequencies(values: readonly string[], minCount: number): Record<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const out: Record<string, number> = {};
  for (const [v, c] of counts) if (c >= minCount) out[v] = c / values.length;
  return out;
}

function samplePairs(rules: readonly RuleBlocks[], ruleIndex: number, wanted: number, records: readonly PreparedRecord[], random: () => number, total: number, acrossHouseholdsOnly = false): Patterns {
  const patterns = new Patterns();
  const keep = Math.min(1, wanted / Math.max(total, 1));
  const v = new Uint8Array(FIELD_COUNT);
  forEachNewPair(rules, ruleIndex, 0, rules[ruleIndex]!.starts.length - 1, (i, j) => {
    if (keep < 1 && random() >= keep) return;
    const context = pairContext(records[i]!, records[j]!);
    if (acrossHouseholdsOnly && context === 2) return;
    patterns.add(compareRecords(records[i]!, records[j]!, v), context);
  });
  return patterns;
}

interface SessionSpec {
  rule: BlockingRule;
  /** Fields the rule blocks on: every pair agrees on them, so they tell nothing here. */
  blocked: number[];
  /**
   * Pairs of one household are left out of the name and date sessions: there parents and
   * children with like names outnumber the duplicates, and sharing the household is evidence
   * strong enough that EM would learn "family" instead of "same person".
   */
  acrossHouseholdsOnly: boolean;
}

/** Training only: same folded name and birth date, which tells about sex and birth province. */
const NAME_AND_DATE: BlockingRule = { name: 'name_date', key: (r) => `${r.full}|${r.birthDate}` };

/**
 * Training only: same folded name, birth province and sex, which tells about the birth date.
 * Looser name blocks do not: within them the middle name agrees far more often than at random
 * (one family name, one generation), and EM learns that instead.
 */
const FULL_NAME_AND_PLACE: BlockingRule = { name: 'full_name_place', key: (r) => `${r.full}|${r.birthProvince ?? r.originProvince ?? '-'}${r.sex}` };

function ruleNamed(name: string): BlockingRule {
  const rule = BLOCKING_RULES.find((r) => r.name === name);
  if (!rule) throw new Error(`no blocking rule ${name}`);
  return rule;
}

/**
 * Which fields each session estimates. Inside name and date blocks (one birth province,
 * other households) much follows from the blocking itself: strangers there share origin and
 * province of residence, and parents' names share the family name. And a duplicate registered
 * in another household comes without parents and in another commune, so those fields' m would
 * be learnt from the wrong half of the duplicates. Household, commune, parents, origin, sex and
 * birth province are therefore learnt only where name and date agree exactly, which says
 * nothing about them.
 */
const ALL_BUT = (...estimated: number[]): number[] => FIELDS.map((_, f) => f).filter((f) => !estimated.includes(f));
const FALLBACK: SessionSpec = { rule: ruleNamed('date_place'), blocked: ALL_BUT(F.givenName, F.familyName, F.middleName, F.fullName), acrossHouseholdsOnly: true };
/** Fewer old-ID pairs than this and the fallback session runs. */
const OLD_ID_PAIRS = 200;
const SESSIONS: SessionSpec[] = [
  { rule: FULL_NAME_AND_PLACE, blocked: ALL_BUT(F.birthDate, F.oldId), acrossHouseholdsOnly: true },
  // Old IDs are unique among real people, so pairs sharing one are nearly all the same person:
  // the cleanest sample of how names and dates go wrong. Where too few records carry an old
  // ID, the names are learnt from pairs born the same day instead (see FALLBACK).
  { rule: ruleNamed('old_id'), blocked: [F.oldId], acrossHouseholdsOnly: false },
  { rule: NAME_AND_DATE, blocked: [F.givenName, F.familyName, F.middleName, F.fullName, F.birthDate], acrossHouseholdsOnly: false },
];

/** Levels from strong agreement to disagreement start at geometrically falling m. */
function startingM(): number[][] {
  return FIELDS.map((f, fi) => normalise(f.levels.map((_, l) => 4 ** -l), NEUTRAL[fi]!, 0));
}

/** A model learnt from the records alone (EM), with its training statistics. */
export function trainModel(records: readonly LinkRecord[], opts: TrainOptions = {}): LinkModel {
  return trainPrepared(records.map(prepareRecord), opts);
}

export function trainPrepared(records: readonly PreparedRecord[], opts: TrainOptions = {}, blocks?: BlockIndex): LinkModel {
  const log = opts.log ?? (() => {});
  const random = seededRandom(opts.seed ?? 1);
  const maxPairs = opts.maxPairsPerSession ?? 1_000_000;
  const maxIterations = opts.maxIterations ?? 100;
  const randomPairs = opts.randomPairs ?? 1_000_000;
  const cap = opts.blockCap ?? DEFAULT_BLOCK_CAP;
  const n = records.length;
  if (n < 2) throw new Error('training needs at least two records');

  const u = contextU(records, randomPairs, random);
  // Keys random pairs almost never share: exact from the counts instead of a sample.
  for (const [field, values] of [
    [F.household, records.map((r) => r.household)],
    [F.oldId, records.map((r) => r.oldId)],
  ] as const) {
    const same = Math.max(exactAgreement(values), 1 / (n * n));
    for (const table of field === F.household ? u : u.slice(0, 2)) table[field] = [same, 1 - same, 0];
  }
  log(`u from ${randomPairs} random pairs`);

  const index = blocks ?? buildBlocks(records, BLOCKING_RULES, cap);
  const sessions: EmSession[] = [];
  const estimates: number[][][][] = FIELDS.map(() => []);
  let iterations = 0;
  let pairsUsed = 0;
  const oldIdPairs = index.rules.find((r) => r.rule === 'old_id')?.pairs ?? 0;
  for (const spec of oldIdPairs >= OLD_ID_PAIRS ? SESSIONS : [...SESSIONS.filter((x) => x.rule.name !== 'old_id'), FALLBACK]) {
    const ruleIndex = index.rules.findIndex((r) => r.rule === spec.rule.name);
    const rules = ruleIndex >= 0 ? [index.rules[ruleIndex]!] : buildBlocks(records, [spec.rule], cap).rules;
    const patterns = samplePairs(rules, 0, maxPairs, records, random, rules[0]!.pairs, spec.acrossHouseholdsOnly);
    if (patterns.total < 20) continue;
    const active = FIELDS.map((_, f) => !spec.blocked.includes(f));
    const result = expectationMaximisation(patterns, active, u, startingM(), 0.1, maxIterations);
    sessions.push({ rule: spec.rule.name, pairs: patterns.total, iterations: result.iterations, lambda: result.lambda });
    iterations += result.iterations;
    pairsUsed += patterns.total;
    for (let f = 0; f < FIELD_COUNT; f++) if (active[f]) estimates[f]!.push(result.m);
    log(`EM ${spec.rule.name}: ${patterns.total} pairs, ${result.iterations} iterations, λ=${result.lambda.toExponential(3)}`);
  }
  const start = startingM();
  const m = FIELDS.map((f, fi) => {
    const runs = estimates[fi]!;
    if (runs.length === 0) return start[fi]!;
    return f.levels.map((_, l) => runs.reduce((s, run) => s + run[fi]![l]!, 0) / runs.length);
  });

  // The prior is not learnt by EM: with m and u fixed, EM over blocked pairs counted namesakes
  // and relatives as matches (0.7 "duplicates" per record at 1 M, 5 at 10 M), so its prior hardly
  // fell with the population while the pairs of namesakes grew with its square: at 10 M most
  // automatic matches were namesakes. A duplicate share s gives s·n matching pairs among
  // n(n−1)/2, a prior that falls with the population as it should.
  const share = opts.duplicateShare ?? DEFAULT_DUPLICATE_SHARE;
  const lambda = Math.min((2 * share) / Math.max(n - 1, 1), 0.5);
  log(`prior: λ=${lambda.toExponential(3)} from a duplicate share of ${share}`);

  return {
    version: 1,
    lambda,
    fields: FIELDS.map((f, fi) => ({
      field: f.field,
      levels: f.levels.map((level, l) =>
        NEUTRAL[fi]![l]
          ? { level, m: null, u: null, uSameBirthProvince: null, uSameHousehold: null }
          : { level, m: m[fi]![l]!, u: u[0]![fi]![l]!, uSameBirthProvince: u[1]![fi]![l]!, uSameHousehold: u[2]![fi]![l]! },
      ),
    })),
    termFrequencies: {
      records: n,
      givenName: frequencies(records.map((r) => r.given), GIVEN_MIN_COUNT),
      givenNameMinCount: GIVEN_MIN_COUNT,
      fullName: frequencies(records.map((r) => r.full), FULL_MIN_COUNT),
      fullNameMinCount: FULL_MIN_COUNT,
      minimumU: 1 / n,
    },
    thresholds: opts.thresholds ?? DEFAULT_THRESHOLDS,
    training: { records: n, randomPairs, sessions, candidatePairs: index.candidatePairs, duplicateShare: share, iterations, pairsUsed },
  };
}
