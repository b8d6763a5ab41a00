import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CitizenActor } from '../../kernel/actor.js';
import { sessionCookie } from '../../kernel/auth/cookies.js';
import { sealPlaintextTotpSecrets } from '../../kernel/auth/totp.js';
import { AppError } from '../../kernel/errors.js';
import { requireLoopback, requireOfficer, type App } from '../../kernel/http.js';
import { listDevMessages } from '../../kernel/notify/senders.js';
import { PageQuery, Problem } from '../../kernel/schemas.js';
import { addDocument, issuerByApiKey, registerIssuer, revokeDocument, DOCUMENT_KINDS } from './documents.js';
import { confirmEnrolment, enrolChild, startEnrolment } from './enrolment.js';
import { finishLogin, passkeyLoginOptions, startLogin, type SecondFactorInput } from './login.js';
import { createClient, listClients, setClientActive } from './oidc/clients.js';
import { abortInteraction, describeInteraction, finishConsentStep, finishLoginStep, listConsents, revokeConsent, type PortalLogin } from './oidc/interactions.js';
import { REGISTRY_SCOPES, type OidcProvider, type RegistryScope } from './oidc/provider.js';
import { listPasskeys, passkeyRegistrationOptions, registerPasskey, removePasskey } from './passkeys.js';
import { beginTotp, confirmTotp, disableTotp, lockMyAccount, myAccessLog, myAccount, myData, myFamily, myHouseholdActivity, mySessions, myUsage, signOutEverywhere, signOutSession } from './portal-service.js';
import {
  AccessEntryView,
  AccountListItemView,
  AccountView,
  CodeSentView,
  ConsentView,
  DevMessageView,
  DocumentView,
  EnrolmentStartedView,
  FamilyView,
  HouseholdActivityView,
  IssuerCreated,
  Level2Result,
  LoginStartedView,
  MyAccountView,
  MyDataView,
  PasskeyCreationOptions,
  PasskeyRequestOptions,
  PageOf,
  PasskeyView,
  PhotoResponse,
  ReviewFileView,
  SessionView,
  StepUpView,
  TotpSetupView,
  UsageView,
} from './schemas.js';
import { CITIZEN_COOKIE, resolveCitizenSession } from './sessions.js';
import { finishStepUp, sendStepUpCode, stepUpPasskeyOptions } from './step-up.js';
import { EID_ACCOUNTS } from './store.js';
import { getReviewDetail } from './review-detail.js';
import { activateLevel2, countPendingReviews, getAccountPhoto, listAccounts, reviewEnrolment, setAccountLock, verifyLevel2, type LockReason } from './verification.js';
import { LockReasonBody } from '../../kernel/change-reason.js';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 413: Problem, 423: Problem, 429: Problem };
const Pin = Type.String({ pattern: '^[0-9]{12}$', maxLength: 12 });
const Code = Type.String({ pattern: '^[0-9]{6}$', maxLength: 6 });
const Passcode = Type.String({ minLength: 1, maxLength: 64 });
const IsoDate = Type.String({ pattern: '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$', maxLength: 10 });
const Open = Type.Object({}, { additionalProperties: true });
const Redirect = Type.Object({ redirectTo: Type.String() }, { additionalProperties: false });
/** The statuses a route answers with a problem, each described in the OpenAPI document (500: the opaque internal error). */
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));
const Level = Type.Union([Type.Literal(1), Type.Literal(2)]);
const InteractionViewSchema = Type.Object({
  uid: Type.String(),
  prompt: Type.Union([Type.Literal('login'), Type.Literal('consent')]),
  client: Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false }),
  scopes: Type.Array(Type.String(), { description: 'Registry scopes asked for (profile, pin, address, household)' }),
  requiredLevel: Level,
  citizen: Type.Union([
    Type.Object({
      level: Level,
      pin: Type.String(),
      levelSufficient: Type.Boolean(),
      reauthenticate: Type.Boolean({ description: 'The service wants a login newer than this portal login (max_age or prompt=login)' }),
    }, { additionalProperties: false }),
    Type.Null(),
  ]),
}, { additionalProperties: false });
// Typed as the scope union (a TypeBox union over a mapped array is not a tuple, so it would type as never).
const Scope = Type.Unsafe<RegistryScope>(Type.Union(REGISTRY_SCOPES.map((s) => Type.Literal(s))));
const OidcClientProps = {
  clientId: Type.String(),
  name: Type.String(),
  redirectUris: Type.Array(Type.String()),
  postLogoutRedirectUris: Type.Array(Type.String()),
  scopes: Type.Array(Scope),
  minLevel: Level,
  confidential: Type.Boolean(),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
};
const OidcClientSchema = Type.Object(OidcClientProps, { additionalProperties: false });
const NewOidcClientSchema = Type.Object({
  ...OidcClientProps,
  clientSecret: Type.Union([Type.String(), Type.Null()], { description: 'Shown this once for a confidential client; only its hash is kept' }),
}, { additionalProperties: false });

