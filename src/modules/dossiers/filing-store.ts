import type { Executor } from '../../kernel/db.js';
import type { DossierStatus } from './model.js';

/** SQL of online filing's consent inbox and reminders; private to the module. */

/** Dossiers not finished that ever asked this person to consent, or moved a request to them (the state says which requests still wait). */
export async function dossiersAskingConsentOf(db: Executor, personId: string, finalStates: readonly DossierStatus[]): Promise<string[]> {
  const r = await db.query<{ id: string }>(
    `SELECT DISTINCT d.id::text AS id, d.submitted_at FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id
      WHERE a.type IN ('request_consent', 'transfer_consent') AND a.payload->>'personId' = $1 AND NOT (d.state = ANY($2))
      ORDER BY d.submitted_at LIMIT 200`,
    [personId, finalStates],
  );
  return r.rows.map((x) => x.id);
}

/** Consent requests of unfinished dossiers, unanswered, requested and last reminded before `before`. */
export async function consentRequestsToRemind(db: Executor, before: Date, finalStates: readonly DossierStatus[]): Promise<Array<{ dossierId: string; requestSeq: number }>> {
  const r = await db.query<{ dossier_id: string; seq: number }>(
    `SELECT a.dossier_id::text AS dossier_id, a.seq FROM dossier_action a
       JOIN dossier d ON d.id = a.dossier_id
       LEFT JOIN dossier_consent_reminder m ON m.dossier_id = a.dossier_id AND m.request_seq = a.seq
      WHERE a.type = 'request_consent' AND NOT (d.state = ANY($2))
        AND a.at < $1 AND (m.last_sent_at IS NULL OR m.last_sent_at < $1)
        AND NOT EXISTS (SELECT 1 FROM dossier_action b WHERE b.dossier_id = a.dossier_id AND b.type IN ('give_consent', 'refuse_consent') AND b.payload->>'requestSeq' = a.seq::text)
      ORDER BY a.at, a.dossier_id, a.seq LIMIT 10000`,
    [before, finalStates],
  );
  return r.rows.map((x) => ({ dossierId: x.dossier_id, requestSeq: Number(x.seq) }));
}

export async function markReminded(tx: Executor, dossierId: string, requestSeq: number, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO dossier_consent_reminder (dossier_id, request_seq, last_sent_at, sent_count) VALUES ($1, $2, $3, 1)
     ON CONFLICT (dossier_id, request_seq) DO UPDATE SET last_sent_at = EXCLUDED.last_sent_at, sent_count = dossier_consent_reminder.sent_count + 1`,
    [dossierId, requestSeq, at],
  );
}
