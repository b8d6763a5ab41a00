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
  /**
   * The address citizens' browsers and relying parties reach this server at; the OpenID
   * Connect issuer is `${publicUrl}/oidc`. Default http://localhost:PORT.
   */
  publicUrl: string;
  /** Deliver SMS and e-mail to the development outbox page instead of a gateway. */
  devMessages: boolean;
  /** SMTP server for e-mail, e.g. smtp://user:pass@mail.example:587; e-mail waits in the outbox without it. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Multiplies every per-IP HTTP rate limit (a gateway in front of many citizens may need more; tests from one IP too). */
  rateLimitScale: number;
  /**
   * Believe X-Forwarded-For/-Proto: only behind a reverse proxy that sets them. Otherwise a
   * client could pick its own IP and step around the per-IP rate limits.
   */
  trustProxy: boolean;
  /**
   * Production mode (`NODE_ENV=production`): secrets must be configured, never generated, and
   * development conveniences stay off whatever else is set.
   */
  production: boolean;
  /** The master key that seals secrets at rest (see keyring.ts), or a file holding it. */
  masterKey: string | undefined;
  masterKeyFile: string | undefined;
  /** Where generated keys live outside the database; null for an in-memory database (keys die with it). */
  keysDir: string | null;
  /**
   * Where the audit sequencer appends each signed checkpoint, outside the database (a log cut
   * back together with its newest blocks is caught against it); null: nowhere. Point it at
   * storage the database's administrators cannot rewrite.
   */
  auditWitnessFile: string | null;
  /** Where dossier attachments are stored (files named by SHA-256); null: a temporary directory that lives as long as the process (in-memory databases). */
  attachmentsDir: string | null;
  /** The largest attachment accepted, in bytes. */
  attachmentMaxBytes: number;
  /** Largest bulk-import upload accepted over HTTP, in MiB (DANCU_IMPORT_MAX_UPLOAD_MB, default 512); larger files go through `dancu import`. */
  importMaxUploadMb: number;
  /** Disk all bulk-import uploads in flight may use together, in MiB (DANCU_IMPORT_MAX_PENDING_MB, default 2048). */
  importMaxPendingMb: number;
  /** Where uploads wait while they are imported (DANCU_IMPORT_TMP_DIR, default the system temporary directory). */
  importTempDir: string | undefined;
  /**
   * How long a CT07 confirmation of residence information is valid, in months
   * (DANCU_CT07_VALIDITY_MONTHS, default 12: Circular 66/2023 amending Circular 55/2021; see
   * src/modules/residence/ct07/model.ts).
   */
  ct07ValidityMonths: number;
}

function positiveMb(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number of MiB, got ${raw}`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const dataDir = env.DANCU_DATA_DIR || path.resolve('data', 'db');
  // Beside the data directory and named after it, so two data directories never share keys.
  const keysDir = env.DANCU_KEYS_DIR || (dataDir === ':memory:' ? null : `${path.resolve(dataDir)}-keys`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    host: env.HOST ?? '127.0.0.1',
    port,
    secureCookies: env.DANCU_SECURE_COOKIES === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    publicUrl: (env.DANCU_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    devMessages: env.DANCU_DEV_MESSAGES === '1',
    smtpUrl: env.DANCU_SMTP_URL || undefined,
    mailFrom: env.DANCU_MAIL_FROM ?? 'dancu <no-reply@localhost>',
    rateLimitScale: Number(env.DANCU_RATE_LIMIT_SCALE ?? 1) || 1,
    trustProxy: env.DANCU_TRUST_PROXY === '1',
    production: env.NODE_ENV === 'production',
    masterKey: env.DANCU_MASTER_KEY || undefined,
    masterKeyFile: env.DANCU_MASTER_KEY_FILE || undefined,
    keysDir,
    auditWitnessFile: env.DANCU_AUDIT_WITNESS_FILE || (keysDir ? path.join(keysDir, 'audit-checkpoints.ndjson') : null),
    attachmentsDir: env.DANCU_ATTACHMENTS_DIR || (dataDir === ':memory:' ? null : `${path.resolve(dataDir)}-attachments`),
    attachmentMaxBytes: positiveInt(env.DANCU_ATTACHMENT_MAX_BYTES, 10 * 1024 * 1024, 'DANCU_ATTACHMENT_MAX_BYTES'),
    importMaxUploadMb: positiveMb(env, 'DANCU_IMPORT_MAX_UPLOAD_MB', 512),
    importMaxPendingMb: positiveMb(env, 'DANCU_IMPORT_MAX_PENDING_MB', 2048),
    importTempDir: env.DANCU_IMPORT_TMP_DIR || undefined,
    ct07ValidityMonths: positiveInt(env.DANCU_CT07_VALIDITY_MONTHS, 12, 'DANCU_CT07_VALIDITY_MONTHS'),
  };
}

function positiveInt(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got ${text}`);
  return n;
}
