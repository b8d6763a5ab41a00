/**
 * Data quality as the web app uses it: the cleaning list, duplicate pairs and their merge, the
 * report, the whole-population runs and the linkage thresholds. Shapes are the quality module's
 * own types (type-only imports through its index, erased from the bundle); rule and field
 * labels live in the i18n files, since the web never imports a module's values.
 */
import { get, post, request, type Query } from '../../api.js';
import type {
  RunSummary,
  CandidateListItem,
  Comparison,
  Contribution,
  Finding,
  MergeResult,
  QualityReport,
  RuleCode,
} from '../../../modules/quality/index.js';
export type { RunSummary };

export type { CandidateListItem, Comparison, Contribution, Finding, MergeResult, QualityReport, RuleCode };
export type CandidateSide = NonNullable<CandidateListItem['a']>;
export type PairState = CandidateListItem['state'];
export type FindingState = Finding['state'];
export type RecordDetails = Comparison['a'];

/** The rule codes in the order the module lists them (rules.ts RULES); labels in i18n `quality.rule.*`. */
export const RULE_CODES: readonly RuleCode[] = [
  'pin_structure',
  'missing_fields',
  'unit_invalid',
  'permanent_residence',
  'deceased_listed',
  'minor_parents',
  'temporary_expired',
  'old_id_unlinked',
  'household_head',
];
export const FINDING_STATES: readonly FindingState[] = ['open', 'fixed', 'accepted'];

export interface Thresholds {
  match: number;
  review: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const QUALITY_PAGE_SIZE = 20;

const pair = (pinA: string, pinB: string) => `/api/quality/duplicates/${encodeURIComponent(pinA)}/${encodeURIComponent(pinB)}`;

export const qualityApi = {
  findings: (query: Query, signal?: AbortSignal) => get<Page<Finding>>('/api/quality/findings', query, signal),
  accept: (id: string, reason: string) => post<Finding>(`/api/quality/findings/${encodeURIComponent(id)}/accept`, { reason }),
  duplicates: (query: Query, signal?: AbortSignal) => get<Page<CandidateListItem>>('/api/quality/duplicates', query, signal),
  compare: (pinA: string, pinB: string, signal?: AbortSignal) => get<Comparison>(pair(pinA, pinB), undefined, signal),
  notDuplicate: (pinA: string, pinB: string, note: string | null) => post<CandidateListItem>(`${pair(pinA, pinB)}/not-duplicate`, { note }),
  merge: (pinA: string, pinB: string, body: { survivorPin: string; survivorVersion: number; mergedVersion: number; note: string | null }) =>
    post<MergeResult>(`${pair(pinA, pinB)}/merge`, body),
  report: (days: number, signal?: AbortSignal) => get<QualityReport>('/api/quality/report', { days }, signal),
  runs: (signal?: AbortSignal) => get<RunSummary[]>('/api/quality/runs', undefined, signal),
  startRun: (kind: RunSummary['kind'], provinceCode?: string) =>
    post<{ started: true; provinceCode: string | null }>('/api/quality/runs', provinceCode ? { kind, provinceCode } : { kind }),
  thresholds: (signal?: AbortSignal) => get<Thresholds>('/api/quality/thresholds', undefined, signal),
  setThresholds: (body: Thresholds) => request<Thresholds>('PUT', '/api/quality/thresholds', { body }),
};

/** The contribution fields of the linkage engine (linkage/comparisons.ts FIELDS); labels in i18n `quality.field.*`. */
export const LINK_FIELDS = [
  'given_name',
  'family_name',
  'middle_name',
  'full_name',
  'birth_date',
  'sex',
  'birth_province',
  'origin_province',
  'father_name',
  'mother_name',
  'old_id',
  'commune',
  'household',
] as const;
export type LinkField = (typeof LINK_FIELDS)[number];
export const isLinkField = (f: string): f is LinkField => (LINK_FIELDS as readonly string[]).includes(f);

/** The agreement levels the engine names (comparisons.ts, birth-dates.ts); labels in i18n `quality.level.*`. */
export const LINK_LEVELS = [
  'exact_written',
  'exact_folded',
  'jw_0_92',
  'jw_0_95',
  'jw_0_88',
  'jw_0_9',
  'one_side_missing',
  'different',
  'missing',
  'exact',
  'day_month_swapped',
  'days_apart_1_3',
  'partial_agrees',
  'year_off_by_one',
  'same',
  'same_province',
  'unknown',
] as const;
export type LinkLevel = (typeof LINK_LEVELS)[number];
export const isLinkLevel = (l: string): l is LinkLevel => (LINK_LEVELS as readonly string[]).includes(l);

/** A share (the clean rate), where 100 % is a real value: one decimal. */
export function formatRate(x: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(x);
}

/** A pair's match probability as a percentage (0.993 → "99,3 %", 0.9998 → "99,98 %", 0.99995 → "> 99,99 %"). */
export function formatProbability(p: number, lang: string): string {
  // Never "100 %" (a pair is never certain, and 1 is only a rounding of the weight): above
  // 99.99 % it reads "> 99,99 %", and near it two decimals keep 0.9998 from rounding up.
  const percent = (x: number, digits: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { style: 'percent', maximumFractionDigits: digits }).format(x);
  if (p >= 0.9999) return `> ${percent(0.9999, 2)}`;
  return percent(Math.min(p, 0.9999), p >= 0.999 ? 2 : 1);
}

/** A match weight with one decimal and its sign (+7,3 / −2,1). */
export function formatWeight(w: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: 'always' }).format(w);
}
