import { authorize, communeCondition, hasPermission, inScope, scopeFilter, unitCondition } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import { recordAccessMany, recordAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { conflict, notFound } from '../../kernel/errors.js';
import { getPersonInTx, type PersonDetails } from '../people/index.js';
import { clusterSizes, joinClusters, splitClusters } from './clusters.js';
import { QUALITY_READ, QUALITY_REVIEW } from './permissions.js';

/** One field's part in a pair's score, as the linkage explains it. */
export interface Contribution {
  field: string;
  level: string;
  weight: number;
}

export interface ScoredPairRow {
  a: string;
  b: string;
  score: number;
  probability: number;
  decision: 'match' | 'review';
  contributions: Contribution[];
}

/**
 * Saves scored pairs; a pair already decided (merged, not a duplicate) is left alone, so a
 * pair an officer rejected is never proposed again. The open pairs join their records'
 * clusters (clusters.ts). Returns how many pairs are new.
 */
export async function saveCandidates(db: Executor, pairs: ScoredPairRow[], foundBy: string, at: Date): Promise<number> {
  if (pairs.length === 0) return 0;
  const ordered = pairs.map((p) => (p.a < p.b ? p : { ...p, a: p.b, b: p.a }));
  const r = await db.query<{ inserted: boolean; a: string; b: string }>(
    `INSERT INTO duplicate_candidate (person_a, person_b, score, probability, decision, contributions, unit_code, province_code, other_unit_code, found_at, found_by)
     SELECT x.a, x.b, x.score, x.probability, x.decision, x.contributions, pa.unit_code, pa.province_code, pb.unit_code, $7, $8
     FROM unnest($1::uuid[], $2::uuid[], $3::float8[], $4::float8[], $5::text[], $6::jsonb[]) AS x(a, b, score, probability, decision, contributions)
     JOIN person pa ON pa.id = x.a JOIN person pb ON pb.id = x.b
     ON CONFLICT (person_a, person_b) DO UPDATE SET score = EXCLUDED.score, probability = EXCLUDED.probability, decision = EXCLUDED.decision,
       contributions = EXCLUDED.contributions, unit_code = EXCLUDED.unit_code, province_code = EXCLUDED.province_code, other_unit_code = EXCLUDED.other_unit_code
     WHERE duplicate_candidate.state = 'open'
     RETURNING (xmax = 0) AS inserted, person_a::text AS a, person_b::text AS b`,
    [ordered.map((p) => p.a), ordered.map((p) => p.b), ordered.map((p) => p.score), ordered.map((p) => p.probability), ordered.map((p) => p.decision), ordered.map((p) => JSON.stringify(p.contributions)), at, foundBy],
  );
  await joinClusters(db, r.rows, at);
  return r.rows.filter((x) => x.inserted).length;
}

/** Pairs already decided by an officer: the linkage skips them. */
export async function decidedPairs(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await db.query<{ person_a: string; person_b: string }>(
    `SELECT person_a, person_b FROM duplicate_candidate WHERE state <> 'open' AND (person_a = ANY($1::uuid[]) OR person_b = ANY($1::uuid[]))`,
    [ids],
  );
  return new Set(r.rows.map((x) => `${x.person_a}:${x.person_b}`));
}

export interface CandidateSide {
  pin: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  unitCode: string | null;
}

export interface CandidateListItem {
  /** Null for a side outside the officer's scope. */
  pinA: string | null;
  pinB: string | null;
  score: number;
  probability: number;
  decision: 'match' | 'review';
  state: 'open' | 'merged' | 'not_duplicate' | 'superseded';
  /** A side outside the officer's unit is not shown: only that it lives in another unit. */
  a: CandidateSide | null;
  b: CandidateSide | null;
  otherUnit: string | null;
  /** Both records are in the officer's scope: they can compare and decide. */
  decidable: boolean;
  foundAt: string;
  /** The records linked with this pair directly or through others (clusters.ts); null when none. */
  cluster: { id: string; size: number } | null;
}

interface CandidateRow {
  person_a: string;
  person_b: string;
  score: number;
  probability: number;
  decision: 'match' | 'review';
  state: CandidateListItem['state'];
  found_at: Date;
  a_pin: string | null; a_name: string | null; a_birth: string | null; a_sex: 'M' | 'F' | null; a_unit: string | null; a_province: string | null;
  b_pin: string | null; b_name: string | null; b_birth: string | null; b_sex: 'M' | 'F' | null; b_unit: string | null; b_province: string | null;
  unit_code: string | null; other_unit_code: string | null;
}

const PAIR_SELECT = `SELECT c.person_a, c.person_b, c.score, c.probability, c.decision, c.state, c.found_at, c.unit_code, c.other_unit_code,
    pa.pin AS a_pin, pa.full_name AS a_name, pa.birth_date AS a_birth, pa.sex AS a_sex, pa.unit_code AS a_unit, pa.province_code AS a_province,
    pb.pin AS b_pin, pb.full_name AS b_name, pb.birth_date AS b_birth, pb.sex AS b_sex, pb.unit_code AS b_unit, pb.province_code AS b_province
  FROM duplicate_candidate c LEFT JOIN person pa ON pa.id = c.person_a LEFT JOIN person pb ON pb.id = c.person_b`;

function side(actor: Actor, pin: string | null, name: string | null, birth: string | null, sex: 'M' | 'F' | null, unit: string | null, province: string | null): CandidateSide | null {
  if (!pin || !name || !birth || !sex || !inScope(actor, { communeCode: unit, provinceCode: province })) return null;
  return { pin, fullName: name, birthDate: birth, sex, unitCode: unit };
}

function toItem(actor: Actor, r: CandidateRow, cluster: { id: string; size: number } | null = null): CandidateListItem {
  const a = side(actor, r.a_pin, r.a_name, r.a_birth, r.a_sex, r.a_unit, r.a_province);
  const b = side(actor, r.b_pin, r.b_name, r.b_birth, r.b_sex, r.b_unit, r.b_province);
  return {
    pinA: a?.pin ?? null,
    pinB: b?.pin ?? null,
    score: r.score,
    probability: r.probability,
    decision: r.decision,
    state: r.state,
    a,
    b,
    otherUnit: !a ? r.a_unit : !b ? r.b_unit : null,
    decidable: a !== null && b !== null,
    foundAt: r.found_at.toISOString(),
    cluster,
  };
}

export interface CandidateQuery {
  state?: CandidateListItem['state'];
  decision?: 'match' | 'review';
  page: number;
  pageSize: number;
}

/**
 * The duplicate queue of the officer's unit: pairs with at least one record in scope, best
 * score first. Names and birth dates shown are reads of personal data: one access row per
 * record shown, purpose data cleaning, in the reading transaction.
 */
export async function listCandidates(ctx: AppContext, actor: Actor, q: CandidateQuery): Promise<{ items: CandidateListItem[]; total: number; page: number; pageSize: number }> {
  authorize(actor, QUALITY_READ);
  const scope = scopeFilter(actor);
  const params: unknown[] = [q.state ?? 'open', q.decision ?? null];
  let where = `c.state = $1 AND ($2::text IS NULL OR c.decision = $2)`;
  // A pair is the officer's when either person is: the first by the row's unit and province, the other by its commune.
  if (scope) where += ` AND (${unitCondition(scope, params, 'c')} OR ${communeCondition(scope, params, 'c.other_unit_code')})`;
  return ctx.db.transaction(async (tx) => {
    const total = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM duplicate_candidate c WHERE ${where}`, params);
    const rows = await tx.query<CandidateRow>(`${PAIR_SELECT} WHERE ${where} ORDER BY c.score DESC, c.person_a, c.person_b LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`, params);
    const clusters = await clusterSizes(tx, rows.rows.map((r) => r.person_a));
    const items = rows.rows.map((r) => toItem(actor, r, clusters.get(r.person_a) ?? null));
    const shown = items.flatMap((i) => [i.a, i.b]).filter((s): s is CandidateSide => s !== null);
    await recordAccessMany(tx, shown.map((s) => ({ actor, action: 'person.read', target: { kind: 'person', id: s.pin }, unitCode: s.unitCode, purpose: 'data_cleaning', detail: { list: 'duplicate_candidates' } })), ctx.clock.now());
    return { items, total: total.rows[0]!.n, page: q.page, pageSize: q.pageSize };
  });
}

export const pairNotFound = () => notFound('pair_not_found', { vi: 'Không có cặp hồ sơ nghi trùng này trong phạm vi của bạn.', en: 'No such candidate pair in your scope.' });

/** The pair behind two PINs (current ones), ordered as stored; both sides must be in scope. */
export async function findPair(tx: Executor, actor: Actor, pinA: string, pinB: string, lock = false): Promise<{ row: CandidateRow; item: CandidateListItem }> {
  const r = await tx.query<CandidateRow>(
    `${PAIR_SELECT} WHERE (pa.pin = $1 AND pb.pin = $2) OR (pa.pin = $2 AND pb.pin = $1)${lock ? ' FOR UPDATE OF c' : ''}`,
    [pinA, pinB],
  );
  const row = r.rows[0];
  if (!row) throw pairNotFound();
  const item = toItem(actor, row, (await clusterSizes(tx, [row.person_a])).get(row.person_a) ?? null);
  if (!item.decidable) throw pairNotFound();
  return { row, item };
}

export interface Comparison {
  pair: CandidateListItem;
  contributions: Contribution[];
  a: PersonDetails;
  b: PersonDetails;
}

/** Both records side by side with each field's weight (two logged reads, purpose data cleaning). */
export async function comparePair(ctx: AppContext, actor: Actor, pinA: string, pinB: string): Promise<Comparison> {
  authorize(actor, QUALITY_READ);
  return ctx.db.transaction(async (tx) => {
    const { row, item } = await findPair(tx, actor, pinA, pinB);
    const c = await tx.query<{ contributions: Contribution[] }>('SELECT contributions FROM duplicate_candidate WHERE person_a = $1 AND person_b = $2', [row.person_a, row.person_b]);
    const purpose = { code: 'data_cleaning' as const };
    const a = await getPersonInTx(tx, ctx, actor, item.a!.pin, purpose);
    const b = await getPersonInTx(tx, ctx, actor, item.b!.pin, purpose);
    return { pair: item, contributions: c.rows[0]!.contributions, a, b };
  });
}

/** "Not a duplicate": remembered, never proposed again. Both records must be in scope. */
export async function decideNotDuplicate(ctx: AppContext, actor: Actor, pinA: string, pinB: string, note: string | null): Promise<CandidateListItem> {
  authorize(actor, QUALITY_REVIEW);
  return ctx.db.transaction(async (tx) => {
    const { row, item } = await findPair(tx, actor, pinA, pinB, true);
    if (row.state !== 'open') throw alreadyDecided(row.state);
    const now = ctx.clock.now();
    await tx.query(`UPDATE duplicate_candidate SET state = 'not_duplicate', decided_at = $3, decided_by = $4, reason = $5 WHERE person_a = $1 AND person_b = $2`, [row.person_a, row.person_b, now, actor.id, note]);
    await splitClusters(tx, [row.person_a, row.person_b], now);
    for (const s of [item.a!, item.b!]) {
      await recordAudit(tx, { actor, action: 'quality.not_duplicate', target: { kind: 'person', id: s.pin }, unitCode: s.unitCode, purpose: 'data_cleaning', detail: { pair: [item.pinA, item.pinB], score: row.score, note } }, now);
    }
    return { ...item, state: 'not_duplicate' };
  });
}

export function alreadyDecided(state: string) {
  return conflict('pair_already_decided', { vi: `Cặp hồ sơ này đã được xử lý (${state}).`, en: `This pair was already decided (${state}).` });
}

/** Whether the actor may decide pairs at all (the web hides the buttons otherwise). */
export function mayReview(actor: Actor): boolean {
  return hasPermission(actor, QUALITY_REVIEW);
}
