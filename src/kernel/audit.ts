import { createHash } from 'node:crypto';
import type { Actor } from './actor.js';
import { canonicalJson } from './canonical-json.js';
import type { Executor } from './db.js';

/**
 * The audit and access log: append-only (a trigger refuses UPDATE and DELETE) and
 * hash-chained, so a row changed behind the application's back breaks the chain and
 * `verifyAuditChain` names it. Two chains: `change` for every registry change and
 * `access` for every read of personal data; each is serialised by its own advisory lock,
 * held until the writing transaction commits, so rows are chained in commit order.
 */
export type AuditChain = 'change' | 'access';

export interface AuditEntry {
  actor: Pick<Actor, 'kind' | 'id'>;
  /** Verb-like, module-prefixed: `person.update`, `person.read`, `officer.login`. */
  action: string;
  target: { kind: string; id: string };
  /** The administrative unit the target lives in, for "what happened in my commune". */
  unitCode?: string | null;
  /** Why: the legal purpose of a read, or the reason for a change. */
  purpose?: string | null;
  /** The dossier (application) number a change was made under. */
  dossier?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  chain: AuditChain;
  chainSeq: number;
  at: string;
  actorKind: string;
  actorId: string;
  action: string;
  targetKind: string;
  targetId: string;
  unitCode: string | null;
  purpose: string | null;
  dossier: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
const LOCK_KEY: Record<AuditChain, number> = { change: 7400611, access: 7400612 };

type Hashed = Omit<AuditRow, 'seq' | 'hash'>;

export function hashAuditRow(row: Hashed): string {
  const material = canonicalJson({
    chain: row.chain,
    chainSeq: row.chainSeq,
    at: row.at,
    actorKind: row.actorKind,
    actorId: row.actorId,
    action: row.action,
    targetKind: row.targetKind,
    targetId: row.targetId,
    unitCode: row.unitCode,
    purpose: row.purpose,
    dossier: row.dossier,
    detail: row.detail,
    prevHash: row.prevHash,
  });
  return createHash('sha256').update(material).digest('hex');
}

/**
 * Appends one entry inside the caller's transaction (`tx` must be in BEGIN … COMMIT):
 * the entry commits or rolls back with the change it records.
 */
export async function recordAudit(tx: Executor, entry: AuditEntry, at: Date, chain: AuditChain = 'change'): Promise<AuditRow> {
  const [row] = await recordAuditMany(tx, [entry], at, chain);
  return row!;
}

/** Appends several entries with one lock and one insert (a search page logs every person shown). */
export async function recordAuditMany(tx: Executor, entries: AuditEntry[], at: Date, chain: AuditChain = 'change'): Promise<AuditRow[]> {
  if (entries.length === 0) return [];
  await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY[chain]]);
  const last = await tx.query<{ chain_seq: number; hash: string }>(
    'SELECT chain_seq, hash FROM audit_log WHERE chain = $1 ORDER BY chain_seq DESC LIMIT 1',
    [chain],
  );
  let chainSeq = last.rows[0]?.chain_seq ?? 0;
  let prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
  const rows = entries.map((entry) => {
    const row: Hashed = {
      chain,
      chainSeq: ++chainSeq,
      at: at.toISOString(),
      actorKind: entry.actor.kind,
      actorId: entry.actor.id,
      action: entry.action,
      targetKind: entry.target.kind,
      targetId: entry.target.id,
      unitCode: entry.unitCode ?? null,
      purpose: entry.purpose ?? null,
      dossier: entry.dossier ?? null,
      detail: entry.detail ?? {},
      prevHash,
    };
    prevHash = hashAuditRow(row);
    return { ...row, hash: prevHash };
  });
  const columns = 14;
  const values: unknown[] = [];
  const tuples = rows.map((r, i) => {
    values.push(r.chain, r.chainSeq, r.at, r.actorKind, r.actorId, r.action, r.targetKind, r.targetId, r.unitCode, r.purpose, r.dossier, JSON.stringify(r.detail), r.prevHash, r.hash);
    return `(${Array.from({ length: columns }, (_, j) => `$${i * columns + j + 1}`).join(', ')})`;
  });
  const inserted = await tx.query<{ seq: number }>(
    `INSERT INTO audit_log (chain, chain_seq, at, actor_kind, actor_id, action, target_kind, target_id,
       unit_code, purpose, dossier, detail, prev_hash, hash)
     VALUES ${tuples.join(', ')} RETURNING seq`,
    values,
  );
  return rows.map((r, i) => ({ ...r, seq: inserted.rows[i]!.seq }));
}

/** Records a read of personal data on the access chain (who looked at whom, and why). */
export function recordAccess(tx: Executor, entry: AuditEntry, at: Date): Promise<AuditRow> {
  return recordAudit(tx, entry, at, 'access');
}

/** Records reads of several people at once (one row per person, so each citizen sees it). */
export function recordAccessMany(tx: Executor, entries: AuditEntry[], at: Date): Promise<AuditRow[]> {
  return recordAuditMany(tx, entries, at, 'access');
}

interface DbAuditRow {
  seq: number;
  chain: AuditChain;
  chain_seq: number;
  at: Date;
  actor_kind: string;
  actor_id: string;
  action: string;
  target_kind: string;
  target_id: string;
  unit_code: string | null;
  purpose: string | null;
  dossier: string | null;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export function toAuditRow(r: DbAuditRow): AuditRow {
  return {
    seq: r.seq,
    chain: r.chain,
    chainSeq: r.chain_seq,
    at: r.at.toISOString(),
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    action: r.action,
    targetKind: r.target_kind,
    targetId: r.target_id,
    unitCode: r.unit_code,
    purpose: r.purpose,
    dossier: r.dossier,
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export interface ChainBreak {
  chain: AuditChain;
  chainSeq: number;
  seq: number;
  reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'gap';
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  breaks: ChainBreak[];
}

/** Walks both chains in pages and reports every row whose hash or link does not hold. */
export async function verifyAuditChain(db: Executor, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  const breaks: ChainBreak[] = [];
  let checked = 0;
  for (const chain of ['change', 'access'] as const) {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let after = 0;
    for (;;) {
      const page = await db.query<DbAuditRow>(
        'SELECT * FROM audit_log WHERE chain = $1 AND chain_seq > $2 ORDER BY chain_seq LIMIT 5000',
        [chain, after],
      );
      if (page.rows.length === 0) break;
      for (const raw of page.rows) {
        const row = toAuditRow(raw);
        if (row.chainSeq !== expectedSeq) breaks.push({ chain, chainSeq: row.chainSeq, seq: row.seq, reason: 'gap' });
        if (row.prevHash !== prevHash) breaks.push({ chain, chainSeq: row.chainSeq, seq: row.seq, reason: 'prev_hash_mismatch' });
        if (hashAuditRow(row) !== row.hash) breaks.push({ chain, chainSeq: row.chainSeq, seq: row.seq, reason: 'hash_mismatch' });
        prevHash = row.hash;
        expectedSeq = row.chainSeq + 1;
        after = row.chainSeq;
        checked++;
      }
      onProgress?.(checked);
    }
  }
  return { ok: breaks.length === 0, checked, breaks };
}
