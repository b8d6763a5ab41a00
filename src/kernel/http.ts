import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { loggedPath, type RequestLog } from './log.js';
import type { ErrorObject } from 'ajv';
import type { Actor, OfficerActor } from './actor.js';
import { csrfMatches, resolveSession, SESSION_COOKIE } from './auth/sessions.js';
import type { AppContext } from './context.js';
import { AppError, fromPgError, type FieldError } from './errors.js';
import { problemFromUnstorableText, problemFromValidation, sendProblem } from './problem.js';
import { withKernelResponses } from './responses.js';
import { compileSerializer, compileValidator, SHARED_SCHEMAS } from './schema-compilers.js';
import { Problem, PROBLEM_SCHEMA_ID } from './schemas.js';
import { findUnstorableText } from './text-input.js';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    actor: Actor | undefined;
    sessionTokenHash: string | undefined;
    csrfToken: string | undefined;
  }
}

export const BODY_LIMIT = 1024 * 1024;

/**
 * A kind of browser session: which cookie carries it, which paths it authenticates, and how
 * its token becomes an actor. The console's officer sessions are built in; modules add theirs
 * (the e-ID module's citizen sessions) through `HttpOptions`.
 */
export interface SessionResolver {
  cookie: string;
  appliesTo(url: string): boolean;
  /** `allows`, when present, names the only paths the session may reach (others answer 403). */
  resolve(ctx: AppContext, token: string): Promise<{ actor: Actor; csrfToken: string; tokenHash: string; allows?: (url: string) => boolean } | undefined>;
}

export interface HttpOptions {
  /** Tried before the officer session, each only on the paths it applies to. */
  sessionResolvers?: SessionResolver[];
}

/**
 * Paths whose routes can use a session: the API and the routes of an e-ID interaction
 * (`/eid/interaction/{uid}/details`, `/login`, …). Looking a session up is a query, so health
 * checks, static files, the web app's pages and the API docs never do.
 */
export function usesSessions(url: string): boolean {
  return (url.startsWith('/api/') && !url.startsWith('/api/docs')) || /^\/eid\/interaction\/[^/?]+\/./.test(url);
}

/** Officer sessions authenticate everything except the citizen portal's own paths. */
const officerSessions: SessionResolver = {
  cookie: SESSION_COOKIE,
  appliesTo: (url) => !url.startsWith('/api/citizen/') && !url.startsWith('/eid/'),
  resolve: resolveSession,
};

/**
 * The one Content-Security-Policy of every page, the API docs included: this origin only, no
 * remote origins at all. React and swagger-ui set a few inline styles.
 */
