/**
 * Probabilistic record linkage (Fellegi–Sunter): finds records that are probably the same
 * person, with each field's share of the evidence for the reviewing officer. Pure TypeScript,
 * no database: the database side stores the model and the blocking keys.
 */
export type { LinkRecord } from './record.js';
export { jaroWinkler } from './jaro-winkler.js';
export { compareBirthDates, parseBirthDate, DATE_LEVELS, type BirthDate, type DateLevel } from './birth-dates.js';
export { FIELDS, type FieldSpec } from './comparisons.js';
export {
  DEFAULT_THRESHOLDS,
  decide,
  scorePair,
  probabilityOfWeight,
  type Contribution,
  type Decision,
  type EmSession,
  type LinkModel,
  type ScoredPair,
  type TermFrequencies,
  type Thresholds,
  type TrainingStats,
} from './model.js';
export { trainModel, DEFAULT_DUPLICATE_SHARE, type TrainOptions } from './training.js';
export { BLOCKING_RULES, blockingKeys, buildBlocks, sharesBlock, DEFAULT_BLOCK_CAP, type BlockIndex, type BlockingRule } from './blocking.js';
export { prepareRecord, type PreparedRecord } from './prepared-record.js';
export { findDuplicates, type DuplicateSearch, type FindOptions, type TaskResult } from './batch.js';
export { clusterPairs } from './clusters.js';
export { settleDecisions, DEFAULT_AMBIGUITY_MARGIN, type Settled, type SettleOptions, type WeightedPair } from './ambiguity.js';
