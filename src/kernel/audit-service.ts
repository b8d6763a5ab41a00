import { authorize, definePermission, inScope, outOfScope } from './access.js';
import type { Actor } from './actor.js';
import { AUDIT_ROW_COLUMNS, toAuditRow, type AuditChain, type AuditRow } from './audit.js';
import { lastWitnessed, type Checkpoint } from './audit-seal.js';
import { verifyAudit as verifyBlocks, type AuditVerification } from './audit-verify.js';
import type { AppContext } from './context.js';

export const AUDIT_READ = definePermission('kernel', 'audit.read', { roles: ['commune_officer', 'province_officer', 'national_officer', 'admin'], description: "Read the unit's audit and access log" });
export const AUDIT_VERIFY = definePermission('kernel', 'audit.verify', { roles: ['national_officer', 'admin'], description: 'Verify the sealed audit log' });

export interface AuditQuery {
  unitCode?: string | undefined;
  chain?: AuditChain | undefined;
  page: number;
  pageSize: number;
}

/**
 * Entries of one unit's log, newest first. Asking for a unit outside the actor's scope is
 * refused outright (403): the unit itself is public knowledge, its log is not.
 */
export async function listAuditEntries(ctx: AppContext, actor: Actor, q: AuditQuery): Promise<{ items: Array<Omit<AuditRow, 'detail'> & { detail: Record<string, AuditDetailValue> }>; total: number; page: number; pageSize: number }> {
  authorize(actor, AUDIT_READ);
  const unitCode = q.unitCode ?? (actor.kind === 'officer' ? actor.unitCode : null);
  if (unitCode !== null) {
    const isProvince = unitCode.length === 2;
    const provinceCode = isProvince ? unitCode : ((await ctx.units.provinceOfCommune(unitCode)) ?? null);
    // A commune officer may not read a whole province's log even if the commune is in it.
    const tooWide = isProvince && actor.kind === 'officer' && actor.unitLevel === 'commune';
    if (tooWide || !inScope(actor, isProvince ? { provinceCode } : { communeCode: unitCode, provinceCode })) throw outOfScope();
  }
  const params: unknown[] = [q.pageSize, (q.page - 1) * q.pageSize];
  const where: string[] = [];
  if (unitCode !== null) {
    params.push(unitCode);
    where.push(`unit_code = $${params.length}`);
  }
  if (q.chain) {
    params.push(q.chain);
    where.push(`chain = $${params.length}`);
  }
  const r = await ctx.db.pool.query(
    `SELECT ${AUDIT_ROW_COLUMNS}, count(*) OVER () AS total FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY seq DESC LIMIT $1 OFFSET $2`,
    params,
  );
  const items = r.rows.map((row) => {
    const entry = toAuditRow(row as Parameters<typeof toAuditRow>[0]);
    return { ...entry, detail: flatDetail(entry.detail) };
  });
  return { items, total: Number(r.rows[0]?.total ?? 0), page: q.page, pageSize: q.pageSize };
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
  return verifyBlocks(ctx.db.pool, { witness: lastWitnessed(ctx.config.auditWitnessFile) });
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
