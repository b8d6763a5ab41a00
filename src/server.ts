import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { buildApp, createContext } from './app.js';
import { loadConfig, type Config } from './kernel/config.js';
import { openDatabase, type Database } from './kernel/db.js';
import { AuditSequencer } from './kernel/audit-seal.js';
import { EventRelay, logSubscriber } from './kernel/events.js';
import { migrate } from './kernel/migrate.js';
import { rebuildDeferredIndexes } from './kernel/deferred-index.js';
import { NotificationDispatcher } from './kernel/notify/dispatcher.js';
import { devSender, smtpSender } from './kernel/notify/senders.js';
import type { AppContext } from './kernel/context.js';
import { purgeExpiredOidcPayloads } from './modules/eid/index.js';
import { dossierMergeSubscriber, dossierNoticeSubscriber } from './modules/dossiers/index.js';
import { seedDemo, type DemoLogin } from './demo.js';
import { cardDeathSubscriber, cardMergeSubscriber, ensureCardKeys } from './modules/cards/index.js';
import { residenceMergeSubscriber } from './modules/residence/index.js';
import { qualityChangeSubscriber, startQualityRunner } from './modules/quality/index.js';
import type { App } from './kernel/http.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string | undefined;
  /**
   * Create the demo officers, citizens and data where missing, and deliver SMS and e-mail to
   * the development outbox. Default: on for the embedded database, off with DATABASE_URL (a
   * real database must not get known passwords by accident).
   */
  demo?: boolean;
  webDist?: string;
  log?: Logger;
  /**
   * Start the in-memory database from a saved data directory (PGlite's `dumpDataDir`), such as
   * one already migrated and holding the demo: the browser tests seed the demo once per run.
   * Refused with DATABASE_URL (openDatabase): it is a PGlite directory.
   */
  loadDataDir?: Uint8Array;
  /** The master key (base64), as DANCU_MASTER_KEY would give it: the key a saved data directory was sealed with. */
  masterKey?: string;
}

export interface RunningServer {
  url: string;
  app: App;
  db: Database;
  config: Config;
  demoLogins: DemoLogin[];
  close(): Promise<void>;
}

/** Opens the database, migrates, optionally seeds the demo, and listens. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  // A data directory given here decides the keys directory and the audit witness file as the
  // environment's would: an in-memory database must not check itself against the checkpoints
  // (and keys) a persistent one left on disk, or every fresh start reads as a truncated log.
  const base = loadConfig(options.dataDir !== undefined ? { ...process.env, DANCU_DATA_DIR: options.dataDir } : process.env);
  const config: Config = {
    ...base,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.masterKey !== undefined ? { masterKey: options.masterKey } : {}),
  };
  const demo = demoWanted(options.demo, config);
  // The demo has no SMS gateway: codes go to the development outbox (/dev/messages).
  if (demo) config.devMessages = true;
  // The OpenID Connect issuer names the port, so "any free port" is chosen before building.
  if (config.port === 0) config.port = await freePort(config.host);
  if (options.port !== undefined && !process.env.DANCU_PUBLIC_URL) config.publicUrl = `http://localhost:${config.port}`;
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  try {
    await migrate(db);
    const ctx = createContext({ db, config, ...(options.log ? { log: options.log } : {}) });
    // Indexes a killed bulk load left unbuilt (none after a load that finished).
    await rebuildDeferredIndexes(db, ctx.log);
    // The chip's Country Signing CA and first Document Signer are made at setup, not at the first card.
    await ensureCardKeys(db.pool, ctx.keys, ctx.clock.now());
    const demoLogins = demo ? await seedDemo(ctx) : [];
    const app = await buildApp({ db, config, log: ctx.log, keys: ctx.keys, accessLog: ctx.accessLog, webDist: options.webDist ?? path.join(REPO_ROOT, 'dist', 'web') });
    const relay = new EventRelay(db);
    relay.subscribe(logSubscriber(ctx.log));
    // Applicants (and people asked to consent) are texted each change of their dossiers.
    relay.subscribe(dossierNoticeSubscriber(ctx));
    // A registered death revokes the person's cards.
    relay.subscribe(cardDeathSubscriber(ctx));
    // A merge of duplicate records: cards, dossiers and residence records follow the survivor; the rules and the duplicate lookup run on every change.
    relay.subscribe(cardMergeSubscriber(ctx));
    relay.subscribe(dossierMergeSubscriber(ctx));
    relay.subscribe(residenceMergeSubscriber(ctx));
    relay.subscribe(qualityChangeSubscriber(ctx));
    relay.start(1000, (err) => ctx.log.error({ err }, 'event relay failed'));
    const dispatcher = notificationDispatcher(ctx);
    dispatcher.start(1000);
    // Whole-population quality runs queued from the console (POST /api/quality/runs).
    const qualityRunner = startQualityRunner(ctx);
    // Seals committed audit rows into signed blocks a few times a second (one process at a time).
    const sequencer = new AuditSequencer(db, { keys: ctx.keys, now: () => ctx.clock.now(), witnessFile: config.auditWitnessFile });
    sequencer.start(250, (err) => ctx.log.error({ err }, 'audit sequencer failed'));
    const housekeeping = setInterval(() => {
      purgeExpiredOidcPayloads(ctx).catch((err: unknown) => ctx.log.error({ err }, 'oidc housekeeping failed'));
    }, 10 * 60_000);
    housekeeping.unref();
    const address = await app.listen({ port: config.port, host: config.host });
    let closed = false;
    return {
      url: address.replace('127.0.0.1', 'localhost'),
      app,
      db,
      config,
      demoLogins,
      async close() {
        if (closed) return;
        closed = true;
        clearInterval(housekeeping);
        await dispatcher.stop();
        await qualityRunner.stop();
        await relay.stop();
        await sequencer.stop();
        await sequencer.seal().catch((err: unknown) => ctx.log.error({ err }, 'audit sequencer failed at shutdown'));
        await app.close();
        await ctx.accessLog.drain();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** `--demo` / `--no-demo` when given; otherwise on for the embedded database only. */
export function demoWanted(asked: boolean | undefined, config: Pick<Config, 'databaseUrl'>): boolean {
  return asked ?? !config.databaseUrl;
}

/**
 * SMS go to the development outbox unless a gateway is configured (none exists yet: real
 * SMS needs an operator contract); e-mail goes over SMTP when DANCU_SMTP_URL is set.
 */
export function notificationDispatcher(ctx: AppContext): NotificationDispatcher {
  const d = new NotificationDispatcher(ctx.db, ctx.clock, ctx.log);
  if (ctx.config.devMessages) d.register(devSender('sms', ctx.log, () => ctx.clock.now()));
  if (ctx.config.smtpUrl) d.register(smtpSender(ctx.config.smtpUrl, ctx.config.mailFrom));
  else if (ctx.config.devMessages) d.register(devSender('email', ctx.log, () => ctx.clock.now()));
  return d;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
