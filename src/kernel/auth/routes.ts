import { Type } from '@sinclair/typebox';
import { SESSION_COOKIE, createSession, revokeSession } from './sessions.js';
import { authenticateOfficer, beginTotpSetup, confirmTotpSetup, createOfficer, getOfficer, listOfficers, unlockOfficer } from './officers.js';
import { requireOfficer, type App } from '../http.js';
import { Problem } from '../schemas.js';

const OfficerView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Union([Type.Literal('commune_officer'), Type.Literal('province_officer'), Type.Literal('national_officer'), Type.Literal('admin')]),
  unitLevel: Type.Union([Type.Literal('commune'), Type.Literal('province'), Type.Literal('nation')]),
  unitCode: Type.Union([Type.String(), Type.Null()]),
  unitName: Type.Union([Type.String(), Type.Null()]),
  totpEnabled: Type.Boolean(),
  active: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
});
const SessionView = Type.Object({ officer: OfficerView, csrfToken: Type.String() });

/** Officer login, logout, TOTP enrolment, and officer administration. */
export async function authRoutes(app: App): Promise<void> {
  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: 30 * app.ctx.config.rateLimitScale, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Officer login (sets an HTTP-only session cookie)',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
            totp: Type.Optional(Type.String({ pattern: '^[0-9]{6}$', maxLength: 6 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionView, 400: Problem, 401: Problem, 423: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const officer = await authenticateOfficer(app.ctx, req.body);
      const session = await createSession(app.ctx, officer, { ip: req.ip, userAgent: req.headers['user-agent'] });
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: app.ctx.config.secureCookies,
        path: '/',
        expires: session.expiresAt,
      });
      return { officer, csrfToken: session.csrfToken };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], response: { 204: Type.Null(), 401: Problem, 403: Problem } } }, async (req, reply) => {
    requireOfficer(req);
    await revokeSession(app.ctx, req.sessionTokenHash!);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: SessionView, 401: Problem } } }, async (req) => {
    const actor = requireOfficer(req);
    return { officer: await getOfficer(app.ctx, actor.id), csrfToken: req.csrfToken! };
  });

  app.post(
    '/api/auth/totp/setup',
    { schema: { tags: ['auth'], summary: 'Start TOTP enrolment', response: { 200: Type.Object({ secret: Type.String(), otpauthUrl: Type.String() }), 401: Problem, 403: Problem } } },
    async (req) => beginTotpSetup(app.ctx, requireOfficer(req)),
  );
  app.post(
    '/api/auth/totp/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm TOTP enrolment with a code; from then on login needs a code',
        body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$', maxLength: 6 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req, reply) => {
      await confirmTotpSetup(app.ctx, requireOfficer(req), req.body.code);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/officers',
    {
      schema: {
        tags: ['officers'],
        querystring: Type.Object(
          { page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(OfficerView), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }), 401: Problem, 403: Problem },
      },
    },
    async (req) => listOfficers(app.ctx, requireOfficer(req), req.query),
  );
  app.post(
    '/api/officers',
    {
      schema: {
        tags: ['officers'],
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 64 }),
            displayName: Type.String({ minLength: 1, maxLength: 200 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
            role: Type.Union([Type.Literal('commune_officer'), Type.Literal('province_officer'), Type.Literal('national_officer'), Type.Literal('admin')]),
            unitCode: Type.Union([Type.String({ pattern: '^([0-9]{2}|[0-9]{5})$', maxLength: 5 }), Type.Null()]),
          },
          { additionalProperties: false },
        ),
        response: { 201: OfficerView, 400: Problem, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    async (req, reply) => reply.code(201).send(await createOfficer(app.ctx, requireOfficer(req), req.body)),
  );
  app.post(
    '/api/officers/:id/unlock',
    {
      schema: {
        tags: ['officers'],
        params: Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) }),
        response: { 200: OfficerView, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req) => unlockOfficer(app.ctx, requireOfficer(req), req.params.id),
  );
}
