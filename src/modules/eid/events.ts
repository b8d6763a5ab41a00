import { Type } from '@sinclair/typebox';
import { defineEvent } from '../../kernel/events.js';

/** The events the e-ID module publishes, each with one shape (docs/events.md). The subject is the e-ID account id. */
const Pin = Type.String({ pattern: '^[0-9]{12}$' });
const closed = { additionalProperties: false } as const;

export const EidEnrolled = defineEvent('eid', 'eid.enrolled', {
  subject: 'e-ID account id',
  description: 'A level-1 account was enrolled: online by the citizen (waiting for review), or for a child under 14 by a level-2 parent (`guardianPin`).',
  payload: Type.Object({ pin: Pin, level: Type.Literal(1), guardianPin: Type.Union([Pin, Type.Null()]) }, closed),
});

const Review = Type.Object({ pin: Pin }, closed);
export const EnrolmentApproved = defineEvent('eid', 'eid.enrolment_approved', {
  subject: 'e-ID account id',
  description: 'An officer approved a level-1 enrolment after comparing the photo with the registry.',
  payload: Review,
});
export const EnrolmentRejected = defineEvent('eid', 'eid.enrolment_rejected', {
  subject: 'e-ID account id',
  description: 'An officer refused a level-1 enrolment (the reason is in the audit log and told to the citizen).',
  payload: Review,
});

export const EidUpgraded = defineEvent('eid', 'eid.upgraded', {
  subject: 'e-ID account id',
  description: 'The citizen activated level 2 after the in-person verification.',
  payload: Type.Object({ pin: Pin, level: Type.Literal(2) }, closed),
});

export const DocumentAdded = defineEvent('eid', 'eid.document_added', {
  subject: 'PIN of the holder',
  description: 'An issuing agency added a signed document (insurance card, licence, certificate) to the citizen\'s account.',
  payload: Type.Object({ kind: Type.String(), issuer: Type.String() }, closed),
});
