import { systemActor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { publish, type Subscriber } from '../../kernel/events.js';
import { CardRevoked } from './events.js';
import * as store from './store.js';

/**
 * A registered death revokes the dead person's cards: the card status then says so to every
 * verifier, not only the registry's "deceased". It runs in the relay's transaction (exactly once
 * with the cursor), as the system, audited, with a `card.revoked` event per card. A card already
 * revoked is left as it is.
 */
export const DEATH_SUBSCRIBER = 'cards.revoke-on-death';
const ACTOR = systemActor(DEATH_SUBSCRIBER);

export function cardDeathSubscriber(ctx: AppContext): Subscriber {
  return {
    name: DEATH_SUBSCRIBER,
    types: ['person.died'],
    async handle(e, tx) {
      const pin = (e.payload as { pin: string }).pin;
      const now = ctx.clock.now();
      for (const card of await store.cardsByPin(tx, pin)) {
        if (card.revokedAt || card.replacedBy) continue;
        if (!(await store.revoke(tx, card.id, 'holder_deceased', now))) continue;
        await recordAudit(tx, { actor: ACTOR, action: 'card.revoke', target: { kind: 'person', id: pin }, unitCode: card.unitCode, dossier: card.dossierCode, detail: { cardId: card.id, reason: 'holder_deceased', event: e.id } }, now);
        await publish(tx, { type: CardRevoked, subject: pin, payload: { cardId: card.id, pin, reason: 'holder_deceased' }, actorId: ACTOR.id }, now);
      }
    },
  };
}
