import { systemActor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { payloadOf, publish, type Subscriber } from '../../kernel/events.js';
import { peopleEvents } from '../people/index.js';
import { CardRevoked } from './events.js';
import * as store from './store.js';

/**
 * Two records of one person were merged (`person.merged`): the duplicate's cards become the
 * survivor's history, and any still valid is revoked, because its number is the cancelled PIN;
 * the person applies for a card under the PIN that stays. In the relay's transaction, audited.
 */
export const MERGE_SUBSCRIBER = 'cards.follow-merge';
const ACTOR = systemActor(MERGE_SUBSCRIBER);

export function cardMergeSubscriber(ctx: AppContext): Subscriber {
  return {
    name: MERGE_SUBSCRIBER,
    types: ['person.merged'],
    async handle(e, tx) {
      const { mergedPin, mergedId, survivorId, survivorPin } = payloadOf(peopleEvents.PersonMerged, e);
      const now = ctx.clock.now();
      for (const card of await store.cardsByPin(tx, mergedPin)) {
        if (card.revokedAt || card.replacedBy) continue;
        if (!(await store.revoke(tx, card.id, 'duplicate_merged', now))) continue;
        await recordAudit(tx, { actor: ACTOR, action: 'card.revoke', target: { kind: 'person', id: survivorPin }, unitCode: card.unitCode, dossier: card.dossierCode, detail: { cardId: card.id, reason: 'duplicate_merged', cardPin: mergedPin, event: e.id } }, now);
        await publish(tx, { type: CardRevoked, subject: mergedPin, payload: { cardId: card.id, pin: mergedPin, reason: 'duplicate_merged' }, actorId: ACTOR.id }, now);
      }
      for (const table of ['card', 'card_intake', 'card_appointment']) await tx.query(`UPDATE ${table} SET person_id = $2 WHERE person_id = $1`, [mergedId, survivorId]);
    },
  };
}