/** The authenticated citizen (portal cookie), or a 401 problem. */
export function requireCitizen(req: FastifyRequest): CitizenActor {
  const actor = req.actor;
  if (!actor || actor.kind !== 'citizen') throw new AppError('unauthenticated', 'login_required', { vi: 'Bạn cần đăng nhập bằng tài khoản định danh điện tử.', en: 'You need to log in with your e-ID account.' });
  return actor;
}

const meta = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] });

async function optionalSession(app: App, req: FastifyRequest) {
  const token = req.cookies[CITIZEN_COOKIE];
  return token ? resolveCitizenSession(app.ctx, token) : undefined;
}

async function currentSession(app: App, req: FastifyRequest) {
  const s = await optionalSession(app, req);
  if (!s) throw new AppError('unauthenticated', 'login_required', { vi: 'Bạn cần đăng nhập.', en: 'You need to log in.' });
  return s;
}

const portalLogin = (s: { actor: CitizenActor; authTime: Date; amr: string[] }): PortalLogin => ({ actor: s.actor, authTime: s.authTime, amr: s.amr });

function setCitizenCookie(app: App, reply: FastifyReply, token: string, expires: Date): void {
  reply.setCookie(CITIZEN_COOKIE, token, sessionCookie(app.ctx.config, 'lax', expires));
}

function clearCitizenCookie(app: App, reply: FastifyReply): void {
  reply.clearCookie(CITIZEN_COOKIE, sessionCookie(app.ctx.config, 'lax'));
}

/** A second factor from a login or step-up body: a code, or a passkey assertion. */
const FactorBody = {
  method: Type.Union([Type.Literal('totp'), Type.Literal('sms'), Type.Literal('passkey')]),
  code: Type.Optional(Type.String({ pattern: '^[0-9]{6}$', maxLength: 6 })),
  response: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'The WebAuthn assertion (AuthenticationResponseJSON) from @simplewebauthn/browser' })),
};

function factorOf(b: { method: 'totp' | 'sms' | 'passkey'; code?: string | undefined; response?: object | undefined }): SecondFactorInput {
  if (b.method !== 'passkey' && !b.code) throw new AppError('invalid', 'code_required', { vi: 'Nhập mã xác thực 6 số.', en: 'Enter the 6-digit code.' }, { field: 'code' });
  if (b.method === 'passkey' && !b.response) throw new AppError('invalid', 'response_required', { vi: 'Thiếu phản hồi của khoá truy cập.', en: 'The passkey response is missing.' }, { field: 'response' });
  // The assertion's inner shape is checked by @simplewebauthn when it is verified.
  return b.method === 'passkey' ? { method: 'passkey', response: b.response as never } : { method: b.method, code: b.code! };
}

export interface EidRouteOptions {
  provider: OidcProvider;
}

