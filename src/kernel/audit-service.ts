import { authorize, definePermission, inScope, outOfScope } from './access.js';
import type { Actor } from './actor.js';
import { AUDIT_ROW_COLUMNS, recordAudit, toAuditRow, type AuditChain, type AuditRow } from './audit.js';
import { lastWitnessed, type Checkpoint } from './audit-seal.js';
import { verifyAudit as verifyBlocks, type AuditVerification } from './audit-verify.js';
import type { AppContext } from './context.js';
import { officerNames } from './auth/officers.js';
import { invalid } from './errors.js';

export const AUDIT_READ = definePermission('kernel', 'audit.read', { roles: ['commune_officer', 'province_officer', 'national_officer', 'admin'], description: "Read the unit's audit and access log" });
export const AUDIT_VERIFY = definePermission('kernel', 'audit.verify', { roles: ['national_officer', 'admin'], description: 'Verify the sealed audit log' });

export interface AuditQuery {
  unitCode?: string | undefined;
  chain?: AuditChain | undefined;
  /** An officer's username, or any actor id as logged (a citizen's account id, `eid-enrolment` …). */
  actor?: string | undefined;
  targetKind?: string | undefined;
  /** A PIN, an account or officer id … as logged. */
  targetId?: string | undefined;
  /** An action (`person.read`), or a family of them ending in a dot (`officer.`). */
  action?: string | undefined;
  /** ISO instants: from (inclusive) and to (exclusive). */
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** Counting stops here: a national log has millions of rows, and a pager needs no exact figure past it. */
export const AUDIT_COUNT_CAP = 10_000;

export type AuditListItem = Omit<AuditRow, 'detail'> & { detail: Record<string, AuditDetailValue>; actorName: string | null; targetName: string | null };

/**
 * Entries of one unit's log (or, for national actors, the whole log), newest first, filtered.
 * Asking for a unit outside the actor's scope is refused outright (403): the unit itself is
 * public knowledge, its log is not. A search by target is itself written to the access log,
 * for the person or account looked up: who looks at whose trail shows in that trail.
 */
export async function listAuditEntries(ctx: AppContext, actor: Actor, q: AuditQuery): Promise<{ items: AuditListItem[]; total: number; totalCapped: boolean; page: number; pageSize: number }> {
  authorize(actor, AUDIT_READ);
  const unitCode = q.unitCode ?? (actor.kind === 'officer' ? actor.unitCode : null);
  if (unitCode !== null) {
    const isProvince = unitCode.length === 2;
    const provinceCode = isProvince ? unitCode : ((await ctx.units.provinceOfCommune(unitCode)) ?? null);
    // A commune officer may not read a whole province's log even if the commune is in it.
    const tooWide = isProvince && actor.kind === 'officer' && actor.unitLevel === 'commune';
    if (tooWide || !inScope(actor, isProvince ? { provinceCode } : { communeCode: unitCode, provinceCode })) throw outOfScope();
  }
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (n: string) => string, value: unknown) => where.push(sql(`$${params.push(value)}`));
  // A province's log is its own rows and its communes' (commune codes do not start with the province's).
  if (unitCode !== null) add((n) => `unit_code = ANY(${n}::text[])`, unitCode.length === 2 ? [unitCode, ...(await ctx.units.communesOfProvince(unitCode))] : [unitCode]);
  if (q.chain) add((n) => `chain = ${n}`, q.chain);
  if (q.actor) add((n) => `actor_id = ${n}`, await actorIdOf(ctx, q.actor));
  if (q.targetKind) add((n) => `target_kind = ${n}`, q.targetKind);
  if (q.targetId) add((n) => `target_id = ${n}`, q.targetId);
  if (q.action) add((n) => (q.action!.endsWith('.') ? `starts_with(action, ${n})` : `action = ${n}`), q.action);
  if (q.from) add((n) => `at >= ${n}::timestamptz`, checkInstant(q.from, 'from'));
  if (q.to) add((n) => `at < ${n}::timestamptz`, checkInstant(q.to, 'to'));
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const counted = await ctx.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM audit_log ${clause} LIMIT ${AUDIT_COUNT_CAP + 1}) c`, params);
  const r = await ctx.db.pool.query(
    `SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log ${clause} ORDER BY seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, q.pageSize, (q.page - 1) * q.pageSize],
  );
  const rows = r.rows.map((row) => toAuditRow(row as Parameters<typeof toAuditRow>[0]));
  const officerIds = [...rows.filter((e) => e.actorKind === 'officer').map((e) => e.actorId), ...rows.filter((e) => e.targetKind === 'officer').map((e) => e.targetId)];
  const names = await officerNames(ctx.db.pool, [...new Set(officerIds)]);
  if (q.targetId && rows.length > 0) {
    await ctx.accessLog.append([{ actor, action: 'audit.trail_read', target: { kind: q.targetKind ?? rows[0]!.targetKind, id: q.targetId }, unitCode: rows[0]!.unitCode, purpose: 'audit_review' }], ctx.clock.now());
  }
  const total = Number(counted.rows[0]?.n ?? 0);
  return {
    items: rows.map((entry) => ({ ...entry, detail: flatDetail(entry.detail), actorName: entry.actorKind === 'officer' ? (names.get(entry.actorId) ?? null) : null, targetName: entry.targetKind === 'officer' ? (names.get(entry.targetId) ?? null) : null })),
    total: Math.min(total, AUDIT_COUNT_CAP),
    totalCapped: total > AUDIT_COUNT_CAP,
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function actorIdOf(ctx: AppContext, actor: string): Promise<string> {
  const r = await ctx.db.pool.query<{ id: string }>('SELECT id FROM officer WHERE username = $1', [actor.toLowerCase()]);
  return r.rows[0]?.id ?? actor;
}

function checkInstant(value: string, field: string): string {
  if (Number.isNaN(Date.parse(value))) throw invalid('date_invalid', field, { vi: 'Thời điểm không hợp lệ.', en: 'Not a valid date and time.' });
  return new Date(value).toISOString();
}

type Scalar = string | number | boolean | null;
export type AuditDetailValue = Scalar | Scalar[];
/** Scalars and lists of scalars as they are; anything nested as its JSON text (the log is read, not queried, here). */
function flatDetail(detail: Record<string, unknown>): Record<string, AuditDetailValue> {
  const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  return Object.fromEntries(
    Object.entries(detail).map(([k, v]) => [k, isScalar(v) ? v : Array.isArray(v) && v.every(isScalar) ? v : JSON.stringify(v)]),
  );
}

/** Verifies every sealed block and the witness's newest checkpoint (national officers and administrators). */
export async function verifyAudit(ctx: AppContext, actor: Actor): Promise<AuditVerification> {
  authorize(actor, AUDIT_VERIFY);
  const result = await verifyBlocks(ctx.db.pool, { witness: lastWitnessed(ctx.config.auditWitnessFile) });
  // The run itself is on the log: who checked, when, and what they were told.
  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      actor,
      action: 'audit.verified',
      target: { kind: 'audit_log', id: String(result.toBlock) },
      detail: { ok: result.ok, checkedBlocks: result.checkedBlocks, checkedRows: result.checkedRows, unsealedRows: result.unsealed.rows, problems: result.problems.length },
    }, ctx.clock.now()),
  );
  return result;
}

