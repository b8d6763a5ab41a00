import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { LOG_REDACT } from './kernel/log.js';
import fastifyStatic from '@fastify/static';
import middie from '@fastify/middie';
import { auditRoutes } from './kernel/audit-routes.js';
import { calendarRoutes } from './kernel/calendar/calendar-routes.js';
import { authRoutes } from './kernel/auth/routes.js';
import { systemClock, type Clock } from './kernel/clock.js';
import { loadConfig, type Config } from './kernel/config.js';
import type { AppContext } from './kernel/context.js';
import type { Database } from './kernel/db.js';
import { BatchingAccessLog, type AccessLog } from './kernel/access-log.js';
import { loadKeyring, type Keyring } from './kernel/keyring.js';
import { createHttp, isLoopbackRequest, routeNotFound, type App } from './kernel/http.js';
import { sendProblem } from './kernel/problem.js';
import { peopleRoutes } from './modules/people/index.js';
import { dossierRoutes } from './modules/dossiers/index.js';
import { confirmationRoutes, residenceRoutes } from './modules/residence/index.js';
import { citizenSessions, createProvider, eidRoutes } from './modules/eid/index.js';
import { cardRoutes } from './modules/cards/index.js';
import { qualityRoutes } from './modules/quality/index.js';
import { unitDirectory, unitsRoutes } from './modules/units/index.js';

/**
 * The whole application as one Fastify instance: the server, the CLI and every test build
 * it through here, with the same validation and limits.
 */
export interface BuildOptions {
  db: Database;
  config?: Config;
  clock?: Clock;
  log?: Logger;
  /** The keyring to use instead of the configured one (the CLI and server share one). */
  keys?: Keyring;
  /** The access-log writer to share (the server, CLI and tests use one per database). */
  accessLog?: AccessLog;
  /** Directory of the built web app (vite build output) to serve at /. */
  webDist?: string;
}

export function createContext(opts: Pick<BuildOptions, 'db' | 'config' | 'clock' | 'log' | 'keys' | 'accessLog'>): AppContext {
  const config = opts.config ?? loadConfig();
  const log = opts.log ?? pino({ level: config.logLevel, redact: LOG_REDACT });
  const partial = {
    db: opts.db,
    config,
    clock: opts.clock ?? systemClock,
    log,
    keys: opts.keys ?? loadKeyring(config),
    accessLog: opts.accessLog ?? new BatchingAccessLog(opts.db),
  };
  return { ...partial, units: unitDirectory(partial) };
}

export async function buildApp(opts: BuildOptions): Promise<App> {
  const ctx = createContext(opts);
  const app = await createHttp(ctx, { sessionResolvers: [citizenSessions] });
  await app.register(authRoutes);
  await app.register(auditRoutes);
  await app.register(calendarRoutes);
  await app.register(unitsRoutes);
  await app.register(peopleRoutes);
  await app.register(dossierRoutes);
  await app.register(residenceRoutes);
  await app.register(confirmationRoutes);
  await app.register(cardRoutes);
  await app.register(qualityRoutes);
  // The OpenID Connect provider is a Koa app; middie mounts it under /oidc.
  const provider = await createProvider(ctx);
  await app.register(middie);
  app.use('/oidc', provider.callback());
  await app.register(eidRoutes, { provider });
  if (opts.webDist) await serveWeb(app, opts.webDist);
  await app.ready();
  return app;
}

/**
 * Serves the built web app: its files, and index.html for the paths its router owns (pages).
 * Anything else — API and OpenID Connect paths, /.well-known/…, a file that does not exist —
 * is a 404 problem, never the app's page with 200. The development outbox page answers only
 * while dev messages are on, and only to this machine.
 */
async function serveWeb(app: App, dir: string): Promise<void> {
  const root = path.resolve(dir);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'web app not built (npm run build:web); serving the API only');
    return;
  }
  await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    const pathname = req.url.split('?', 1)[0]!;
    if (!isPagePath(pathname)) return sendProblem(req, reply, routeNotFound());
    if (pathname.startsWith('/dev/') && !(app.ctx.config.devMessages && isLoopbackRequest(req))) return sendProblem(req, reply, routeNotFound());
    return reply.sendFile('index.html');
  });
}

/** Prefixes the server answers itself; the web app routes none of them. */
const SERVER_PREFIXES = ['/api', '/oidc', '/.well-known', '/health', '/ready'];

/**
 * A path the web app's router renders (src/web/App.tsx): no file extension in its last
 * segment, outside the server's own prefixes, not below an e-ID interaction page (its
 * `/details`, `/login`… are API routes), and of the development pages only /dev/messages.
 */
export function isPagePath(pathname: string): boolean {
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  if (last.includes('.')) return false;
  if (SERVER_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return false;
  if (/^\/eid\/interaction\/[^/]+\/./.test(pathname)) return false;
  if (pathname.startsWith('/dev/') && pathname !== '/dev/messages') return false;
  return true;
}
