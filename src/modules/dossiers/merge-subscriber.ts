import { systemActor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { payloadOf, type Subscriber } from '../../kernel/events.js';
import { peopleEvents } from '../people/index.js';
import { applyAction, FINAL_STATUSES, stateOf, type Action } from './model.js';
import { findProcedure } from './procedures.js';
import * as store from './store.js';

/**
 * Two records of one person were merged (`person.merged`): the duplicate's dossiers become the
 * survivor's, so the citizen finds them under the PIN that stays and the officer's effects
 * (which read the applicant by PIN) write to the surviving record. A consent still waiting on the
 * duplicate moves to the survivor by a `transfer_consent` action (the log is append-only, so an
 * answer the duplicate already gave stays its own), so the survivor finds it in the consent
 * inbox and can answer it. The dossier keeps its code, history and form as filed; one audit row
 * per dossier says what moved. In the relay's transaction.
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
      await transferPendingConsents(tx, { mergedId, mergedPin, survivorId, survivorPin }, now, e.id);
    },
  };
}

/** Every consent request still waiting on the merged record, in an unfinished dossier, now waits on the survivor. */
async function transferPendingConsents(tx: Executor, m: { mergedId: string; mergedPin: string; survivorId: string; survivorPin: string }, now: Date, eventId: number): Promise<void> {
  const ids = await tx.query<{ id: string }>(
    `SELECT DISTINCT a.dossier_id::text AS id FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id
      WHERE a.type IN ('request_consent', 'transfer_consent') AND a.payload->>'personId' = $1 AND NOT (d.state = ANY($2))
      ORDER BY 1`,
    [m.mergedId, FINAL_STATUSES],
  );
  for (const { id } of ids.rows) {
    const d = await store.findDossier(tx, id, { lock: true });
    const p = d && findProcedure(d.procedureCode);
    if (!d || !p) continue;
    let state = stateOf(p, await store.listActions(tx, d.id));
    const waiting = state.consents.filter((c) => c.personId === m.mergedId && c.status === 'requested');
    for (const c of waiting) {
      const action: Action = {
        seq: state.lastSeq + 1,
        type: 'transfer_consent',
        status: 'accepted',
        actor: { kind: ACTOR.kind, id: ACTOR.id },
        at: now.toISOString(),
        payload: { requestSeq: c.requestSeq, personId: m.survivorId, pin: m.survivorPin, reason: 'person_merged' },
      };
      state = applyAction(p, state, action);
      await store.insertAction(tx, d.id, action);
      await recordAudit(tx, { actor: ACTOR, action: 'dossier.transfer_consent', target: { kind: 'dossier', id: d.code }, unitCode: d.unitCode, dossier: d.code, detail: { seq: action.seq, requestSeq: c.requestSeq, fromPin: m.mergedPin, toPin: m.survivorPin, event: eventId } }, now);
    }
    if (waiting.length > 0) await store.saveState(tx, d.id, state);
  }
}
