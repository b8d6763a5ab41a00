import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { sessionCookie } from './cookies.js';
import { SESSION_COOKIE, createSession } from './sessions.js';
import {
  authenticateOfficer,
  beginTotpSetup,
  confirmTotpSetup,
  createOfficer,
  disableOfficerTotp,
  getOfficer,
  listOfficers,
  logoutOfficer,
  OFFICER_ACCOUNTS,
  stepUpOfficer,
  unlockOfficer,
} from './officers.js';
import { completePasswordLink, issuePasswordLink, setOfficerActive, setTotpRequired, updateOfficer } from './officer-admin.js';
import { sealPlaintextTotpSecrets } from './totp.js';
import { permissionsOfRole } from '../access.js';
import { requireOfficer, type App } from '../http.js';
import { Problem } from '../schemas.js';

const closed = { additionalProperties: false } as const;
const OfficerView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Union([Type.Literal('commune_officer'), Type.Literal('province_officer'), Type.Literal('national_officer'), Type.Literal('admin')]),
  unitLevel: Type.Union([Type.Literal('commune'), Type.Literal('province'), Type.Literal('nation')]),
  unitCode: Type.Union([Type.String(), Type.Null()]),
  unitName: Type.Union([Type.String(), Type.Null()]),
  totpEnabled: Type.Boolean(),
  totpRequired: Type.Boolean(),
  active: Type.Boolean(),
  disabledReason: Type.Union([Type.String(), Type.Null()]),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
}, closed);
/** `permissions`: what the officer's role may do (access.ts), for the menu and the console's "not permitted" page. */
const SessionView = Type.Object({ officer: OfficerView, csrfToken: Type.String(), permissions: Type.Array(Type.String()) }, closed);
const RoleSchema = Type.Union([Type.Literal('commune_officer'), Type.Literal('province_officer'), Type.Literal('national_officer'), Type.Literal('admin')]);
const UnitCode = Type.String({ pattern: '^([0-9]{2}|[0-9]{5})$', maxLength: 5 });
const Reason = Type.String({ minLength: 1, maxLength: 300 });
const IdParams = Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) }, closed);
const PasswordLinkView = Type.Object({ token: Type.String(), path: Type.String(), expiresAt: Type.String() }, closed);
/** The answer of the session probe: a page that only wants to know asks without a 401. */
const SessionProbe = Type.Union([
  Type.Object({ signedIn: Type.Literal(false) }, closed),
  Type.Object({ signedIn: Type.Literal(true), officer: OfficerView, csrfToken: Type.String(), permissions: Type.Array(Type.String()) }, closed),
]);
const TotpSetupView = Type.Object({ secret: Type.String(), otpauthUrl: Type.String() }, closed);
const Code = Type.String({ pattern: '^[0-9]{6}$', maxLength: 6 });

/** The session of a logged-in officer (the route already required one). */
const sessionOf = (req: FastifyRequest) => ({ actor: requireOfficer(req), tokenHash: req.sessionTokenHash! });

