import { recordAudit } from '../../kernel/audit.js';
import type { Actor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';

export type AccountAfterMerge = 'none' | 'moved' | 'kept_survivor' | 'locked_duplicate';

/**
 * What a merge of two registry records does to e-ID, in the merge's own transaction (quality
 * module): the duplicate's account becomes the survivor's, with the survivor's PIN, so the
 * citizen logs in with the PIN that stays; the integrated documents follow. When both records
 * had an account, the survivor's stays and the duplicate's is locked (its sessions ended): one
 * person, one account. Audited under the survivor's PIN.
 */
export async function followMergeInTx(tx: Executor, ctx: AppContext, actor: Actor, m: { survivorId: string; survivorPin: string; mergedId: string; mergedPin: string; unitCode: string | null }): Promise<AccountAfterMerge> {
  const now = ctx.clock.now();
  const accounts = await tx.query<{ id: string; person_id: string }>('SELECT id, person_id FROM eid_account WHERE person_id = ANY($1::uuid[]) FOR UPDATE', [[m.survivorId, m.mergedId]]);
  const dup = accounts.rows.find((a) => a.person_id === m.mergedId);
  await tx.query('UPDATE integrated_document SET person_id = $2 WHERE person_id = $1', [m.mergedId, m.survivorId]);
  if (!dup) return accounts.rows.length > 0 ? 'kept_survivor' : 'none';
  const survivorHasOne = accounts.rows.some((a) => a.person_id === m.survivorId);
  if (!survivorHasOne) {
    // The account is keyed by person (migration 0056): its PIN is the survivor's current one from now on.
    await tx.query('UPDATE eid_account SET person_id = $2, version = version + 1 WHERE id = $1', [dup.id, m.survivorId]);
    await recordAudit(tx, { actor, action: 'eid.account.merge', target: { kind: 'person', id: m.survivorPin }, unitCode: m.unitCode, purpose: 'duplicate_merge', detail: { accountId: dup.id, fromPin: m.mergedPin, outcome: 'moved' } }, now);
    return 'moved';
  }
  await tx.query("UPDATE eid_account SET status = 'locked', locked_by = 'officer', lock_reason = 'eid_identity_dispute', lock_note = $2, version = version + 1 WHERE id = $1", [dup.id, `duplicate of ${m.survivorPin}`]);
  await tx.query('UPDATE eid_session SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL', [dup.id, now]);
  await recordAudit(tx, { actor, action: 'eid.account.merge', target: { kind: 'person', id: m.survivorPin }, unitCode: m.unitCode, purpose: 'duplicate_merge', detail: { accountId: dup.id, fromPin: m.mergedPin, outcome: 'locked_duplicate' } }, now);
  return 'locked_duplicate';
}
