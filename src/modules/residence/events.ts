import { Type } from '@sinclair/typebox';
import { defineEvent } from '../../kernel/events.js';

/**
 * The residence module's own events (docs/events.md). Registry changes the procedures make
 * are published by the people module (residence.registered, residence.closed, household.*);
 * these are the facts the residence module keeps itself.
 */
const Pin = Type.String({ pattern: '^[0-9]{12}$' });
const Commune = Type.String({ pattern: '^[0-9]{5}$' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const closed = { additionalProperties: false } as const;

export const RemovalNoticed = defineEvent('residence', 'residence.removal_noticed', {
  subject: 'PIN of the person',
  description: 'The commune gave notice that a permanent residence will be removed ex officio; the removal may be decided from `decidableOn`.',
  payload: Type.Object({ pin: Pin, unitCode: Commune, ground: Type.String(), decidableOn: Day }, closed),
});

export const AbsenceDeclared = defineEvent('residence', 'residence.absence_declared', {
  subject: 'PIN of the person',
  description: 'An absence declaration (khai báo tạm vắng) was accepted under a dossier; `slipNo` is the CT03 slip.',
  payload: Type.Object({ pin: Pin, unitCode: Commune, validFrom: Day, validTo: Day, slipNo: Type.String(), dossier: Type.String() }, closed),
});

export const StayNotified = defineEvent('residence', 'residence.stay_notified', {
  subject: 'PIN of the guest',
  description: 'A host notified a stay (thông báo lưu trú); `onTime` says whether before the deadline (23:00 on the day, 08:00 next day for arrivals from 23:00).',
  payload: Type.Object({ pin: Pin, unitCode: Commune, stayFrom: Type.String(), stayTo: Day, onTime: Type.Boolean() }, closed),
});

export const FloorAreaSet = defineEvent('residence', 'residence.floor_area_set', {
  subject: 'province code',
  description: "A province's minimum floor area per person for registering in rented or borrowed dwellings was set.",
  payload: Type.Object({ provinceCode: Type.String({ pattern: '^[0-9]{2}$' }), minM2PerPerson: Type.Number({ minimum: 8 }) }, closed),
});
