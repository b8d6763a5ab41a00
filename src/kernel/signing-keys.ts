import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import type { Executor } from './db.js';
import type { Keyring } from './keyring.js';

/**
 * Ed25519 keys that sign JWS answers a module hands out (a CT07 token, a card verification
 * answer), one set per purpose, persisted: the public half as a JWK (published), the private
 * half sealed under the master key (keyring.ts). Rotation retires the current key for signing;
 * retired keys stay in the published set, so everything signed before keeps verifying. The
 * current key is read per call, so a rotation takes effect without a restart.
 */
export type SigningPurpose = 'ct07' | 'card-verification';

const sealContext = (purpose: SigningPurpose, kid: string) => (purpose === 'ct07' ? `ct07-signing-key:${kid}` : `signing-key:${purpose}:${kid}`);

/** The public half of an Ed25519 key as a JWK for the published set. */
export function publicJwk(publicKey: KeyObject, kid: string): JWK {
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  return { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, kid, alg: 'EdDSA', use: 'sig' };
}

/** A new signing key for `purpose`; the previous one stops signing but keeps verifying. */
export async function rotateSigningKey(db: Executor, keys: Keyring, purpose: SigningPurpose, at: Date): Promise<string> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const kid = `${purpose}-${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url').slice(0, 16)}`;
  await db.query('UPDATE signing_key SET retired_at = $2 WHERE purpose = $1 AND retired_at IS NULL', [purpose, at]);
  await db.query(`INSERT INTO signing_key (purpose, kid, algorithm, public_jwk, private_key_sealed, created_at) VALUES ($1, $2, 'EdDSA', $3, $4, $5)`, [
    purpose,
    kid,
    JSON.stringify(publicJwk(publicKey, kid)),
    keys.seal(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), sealContext(purpose, kid)),
    at,
  ]);
  return kid;
}

/** The key that signs now for `purpose` (made on first use). */
export async function currentSigningKey(db: Executor, keys: Keyring, purpose: SigningPurpose, at: Date): Promise<{ kid: string; privateKey: KeyObject }> {
  const find = () => db.query<{ kid: string; private_key_sealed: string }>('SELECT kid, private_key_sealed FROM signing_key WHERE purpose = $1 AND retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1', [purpose]);
  let r = await find();
  if (!r.rows[0]) {
    await rotateSigningKey(db, keys, purpose, at);
    r = await find();
  }
  const row = r.rows[0]!;
  return { kid: row.kid, privateKey: createPrivateKey(keys.openText(row.private_key_sealed, sealContext(purpose, row.kid))) };
}

/** Every key that ever signed for `purpose`, public halves only (the published JWKS). */
export async function publishedKeys(db: Executor, purpose: SigningPurpose): Promise<JSONWebKeySet> {
  const r = await db.query<{ public_jwk: JWK }>('SELECT public_jwk FROM signing_key WHERE purpose = $1 ORDER BY created_at, kid', [purpose]);
  return { keys: r.rows.map((k) => k.public_jwk) };
}