/** e-ID over HTTP: the citizen portal (/api/citizen), officer tools (/api/eid), issuers (/api/documents), OIDC interactions (/eid). */
export async function eidRoutes(app: App, opts: EidRouteOptions): Promise<void> {
  const { provider } = opts;
  const ctx = app.ctx;
  // Secrets written before TOTP secrets were sealed are sealed once, at start.
  app.addHook('onReady', async () => {
    const sealed = await sealPlaintextTotpSecrets(ctx.db.pool, ctx.keys, EID_ACCOUNTS);
    if (sealed > 0) app.log.info({ sealed }, 'sealed plaintext citizen TOTP secrets');
  });

  // ---- enrolment, activation, login (no session yet)
  app.post('/api/citizen/enrolments', {
    config: { rateLimit: { max: 20 * ctx.config.rateLimitScale, timeWindow: '1 minute' } },
    schema: {
      tags: ['e-ID'],
      summary: 'Start level-1 enrolment: details checked against the registry, a code sent to the phone',
      body: Type.Object({ pin: Pin, fullName: Type.String({ minLength: 1, maxLength: 200 }), birthDate: IsoDate, phone: Type.String({ minLength: 9, maxLength: 16 }), email: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      response: { 201: EnrolmentStartedView, ...errors },
    },
  }, async (req, reply) => reply.code(201).send(await startEnrolment(ctx, req.body)));

  app.post('/api/citizen/enrolments/:id/confirm', {
    bodyLimit: 4 * 1024 * 1024,
    config: { rateLimit: { max: 20 * ctx.config.rateLimitScale, timeWindow: '1 minute' } },
    schema: {
      tags: ['e-ID'],
      summary: 'Confirm enrolment with the SMS code, a passcode and a face photo (base64 JPEG/PNG)',
      params: Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) }),
      body: Type.Object({ code: Code, passcode: Passcode, photo: Type.String({ minLength: 1, maxLength: 3_000_000 }) }, { additionalProperties: false }),
      response: { 201: AccountView, ...errors },
    },
  }, async (req, reply) => reply.code(201).send(await confirmEnrolment(ctx, req.params.id, { code: req.body.code, passcode: req.body.passcode, photoBase64: req.body.photo }, meta(req))));

  app.post('/api/citizen/activate', {
    config: { rateLimit: { max: 20 * ctx.config.rateLimitScale, timeWindow: '1 minute' } },
    schema: {
      tags: ['e-ID'],
      summary: 'Activate level 2 with the code sent after the in-person verification',
      body: Type.Object({ pin: Pin, code: Code, passcode: Type.Optional(Passcode) }, { additionalProperties: false }),
      response: { 200: AccountView, ...errors },
    },
  }, async (req) => activateLevel2(ctx, req.body));

  app.post('/api/citizen/login', {
    config: { rateLimit: { max: 30 * ctx.config.rateLimitScale, timeWindow: '1 minute' } },
    schema: {
      tags: ['e-ID'],
      summary: 'Login step 1: PIN and passcode; answers with the second factors available',
      body: Type.Object({ pin: Type.String({ minLength: 1, maxLength: 12 }), passcode: Passcode }, { additionalProperties: false }),
      response: { 200: LoginStartedView, ...errors },
    },
  }, async (req) => startLogin(ctx, req.body, meta(req)));

  app.post('/api/citizen/login/passkey-options', {
    schema: { tags: ['e-ID'], summary: 'WebAuthn options for the passkey step', body: Type.Object({ loginToken: Type.String({ maxLength: 100 }) }, { additionalProperties: false }), response: { 200: PasskeyRequestOptions, ...errors } },
  }, async (req) => passkeyLoginOptions(ctx, req.body.loginToken));

  app.post('/api/citizen/login/verify', {
    config: { rateLimit: { max: 30 * ctx.config.rateLimitScale, timeWindow: '1 minute' } },
    schema: {
      tags: ['e-ID'],
      summary: 'Login step 2: TOTP code, SMS code or passkey assertion; sets the portal session cookie',
      body: Type.Object({ loginToken: Type.String({ maxLength: 100 }), ...FactorBody }, { additionalProperties: false }),
      response: { 200: Type.Object({ account: AccountView, csrfToken: Type.String() }, { additionalProperties: false }), ...errors },
    },
  }, async (req, reply) => {
    const done = await finishLogin(ctx, req.body.loginToken, factorOf(req.body), meta(req));
    setCitizenCookie(app, reply, done.session.token, done.session.expiresAt);
    return { account: done.account, csrfToken: done.session.csrfToken };
  });

  // ---- the logged-in citizen
  app.get('/api/citizen/me', { schema: { tags: ['e-ID'], response: { 200: Type.Object({ account: MyAccountView, csrfToken: Type.String() }, { additionalProperties: false }), ...errors } } }, async (req) => ({
    account: await myAccount(ctx, requireCitizen(req)),
    csrfToken: req.csrfToken!,
  }));
  // The portal asks this on every load: "not logged in" answers 200, so a visitor's browser
  // console does not show a failed request on each page.
  app.get('/api/citizen/session', { schema: { tags: ['e-ID'], summary: 'Who is logged in to the portal, if anyone (200 either way)', response: { 200: Type.Union([Type.Object({ signedIn: Type.Literal(false) }, { additionalProperties: false }), Type.Object({ signedIn: Type.Literal(true), account: MyAccountView, csrfToken: Type.String() }, { additionalProperties: false })]), ...errors } } }, async (req) => {
    const actor = req.actor;
    if (!actor || actor.kind !== 'citizen') return { signedIn: false as const };
    return { signedIn: true as const, account: await myAccount(ctx, actor), csrfToken: req.csrfToken! };
  });
  app.post('/api/citizen/logout', { schema: { tags: ['e-ID'], summary: 'Log out (this session; audited)', response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    const s = await currentSession(app, req);
    await signOutSession(ctx, s.actor, s.sessionId, { current: true, ...meta(req) });
    clearCitizenCookie(app, reply);
    return reply.code(204).send(null);
  });
  app.get('/api/citizen/my-data', { schema: { tags: ['e-ID'], summary: 'My registry record, household, residences and integrated documents', response: { 200: MyDataView, ...errors } } }, async (req) => myData(ctx, requireCitizen(req)));
  app.get('/api/citizen/access-log', { schema: { tags: ['e-ID'], summary: 'Who accessed my data (with the agency that read it)', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: PageOf(AccessEntryView), ...errors } } }, async (req) => myAccessLog(ctx, requireCitizen(req), req.query));
  app.get('/api/citizen/family', { schema: { tags: ['e-ID'], summary: 'My parents, spouse and children by name (each one shown is logged)', response: { 200: FamilyView, ...errors } } }, async (req) => myFamily(ctx, requireCitizen(req)));
  app.get('/api/citizen/household-activity', { schema: { tags: ['e-ID'], summary: 'Changes to my household: created, members added (a child registered at birth), head changed', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: HouseholdActivityView, ...errors } } }, async (req) => myHouseholdActivity(ctx, requireCitizen(req), req.query));
  app.get('/api/citizen/usage', { schema: { tags: ['e-ID'], summary: 'My logins, consents and tokens', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: PageOf(UsageView), ...errors } } }, async (req) => myUsage(ctx, requireCitizen(req), req.query));
  app.get('/api/citizen/sessions', { schema: { tags: ['e-ID'], response: { 200: Type.Array(SessionView), ...errors } } }, async (req) => {
    const s = await currentSession(app, req);
    return mySessions(ctx, s.actor, s.sessionId);
  });
  app.delete('/api/citizen/sessions/:id', { schema: { tags: ['e-ID'], summary: 'Sign out one session (audited)', params: Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) }), response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    const s = await currentSession(app, req);
    await signOutSession(ctx, s.actor, req.params.id, { current: req.params.id === s.sessionId, ...meta(req) });
    return reply.code(204).send(null);
  });
  app.post('/api/citizen/sessions/revoke-all', { schema: { tags: ['e-ID'], summary: 'Sign out everywhere (audited)', response: { 200: Type.Object({ revoked: Type.Integer() }, { additionalProperties: false }), ...errors } } }, async (req, reply) => {
    const revoked = await signOutEverywhere(ctx, requireCitizen(req));
    clearCitizenCookie(app, reply);
    return { revoked };
  });
  app.post('/api/citizen/lock', { schema: { tags: ['e-ID'], summary: 'Lock my account (only the police can unlock it)', body: Type.Object({ reasonCode: Type.Optional(LockReasonBody.reasonCode), reasonNote: LockReasonBody.reasonNote }, { additionalProperties: false }), response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    await lockMyAccount(ctx, requireCitizen(req), req.body);
    clearCitizenCookie(app, reply);
    return reply.code(204).send(null);
  });

  // Step-up: a fresh proof of a current second factor before one is added, replaced or removed.
  app.post('/api/citizen/step-up/sms', {
    config: { rateLimit: { max: 10 * ctx.config.rateLimitScale, timeWindow: '1 minute' } },
    schema: { tags: ['e-ID'], summary: 'Text a step-up code to the bound phone (accounts without TOTP or passkey)', response: { 200: CodeSentView, ...errors } },
  }, async (req) => sendStepUpCode(ctx, await currentSession(app, req)));
  app.post('/api/citizen/step-up/passkey-options', {
    schema: { tags: ['e-ID'], summary: 'WebAuthn options for a step-up with a passkey', response: { 200: PasskeyRequestOptions, ...errors } },
  }, async (req) => stepUpPasskeyOptions(ctx, await currentSession(app, req)));
  app.post('/api/citizen/step-up', {
    config: { rateLimit: { max: 30 * ctx.config.rateLimitScale, timeWindow: '1 minute' } },
    schema: {
      tags: ['e-ID'],
      summary: 'Prove a current second factor (TOTP code, passkey, or the SMS code when neither is set up); allows changing second factors for 5 minutes',
      body: Type.Object(FactorBody, { additionalProperties: false }),
      response: { 200: StepUpView, ...errors },
    },
  }, async (req) => finishStepUp(ctx, await currentSession(app, req), factorOf(req.body), meta(req)));

  app.post('/api/citizen/totp/setup', { schema: { tags: ['e-ID'], summary: 'Start setting up an authenticator app (needs a step-up); the current one stays in force until the new one is confirmed', response: { 200: TotpSetupView, ...errors } } }, async (req) =>
    beginTotp(ctx, await currentSession(app, req)),
  );
  app.post('/api/citizen/totp/confirm', { schema: { tags: ['e-ID'], summary: 'Confirm the new authenticator app with one of its codes', body: Type.Object({ code: Code }, { additionalProperties: false }), response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    await confirmTotp(ctx, requireCitizen(req), req.body.code);
    return reply.code(204).send(null);
  });
  app.post('/api/citizen/totp/disable', { schema: { tags: ['e-ID'], summary: 'Turn the authenticator app off (needs a step-up)', response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    await disableTotp(ctx, await currentSession(app, req));
    return reply.code(204).send(null);
  });
  app.post('/api/citizen/passkeys/options', { schema: { tags: ['e-ID'], summary: 'WebAuthn options to register a passkey (needs a step-up)', response: { 200: PasskeyCreationOptions, ...errors } } }, async (req) => {
    const s = await currentSession(app, req);
    return passkeyRegistrationOptions(ctx, s.actor, s);
  });
  app.post('/api/citizen/passkeys', {
    schema: {
      tags: ['e-ID'],
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 60 }), response: Type.Object({}, { additionalProperties: true, description: 'The WebAuthn registration (RegistrationResponseJSON) from @simplewebauthn/browser' }) }, { additionalProperties: false }),
      response: { 201: PasskeyView, ...errors },
    },
  }, async (req, reply) => {
    const s = await currentSession(app, req);
    // The registration's inner shape is checked by @simplewebauthn when it is verified.
    return reply.code(201).send(await registerPasskey(ctx, s.actor, s, { name: req.body.name, response: req.body.response as never }));
  });
  app.get('/api/citizen/passkeys', { schema: { tags: ['e-ID'], response: { 200: Type.Array(PasskeyView), ...errors } } }, async (req) => listPasskeys(ctx, requireCitizen(req)));
  app.delete('/api/citizen/passkeys/:id', { schema: { tags: ['e-ID'], summary: 'Remove a passkey (needs a step-up)', params: Type.Object({ id: Type.String({ maxLength: 400 }) }), response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    const s = await currentSession(app, req);
    await removePasskey(ctx, s.actor, s.tokenHash, req.params.id);
    return reply.code(204).send(null);
  });
  app.get('/api/citizen/consents', { schema: { tags: ['e-ID'], response: { 200: Type.Array(ConsentView), ...errors } } }, async (req) => listConsents(ctx, requireCitizen(req)));
  app.delete('/api/citizen/consents/:grantId', { schema: { tags: ['e-ID'], params: Type.Object({ grantId: Type.String({ maxLength: 100 }) }), response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    await revokeConsent(ctx, requireCitizen(req), req.params.grantId);
    return reply.code(204).send(null);
  });
  app.post('/api/citizen/children', {
    schema: { tags: ['e-ID'], summary: 'A level-2 parent creates the level-1 account of a child under 14', body: Type.Object({ childPin: Pin, passcode: Passcode }, { additionalProperties: false }), response: { 201: AccountView, ...errors } },
  }, async (req, reply) => reply.code(201).send(await enrolChild(ctx, requireCitizen(req), req.body)));

  // ---- officers
  app.get('/api/eid/accounts', {
    schema: {
      tags: ['e-ID'],
      summary: 'e-ID accounts of people in my unit (e.g. status=pending_verification for the review queue)',
      querystring: Type.Object({ status: Type.Optional(Type.Union(['pending_verification', 'pending_activation', 'active', 'locked', 'rejected'].map((s) => Type.Literal(s)))), pin: Type.Optional(Pin), ...PageQuery }, { additionalProperties: false }),
      response: { 200: PageOf(AccountListItemView), ...errors },
    },
  }, async (req) => listAccounts(ctx, requireOfficer(req), req.query));
  app.get('/api/eid/review-queue/count', {
    schema: {
      tags: ['e-ID'],
      summary: 'How many level-1 enrolments of my unit wait for review (a count: no person is read)',
      response: { 200: Type.Object({ pending: Type.Integer() }, { additionalProperties: false }), 401: errors[401], 403: errors[403] },
    },
  }, async (req) => countPendingReviews(ctx, requireOfficer(req)));
  app.get('/api/eid/accounts/:id/photo', {
    schema: {
      tags: ['e-ID'],
      summary: 'The enrolment face photo, the newest or an earlier attempt\'s (logged)',
      params: Type.Object({ id: Type.String({ maxLength: 36 }) }),
      querystring: Type.Object({ photoId: Type.Optional(Type.String({ maxLength: 36 })) }, { additionalProperties: false }),
      response: { 200: PhotoResponse, ...errors },
    },
  }, async (req, reply) => {
    const photo = await getAccountPhoto(ctx, requireOfficer(req), req.params.id, req.query.photoId);
    return reply.header('cache-control', 'no-store').type(photo.contentType).send(photo.content);
  });
  app.get('/api/eid/accounts/:id/review-file', {
    schema: {
      tags: ['e-ID'],
      summary: 'What a reviewer compares: the person\'s record summary, every enrolment attempt with its decision and note, and in-person checks (the record read is logged)',
      params: Type.Object({ id: Type.String({ maxLength: 36 }) }),
      response: { 200: ReviewFileView, ...errors },
    },
  }, async (req) => getReviewDetail(ctx, requireOfficer(req), req.params.id));
  app.post('/api/eid/accounts/:id/review', {
    schema: {
      tags: ['e-ID'],
      summary: 'Approve or reject a level-1 enrolment after comparing the photo',
      params: Type.Object({ id: Type.String({ maxLength: 36 }) }),
      body: Type.Object({ decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 200: AccountView, ...errors },
    },
  }, async (req) => reviewEnrolment(ctx, requireOfficer(req), req.params.id, req.body));
  app.post('/api/eid/level2', {
    schema: {
      tags: ['e-ID'],
      summary: 'Record an in-person level-2 verification (card and face checked); sends the activation code',
      body: Type.Object({ pin: Pin, cardNumber: Pin, faceMatched: Type.Boolean(), fingerprintsMatched: Type.Optional(Type.Boolean()), phone: Type.Optional(Type.String({ maxLength: 16 })), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 201: Level2Result, ...errors },
    },
  }, async (req, reply) => reply.code(201).send(await verifyLevel2(ctx, requireOfficer(req), req.body)));
  for (const action of ['lock', 'unlock'] as const) {
    app.post(`/api/eid/accounts/:id/${action}`, {
      schema: { tags: ['e-ID'], params: Type.Object({ id: Type.String({ maxLength: 36 }) }), body: Type.Object(LockReasonBody, { additionalProperties: false }), response: { 200: AccountView, ...errors } },
    }, async (req) => setAccountLock(ctx, requireOfficer(req), (req.params as { id: string }).id, action === 'lock', req.body as LockReason));
  }
  app.get('/api/eid/clients', { schema: { tags: ['e-ID'], summary: 'Registered relying parties', response: { 200: Type.Array(OidcClientSchema), ...problems(401, 403, 500) } } }, async (req) => listClients(ctx, requireOfficer(req)));
  app.post('/api/eid/clients', {
    schema: {
      tags: ['e-ID'],
      summary: 'Register a relying party (the secret is shown once)',
      body: Type.Object({
        clientId: Type.Optional(Type.String({ pattern: '^[a-z0-9_.-]{3,64}$', maxLength: 64 })),
        name: Type.String({ minLength: 1, maxLength: 200 }),
        redirectUris: Type.Array(Type.String({ maxLength: 500 }), { minItems: 1, maxItems: 10 }),
        postLogoutRedirectUris: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 10 })),
        scopes: Type.Array(Type.Union(REGISTRY_SCOPES.map((s) => Type.Literal(s))), { maxItems: 10 }),
        minLevel: Type.Union([Type.Literal(1), Type.Literal(2)]),
        confidential: Type.Boolean(),
      }, { additionalProperties: false }),
      response: { 201: NewOidcClientSchema, ...problems(400, 401, 403, 409, 413, 500) },
    },
  }, async (req, reply) => reply.code(201).send(await createClient(ctx, requireOfficer(req), req.body as Parameters<typeof createClient>[2])));
  app.post('/api/eid/clients/:clientId/active', {
    schema: {
      tags: ['e-ID'],
      summary: 'Activate or deactivate a relying party (deactivated: no new logins)',
      params: Type.Object({ clientId: Type.String({ maxLength: 64 }) }),
      body: Type.Object({ active: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: OidcClientSchema, ...problems(400, 401, 403, 404, 413, 500) },
    },
  }, async (req) => setClientActive(ctx, requireOfficer(req), req.params.clientId, req.body.active));
  app.post('/api/eid/document-issuers', {
    schema: {
      tags: ['e-ID'],
      summary: 'Register an agency that issues integrated documents (its public key; the API key is shown once)',
      body: Type.Object({ id: Type.String({ pattern: '^[a-z0-9_.-]{2,64}$', maxLength: 64 }), name: Type.String({ minLength: 1, maxLength: 200 }), kinds: Type.Array(Type.Union(DOCUMENT_KINDS.map((k) => Type.Literal(k))), { minItems: 1 }), publicJwk: Open }, { additionalProperties: false }),
      response: { 201: IssuerCreated, ...errors },
    },
  }, async (req, reply) => reply.code(201).send(await registerIssuer(ctx, requireOfficer(req), req.body as Parameters<typeof registerIssuer>[2])));

  // ---- issuing agencies (API key in the Authorization header)
  const issuerKey = (req: FastifyRequest) => req.headers.authorization?.replace(/^Bearer\s+/i, '');
  app.post('/api/documents', {
    schema: { tags: ['e-ID'], summary: 'An issuer adds a document it signed (compact JWS)', body: Type.Object({ jws: Type.String({ minLength: 10, maxLength: 20000 }) }, { additionalProperties: false }), response: { 201: DocumentView, ...errors } },
  }, async (req, reply) => reply.code(201).send(await addDocument(ctx, await issuerByApiKey(ctx, issuerKey(req)), req.body.jws)));
  app.post('/api/documents/revoke', {
    schema: { tags: ['e-ID'], summary: 'An issuer revokes one of its documents', body: Type.Object({ kind: Type.String({ maxLength: 40 }), number: Type.String({ maxLength: 64 }) }, { additionalProperties: false }), response: { 204: Type.Null(), ...errors } },
  }, async (req, reply) => {
    await revokeDocument(ctx, await issuerByApiKey(ctx, issuerKey(req)), req.body.kind, req.body.number);
    return reply.code(204).send(null);
  });

  // ---- OpenID Connect interactions (pages at /eid/interaction/:uid are the web app's)
  const raw = (req: FastifyRequest, reply: FastifyReply) => ({ req: req.raw, res: reply.raw });
  const Uid = Type.Object({ uid: Type.String({ maxLength: 100 }) });
  app.get('/eid/interaction/:uid/details', {
    schema: { tags: ['e-ID'], summary: 'The login request of a service: who asks, for what, at which level, and where the citizen stands', params: Uid, response: { 200: InteractionViewSchema, ...problems(400, 404, 500) } },
  }, async (req, reply) => {
    const s = await optionalSession(app, req);
    return describeInteraction(ctx, await provider.current(), raw(req, reply), s && portalLogin(s));
  });
  app.post('/eid/interaction/:uid/login', {
    schema: { tags: ['e-ID'], summary: 'Finish the login step with the portal login (level, max_age and prompt=login checked)', params: Uid, response: { 200: Redirect, ...problems(400, 401, 403, 404, 413, 500) } },
  }, async (req, reply) => {
    const s = await currentSession(app, req);
    return { redirectTo: await finishLoginStep(ctx, await provider.current(), raw(req, reply), portalLogin(s)) };
  });
  app.post('/eid/interaction/:uid/consent', {
    schema: { tags: ['e-ID'], summary: 'Consent to the scopes the service asked for', params: Uid, response: { 200: Redirect, ...problems(400, 401, 403, 404, 413, 500) } },
  }, async (req, reply) => ({
    redirectTo: await finishConsentStep(ctx, await provider.current(), raw(req, reply), requireCitizen(req), meta(req)),
  }));
  app.post('/eid/interaction/:uid/abort', {
    schema: {
      tags: ['e-ID'],
      summary: 'Decline, or give up for want of level 2: the service receives the error',
      params: Uid,
      body: Type.Object({ reason: Type.Union([Type.Literal('access_denied'), Type.Literal('unmet_authentication_requirements')]) }, { additionalProperties: false }),
      response: { 200: Redirect, ...problems(400, 403, 404, 413, 500) },
    },
  }, async (req, reply) => ({ redirectTo: await abortInteraction(await provider.current(), raw(req, reply), req.body.reason) }));

  // ---- development outbox (only when messages are not really sent, and only from this machine)
  if (ctx.config.devMessages) {
    app.get('/api/dev/messages', {
      onRequest: async (req) => requireLoopback(req),
      schema: { tags: ['development'], summary: 'Messages the development sender "sent" (SMS codes, e-mail); answers requests from this machine only', querystring: Type.Object({ recipient: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }, { additionalProperties: false }), response: { 200: Type.Array(DevMessageView), 404: Problem } },
    }, async (req) => listDevMessages(ctx.db.pool, req.query.recipient, req.query.limit));
  }
}
