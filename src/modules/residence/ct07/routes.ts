import { Type, type Static } from '@sinclair/typebox';
import { requireOfficer, type App } from '../../../kernel/http.js';
import { PurposeQuery, readPurpose } from '../../../kernel/purpose-query.js';
import type { ReadPurpose } from '../../../kernel/purposes.js';
import { Closed, Problem } from '../../../kernel/schemas.js';
import { requireCitizen } from '../../eid/index.js';
import { ConfirmationView, Jwks, VerificationView } from './schemas.js';
import { confirmationJwks, confirmationPdf, getConfirmation, issueConfirmation, listOwnConfirmations, revokeConfirmation, verifyConfirmation } from './service.js';

const ISSUING: ReadPurpose = { code: 'residence_confirmation' };
const SELF: ReadPurpose = { code: 'citizen_self_view' };
const Id = Type.String({ maxLength: 36 });
const Pin = Type.String({ pattern: '^[0-9]{12}$', maxLength: 12 });
const RequestId = Type.Optional(Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$', description: 'Your id of this request: a retry with the same id returns the same confirmation' }));
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const PdfResponse = { description: 'The confirmation as a signed PDF (A4, form CT07)', content: { 'application/pdf': { schema: Binary } } };
const TAGS = ['residence'];

/** CT07 over HTTP: officers issue and print, citizens get their own, anyone verifies. One service call per handler. */
export async function confirmationRoutes(app: App): Promise<void> {
  const ctx = app.ctx;
  const sendPdf = (reply: { header(k: string, v: string): unknown; type(t: string): unknown; send(b: Buffer): unknown }, file: { fileName: string; bytes: Buffer }) => {
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
    reply.type('application/pdf');
    return reply.send(file.bytes);
  };

  app.post(
    '/api/residence/confirmations',
    {
      schema: {
        tags: TAGS,
        summary: 'Issue a confirmation of residence information (CT07) at once from the registry, for anyone nationwide (permission, not unit scope); the read is access-logged with the purpose',
        body: Type.Object({ pin: Pin, purpose: PurposeQuery.purpose, purposeNote: PurposeQuery.purposeNote, requestId: RequestId }, Closed),
        response: { 201: ConfirmationView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await issueConfirmation(ctx, requireOfficer(req), req.body.pin, readPurpose(req.body, ISSUING), { requestId: req.body.requestId })),
  );

  app.get(
    '/api/residence/confirmations/:id',
    { schema: { tags: TAGS, summary: 'One CT07 confirmation with its printed content (access-logged)', params: Type.Object({ id: Id }, Closed), querystring: Type.Object(PurposeQuery, Closed), response: { 200: ConfirmationView, ...errors } } },
    async (req) => getConfirmation(ctx, requireOfficer(req), req.params.id, readPurpose(req.query, ISSUING)),
  );

  app.get(
    '/api/residence/confirmations/:id/pdf',
    { schema: { tags: TAGS, summary: 'The CT07 as a signed PDF (access-logged)', produces: ['application/pdf'], params: Type.Object({ id: Id }, Closed), querystring: Type.Object(PurposeQuery, Closed), response: { 200: PdfResponse, ...errors } } },
    async (req, reply) => sendPdf(reply, await confirmationPdf(ctx, requireOfficer(req), req.params.id, readPurpose(req.query, ISSUING))),
  );

  app.post(
    '/api/residence/confirmations/:id/revoke',
    {
      schema: {
        tags: TAGS,
        summary: 'Revoke a CT07 (verification answers revoked from then on)',
        params: Type.Object({ id: Id }, Closed),
        body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, Closed),
        response: { 200: ConfirmationView, ...errors },
      },
    },
    async (req) => revokeConfirmation(ctx, requireOfficer(req), req.params.id, req.body.reason),
  );

  // The citizen portal: their own confirmation, phone-first.
  app.post(
    '/api/citizen/confirmations',
    { schema: { tags: TAGS, summary: 'Issue my own CT07 at once', body: Type.Object({ requestId: RequestId }, Closed), response: { 201: ConfirmationView, ...errors } } },
    async (req, reply) => {
      const actor = requireCitizen(req);
      return reply.code(201).send(await issueConfirmation(ctx, actor, actor.pin, SELF, { requestId: req.body.requestId }));
    },
  );
  app.get('/api/citizen/confirmations', { schema: { tags: TAGS, summary: 'My CT07 confirmations, newest first', response: { 200: Type.Array(ConfirmationView), 401: Problem, 403: Problem } } }, async (req) =>
    listOwnConfirmations(ctx, requireCitizen(req)),
  );
  app.get(
    '/api/citizen/confirmations/:id/pdf',
    { schema: { tags: TAGS, summary: 'My CT07 as a signed PDF', produces: ['application/pdf'], params: Type.Object({ id: Id }, Closed), response: { 200: PdfResponse, ...errors } } },
    async (req, reply) => sendPdf(reply, await confirmationPdf(ctx, requireCitizen(req), req.params.id, SELF)),
  );

  // Public, no login: anyone holding the paper (or its QR) checks it.
  app.post(
    '/api/public/ct07/verify',
    {
      config: { rateLimit: { max: 60 * ctx.config.rateLimitScale, timeWindow: '1 minute' } },
      schema: {
        tags: TAGS,
        summary: 'Verify a CT07 from its QR code (the token, or the whole scanned URL): genuine, invalid, expired, revoked or superseded; shows no more than the document',
        body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 4000 }) }, Closed),
        response: { 200: VerificationView, 400: Problem },
      },
    },
    async (req) => verifyConfirmation(ctx, req.body.token),
  );
  app.get('/api/public/ct07/jwks.json', { schema: { tags: TAGS, summary: 'The public keys that sign CT07 QR tokens (JWKS), for offline verification', response: { 200: Jwks } } }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return (await confirmationJwks(ctx.db.pool)) as Static<typeof Jwks>;
  });
}
