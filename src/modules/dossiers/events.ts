import { Type, type TObject, type TProperties } from '@sinclair/typebox';
import { defineEvent } from '../../kernel/events.js';

/**
 * The events of the dossier engine, one per action (docs/events.md). The subject is the
 * dossier code, so one dossier's events reach subscribers in commit order; every payload names
 * the applicant's PIN so the portal can tell them (and the consenting party theirs).
 */
const closed = { additionalProperties: false } as const;
const Pin = Type.String({ pattern: '^[0-9]{12}$' });
const Common = {
  code: Type.String(),
  procedure: Type.String(),
  unitCode: Type.String({ pattern: '^[0-9]{5}$' }),
  applicantPin: Pin,
  /** The action's position in the dossier's log. */
  seq: Type.Integer({ minimum: 1 }),
};
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Role = Type.Union([Type.Literal('household_head'), Type.Literal('owner'), Type.Literal('guardian'), Type.Literal('other')]);
const SUBJECT = 'dossier code';

// The payload types are checked by `publish` against the schema at run time; statically the
// service builds them in one place (dossier-service.ts `eventOf`).
const event = (type: string, description: string, extra: TProperties) =>
  defineEvent('dossiers', type, { subject: SUBJECT, description, payload: Type.Object({ ...Common, ...extra }, closed) as TObject });

export const DossierSubmitted = event('dossier.submitted', 'A dossier was filed (at the counter, online or by a mobile team) and waits for the intake check.', {
  channel: Type.Union([Type.Literal('counter'), Type.Literal('portal'), Type.Literal('mobile_team')]),
});
export const DossierReceived = event('dossier.received', 'The dossier was found complete and received (CT04 receipt); `dueDate` is the appointment date for the result.', { receivedOn: Day, dueDate: Day });
export const DossierSupplementRequested = event('dossier.supplement_requested', 'The dossier is incomplete (CT05): `missing` lists what to add; the clock does not run until it is complete.', {
  missing: Type.Array(Type.String()),
});
export const DossierSupplemented = event('dossier.supplemented', 'The applicant added what was missing; the dossier is back at the intake check.', {});
export const DossierRefused = event('dossier.refused', 'The dossier was refused at intake (CT06) with the reason codes given.', { reasons: Type.Array(Type.String()) });
export const DossierFeePaid = event('dossier.fee_paid', 'The fee was recorded (0 for a free procedure, recorded automatically at reception).', { amountVnd: Type.Integer({ minimum: 0 }) });
export const DossierAssigned = event('dossier.assigned', 'The dossier was assigned to an officer.', { officerId: Type.String() });
export const DossierReviewStarted = event('dossier.review_started', 'An officer started reviewing the dossier.', {});
export const DossierDecided = event('dossier.decided', 'The dossier was approved (its registry change made in the same transaction) or rejected with reasons.', {
  outcome: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
  reasons: Type.Array(Type.String()),
});
export const DossierResultNotified = event('dossier.result_notified', 'The result notice was given (CT08, or CT06 for a rejection); `late` if after the appointment date.', {
  notice: Type.Union([Type.Literal('CT08'), Type.Literal('CT06')]),
  late: Type.Boolean(),
});
export const DossierWithdrawn = event('dossier.withdrawn', 'The applicant withdrew the dossier before the decision.', {});
export const DossierConsentRequested = event('dossier.consent_requested', 'A person (household head, owner …) was asked to consent; the dossier waits for the answer.', { consentPin: Pin, role: Role });
export const DossierConsentGiven = event('dossier.consent_given', 'A person asked to consent gave their consent.', { consentPin: Pin, role: Role });
export const DossierConsentRefused = event('dossier.consent_refused', 'A person asked to consent refused; the dossier cannot be approved.', { consentPin: Pin, role: Role });
