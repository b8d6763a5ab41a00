import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { buildApp, createContext } from './app.js';
import { loadConfig, type Config } from './kernel/config.js';
import { openDatabase, type Database } from './kernel/db.js';
import { EventRelay, logSubscriber } from './kernel/events.js';
import { migrate } from './kernel/migrate.js';
import { seedDemo, type DemoLogin } from './demo.js';
import type { App } from './kernel/http.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string | undefined;
  /** Load demo officers (and data) when the database has none. */
  demo?: boolean;
  webDist?: string;
  log?: Logger;
}

export interface RunningServer {
  url: string;
  app: App;
  db: Database;
  demoLogins: DemoLogin[];
  close(): Promise<void>;
}

/** Opens the database, migrates, optionally seeds the demo, and listens. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const base = loadConfig();
  const config: Config = {
    ...base,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
  };
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    const ctx = createContext({ db, config, ...(options.log ? { log: options.log } : {}) });
    const demoLogins = options.demo ? await seedDemo(ctx) : [];
    const app = await buildApp({ db, config, log: ctx.log, webDist: options.webDist ?? path.join(REPO_ROOT, 'dist', 'web') });
    const relay = new EventRelay(db);
    relay.subscribe(logSubscriber(ctx.log));
    relay.start(1000, (err) => ctx.log.error({ err }, 'event relay failed'));
    const address = await app.listen({ port: config.port, host: config.host });
    let closed = false;
    return {
      url: address.replace('127.0.0.1', 'localhost'),
      app,
      db,
      demoLogins,
      async close() {
        if (closed) return;
        closed = true;
        await relay.stop();
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
