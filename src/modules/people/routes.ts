import { Type } from '@sinclair/typebox';
import { PurposeQuery, readPurpose } from '../../kernel/purpose-query.js';
import { requireOfficer, type App } from '../../kernel/http.js';
import { Closed, PageOf, PageQuery, Problem } from '../../kernel/schemas.js';
import { addHouseholdMember, changeHouseholdHead, createHousehold, getHousehold, listHeadlessHouseholds, recordResidence } from './household-service.js';
import { getFamily, getPersonBrief } from './family.js';
import { registerBirth, registerDeath } from './life-events.js';
import { getPerson, getPersonHistory, reestablishPin, registerPerson, updatePerson } from './person-service.js';
import { importRoutes } from './import/routes.js';
import { listRoutes } from './list-routes.js';
import { referenceLists } from './reference-lists.js';
import { Change, LifeEventChange, CommuneCode, Day, FamilyView, HouseholdView, PartialDateText, PersonBriefView, PersonFields, PersonSearchView, PersonVersionView, PersonView, Pin, PinEntryView, RequestId, ResidenceView, Sex, UnitCode } from './schemas.js';
import { searchPeople } from './search.js';

const Purpose = PurposeQuery;
// The kernel adds 400, 403 and 413 where a body is sent, and 500 (kernel/responses.ts).
const readErrors = { 400: Problem, 401: Problem, 404: Problem };
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const Code = Type.Object({ code: Type.String(), vi: Type.String(), en: Type.String() }, Closed);

