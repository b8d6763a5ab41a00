import { Type } from '@sinclair/typebox';
import { defineEvent } from '../../../kernel/events.js';

/** Events of the CT07 confirmations (docs/events.md); the subject is the person's PIN. */
const closed = { additionalProperties: false } as const;
const Pin = Type.String({ pattern: '^[0-9]{12}$' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });

export const ResidenceConfirmationIssued = defineEvent('residence', 'residence.confirmation_issued', {
  subject: 'PIN',
  description: 'A confirmation of residence information (CT07) was issued: its number, issuing unit, validity, and whether an officer or the citizen asked for it.',
  payload: Type.Object({ number: Type.String(), pin: Pin, issuingUnit: Type.String(), issuedOn: Day, validUntil: Day, channel: Type.Union([Type.Literal('counter'), Type.Literal('portal')]) }, closed),
});

export const ResidenceConfirmationRevoked = defineEvent('residence', 'residence.confirmation_revoked', {
  subject: 'PIN',
  description: 'A CT07 confirmation was revoked by an officer; verification answers `revoked` from then on.',
  payload: Type.Object({ number: Type.String(), pin: Pin, reason: Type.String() }, closed),
});
