import { systemActor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { payloadOf, type Subscriber } from '../../kernel/events.js';
import { peopleEvents } from '../people/index.js';

/**
 * Two records of one person were merged (`person.merged`): the residence module's own records
 * of the duplicate (absences, removal notices, stays, issued confirmations) are re-keyed to the
 * survivor, so the survivor's residence history is whole. What was issued keeps the PIN it was
 * issued under (a printed CT07 stays as printed); only the person it belongs to changes. The
 * registry's residences themselves were moved by the merge. One audit row says what moved.
 */
export const RESIDENCE_MERGE_SUBSCRIBER = 'residence.follow-merge';
const ACTOR = systemActor(RESIDENCE_MERGE_SUBSCRIBER);

const TABLES = [
  { table: 'residence_absence', column: 'person_id' },
  { table: 'residence_removal_notice', column: 'person_id' },
  { table: 'stay_notice', column: 'guest_person_id' },
  { table: 'residence_confirmation', column: 'person_id' },
] as const;

export function residenceMergeSubscriber(ctx: AppContext): Subscriber {
  return {
    name: RESIDENCE_MERGE_SUBSCRIBER,
    types: ['person.merged'],
    async handle(e, tx) {
      const { mergedId, mergedPin, survivorId, survivorPin } = payloadOf(peopleEvents.PersonMerged, e);
      const moved: Record<string, number> = {};
      for (const { table, column } of TABLES) {
        const r = await tx.query(`UPDATE ${table} SET ${column} = $2 WHERE ${column} = $1`, [mergedId, survivorId]);
        if (r.rowCount) moved[table] = r.rowCount;
      }
      if (Object.keys(moved).length === 0) return;
      await recordAudit(tx, { actor: ACTOR, action: 'residence.follow_merge', target: { kind: 'person', id: survivorPin }, detail: { moved, fromPin: mergedPin, toPin: survivorPin, event: e.id } }, ctx.clock.now());
    },
  };
}
