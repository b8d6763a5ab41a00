import path from 'node:path';

/** Process configuration, read once from the environment. */
export interface Config {
  /** PostgreSQL connection string; when absent the embedded PGlite engine is used. */
  databaseUrl: string | undefined;
  /** PGlite data directory, or ':memory:'. */
  dataDir: string;
  host: string;
  port: number;
  /** Secure cookies need HTTPS; off for the local demo on http://localhost. */
  secureCookies: boolean;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DANCU_DATA_DIR || path.resolve('data', 'db'),
    host: env.HOST ?? '127.0.0.1',
    port,
    secureCookies: env.DANCU_SECURE_COOKIES === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
