import { createHash } from 'node:crypto';
import type { Actor } from './actor.js';
import { canonicalJson } from './canonical-json.js';
import { insertAuditRows } from './access-log.js';
import type { Executor } from './db.js';
import { normalisePurpose } from './purposes.js';

/**
 * The audit and access log. Writers append rows inside the transaction of the change or read
 * they record — insert-only, no lock, no hash — so a logged read never waits for another's
 * commit. The sequencer (audit-seal.ts) later seals committed rows, in commit order, into
 * signed blocks; `verifyAudit` (audit-verify.ts) detects an altered, deleted or truncated row.
 * Two categories: `change` for every registry change and `access` for every read of personal
 * data.
 */
export type AuditChain = 'change' | 'access';

export interface AuditEntry {
  actor: Pick<Actor, 'kind' | 'id'>;
  /** Verb-like, module-prefixed: `person.update`, `person.read`, `officer.login`. */
  action: string;
  target: { kind: string; id: string };
  /** The administrative unit the target lives in, for "what happened in my commune". */
  unitCode?: string | null;
  /** Why: the code of a read's purpose or of a change's reason (kernel/purposes.ts). */
  purpose?: string | null;
  /** The officer's own words beside the code, kept in `detail.purposeNote`. */
  purposeNote?: string | null;
  /** The dossier (application) number a change was made under. */
  dossier?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  chain: AuditChain;
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
}

/**
 * Appends one entry inside the caller's transaction (`tx` must be in BEGIN … COMMIT):
 * the entry commits or rolls back with the change it records.
 */
export async function recordAudit(tx: Executor, entry: AuditEntry, at: Date, chain: AuditChain = 'change'): Promise<void> {
  await insertAuditRows(tx, [{ entry, at }], chain);
}

/** Appends several entries with one insert (a search page logs every person shown). */
export async function recordAuditMany(tx: Executor, entries: AuditEntry[], at: Date, chain: AuditChain = 'change'): Promise<void> {
  await insertAuditRows(tx, entries.map((entry) => ({ entry, at })), chain);
}

/** Records a read of personal data on the access log (who looked at whom, and why). */
export function recordAccess(tx: Executor, entry: AuditEntry, at: Date): Promise<void> {
  return recordAuditMany(tx, [entry], at, 'access');
}

/** Records reads of several people at once (one row per person, so each citizen sees it). */
export function recordAccessMany(tx: Executor, entries: AuditEntry[], at: Date): Promise<void> {
  return recordAuditMany(tx, entries, at, 'access');
}

/** The columns a reader selects to build an AuditRow and, with `at_us`, its leaf hash. */
export const AUDIT_ROW_COLUMNS =
  'seq, chain, at, (extract(epoch FROM at) * 1000000)::bigint AS at_us, actor_kind, actor_id, action, target_kind, target_id, unit_code, purpose, dossier, detail';

export interface DbAuditRow {
  seq: number;
  chain: AuditChain;
  at: Date;
  /** Microseconds since the epoch: the stored precision, which `at` (a Date) would round. */
  at_us: number | string;
  actor_kind: string;
  actor_id: string;
  action: string;
  target_kind: string;
  target_id: string;
  unit_code: string | null;
  purpose: string | null;
  dossier: string | null;
  detail: Record<string, unknown>;
}

export function toAuditRow(r: Omit<DbAuditRow, 'at_us'>): AuditRow {
  return {
    seq: Number(r.seq),
    chain: r.chain,
    at: r.at.toISOString(),
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    action: r.action,
    targetKind: r.target_kind,
    targetId: r.target_id,
    unitCode: r.unit_code,
    // Sealed rows are never rewritten: a text written before purposes were codes is shown as its code.
    purpose: normalisePurpose(r.purpose),
    dossier: r.dossier,
    detail: r.detail,
  };
}

/**
 * The Merkle leaf of a row (RFC 9162: SHA-256 of 0x00 and the entry): every column, the row's
 * seq and its time to the microsecond, so a row cannot be altered, moved or re-timed unseen.
 */
export function auditLeafHash(r: DbAuditRow): Buffer {
  const entry = canonicalJson({
    seq: String(r.seq),
    chain: r.chain,
    atMicros: String(r.at_us),
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    action: r.action,
    targetKind: r.target_kind,
    targetId: r.target_id,
    unitCode: r.unit_code,
    purpose: r.purpose,
    dossier: r.dossier,
    detail: r.detail,
  });
  return createHash('sha256').update(Buffer.from([0])).update(entry, 'utf8').digest();
}