export const CSP_DIRECTIVES: Record<string, string[]> = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** `{ defaultSrc: ["'self'"] }` → `default-src 'self'` (the header helmet would write). */
export function cspHeader(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`)
    .join('; ');
}

export async function createHttp(ctx: AppContext, options: HttpOptions = {}): Promise<App> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast keeps App's logger type the base one.
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    trustProxy: ctx.config.trustProxy,
    return503OnClosing: true,
    requestIdHeader: 'x-request-id',
    // One line per request, written when it ends (below), instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onResponse', async (req, reply) => {
    const http: RequestLog = { method: req.method, path: loggedPath(req.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    req.log.info({ http }, 'request');
  });

  app.setValidatorCompiler(compileValidator);
  app.setSerializerCompiler(compileSerializer);
  app.setSchemaErrorFormatter((errors, dataVar) => validationError(errors as ErrorObject[], dataVar));

  // Before any route is added: every route's response schemas gain the problems the kernel
  // itself can answer (validation, body size, CSRF, rate limit, internal error).
  app.addHook('onRoute', withKernelResponses);
  app.addSchema(SHARED_SCHEMAS[PROBLEM_SCHEMA_ID]);

  app.decorate('ctx', ctx);
  app.decorateRequest('actor', undefined);
  app.decorateRequest('sessionTokenHash', undefined);
  app.decorateRequest('csrfToken', undefined);

  app.setErrorHandler((err, req, reply) => {
    const problem = toAppError(err);
    if (problem.status >= 500) req.log.error({ err }, 'request failed');
    return sendProblem(req, reply, problem);
  });
  app.setNotFoundHandler((req, reply) => sendProblem(req, reply, routeNotFound()));

  // helmet's middleware, built once. @fastify/helmet called helmet(options) on every request,
  // parsing the policy anew each time: 5 % of the server's time on the logged-reads benchmark.
  const securityHeaders = helmet({ contentSecurityPolicy: { directives: { ...CSP_DIRECTIVES, upgradeInsecureRequests: null } } });
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)));
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    // Shared schemas appear in components.schemas under their own id, not as def-0, def-1…
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: { title: 'dancu API', version: '0.1.0', description: 'Population registry and digital identity — Cơ sở dữ liệu quốc gia về dân cư' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
  });
  // swagger-ui's own default policy (staticCSP: true) forbids the inline styles its script
  // sets and allows any https: origin; the docs page gets the app's policy instead, and no
  // validator badge fetched from validator.swagger.io.
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: cspHeader(CSP_DIRECTIVES), uiConfig: { validatorUrl: null } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Text PostgreSQL cannot store is refused before anything else looks at the request: a
  // 400 naming the field, never a 500 from the database halfway through a service.
  app.addHook('onRequest', async (req) => {
    rejectUnstorableText(req.params, 'params');
    rejectUnstorableText(req.query, 'querystring');
  });
  app.addHook('preValidation', async (req) => {
    rejectUnstorableText(req.body, 'body');
  });

  const resolvers: SessionResolver[] = [...(options.sessionResolvers ?? []), officerSessions];
  app.addHook('onRequest', async (req) => {
    if (!usesSessions(req.url)) return;
    for (const resolver of resolvers) {
      if (!resolver.appliesTo(req.url)) continue;
      const token = req.cookies[resolver.cookie];
      if (!token) continue;
      const session = await resolver.resolve(ctx, token);
      if (!session) continue;
      if (session.allows && !session.allows(req.url)) throw totpEnrolmentRequired();
      req.actor = session.actor;
      req.sessionTokenHash = session.tokenHash;
      req.csrfToken = session.csrfToken;
      return;
    }
  });
  // Cookie-authenticated writes must carry the session's CSRF token.
  app.addHook('preHandler', async (req) => {
    if (req.sessionTokenHash && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const given = req.headers['x-csrf-token'];
      if (!csrfMatches(req.csrfToken ?? '', typeof given === 'string' ? given : undefined)) {
        throw new AppError('forbidden', 'csrf_token_invalid', {
          vi: 'Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF). Hãy tải lại trang.',
          en: 'Missing or wrong anti-forgery (CSRF) token. Reload the page.',
        }, { field: 'x-csrf-token' });
      }
    }
  });

  const Health = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false });
  const Ready = Type.Object({ status: Type.Literal('ready'), engine: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]) }, { additionalProperties: false });
  app.get('/health', { schema: { tags: ['kernel'], summary: 'The process is alive (no database query, no session look-up)', response: { 200: Health } } }, async () => ({ status: 'ok' as const }));
  app.get('/ready', { schema: { tags: ['kernel'], summary: 'The database answers', response: { 200: Ready, 503: Problem } } }, async () => {
    try {
      await ctx.db.pool.query('SELECT 1');
    } catch (err) {
      throw new AppError('unavailable', 'database_unavailable', { vi: 'Cơ sở dữ liệu không trả lời.', en: 'The database does not answer.' }, { cause: err });
    }
    return { status: 'ready' as const, engine: ctx.db.engine };
  });
  return app;
}

/** An administrator requires this officer to turn on TOTP before using the console. */
export function totpEnrolmentRequired(): AppError {
  return new AppError('forbidden', 'totp_enrolment_required', {
    vi: 'Quản trị viên yêu cầu bạn bật ứng dụng xác thực (TOTP) trước khi dùng hệ thống.',
    en: 'An administrator requires you to turn on an authenticator app (TOTP) before using the console.',
  });
}

/** The authenticated officer, or a 401 problem. */
export function requireOfficer(req: FastifyRequest): OfficerActor {
  const actor = req.actor;
  if (!actor || actor.kind !== 'officer') {
    throw new AppError('unauthenticated', 'login_required', { vi: 'Bạn cần đăng nhập.', en: 'You need to log in.' });
  }
  return actor;
}

function rejectUnstorableText(value: unknown, dataVar: string): void {
  const found = findUnstorableText(value);
  if (found) throw problemFromUnstorableText(found, dataVar);
}

/**
 * The request came from this machine: its socket address is loopback, and so is every
 * address a proxy on this machine says it forwarded for (a reverse proxy on localhost would
 * otherwise make every visitor look local). For development pages only.
 */
export function isLoopbackRequest(req: FastifyRequest): boolean {
  if (!isLoopbackAddress(req.raw.socket.remoteAddress)) return false;
  // RFC 7239 Forwarded is not parsed: a proxy sits in front, so the client is not known to be local.
  if (req.headers.forwarded !== undefined) return false;
  const xff = req.headers['x-forwarded-for'];
  if (xff === undefined) return true;
  return [xff].flat().flatMap((h) => h.split(',')).every((a) => isLoopbackAddress(a.trim()));
}

/** The answer to a path nothing serves; also what a development-only route answers anyone else. */
export function routeNotFound(): AppError {
  return new AppError('not_found', 'route_not_found', { vi: 'Không có địa chỉ này.', en: 'No such route.' });
}

/** For development pages: a request from elsewhere gets the answer an unknown path gets. */
export function requireLoopback(req: FastifyRequest): void {
  if (!isLoopbackRequest(req)) throw routeNotFound();
}

/** 127.0.0.0/8 (also as an IPv4-mapped IPv6 address) or ::1. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

function validationError(errors: ErrorObject[], dataVar: string): AppError {
  return problemFromValidation(errors, dataVar);
}

/** Maps anything thrown to an AppError; unknown errors become an opaque 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const pgErr = fromPgError(err);
  if (pgErr) return pgErr;
  const e = err as { code?: string; statusCode?: number; validation?: unknown; message?: string };
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err instanceof SyntaxError && e.statusCode === 400)) {
    return new AppError('invalid', 'malformed_json', { vi: 'Nội dung gửi lên không phải JSON hợp lệ.', en: 'The request body is not valid JSON.' }, { field: 'body' });
  }
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AppError('too_large', 'body_too_large', { vi: `Nội dung gửi lên vượt quá ${BODY_LIMIT / 1024} KiB.`, en: `The request body exceeds ${BODY_LIMIT / 1024} KiB.` }, { field: 'body' });
  }
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('invalid', 'unsupported_media_type', { vi: 'Chỉ nhận nội dung kiểu application/json.', en: 'Only application/json bodies are accepted.' }, { field: 'content-type' });
  }
  if (e.statusCode === 429) {
    return new AppError('rate_limited', 'rate_limited', { vi: 'Quá nhiều yêu cầu, hãy thử lại sau.', en: 'Too many requests; try again later.' });
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError('invalid', 'bad_request', { vi: 'Yêu cầu không hợp lệ.', en: 'Bad request.' });
  }
  return new AppError('internal', 'internal_error', { vi: 'Lỗi hệ thống, đã ghi nhận. Hãy thử lại sau.', en: 'Internal error; it has been logged. Try again later.' }, { cause: err });
}

export type { FieldError };
