import type { Executor } from './db.js';

/** One change from the audit log's `change` chain, for "what changed recently in my unit". */
export interface RecentChange {
  seq: number;
  at: string;
  actorId: string;
  action: string;
  targetKind: string;
  targetId: string;
  unitCode: string | null;
  reason: string | null;
  dossier: string | null;
}

/**
 * The latest changes to the given kinds of target (person, household …) in the given communes,
 * or everywhere when `communes` is null. Per commune
 * the index (unit_code, seq) gives its newest rows, so a province of a hundred communes costs a
 * hundred short index reads, never a scan of its history; the nation reads the newest rows of
 * the primary key. Scope is the caller's to check: this only reads.
 */
export async function recentChanges(db: Executor, communes: string[] | null, targetKinds: string[], limit: number): Promise<RecentChange[]> {
  const sql = communes
    ? `SELECT c.* FROM unnest($3::text[]) AS u(code)
         CROSS JOIN LATERAL (SELECT * FROM audit_log a WHERE a.unit_code = u.code AND a.chain = 'change' AND a.target_kind = ANY($2::text[]) ORDER BY a.seq DESC LIMIT $1) c
        ORDER BY c.seq DESC LIMIT $1`
    : `SELECT * FROM audit_log a WHERE a.chain = 'change' AND a.target_kind = ANY($2::text[]) ORDER BY a.seq DESC LIMIT $1`;
  const r = await db.query<{ seq: string; at: Date; actor_id: string; action: string; target_kind: string; target_id: string; unit_code: string | null; purpose: string | null; dossier: string | null }>(sql, communes ? [limit, targetKinds, communes] : [limit, targetKinds]);
  return r.rows.map((x) => ({ seq: Number(x.seq), at: x.at.toISOString(), actorId: x.actor_id, action: x.action, targetKind: x.target_kind, targetId: x.target_id, unitCode: x.unit_code, reason: x.purpose, dossier: x.dossier }));
}
