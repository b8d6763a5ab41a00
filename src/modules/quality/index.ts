/** The data-quality module: cleaning rules, duplicate detection, review and merge, the clean-rate report. */
export { qualityRoutes } from './routes.js';
export { qualityChangeSubscriber, CHANGE_SUBSCRIBER } from './change-subscriber.js';
export { runRules, checkRecords, type RunOptions, type RunProgress } from './rules-run.js';
export { runDuplicateDetection, type DedupOptions, type DedupProgress, type DedupSummary } from './dedup-run.js';
export { listFindings, acceptFinding, type Finding, type FindingQuery } from './findings.js';
export { listCandidates, comparePair, decideNotDuplicate, type CandidateListItem, type Comparison, type Contribution } from './candidates.js';
export { mergePair, type MergeRequest, type MergeResult } from './merge.js';
export { qualityReport, type QualityReport, type UnitFigures } from './report.js';
export { RULES, RULE_CODES, type RuleCode } from './rules.js';
export { linkNewPeople, candidatesFor } from './realtime.js';
export { registerQualityCommands } from './cli.js';
export { startQualityRunner, startRun, listRuns, type RunSummary } from './runs.js';
export { seedDemoQuality } from './demo.js';
export * from './permissions.js';
