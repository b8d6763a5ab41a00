import { Type } from '@sinclair/typebox';
import { defineEvent } from '../../kernel/events.js';

/**
 * The events the population registry publishes, each with one shape (docs/events.md). Subjects
 * are a person's PIN (the current one at the time of the event) or a household number, so one
 * person's or household's events reach subscribers in the order they were committed.
 */
const Pin = Type.String({ pattern: '^[0-9]{12}$' });
const HouseholdNo = Type.String({ pattern: '^[0-9]{5}-[0-9]{8}$' });
const Commune = Type.String({ pattern: '^[0-9]{5}$' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const closed = { additionalProperties: false } as const;

export const PersonRegistered = defineEvent('people', 'person.registered', {
  subject: 'PIN of the person',
  description: 'A person was entered into the registry (data entry of someone not born through a birth registration).',
  payload: Type.Object({ pin: Pin, unitCode: Commune }, closed),
});

export const PersonUpdated = defineEvent('people', 'person.updated', {
  subject: 'PIN of the person',
  description: 'A person record changed; `fields` names what changed, `version` is the new version.',
  payload: Type.Object({ pin: Pin, version: Type.Integer({ minimum: 1 }), fields: Type.Array(Type.String()), dossier: Nullable(Type.String()) }, closed),
});

export const PersonBorn = defineEvent('people', 'person.born', {
  subject: 'PIN of the child',
  description: 'A birth was registered: a new person with a new PIN, linked to the parents and (where one was found) a household.',
  payload: Type.Object(
    { pin: Pin, birthDate: Type.String(), sex: Type.Union([Type.Literal('M'), Type.Literal('F')]), fatherPin: Nullable(Pin), motherPin: Nullable(Pin), householdNo: Nullable(HouseholdNo) },
    closed,
  ),
});

export const PersonDied = defineEvent('people', 'person.died', {
  subject: 'PIN of the person',
  description: 'A death was registered: residences and household membership closed, the record locked. `headlessHouseholdNo` is set when the deceased was a head.',
  payload: Type.Object({ pin: Pin, deathDate: Type.String(), headlessHouseholdNo: Nullable(HouseholdNo) }, closed),
});

export const PinReestablished = defineEvent('people', 'person.pin_reestablished', {
  subject: 'the new PIN',
  description: 'A PIN was cancelled and a new one issued from corrected data; the old PIN still resolves to the person.',
  payload: Type.Object({ personId: Type.String(), oldPin: Pin, newPin: Pin }, closed),
});

export const ResidenceRegistered = defineEvent('people', 'residence.registered', {
  subject: 'PIN of the person',
  description: 'A residence period was opened for a person (permanent: in a household; temporary or current: at an address). The previous one of the same kind, if any, was closed.',
  payload: Type.Object(
    {
      pin: Pin,
      kind: Type.Union([Type.Literal('permanent'), Type.Literal('temporary'), Type.Literal('current')]),
      unitCode: Commune,
      householdNo: Nullable(HouseholdNo),
      validFrom: Type.String(),
      dossier: Nullable(Type.String()),
    },
    closed,
  ),
});

export const HouseholdCreated = defineEvent('people', 'household.created', {
  subject: 'household number',
  description: 'A household was created with its head and members (each also gets a residence.registered).',
  payload: Type.Object({ householdNo: HouseholdNo, unitCode: Commune, headPin: Pin, memberPins: Type.Array(Pin), dossier: Nullable(Type.String()) }, closed),
});

export const HouseholdHeadChanged = defineEvent('people', 'household.head_changed', {
  subject: 'household number',
  description: 'Another member became the head of the household.',
  payload: Type.Object({ householdNo: HouseholdNo, fromPin: Nullable(Pin), toPin: Pin, dossier: Nullable(Type.String()) }, closed),
});

const Counts = Type.Object({ read: Type.Integer(), loaded: Type.Integer(), alreadyPresent: Type.Integer(), rejected: Type.Integer() }, closed);
export const PeopleImported = defineEvent('people', 'people.imported', {
  subject: 'import batch id',
  description: 'A bulk import finished; counts of rows read, loaded, already present and rejected.',
  payload: Type.Object({ people: Counts, households: Counts }, closed),
});

export const ResidenceClosed = defineEvent('people', 'residence.closed', {
  subject: 'PIN of the person',
  description: 'A residence period was closed without a new one of the same kind opening in its place here (a removal, the end of a temporary residence, or a move registered in another commune). `dossier` names the dossier that closed it.',
  payload: Type.Object(
    {
      pin: Pin,
      kind: Type.Union([Type.Literal('permanent'), Type.Literal('temporary'), Type.Literal('current')]),
      unitCode: Commune,
      validTo: Type.String(),
      reason: Type.String(),
      dossier: Nullable(Type.String()),
    },
    closed,
  ),
});

export const HouseholdMemberLeft = defineEvent('people', 'household.member_left', {
  subject: 'household number',
  description: 'A member left the household (moved, removed, split off). `headless` is true when the head left and nobody was named head: a defect the commune must fix; `newHeadPin` when someone was.',
  payload: Type.Object({ householdNo: HouseholdNo, pin: Pin, wasHead: Type.Boolean(), headless: Type.Boolean(), newHeadPin: Nullable(Pin), dossier: Nullable(Type.String()) }, closed),
});

export const HouseholdSplit = defineEvent('people', 'household.split', {
  subject: 'household number (the household split from)',
  description: 'Members left a household for a new household at the same address with its own head (tách hộ).',
  payload: Type.Object({ householdNo: HouseholdNo, newHouseholdNo: HouseholdNo, headPin: Pin, memberPins: Type.Array(Pin), dossier: Nullable(Type.String()) }, closed),
});

export const HouseholdAdjusted = defineEvent('people', 'household.adjusted', {
  subject: 'household number',
  description: 'Household data other than the head changed (the address wording); `fields` names what changed.',
  payload: Type.Object({ householdNo: HouseholdNo, fields: Type.Array(Type.String()), dossier: Nullable(Type.String()) }, closed),
});

export const PersonMerged = defineEvent('people', 'person.merged', {
  subject: 'PIN of the surviving record',
  description: 'Two records of one person were merged: the duplicate’s PIN is cancelled and points to the survivor, its residences, household membership and links moved over. Other modules move what they hold for `mergedId` / `mergedPin` to the survivor. `headlessHouseholdNo` is set when the duplicate headed a household the survivor does not belong to.',
  payload: Type.Object({ survivorPin: Pin, survivorId: Type.String(), mergedPin: Pin, mergedId: Type.String(), headlessHouseholdNo: Nullable(HouseholdNo) }, closed),
});