export interface PublishedCheckpoint {
  checkpoint: Checkpoint | null;
  keys: Array<{ kid: string; algorithm: 'Ed25519'; publicKey: string }>;
}

/**
 * The newest signed checkpoint and every checkpoint key: public, so that anyone (another
 * agency, an auditor) can keep copies and later prove the log was not cut back.
 */
export async function latestCheckpoint(ctx: AppContext): Promise<PublishedCheckpoint> {
  const b = await ctx.db.pool.query<{ block_no: number; tree_size: number; block_hash: string; sealed_at: Date; key_id: string; signature: string }>(
    'SELECT block_no, tree_size, block_hash, sealed_at, key_id, signature FROM audit_block ORDER BY block_no DESC LIMIT 1',
  );
  const k = await ctx.db.pool.query<{ kid: string; public_key: string }>('SELECT kid, public_key FROM audit_signing_key ORDER BY created_at');
  const row = b.rows[0];
  return {
    checkpoint: row ? { blockNo: Number(row.block_no), treeSize: Number(row.tree_size), blockHash: row.block_hash, sealedAt: row.sealed_at.toISOString(), keyId: row.key_id, signature: row.signature } : null,
    keys: k.rows.map((x) => ({ kid: x.kid, algorithm: 'Ed25519' as const, publicKey: x.public_key })),
  };
}
