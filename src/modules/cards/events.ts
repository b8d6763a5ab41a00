import { Type } from '@sinclair/typebox';
import { defineEvent } from '../../kernel/events.js';

/** The cards module's events (docs/events.md). The subject is always the holder's PIN. */
const Pin = Type.String({ pattern: '^[0-9]{12}$' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const closed = { additionalProperties: false } as const;

export const CardIssued = defineEvent('cards', 'card.issued', {
  subject: 'PIN of the holder',
  description: 'A card was produced in a batch (number = PIN, issue and expiry dates, signed chip data); `replaces` is the card it replaces once delivered.',
  payload: Type.Object({ cardId: Type.String(), pin: Pin, issueDate: Day, expiryDate: Type.Union([Day, Type.Null()]), batch: Type.String(), case: Type.String(), dossier: Type.String() }, closed),
});

export const CardDelivered = defineEvent('cards', 'card.delivered', {
  subject: 'PIN of the holder',
  description: 'The card reached its holder (at the office or by post); from now it is the valid card and the previous one is replaced.',
  payload: Type.Object({ cardId: Type.String(), pin: Pin, method: Type.Union([Type.Literal('office'), Type.Literal('post')]), replaced: Type.Union([Type.String(), Type.Null()]) }, closed),
});

export const CardReturned = defineEvent('cards', 'card.returned', {
  subject: 'PIN of the holder',
  description: 'A card could not be delivered and came back to the office; `reason` says why.',
  payload: Type.Object({ cardId: Type.String(), pin: Pin, reason: Type.String() }, closed),
});

export const CardRevoked = defineEvent('cards', 'card.revoked', {
  subject: 'PIN of the holder',
  description: 'A card was revoked (lost, stolen, or its holder deceased): verification answers `revoked` from now on.',
  payload: Type.Object({ cardId: Type.String(), pin: Pin, reason: Type.String() }, closed),
});
