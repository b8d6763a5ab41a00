import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { requireOfficer, type App } from '../../kernel/http.js';
import { Closed, PageOf, PageQuery, Problem } from '../../kernel/schemas.js';
import { requireCitizen } from '../eid/index.js';
import { prepareUpload, readAttachment, storeAttachment } from './attachments.js';
import { actOnDossier, getDossier, listDossiers, listOwnDossiers, submitDossier } from './dossier-service.js';
import { dossierFigures, exportDossiers, exportFigures, listAssignees, overdueCount } from './processing.js';
import type { FastifyReply } from 'fastify';
import type { ExportFile } from '../../kernel/table-export.js';
import { proceduresFor } from './filing-service.js';
import { filingRoutes } from './filing-routes.js';
import { ActionBody, AttachmentView, DossierSummaryView, DossierView, FiguresView, FormSchema, OfficerChoiceView, ProcedureView, StatusSchema } from './schemas.js';
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
const ExportResponse = {
  description: 'The file (CSV with a byte-order mark, or .xlsx)',
  content: { 'text/csv': { schema: Binary }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Binary } },
};
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

  const QueueFilters = {
    procedure: Type.Optional(ProcedureCode),
    state: Type.Optional(Type.Union([StatusSchema, Type.Literal('open'), Type.Literal('all')], { default: 'open' })),
    unitCode: Type.Optional(Commune),
    assignedTo: Type.Optional(Type.String({ maxLength: 64, description: 'An officer id, or `me`' })),
    overdue: Type.Optional(Type.Boolean({ description: 'only open dossiers past their appointment date' })),
  };
  const Format = Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]);
  const Lang = Type.Union([Type.Literal('vi'), Type.Literal('en')]);
  const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10 });
  const FiguresQuery = {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    unitCode: Type.Optional(Type.String({ pattern: '^([0-9]{2}|[0-9]{5})$', maxLength: 5, description: 'a province (2 digits) or commune (5 digits) in your scope' })),
  };
  const sendFile = (reply: FastifyReply, file: ExportFile) =>
    reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${file.filename}"`).type(file.contentType).send(file.body);

  app.get(
    '/api/dossiers/overdue-count',
    { schema: { tags: ['dossiers'], summary: 'How many open dossiers of your unit are past their appointment date (and of them assigned to you)', response: { 200: Type.Object({ overdue: Type.Integer(), mine: Type.Integer() }, Closed), 401: Problem, 403: Problem } } },
    async (req) => overdueCount(ctx, requireOfficer(req)),
  );

  app.get(
    '/api/dossiers/export',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'The queue with the same filters as CSV or Excel (at most 10,000); the purpose is required and every applicant exported is access-logged',
        querystring: Type.Object({ ...QueueFilters, format: Format, purpose: PurposeQuery.purpose, purposeNote: Type.String({ minLength: 3, maxLength: 200 }), lang: Type.Optional(Lang) }, Closed),
        response: { 200: ExportResponse, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req, reply) => sendFile(reply, await exportDossiers(ctx, requireOfficer(req), { ...req.query, purpose: readPurpose(req.query, HANDLING) })),
  );

  app.get(
    '/api/dossiers/figures',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Figures of a period per commune (or per province for the nation): filed, online share, received, decided, average working and calendar days to decision, results on time and late, overdue now',
        querystring: Type.Object(FiguresQuery, Closed),
        response: { 200: FiguresView, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => dossierFigures(ctx, requireOfficer(req), req.query),
  );

  app.get(
    '/api/dossiers/figures/export',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'The same figures as CSV or Excel',
        querystring: Type.Object({ ...FiguresQuery, format: Format, lang: Type.Optional(Lang) }, Closed),
        response: { 200: ExportResponse, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req, reply) => sendFile(reply, await exportFigures(ctx, requireOfficer(req), req.query)),
  );

  app.get(
    '/api/dossiers/:id/assignees',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Officers the dossier may be assigned to: active, processing dossiers, of its commune or province',
        params: Type.Object({ id: Id }, Closed),
        response: { 200: Type.Array(OfficerChoiceView), 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req) => listAssignees(ctx, requireOfficer(req), req.params.id),
  );

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
            ...QueueFilters,
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
