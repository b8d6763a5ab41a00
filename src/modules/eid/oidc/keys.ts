import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Executor } from '../../../kernel/db.js';
import { newId } from '../../../kernel/ids.js';
import type { Keyring } from '../../../kernel/keyring.js';

/**
 * The provider's keys, persisted so tokens survive restarts and every process signs alike.
 * Private parts (the signing key's JWK, the cookie secret) are sealed under the master key
 * (`ctx.keys`); `jwk` keeps only the public part of a signing key.
 *
 * Rotation without restart: a new signing key is published in the JWKS at once (each process
 * reloads its keys within `KEY_REFRESH_MS`) but signs only after `KEY_PUBLISH_MS`. Every
 * process therefore publishes a key before any process signs with it, so a relying party that
 * sees the new `kid` finds it at /oidc/jwks whichever process answers.
 */
export const KEY_REFRESH_MS = 5_000;
export const KEY_PUBLISH_MS = 60_000;

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;
const sealContext = (kid: string) => `oidc_key:${kid}`;

function publicJwk(jwk: JWK): JWK {
  const out: JWK = { ...jwk };
  for (const m of PRIVATE_MEMBERS) delete out[m];
  return out;
}

export async function newSigningKey(db: Executor, keys: Keyring, at: Date): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const kid = newId();
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  await db.query("INSERT INTO oidc_key (kid, kind, jwk, sealed, created_at) VALUES ($1, 'signing', $2, $3, $4)", [
    kid,
    JSON.stringify(publicJwk(jwk)),
    keys.seal(JSON.stringify(jwk), sealContext(kid)),
    at,
  ]);
  return kid;
}

async function newCookieKey(db: Executor, keys: Keyring, at: Date): Promise<void> {
  const kid = newId();
  await db.query("INSERT INTO oidc_key (kid, kind, jwk, sealed, created_at) VALUES ($1, 'cookie', NULL, $2, $3)", [kid, keys.seal(randomBytes(32).toString('base64url'), sealContext(kid)), at]);
}

/** Seals rows written before keys were sealed (their private part is in `jwk`); safe to run from several processes at once. */
async function sealLegacyRows(db: Executor, keys: Keyring): Promise<number> {
  const r = await db.query<{ kid: string; kind: 'signing' | 'cookie'; jwk: JWK & { k?: string } }>('SELECT kid, kind, jwk FROM oidc_key WHERE sealed IS NULL');
  for (const row of r.rows) {
    const secret = row.kind === 'cookie' ? String(row.jwk.k) : JSON.stringify(row.jwk);
    await db.query('UPDATE oidc_key SET sealed = $2, jwk = $3 WHERE kid = $1 AND sealed IS NULL', [
      row.kid,
      keys.seal(secret, sealContext(row.kid)),
      row.kind === 'cookie' ? null : JSON.stringify(publicJwk(row.jwk)),
    ]);
  }
  return r.rows.length;
}

export interface ProviderKeys {
  /** oidc-provider signs with the first key of the algorithm: the newest key published long enough, then the others (still verifying). */
  jwks: JWK[];
  cookieKeys: string[];
  /** Changes whenever the set of keys or the signing key changes: a process rebuilds its provider when it does. */
  fingerprint: string;
}

interface KeyRow {
  kid: string;
  kind: 'signing' | 'cookie';
  created_at: Date;
}

/**
 * The order the provider uses the signing keys in: the newest key published for at least
 * `KEY_PUBLISH_MS` signs (or, while none is, the oldest: the one that has signed since the first
 * start); the others follow, verifying only.
 */
export function signingOrder<T extends KeyRow>(rows: T[], at: Date): T[] {
  const newestFirst = [...rows].sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (a.kid < b.kid ? 1 : -1));
  const signer = newestFirst.find((r) => at.getTime() - r.created_at.getTime() >= KEY_PUBLISH_MS) ?? newestFirst[newestFirst.length - 1];
  return signer ? [signer, ...newestFirst.filter((r) => r !== signer)] : [];
}

async function liveRows(db: Executor): Promise<KeyRow[]> {
  return (await db.query<KeyRow>('SELECT kid, kind, created_at FROM oidc_key WHERE retired_at IS NULL')).rows;
}

function fingerprintOf(rows: KeyRow[], at: Date): string {
  const signing = signingOrder(rows.filter((r) => r.kind === 'signing'), at).map((r) => r.kid);
  const cookies = rows.filter((r) => r.kind === 'cookie').sort((a, b) => b.created_at.getTime() - a.created_at.getTime()).map((r) => r.kid);
  return `${signing.join(',')}|${cookies.join(',')}`;
}

/** A cheap look at the keys (no decryption), to tell whether the provider must be rebuilt. */
export async function keysFingerprint(db: Executor, at: Date): Promise<string> {
  return fingerprintOf(await liveRows(db), at);
}

/** Loads (creating on first start, sealing legacy rows) the keys the provider needs, opened with the master key. */
export async function loadKeys(db: Executor, keys: Keyring, at: Date): Promise<ProviderKeys> {
  await sealLegacyRows(db, keys);
  let rows = await liveRows(db);
  if (!rows.some((r) => r.kind === 'signing')) await newSigningKey(db, keys, at);
  if (!rows.some((r) => r.kind === 'cookie')) await newCookieKey(db, keys, at);
  rows = await liveRows(db);
  const sealed = new Map(
    (await db.query<{ kid: string; sealed: string }>('SELECT kid, sealed FROM oidc_key WHERE retired_at IS NULL')).rows.map((r) => [r.kid, r.sealed]),
  );
  const open = (kid: string) => keys.openText(sealed.get(kid)!, sealContext(kid));
  const signing = signingOrder(rows.filter((r) => r.kind === 'signing'), at);
  const cookies = rows.filter((r) => r.kind === 'cookie').sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (a.kid < b.kid ? 1 : -1));
  return {
    jwks: signing.map((r) => JSON.parse(open(r.kid)) as JWK),
    cookieKeys: cookies.map((r) => open(r.kid)),
    fingerprint: fingerprintOf(rows, at),
  };
}

/**
 * Adds a new signing key (published at once, signing after `KEY_PUBLISH_MS`, in every running
 * process) and retires older superseded keys created more than `retireOlderThanMs` ago.
 */
export async function rotateSigningKeys(db: Executor, keys: Keyring, at: Date, retireOlderThanMs: number): Promise<{ kid: string; retired: number; signsFrom: Date }> {
  const current = signingOrder((await liveRows(db)).filter((r) => r.kind === 'signing'), at)[0];
  const kid = await newSigningKey(db, keys, at);
  // The key that signed until now keeps verifying whatever its age: tokens it signed are still out there.
  const r = await db.query("UPDATE oidc_key SET retired_at = $1 WHERE kind = 'signing' AND retired_at IS NULL AND kid <> $2 AND kid <> $3 AND created_at < $4", [
    at,
    kid,
    current?.kid ?? kid,
    new Date(at.getTime() - retireOlderThanMs),
  ]);
  return { kid, retired: r.rowCount ?? 0, signsFrom: new Date(at.getTime() + KEY_PUBLISH_MS) };
}
