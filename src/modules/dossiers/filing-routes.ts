import { Type } from '@sinclair/typebox';
import { requireOfficer, type App } from '../../kernel/http.js';
import { PurposeQuery, readPurpose } from '../../kernel/purpose-query.js';
import { Closed, Problem } from '../../kernel/schemas.js';
import { requireCitizen } from '../eid/index.js';
import { PREFILL_PATHS } from './contracts.js';
import { fileOnline, getPrefill, listConsentRequests, proceduresFor } from './filing-service.js';
import { ConsentRoleSchema, DossierView, FormSchema, Message, ProcedureView } from './schemas.js';

const Str = Type.String();
const Pin = Type.String({ pattern: '^[0-9]{12}$', maxLength: 12 });
const Commune = Type.String({ pattern: '^[0-9]{5}$', maxLength: 5 });
const RequestId = Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$', description: 'Your id of this submission: a retry with the same id returns the same dossier' });
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

const PrefillView = Type.Object(
  {
    person: Type.Object({ pin: Str, fullName: Str }, Closed),
    values: Type.Object(Object.fromEntries(PREFILL_PATHS.map((k) => [k, Type.Union([Str, Type.Null()])])), { ...Closed, description: 'Each x-prefill path with the registry value, null where the registry holds none' }),
  },
  Closed,
);

const ConsentRequestView = Type.Object(
  {
    dossierId: Str,
    code: Str,
    procedure: Type.Object({ code: Str, name: Message }, Closed),
    applicantName: Str,
    address: Type.Union([Str, Type.Null()]),
    role: ConsentRoleSchema,
    requestSeq: Type.Integer(),
    requestedAt: Str,
    note: Type.Union([Str, Type.Null()]),
    lastSeq: Type.Integer(),
  },
  Closed,
);

/** Online filing, prefill and the consent inbox over HTTP; each handler makes one service call. */
export async function filingRoutes(app: App): Promise<void> {
  const ctx = app.ctx;

  app.get('/api/citizen/procedures', { schema: { tags: ['dossiers'], summary: 'The procedures you can file online, each with its form as JSON Schema', response: { 200: Type.Array(ProcedureView), 401: Problem } } }, async (req) => {
    requireCitizen(req);
    return proceduresFor('portal');
  });

  app.post(
    '/api/citizen/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'File a dossier online as the signed-in citizen (idempotent by requestId; e-ID level 2 where the procedure needs it); it waits for the intake check',
        body: Type.Object({ procedure: Type.String({ minLength: 1, maxLength: 64 }), unitCode: Commune, requestId: RequestId, form: FormSchema }, Closed),
        response: { 201: DossierView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await fileOnline(ctx, requireCitizen(req), req.body)),
  );

  app.get(
    '/api/citizen/prefill',
    { schema: { tags: ['dossiers'], summary: 'What the registry holds for your forms (residences, household, its head), so you are not asked again (access-logged)', response: { 200: PrefillView, 401: Problem, 404: Problem } } },
    async (req) => {
      const actor = requireCitizen(req);
      return getPrefill(ctx, actor, actor.pin, { code: 'citizen_self_view' });
    },
  );

  app.get(
    '/api/dossiers/prefill',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'What the registry holds for an applicant at the counter (residences, household, its head), to prefill a form (access-logged with the purpose)',
        querystring: Type.Object({ pin: Pin, ...PurposeQuery }, Closed),
        response: { 200: PrefillView, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req) => getPrefill(ctx, requireOfficer(req), req.query.pin, readPurpose(req.query, { code: 'dossier_processing' })),
  );

  app.get(
    '/api/citizen/consent-requests',
    { schema: { tags: ['dossiers'], summary: 'Dossiers waiting for your consent (as household head, owner …): answer with give_consent or refuse_consent on /api/citizen/dossiers/:id/actions', response: { 200: Type.Array(ConsentRequestView), 401: Problem } } },
    async (req) => listConsentRequests(ctx, requireCitizen(req)),
  );
}
