import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Executor } from '../../../kernel/db.js';
import { newId } from '../../../kernel/ids.js';

/**
 * The provider's keys, persisted so tokens survive restarts and every process signs alike.
 * Signing keys rotate: the newest signs, older ones keep verifying until retired (after the
 * longest token lifetime). Cookie keys sign the provider's own cookies.
 */
export async function newSigningKey(db: Executor, at: Date): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const kid = newId();
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  await db.query("INSERT INTO oidc_key (kid, kind, jwk, created_at) VALUES ($1, 'signing', $2, $3)", [kid, JSON.stringify(jwk), at]);
  return kid;
}

export interface ProviderKeys {
  /** Newest first: oidc-provider signs with the first key of the algorithm. */
  jwks: JWK[];
  cookieKeys: string[];
}

export async function loadKeys(db: Executor, at: Date): Promise<ProviderKeys> {
  let signing = await db.query<{ jwk: JWK }>("SELECT jwk FROM oidc_key WHERE kind = 'signing' AND retired_at IS NULL ORDER BY created_at DESC, kid DESC");
  if (signing.rows.length === 0) {
    await newSigningKey(db, at);
    signing = await db.query<{ jwk: JWK }>("SELECT jwk FROM oidc_key WHERE kind = 'signing' AND retired_at IS NULL ORDER BY created_at DESC, kid DESC");
  }
  let cookies = await db.query<{ jwk: { k: string } }>("SELECT jwk FROM oidc_key WHERE kind = 'cookie' AND retired_at IS NULL ORDER BY created_at DESC, kid DESC");
  if (cookies.rows.length === 0) {
    await db.query("INSERT INTO oidc_key (kid, kind, jwk, created_at) VALUES ($1, 'cookie', $2, $3)", [newId(), JSON.stringify({ k: randomBytes(32).toString('base64url') }), at]);
    cookies = await db.query<{ jwk: { k: string } }>("SELECT jwk FROM oidc_key WHERE kind = 'cookie' AND retired_at IS NULL ORDER BY created_at DESC, kid DESC");
  }
  return { jwks: signing.rows.map((r) => r.jwk), cookieKeys: cookies.rows.map((r) => r.jwk.k) };
}

/** Adds a new signing key (it signs from the next start) and retires older superseded keys created more than `retireOlderThanMs` ago. */
export async function rotateSigningKeys(db: Executor, at: Date, retireOlderThanMs: number): Promise<{ kid: string; retired: number }> {
  const current = await db.query<{ kid: string }>("SELECT kid FROM oidc_key WHERE kind = 'signing' AND retired_at IS NULL ORDER BY created_at DESC, kid DESC LIMIT 1");
  const kid = await newSigningKey(db, at);
  // The key that signed until now keeps verifying whatever its age: tokens it signed are still out there.
  const r = await db.query("UPDATE oidc_key SET retired_at = $1 WHERE kind = 'signing' AND retired_at IS NULL AND kid <> $2 AND kid <> $3 AND created_at < $4", [
    at,
    kid,
    current.rows[0]?.kid ?? kid,
    new Date(at.getTime() - retireOlderThanMs),
  ]);
  return { kid, retired: r.rowCount ?? 0 };
}
