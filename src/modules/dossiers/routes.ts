import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { requireOfficer, type App } from '../../kernel/http.js';
import { Closed, PageOf, PageQuery, Problem } from '../../kernel/schemas.js';
import { requireCitizen } from '../eid/index.js';
import { prepareUpload, readAttachment, storeAttachment } from './attachments.js';
import { actOnDossier, getDossier, listDossiers, listOwnDossiers, submitDossier } from './dossier-service.js';
import { proceduresFor } from './filing-service.js';
import { filingRoutes } from './filing-routes.js';
import { ActionBody, AttachmentView, DossierSummaryView, DossierView, FormSchema, ProcedureView, StatusSchema } from './schemas.js';
import { PurposeQuery, readPurpose } from '../../kernel/purpose-query.js';
import type { ReadPurpose } from '../../kernel/purposes.js';

// Reading a dossier is handling it unless the officer names another purpose.
const HANDLING: ReadPurpose = { code: 'dossier_processing' };
const Id = Type.String({ maxLength: 36 });
const Pin = Type.String({ pattern: '^[0-9]{12}$', maxLength: 12 });
const Commune = Type.String({ pattern: '^[0-9]{5}$', maxLength: 5 });
const ProcedureCode = Type.String({ minLength: 1, maxLength: 64 });
const RequestId = Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$', description: 'Your id of this submission: a retry with the same id returns the same dossier' });
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
/** Attachments arrive as raw bytes; their type is decided by their content. */
const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'];
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const FileResponse = {
  description: 'The attachment as uploaded (PDF, JPEG or PNG)',
  content: { 'application/pdf': { schema: Binary }, 'image/jpeg': { schema: Binary }, 'image/png': { schema: Binary } },
};

/** The dossier engine over HTTP: officers' queue and actions, citizens' own dossiers; each handler makes one service call. */
export async function dossierRoutes(app: App): Promise<void> {
  const ctx = app.ctx;
  // The upload body stays a stream; the service reads it only once the caller is cleared.
  app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));

  app.get('/api/dossiers/procedures', { schema: { tags: ['dossiers'], summary: 'The declared administrative procedures: documents, fee, time limit, channels', response: { 200: Type.Array(ProcedureView), 401: Problem } } }, async (req) => {
    requireOfficer(req);
    return proceduresFor('any');
  });

  app.post(
    '/api/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'File a dossier at the counter or as a mobile team (idempotent by requestId); it waits for the intake check',
        body: Type.Object({ procedure: ProcedureCode, applicantPin: Pin, unitCode: Commune, channel: Type.Union([Type.Literal('counter'), Type.Literal('mobile_team')]), requestId: RequestId, form: FormSchema }, Closed),
        response: { 201: DossierView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await submitDossier(ctx, requireOfficer(req), req.body)),
  );

  app.get(
    '/api/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'The work queue of your unit, earliest appointment first, with due-soon and overdue flags (applicants shown are access-logged)',
        querystring: Type.Object(
          {
            procedure: Type.Optional(ProcedureCode),
            state: Type.Optional(Type.Union([StatusSchema, Type.Literal('open'), Type.Literal('all')], { default: 'open' })),
            unitCode: Type.Optional(Commune),
            assignedTo: Type.Optional(Type.String({ maxLength: 64 })),
            ...PurposeQuery,
            ...PageQuery,
          },
          Closed,
        ),
        response: { 200: PageOf(DossierSummaryView), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => listDossiers(ctx, requireOfficer(req), { ...req.query, purpose: readPurpose(req.query, HANDLING) }),
  );

  app.get(
    '/api/dossiers/:id',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'A dossier: its actions, documents, attachments and the actions available now (access-logged)',
        params: Type.Object({ id: Id }, Closed),
        querystring: Type.Object(PurposeQuery, Closed),
        response: { 200: DossierView, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req) => getDossier(ctx, requireOfficer(req), req.params.id, readPurpose(req.query, HANDLING)),
  );

  app.post(
    '/api/dossiers/:id/actions',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Take an action (receive, request_supplement, refuse, pay_fee, assign, review, decide, notify_result, withdraw, consents); 409 action_not_available or dossier_changed',
        params: Type.Object({ id: Id }, Closed),
        body: ActionBody,
        response: { 200: DossierView, ...errors, 503: Problem },
      },
    },
    async (req) => actOnDossier(ctx, requireOfficer(req), req.params.id, req.body),
  );

  // Officers attach at the counter; citizens to their own dossier (a supplement filed online).
  for (const [url, who] of [['/api/dossiers/:id/attachments', requireOfficer], ['/api/citizen/dossiers/:id/attachments', requireCitizen]] as const) {
    app.post(
      url,
      {
        bodyLimit: ctx.config.attachmentMaxBytes + 1,
        schema: {
          tags: ['dossiers'],
          summary: 'Attach a document (PDF, JPEG or PNG, told by its bytes; size-limited; SHA-256 kept): the raw file is the body',
          consumes: UPLOAD_TYPES,
          params: Type.Object({ id: Id }, Closed),
          querystring: Type.Object({ documentCode: Type.String({ minLength: 1, maxLength: 64 }), fileName: Type.String({ minLength: 1, maxLength: 200 }) }, Closed),
          response: { 201: AttachmentView, ...errors, 413: Problem },
        },
      },
      async (req, reply) => {
        const actor = who(req);
        const d = await prepareUpload(ctx, actor, req.params.id, req.query);
        const body = req.body as Readable;
        try {
          return reply.code(201).send(await storeAttachment(ctx, actor, d, req.query, body));
        } catch (err) {
          // Refused before the body was read to its end (too large): the answer goes out now and
          // the connection closes instead of reading the rest; the unread rest is discarded.
          if (!body.readableEnded) {
            reply.header('connection', 'close');
            body.resume();
          }
          throw err;
        }
      },
    );
  }

  app.get(
    '/api/dossiers/:id/attachments/:attachmentId',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'The bytes of an attachment (access-logged with its purpose)',
        params: Type.Object({ id: Id, attachmentId: Id }, Closed),
        querystring: Type.Object(PurposeQuery, Closed),
        response: { 200: FileResponse, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 503: Problem },
      },
    },
    async (req, reply) => {
      const file = await readAttachment(ctx, requireOfficer(req), req.params.id, req.params.attachmentId, readPurpose(req.query, HANDLING));
      return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`).type(file.mediaType).send(file.content);
    },
  );

  // The citizen portal: their own dossiers, and the answers only they can give.
  app.get(
    '/api/citizen/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Your dossiers, with their state and appointment date',
        querystring: Type.Object({ ...PageQuery }, Closed),
        response: { 200: PageOf(DossierSummaryView), 400: Problem, 401: Problem },
      },
    },
    async (req) => listOwnDossiers(ctx, requireCitizen(req), req.query),
  );

  app.get(
    '/api/citizen/dossiers/:id',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'One of your dossiers, or one you are asked to consent to',
        params: Type.Object({ id: Id }, Closed),
        response: { 200: DossierView, 400: Problem, 401: Problem, 404: Problem },
      },
    },
    async (req) => getDossier(ctx, requireCitizen(req), req.params.id, { code: 'citizen_self_view' }),
  );

  app.post(
    '/api/citizen/dossiers/:id/actions',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Supplement or withdraw your dossier, or give or refuse a consent asked of you',
        params: Type.Object({ id: Id }, Closed),
        body: ActionBody,
        response: { 200: DossierView, ...errors },
      },
    },
    async (req) => actOnDossier(ctx, requireCitizen(req), req.params.id, req.body),
  );

  await filingRoutes(app);
}
