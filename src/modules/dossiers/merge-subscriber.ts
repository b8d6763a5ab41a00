import { systemActor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { payloadOf, type Subscriber } from '../../kernel/events.js';
import { peopleEvents } from '../people/index.js';

/**
 * Two records of one person were merged (`person.merged`): the duplicate's dossiers become the
 * survivor's, so the citizen finds them under the PIN that stays and the officer's effects
 * (which read the applicant by PIN) write to the surviving record. The dossier keeps its code,
 * history and form as filed (its actions are append-only, so a consent once asked of the
 * duplicate stays asked of it); one audit row per dossier says what moved. In the relay's
 * transaction.
 */
export const DOSSIER_MERGE_SUBSCRIBER = 'dossiers.follow-merge';
const ACTOR = systemActor(DOSSIER_MERGE_SUBSCRIBER);

export function dossierMergeSubscriber(ctx: AppContext): Subscriber {
  return {
    name: DOSSIER_MERGE_SUBSCRIBER,
    types: ['person.merged'],
    async handle(e, tx) {
      const { mergedId, mergedPin, survivorId, survivorPin } = payloadOf(peopleEvents.PersonMerged, e);
      const now = ctx.clock.now();
      // A request id is the filing client's idempotency key: two records of one person sharing one
      // is all but impossible, but if they did the dossier stays under the duplicate rather than
      // stopping the relay, and the audit row says so.
      const moved = await tx.query<{ code: string; unit_code: string }>(
        `UPDATE dossier d SET applicant_person_id = $2, applicant_pin = $3
          WHERE d.applicant_person_id = $1
            AND NOT EXISTS (SELECT 1 FROM dossier o WHERE o.applicant_person_id = $2 AND o.channel = d.channel AND o.request_id = d.request_id)
          RETURNING d.code, d.unit_code`,
        [mergedId, survivorId, survivorPin],
      );
      const kept = await tx.query<{ code: string; unit_code: string }>('SELECT code, unit_code FROM dossier WHERE applicant_person_id = $1', [mergedId]);
      const rows = [
        ...moved.rows.map((r) => ({ ...r, what: 'applicant' })),
        ...kept.rows.map((r) => ({ ...r, what: 'applicant_kept_request_id_taken' })),
      ];
      for (const r of rows) {
        await recordAudit(tx, { actor: ACTOR, action: 'dossier.follow_merge', target: { kind: 'person', id: survivorPin }, unitCode: r.unit_code, dossier: r.code, detail: { moved: r.what, fromPin: mergedPin, toPin: survivorPin, event: e.id } }, now);
      }
    },
  };
}
