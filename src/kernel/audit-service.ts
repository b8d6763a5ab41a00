import { authorize, inScope, outOfScope } from './access.js';
import type { Actor } from './actor.js';
import { toAuditRow, verifyAuditChain, type AuditChain, type AuditRow, type VerifyResult } from './audit.js';
import type { AppContext } from './context.js';

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
export async function listAuditEntries(ctx: AppContext, actor: Actor, q: AuditQuery): Promise<{ items: AuditRow[]; total: number; page: number; pageSize: number }> {
  authorize(actor, 'audit.read');
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
    `SELECT *, count(*) OVER () AS total FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY seq DESC LIMIT $1 OFFSET $2`,
    params,
  );
  return { items: r.rows.map((row) => toAuditRow(row as Parameters<typeof toAuditRow>[0])), total: Number(r.rows[0]?.total ?? 0), page: q.page, pageSize: q.pageSize };
}

/** Recomputes both hash chains (national officers and administrators). */
export async function verifyAudit(ctx: AppContext, actor: Actor): Promise<VerifyResult> {
  authorize(actor, 'audit.verify');
  return verifyAuditChain(ctx.db.pool);
}
