import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';

/**
 * Secrets at rest (OIDC private signing keys, TOTP secrets, the audit log's checkpoint key)
 * are sealed with AES-256-GCM under one master key that never enters the database: a leaked
 * dump or a read-only SQL injection yields ciphertext only. The master key comes from
 * `DANCU_MASTER_KEY` (32 bytes, base64 or hex) or the file `DANCU_MASTER_KEY_FILE`; outside
 * production a key file is created under the keys directory on first start, and an in-memory
 * database gets a key that lives as long as the process. In production a missing key stops the
 * process at start with a clear message instead of silently inventing one.
 */
export interface Keyring {
  /** Encrypts `plaintext`; `context` (e.g. `totp:<account id>`) is bound as associated data, so a sealed value cannot be moved to another row. */
  seal(plaintext: string | Buffer, context: string): string;
  /** Decrypts a value made by `seal` with the same context; throws on tampering or a wrong key. */
  open(sealed: string, context: string): Buffer;
  /** Convenience: `open(...)` as UTF-8. */
  openText(sealed: string, context: string): string;
  isSealed(value: string): boolean;
  /** Where the key came from, for the start-up banner and errors (never the key itself). */
  readonly source: string;
}

const PREFIX = 'sealed:v1:';

export class MissingMasterKeyError extends Error {
  constructor() {
    super(
      'No master key: set DANCU_MASTER_KEY (32 random bytes, base64 or hex; e.g. `openssl rand -base64 32`) ' +
        'or DANCU_MASTER_KEY_FILE (a file holding it). Production mode (NODE_ENV=production) never creates one by itself.',
    );
    this.name = 'MissingMasterKeyError';
  }
}

function decodeKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error(`The master key in ${where} must be 32 bytes (base64 or hex), got ${key.length}.`);
  return key;
}

export function keyringFromKey(key: Buffer, source: string): Keyring {
  if (key.length !== 32) throw new Error('A master key is 32 bytes.');
  return {
    source,
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
      return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed, context) {
      if (!sealed.startsWith(PREFIX)) throw new Error('Not a sealed value.');
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    },
    openText(sealed, context) {
      return this.open(sealed, context).toString('utf8');
    },
    isSealed: (value) => value.startsWith(PREFIX),
  };
}

/** The master key as configured (see the module comment for the order of sources). */
export function loadKeyring(config: Pick<Config, 'masterKey' | 'masterKeyFile' | 'keysDir' | 'production'>): Keyring {
  if (config.masterKey) return keyringFromKey(decodeKey(config.masterKey, 'DANCU_MASTER_KEY'), 'DANCU_MASTER_KEY');
  if (config.masterKeyFile) {
    if (!fs.existsSync(config.masterKeyFile)) throw new Error(`DANCU_MASTER_KEY_FILE names ${config.masterKeyFile}, which does not exist.`);
    return keyringFromKey(decodeKey(fs.readFileSync(config.masterKeyFile, 'utf8'), config.masterKeyFile), config.masterKeyFile);
  }
  if (config.production) throw new MissingMasterKeyError();
  if (config.keysDir === null) return keyringFromKey(randomBytes(32), 'ephemeral (in-memory database)');
  const file = path.join(config.keysDir, 'master.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.keysDir, { recursive: true, mode: 0o700 });
    // wx: two processes starting at once must not each write a different key.
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return keyringFromKey(decodeKey(fs.readFileSync(file, 'utf8'), file), file);
}