/** Officer login, logout, TOTP enrolment, and officer administration. */
export async function authRoutes(app: App): Promise<void> {
  // Secrets written before TOTP secrets were sealed are sealed once, at start.
  app.addHook('onReady', async () => {
    const sealed = await sealPlaintextTotpSecrets(app.ctx.db.pool, app.ctx.keys, OFFICER_ACCOUNTS);
    if (sealed > 0) app.log.info({ sealed }, 'sealed plaintext officer TOTP secrets');
  });

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
        response: { 200: SessionView, 400: Problem, 401: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const officer = await authenticateOfficer(app.ctx, req.body);
      const session = await createSession(app.ctx, officer, { ip: req.ip, userAgent: req.headers['user-agent'] });
      reply.setCookie(SESSION_COOKIE, session.token, sessionCookie(app.ctx.config, 'strict', session.expiresAt));
      return { officer, csrfToken: session.csrfToken, permissions: permissionsOfRole(officer.role) };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'End this session (audited)', response: { 204: Type.Null(), 401: Problem, 403: Problem } } }, async (req, reply) => {
    const s = sessionOf(req);
    await logoutOfficer(app.ctx, s.actor, s.tokenHash);
    reply.clearCookie(SESSION_COOKIE, sessionCookie(app.ctx.config, 'strict'));
    return reply.code(204).send(null);
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: SessionView, 401: Problem } } }, async (req) => {
    const actor = requireOfficer(req);
    return { officer: await getOfficer(app.ctx, actor.id), csrfToken: req.csrfToken!, permissions: permissionsOfRole(actor.role) };
  });

  // The console asks this on every load: "not signed in" is an answer, not an error, so the
  // login page does not log a failed request in the browser's console each time.
  app.get('/api/auth/session', { schema: { tags: ['auth'], summary: 'Who is signed in, if anyone (200 either way)', response: { 200: SessionProbe } } }, async (req) => {
    const actor = req.actor;
    if (!actor || actor.kind !== 'officer') return { signedIn: false as const };
    return { signedIn: true as const, officer: await getOfficer(app.ctx, actor.id), csrfToken: req.csrfToken!, permissions: permissionsOfRole(actor.role) };
  });

  app.post(
    '/api/auth/step-up',
    {
      config: { rateLimit: { max: 30 * app.ctx.config.rateLimitScale, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Prove a second factor again (the TOTP code, or the password when TOTP is off) before changing second factors',
        body: Type.Object({ password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })), totp: Type.Optional(Code) }, closed),
        response: { 200: Type.Object({ steppedUpUntil: Type.String() }, closed), 400: Problem, 401: Problem, 403: Problem, 429: Problem },
      },
    },
    async (req) => {
      const s = sessionOf(req);
      return stepUpOfficer(app.ctx, s.actor, s.tokenHash, req.body);
    },
  );
  app.post(
    '/api/auth/totp/setup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrolment (needs a step-up); the current TOTP stays in force until the new one is confirmed',
        response: { 200: TotpSetupView, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      const s = sessionOf(req);
      return beginTotpSetup(app.ctx, s.actor, s.tokenHash);
    },
  );
  app.post(
    '/api/auth/totp/disable',
    { schema: { tags: ['auth'], summary: 'Turn TOTP off (needs a step-up)', response: { 204: Type.Null(), 401: Problem, 403: Problem, 409: Problem } } },
    async (req, reply) => {
      const s = sessionOf(req);
      await disableOfficerTotp(app.ctx, s.actor, s.tokenHash);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/auth/totp/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm TOTP enrolment with a code; from then on login needs a code',
        body: Type.Object({ code: Code }, closed),
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
        summary: 'Officer accounts of my unit (a province: its communes too), filtered by role, unit, status or part of the name',
        querystring: Type.Object(
          {
            page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            role: Type.Optional(RoleSchema),
            unitCode: Type.Optional(UnitCode),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled'), Type.Literal('locked')])),
            q: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(OfficerView), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }, closed), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => listOfficers(app.ctx, requireOfficer(req), req.query),
  );
  app.post(
    '/api/officers',
    {
      schema: {
        tags: ['officers'],
        summary: 'Create an officer account (administrators); without a password, issue a password link next',
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 64 }),
            displayName: Type.String({ minLength: 1, maxLength: 200 }),
            password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
            role: RoleSchema,
            unitCode: Type.Union([UnitCode, Type.Null()]),
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
  app.patch(
    '/api/officers/:id',
    {
      schema: {
        tags: ['officers'],
        summary: 'Change the name, role or unit of an officer (administrators; not one\'s own), with the reason (audited)',
        params: IdParams,
        body: Type.Object({ displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), role: Type.Optional(RoleSchema), unitCode: Type.Optional(Type.Union([UnitCode, Type.Null()])), reason: Reason }, closed),
        response: { 200: OfficerView, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (req) => updateOfficer(app.ctx, requireOfficer(req), req.params.id, req.body),
  );
  for (const action of ['disable', 'enable'] as const) {
    app.post(
      `/api/officers/:id/${action}`,
      {
        schema: {
          tags: ['officers'],
          summary: action === 'disable' ? 'Disable an officer account: its sessions end and open password links are revoked (audited)' : 'Enable a disabled officer account (audited)',
          params: IdParams,
          body: Type.Object({ reason: Reason }, closed),
          response: { 200: OfficerView, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => setOfficerActive(app.ctx, requireOfficer(req), (req.params as { id: string }).id, action === 'enable', (req.body as { reason: string }).reason),
    );
  }
  app.post(
    '/api/officers/:id/totp-required',
    {
      schema: {
        tags: ['officers'],
        summary: 'Require TOTP of an officer (until it is on, the officer\'s session can only enrol it), or stop requiring it (audited)',
        params: IdParams,
        body: Type.Object({ required: Type.Boolean(), reason: Reason }, closed),
        response: { 200: OfficerView, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (req) => setTotpRequired(app.ctx, requireOfficer(req), req.params.id, req.body.required, req.body.reason),
  );
  app.post(
    '/api/officers/:id/password-link',
    {
      schema: {
        tags: ['officers'],
        summary: 'Issue a one-time link to set the officer\'s password (24 hours, good once; earlier links are revoked). Shown once: only its hash is kept',
        params: IdParams,
        response: { 201: PasswordLinkView, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(await issuePasswordLink(app.ctx, requireOfficer(req), req.params.id));
    },
  );
  app.post(
    '/api/auth/password-link',
    {
      config: { rateLimit: { max: 30 * app.ctx.config.rateLimitScale, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Set an officer\'s password with a one-time link from an administrator; ends every session of the officer',
        body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, closed),
        response: { 200: Type.Object({ username: Type.String() }, closed), 400: Problem, 429: Problem },
      },
    },
    async (req) => completePasswordLink(app.ctx, req.body),
  );
}
