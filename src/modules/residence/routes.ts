import { Type } from '@sinclair/typebox';
import { requireOfficer, type App } from '../../kernel/http.js';
import { Closed, Problem } from '../../kernel/schemas.js';
import { requireCitizen } from '../eid/index.js';
import { listFloorAreas, notifyStay, recordRemovalNotice, setFloorArea } from './service.js';

const Pin = Type.String({ pattern: '^[0-9]{12}$', maxLength: 12 });
const Commune = Type.String({ pattern: '^[0-9]{5}$', maxLength: 5 });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10 });
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const FloorArea = Type.Object({ provinceCode: Type.String(), minM2PerPerson: Type.Number(), setAt: Type.String(), setBy: Type.String() }, Closed);
const StayBody = Type.Object(
  {
    guestPin: Pin,
    unitCode: Commune,
    address: Type.String({ minLength: 3, maxLength: 500 }),
    stayFrom: Type.String({ format: 'date-time', maxLength: 40, description: 'When the stay starts (arrival), an ISO instant' }),
    stayTo: Day,
    reason: Type.String({ minLength: 2, maxLength: 500 }),
    requestId: Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' }),
  },
  Closed,
);
const StayAnswer = Type.Object({ id: Type.String(), deadline: Type.String(), onTime: Type.Boolean(), notifiedAt: Type.String() }, Closed);

/**
 * The residence module over HTTP besides the dossiers (filed through /api/dossiers): the
 * floor-area minimum per province, removal notices, and stay notifications.
 */
export async function residenceRoutes(app: App): Promise<void> {
  const ctx = app.ctx;

  app.get('/api/residence/floor-areas', { schema: { tags: ['residence'], summary: "Each province's minimum floor area per person (m²) for registering in rented or borrowed dwellings", response: { 200: Type.Array(FloorArea), 401: Problem } } }, async (req) =>
    listFloorAreas(ctx, requireOfficer(req)),
  );

  app.put(
    '/api/residence/floor-areas/:provinceCode',
    {
      schema: {
        tags: ['residence'],
        summary: "Set a province's minimum floor area per person (never below 8 m²)",
        params: Type.Object({ provinceCode: Type.String({ pattern: '^[0-9]{2}$', maxLength: 2 }) }, Closed),
        body: Type.Object({ minM2PerPerson: Type.Number({ minimum: 0, maximum: 1000 }) }, Closed),
        response: { 200: Type.Object({ provinceCode: Type.String(), minM2PerPerson: Type.Number(), previous: Type.Union([Type.Number(), Type.Null()]) }, Closed), ...errors },
      },
    },
    async (req) => setFloorArea(ctx, requireOfficer(req), req.params.provinceCode, req.body.minM2PerPerson),
  );

  app.post(
    '/api/residence/removal-notices',
    {
      schema: {
        tags: ['residence'],
        summary: 'Record the notice before an ex-officio removal of permanent residence (decidable 7 days later)',
        body: Type.Object(
          {
            pin: Pin,
            ground: Type.Union([Type.Literal('settled_abroad'), Type.Literal('absent_over_12_months'), Type.Literal('lost_nationality'), Type.Literal('no_lawful_dwelling'), Type.Literal('registration_revoked'), Type.Literal('moved_elsewhere')]),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          Closed,
        ),
        response: { 201: Type.Object({ id: Type.String(), pin: Type.String(), unitCode: Type.String(), noticedOn: Type.String(), decidableOn: Type.String() }, Closed), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await recordRemovalNotice(ctx, requireOfficer(req), req.body)),
  );

  app.post(
    '/api/residence/stay-notices',
    { schema: { tags: ['residence'], summary: 'Record a stay notification given at the desk (immediate, no dossier; on time or late)', body: StayBody, response: { 201: StayAnswer, ...errors } } },
    async (req, reply) => reply.code(201).send(await notifyStay(ctx, requireOfficer(req), req.body)),
  );

  app.post(
    '/api/citizen/residence/stay-notices',
    { schema: { tags: ['residence'], summary: 'A host notifies a stay (immediate, no dossier; on time before 23:00, or 08:00 next day for arrivals from 23:00)', body: StayBody, response: { 201: StayAnswer, ...errors } } },
    async (req, reply) => reply.code(201).send(await notifyStay(ctx, requireCitizen(req), req.body)),
  );
}
