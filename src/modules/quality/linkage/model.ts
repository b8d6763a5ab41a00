/**
 * The Fellegi–Sunter model as data: m and u per comparison level, the prior, the term
 * frequencies of names. A plain JSON object, so the database side can store it and the
 * real-time path can score one new record against its candidates with the same numbers the
 * batch used.
 */
import { compareRecords, CONTEXTS, F, FIELD_COUNT, FIELDS, pairContext } from './comparisons.js';
import { prepareRecord, type PreparedRecord } from './prepared-record.js';
import type { LinkRecord } from './record.js';

export interface LevelParameters {
  level: string;
  /** P(level | same person); null for a neutral level. */
  m: number | null;
  /** P(level | two different people drawn at random); null for a neutral level. */
  u: number | null;
  /** The same for two different people born in the same province (other households). */
  uSameBirthProvince: number | null;
  /** The same for two different people of one household. */
  uSameHousehold: number | null;
}

export interface FieldParameters {
  field: string;
  levels: LevelParameters[];
}

export interface Thresholds {
  /** Weight (log2 Bayes factor, prior included) from which a pair is taken as the same person. */
  match: number;
  /** Weight from which a pair goes to an officer for review. */
  review: number;
}

export interface EmSession {
  /** The blocking rule whose pairs trained it; its own fields are left out of the estimate. */
  rule: string;
  pairs: number;
  iterations: number;
  /** Share of the session's pairs estimated to be matches. */
  lambda: number;
}

export interface TrainingStats {
  records: number;
  randomPairs: number;
  sessions: EmSession[];
  /** Candidate pairs of all blocking rules over the training records. */
  candidatePairs: number;
  /** The share of records taken to be a second record of someone: the prior (training.ts). */
  duplicateShare: number;
  /** EM iterations over all sessions. */
  iterations: number;
  /** Pairs whose comparison vectors went into EM. */
  pairsUsed: number;
}

export interface TermFrequencies {
  /** Records the frequencies were counted on. */
  records: number;
  /** Folded given name → share of records bearing it. */
  givenName: Record<string, number>;
  givenNameMinCount: number;
  /** Folded full name → share of records, for names borne by at least `fullNameMinCount` records. */
  fullName: Record<string, number>;
  fullNameMinCount: number;
  /** Floor of a term-frequency u, so one rare name cannot outweigh everything else. */
  minimumU: number;
}

export interface LinkModel {
  version: 1;
  /** Probability that two records drawn at random are the same person. */
  lambda: number;
  fields: FieldParameters[];
  termFrequencies: TermFrequencies;
  thresholds: Thresholds;
  training: TrainingStats;
}

export interface Contribution {
  field: string;
  level: string;
  /** log2 Bayes factor this field adds (the prior is the field "prior"). */
  weight: number;
}

export interface ScoredPair {
  /** The smaller id of the two. */
  a: string;
  b: string;
  /** Sum of the contributions: log2 of the posterior odds of a match. */
  weight: number;
  probability: number;
  contributions: Contribution[];
}

export type Decision = 'match' | 'review' | 'reject';

/**
 * Defaults chosen on `npm run bench -- dedup` (generated population, 100k and 1M people):
 * review at weight 0 (posterior odds 1:1), match at 6 (≈ 98 %). See bench/dedup.ts.
 */
/**
 * Chosen on the benchmark with the prior from a 2 % duplicate share (training.ts): at 1 M people
 * F1 0.97, at 10 M 0.85 (namesakes with a vague birth date are what is left).
 */
export const DEFAULT_THRESHOLDS: Thresholds = { match: 2, review: -5 };

/** The decision for a weight: match at or above `match`, review at or above `review`. */
export function decide(weight: number, thresholds: Thresholds = DEFAULT_THRESHOLDS): Decision {
  if (weight >= thresholds.match) return 'match';
  return weight >= thresholds.review ? 'review' : 'reject';
}

export const probabilityOfWeight = (weight: number): number => 1 / (1 + 2 ** -weight);

/** The model turned into lookup tables; built once per model object. */
export interface CompiledModel {
  prior: number;
  /** weights[context][field][level], 0 for neutral levels. */
  weights: Float64Array[][];
  mGiven: [number, number];
  /** Per context, the share of exact given-name agreement that is also exact as written. */
  uGivenShare: Array<[number, number]>;
  mFull: number;
  given: Map<string, number>;
  full: Map<string, number>;
  unlistedGiven: number;
  unlistedFull: number;
  minimumU: number;
}