/** The population registry over HTTP: every handler authenticates, then makes one service call. */
export async function peopleRoutes(app: App): Promise<void> {
  await app.register(importRoutes);
  await app.register(listRoutes);
  for (const url of ['/api/people/reference', '/api/citizen/reference']) {
  app.get(url, { schema: { tags: ['people'], summary: 'Code lists for forms and labels (no personal data): ethnic groups, religions, nationalities, relationships to the head; officers here, signed-in citizens under /api/citizen/reference', response: { 200: Type.Object({ ethnicities: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }, Closed)), religions: Type.Array(Code), nationalities: Type.Array(Code), relations: Type.Array(Code) }, Closed), 401: Problem } } }, async (req) => {
    if (!req.actor) requireOfficer(req); // the 401 any unauthenticated call gets
    return referenceLists();
  });
  }

  app.get(
    '/api/people',
    {
      schema: {
        tags: ['people'],
        summary: 'Search people by PIN (current or cancelled), old ID number, or name without diacritics and with typos',
        querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 100 }), birthYear: Type.Optional(Type.Integer({ minimum: 1850, maximum: 2400 })), unitCode: Type.Optional(UnitCode), ...Purpose, ...PageQuery }, { additionalProperties: false }),
        response: { 200: PersonSearchView, 400: Problem, 401: Problem },
      },
    },
    async (req) => searchPeople(app.ctx, requireOfficer(req), { ...req.query, purpose: readPurpose(req.query) }),
  );

  app.post(
    '/api/people',
    {
      schema: {
        tags: ['people'],
        summary: 'Enter a person into the registry (issues a PIN unless one is given)',
        body: Type.Object({ ...PersonFields, pin: Type.Optional(Pin), unitCode: CommuneCode, ...Change, ...RequestId }, { additionalProperties: false }),
        response: { 201: PersonView, ...errors, 503: Problem },
      },
    },
    async (req, reply) => {
      const { reasonCode, reasonNote, dossier, requestId, ...input } = req.body;
      return reply.code(201).send(await registerPerson(app.ctx, requireOfficer(req), input, { reasonCode, reasonNote: reasonNote ?? null, dossier: dossier ?? null, requestId }));
    },
  );

  app.get(
    '/api/people/:pin',
    {
      schema: {
        tags: ['people'],
        summary: 'A person by current or cancelled PIN (logged in the access log)',
        params: Type.Object({ pin: Pin }),
        querystring: Type.Object(Purpose, { additionalProperties: false }),
        response: {
          200: Type.Object({
            person: PersonView,
            requestedPin: Type.String(),
            replacedBy: Type.Union([Type.String(), Type.Null()]),
            pins: Type.Array(PinEntryView),
            residences: Type.Array(ResidenceView),
            household: Type.Union([Type.Object({ id: Type.String(), householdNo: Type.String(), relation: Type.String(), validFrom: Type.String() }, Closed), Type.Null()]),
          }, Closed),
          ...readErrors,
        },
      },
    },
    async (req) => getPerson(app.ctx, requireOfficer(req), req.params.pin, readPurpose(req.query)),
  );

  app.get(
    '/api/people/:pin/brief',
    {
      schema: {
        tags: ['people'],
        summary: 'Name, date of birth, sex and status behind a PIN, for a form that must show whom a typed PIN names (logged; outside the officer’s area answers like unknown)',
        params: Type.Object({ pin: Pin }),
        querystring: Type.Object(Purpose, { additionalProperties: false }),
        response: { 200: PersonBriefView, ...readErrors },
      },
    },
    async (req) => getPersonBrief(app.ctx, requireOfficer(req), req.params.pin, readPurpose(req.query)),
  );

  app.get(
    '/api/people/:pin/family',
    {
      schema: {
        tags: ['people'],
        summary: 'Parents, spouse and children by name; a relative outside the officer’s area shows only as such (each person shown is logged)',
        params: Type.Object({ pin: Pin }),
        querystring: Type.Object(Purpose, { additionalProperties: false }),
        response: { 200: FamilyView, ...readErrors },
      },
    },
    async (req) => getFamily(app.ctx, requireOfficer(req), req.params.pin, readPurpose(req.query)),
  );

  app.get(
    '/api/people/:pin/history',
    {
      schema: {
        tags: ['people'],
        summary: 'Every version of the record (who, when, why) and every PIN held',
        params: Type.Object({ pin: Pin }),
        querystring: Type.Object(Purpose, { additionalProperties: false }),
        response: {
          200: Type.Object({
            pin: Type.String(),
            versions: Type.Array(PersonVersionView),
            pins: Type.Array(PinEntryView),
          }, Closed),
          ...readErrors,
        },
      },
    },
    async (req) => getPersonHistory(app.ctx, requireOfficer(req), req.params.pin, readPurpose(req.query)),
  );

  const { fullName, birthDate, sex, ethnicity, ...optionalFields } = PersonFields;
  app.patch(
    '/api/people/:pin',
    {
      schema: {
        tags: ['people'],
        summary: 'Change a person’s data: a new version; 409 version_conflict if someone else changed it first',
        params: Type.Object({ pin: Pin }),
        body: Type.Object(
          { fullName: Type.Optional(fullName), birthDate: Type.Optional(birthDate), sex: Type.Optional(sex), ethnicity: Type.Optional(ethnicity), ...optionalFields, expectedVersion: Type.Integer({ minimum: 1 }), ...Change },
          { additionalProperties: false },
        ),
        response: { 200: PersonView, ...errors },
      },
    },
    async (req) => {
      const { reasonCode, reasonNote, dossier, ...input } = req.body;
      return updatePerson(app.ctx, requireOfficer(req), req.params.pin, input, { reasonCode, reasonNote: reasonNote ?? null, dossier: dossier ?? null });
    },
  );

  app.post(
    '/api/people/:pin/reestablish-pin',
    {
      schema: {
        tags: ['people'],
        summary: 'Cancel the PIN and issue a new one from corrected birth date / sex / place of birth registration',
        params: Type.Object({ pin: Pin }),
        body: Type.Object({ birthDate: Type.Optional(PartialDateText), sex: Type.Optional(Sex), birthPlaceCode: Type.Optional(Type.String({ pattern: '^([0-9]{2}|[0-9]{5})$', maxLength: 5 })), expectedVersion: Type.Integer({ minimum: 1 }), ...Change }, { additionalProperties: false }),
        response: { 200: Type.Object({ oldPin: Type.String(), newPin: Type.String(), person: PersonView }, Closed), ...errors },
      },
    },
    async (req) => {
      const { reasonCode, reasonNote, dossier, ...input } = req.body;
      return reestablishPin(app.ctx, requireOfficer(req), req.params.pin, input, { reasonCode, reasonNote: reasonNote ?? null, dossier: dossier ?? null });
    },
  );

  app.post(
    '/api/people/:pin/residences',
    {
      schema: {
        tags: ['people'],
        summary: 'Record a temporary or current residence (closes the previous one of that kind)',
        params: Type.Object({ pin: Pin }),
        body: Type.Object({ kind: Type.Union([Type.Literal('temporary'), Type.Literal('current')]), unitCode: CommuneCode, address: Type.String({ minLength: 3, maxLength: 300, examples: ['Số 12, phố Đội Cấn'] }), validFrom: Day, plannedEnd: Type.Optional(Day), ...Change }, { additionalProperties: false }),
        response: { 200: Type.Array(ResidenceView), ...errors },
      },
    },
    async (req) => {
      const { reasonCode, reasonNote, dossier, ...input } = req.body;
      return recordResidence(app.ctx, requireOfficer(req), req.params.pin, input, { reasonCode, reasonNote: reasonNote ?? null, dossier: dossier ?? null });
    },
  );

  app.post(
    '/api/births',
    {
      schema: {
        tags: ['life events'],
        summary: 'Register a birth: new person with a new PIN, parents linked, joins the parents’ household',
        body: Type.Object(
          { fullName, birthDate: Day, sex, ethnicity, nationality: PersonFields.nationality, religion: PersonFields.religion, birthPlaceCode: CommuneCode, birthPlace: PersonFields.birthPlace, birthFacility: PersonFields.birthFacility, birthAddress: PersonFields.birthAddress, birthAddressUnitCode: PersonFields.birthAddressUnitCode, originPlaceCode: PersonFields.originPlaceCode, originPlace: PersonFields.originPlace, fatherPin: PersonFields.fatherPin, motherPin: PersonFields.motherPin, householdNo: Type.Optional(Type.String({ pattern: '^[0-9]{5}-[0-9]{8}$', maxLength: 14 })), ...LifeEventChange, ...RequestId },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ person: PersonView, householdNo: Type.Union([Type.String(), Type.Null()]), relation: Type.Union([Type.String(), Type.Null()]) }, Closed), ...errors, 503: Problem },
      },
    },
    async (req, reply) => {
      const { reasonCode, reasonNote, dossier, requestId, ...input } = req.body;
      return reply.code(201).send(await registerBirth(app.ctx, requireOfficer(req), input, { reasonCode, reasonNote: reasonNote ?? null, dossier: dossier ?? null, requestId }));
    },
  );

  app.post(
    '/api/deaths',
    {
      schema: {
        tags: ['life events'],
        summary: 'Register a death: closes residence and household membership, locks the record',
        body: Type.Object({ pin: Pin, deathDate: PartialDateText, expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })), ...LifeEventChange }, { additionalProperties: false }),
        response: { 200: Type.Object({ person: PersonView, closedResidences: Type.Integer(), headlessHouseholdNo: Type.Union([Type.String(), Type.Null()]) }, Closed), ...errors },
      },
    },
    async (req) => {
      const { reasonCode, reasonNote, dossier, ...input } = req.body;
      return registerDeath(app.ctx, requireOfficer(req), input, { reasonCode, reasonNote: reasonNote ?? null, dossier: dossier ?? null });
    },
  );

  const HouseholdNo = Type.String({ pattern: '^[0-9]{5}-[0-9]{8}$', maxLength: 14, description: 'commune code and serial, 00004-00001234', examples: ['00004-00000001'] });
  app.get(
    '/api/households',
    {
      schema: {
        tags: ['households'],
        summary: 'Households without a living head in the officer’s unit',
        querystring: Type.Object({ headless: Type.Literal(true), ...PageQuery }, { additionalProperties: false }),
        response: { 200: PageOf(Type.Object({ id: Type.String(), householdNo: Type.String(), unitCode: Type.String(), address: Type.String(), members: Type.Integer() }, Closed)), 400: Problem, 401: Problem },
      },
    },
    async (req) => listHeadlessHouseholds(app.ctx, requireOfficer(req), req.query),
  );

  app.get(
    '/api/households/:householdNo',
    { schema: { tags: ['households'], params: Type.Object({ householdNo: HouseholdNo }), querystring: Type.Object(Purpose, { additionalProperties: false }), response: { 200: HouseholdView, ...readErrors } } },
    async (req) => getHousehold(app.ctx, requireOfficer(req), req.params.householdNo, readPurpose(req.query)),
  );

  app.post(
    '/api/households',
    {
      schema: {
        tags: ['households'],
        summary: 'Create a household with its head and members (their permanent residence moves there)',
        body: Type.Object(
          {
            unitCode: CommuneCode,
            address: Type.String({ minLength: 3, maxLength: 300 }),
            headPin: Pin,
            members: Type.Array(Type.Object({ pin: Pin, relation: Type.String({ maxLength: 20, examples: ['con'] }) }, { additionalProperties: false }), { maxItems: 50 }),
            validFrom: Day,
            minorHeadReason: Type.Optional(Type.String({ maxLength: 300 })),
            ...Change,
            ...RequestId,
          },
          { additionalProperties: false },
        ),
        response: { 201: HouseholdView, ...errors },
      },
    },
    async (req, reply) => {
      const { reasonCode, reasonNote, dossier, requestId, ...input } = req.body;
      return reply.code(201).send(await createHousehold(app.ctx, requireOfficer(req), input, { reasonCode, reasonNote: reasonNote ?? null, dossier: dossier ?? null, requestId }));
    },
  );

  app.post(
    '/api/households/:householdNo/members',
    {
      schema: {
        tags: ['households'],
        params: Type.Object({ householdNo: HouseholdNo }),
        body: Type.Object({ pin: Pin, relation: Type.String({ maxLength: 20, examples: ['con'] }), validFrom: Day, ...Change }, { additionalProperties: false }),
        response: { 200: HouseholdView, ...errors },
      },
    },
    async (req) => {
      const { reasonCode, reasonNote, dossier, ...input } = req.body;
      return addHouseholdMember(app.ctx, requireOfficer(req), req.params.householdNo, input, { reasonCode, reasonNote: reasonNote ?? null, dossier: dossier ?? null });
    },
  );

  app.post(
    '/api/households/:householdNo/head',
    {
      schema: {
        tags: ['households'],
        summary: 'Change the household head',
        params: Type.Object({ householdNo: HouseholdNo }),
        body: Type.Object({ newHeadPin: Pin, formerHeadRelation: Type.String({ maxLength: 20, examples: ['vo'] }), validFrom: Day, minorHeadReason: Type.Optional(Type.String({ maxLength: 300 })), ...Change }, { additionalProperties: false }),
        response: { 200: HouseholdView, ...errors },
      },
    },
    async (req) => {
      const { reasonCode, reasonNote, dossier, ...input } = req.body;
      return changeHouseholdHead(app.ctx, requireOfficer(req), req.params.householdNo, input, { reasonCode, reasonNote: reasonNote ?? null, dossier: dossier ?? null });
    },
  );
}