const compiled = new WeakMap<LinkModel, CompiledModel>();

export function compileModel(model: LinkModel): CompiledModel {
  const known = compiled.get(model);
  if (known) return known;
  const uOf = (l: LevelParameters, context: number): number | null => (context === 0 ? l.u : context === 1 ? l.uSameBirthProvince : l.uSameHousehold);
  const weights = CONTEXTS.map((_, context) =>
    model.fields.map((f) => new Float64Array(f.levels.map((l) => (l.m === null || uOf(l, context) === null ? 0 : Math.log2(l.m / uOf(l, context)!))))),
  );
  const given = model.fields[F.givenName]!.levels;
  const g0 = given[0]!;
  const g1 = given[1]!;
  const shares = CONTEXTS.map((_, context): [number, number] => {
    const u0 = uOf(g0, context) ?? 0;
    const u1 = uOf(g1, context) ?? 0;
    return [u0 / (u0 + u1), u1 / (u0 + u1)];
  });
  const tf = model.termFrequencies;
  const c: CompiledModel = {
    prior: Math.log2(model.lambda / (1 - model.lambda)),
    weights,
    mGiven: [g0.m ?? 0, g1.m ?? 0],
    uGivenShare: shares,
    mFull: model.fields[F.fullName]!.levels[0]!.m ?? 0,
    given: new Map(Object.entries(tf.givenName)),
    full: new Map(Object.entries(tf.fullName)),
    // A name below the listing count is taken as borne by as many records as may go unlisted
    // (at least the two compared).
    unlistedGiven: Math.max(tf.givenNameMinCount - 1, 2) / Math.max(tf.records, 1),
    unlistedFull: Math.max(tf.fullNameMinCount - 1, 2) / Math.max(tf.records, 1),
    minimumU: tf.minimumU,
  };
  compiled.set(model, c);
  return c;
}

/**
 * The weight of each field for a vector. Exact agreement on the given name and on the full
 * name is weighed by how common the name is (u of the value = its frequency): two "Nguyễn Văn
 * An" agree by chance far more often than two "Lò Thị Xuyến".
 */
export function fieldWeight(c: CompiledModel, context: number, vector: Uint8Array, field: number, a: PreparedRecord): number {
  const level = vector[field]!;
  // Within a household names are not drawn from the national pool: its own table applies.
  if (context === 2) return c.weights[2]![field]![level]!;
  // When the whole name agrees, its frequency is counted there, not a second time here.
  if (field === F.givenName && level <= 1 && vector[F.fullName] !== 0) {
    const f = Math.max(c.given.get(a.given) ?? c.unlistedGiven, c.minimumU);
    return Math.log2(c.mGiven[level as 0 | 1] / (f * c.uGivenShare[context]![level as 0 | 1]));
  }
  if (field === F.fullName && level === 0) {
    const f = Math.max(c.full.get(a.full) ?? c.unlistedFull, c.minimumU);
    return Math.log2(c.mFull / f);
  }
  return c.weights[context]![field]![level]!;
}

/** The total weight of a compared pair, prior included. */
export function vectorWeight(c: CompiledModel, context: number, vector: Uint8Array, a: PreparedRecord): number {
  let w = c.prior;
  for (let f = 0; f < FIELD_COUNT; f++) w += fieldWeight(c, context, vector, f, a);
  return w;
}

const scratch = new Uint8Array(FIELD_COUNT);

/** Scores prepared records; `a`/`b` of the result ordered by id. */
export function scorePrepared(x: PreparedRecord, y: PreparedRecord, model: LinkModel): ScoredPair {
  const c = compileModel(model);
  const [a, b] = x.id <= y.id ? [x, y] : [y, x];
  const vector = compareRecords(a, b, scratch);
  const context = pairContext(a, b);
  const contributions: Contribution[] = [{ field: 'prior', level: 'lambda', weight: c.prior }];
  let weight = c.prior;
  for (let f = 0; f < FIELD_COUNT; f++) {
    const w = fieldWeight(c, context, vector, f, a);
    weight += w;
    contributions.push({ field: FIELDS[f]!.field, level: FIELDS[f]!.levels[vector[f]!]!, weight: w });
  }
  return { a: a.id, b: b.id, weight, probability: probabilityOfWeight(weight), contributions };
}

/** How likely two records are the same person, with each field's share of the evidence. */
export function scorePair(a: LinkRecord, b: LinkRecord, model: LinkModel): ScoredPair {
  return scorePrepared(prepareRecord(a), prepareRecord(b), model);
}
