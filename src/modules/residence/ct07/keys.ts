import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import type { Executor } from '../../../kernel/db.js';
import type { Keyring } from '../../../kernel/keyring.js';
import { publicJwk } from './token.js';

/**
 * The keys that sign CT07 tokens, persisted: the public half as a JWK (published), the private
 * half sealed under the master key (kernel/keyring.ts). Rotation retires the current key for
 * signing; retired keys stay in the published set, so every confirmation issued keeps verifying.
 */
const context = (kid: string) => `ct07-signing-key:${kid}`;

/** A new signing key; the previous one stops signing but keeps verifying. */
export async function rotateConfirmationKey(db: Executor, keys: Keyring, at: Date): Promise<string> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const kid = `ct07-${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url').slice(0, 16)}`;
  await db.query('UPDATE residence_confirmation_key SET retired_at = $1 WHERE retired_at IS NULL', [at]);
  await db.query(`INSERT INTO residence_confirmation_key (kid, algorithm, public_jwk, private_key_sealed, created_at) VALUES ($1, 'EdDSA', $2, $3, $4)`, [
    kid,
    JSON.stringify(publicJwk(publicKey, kid)),
    keys.seal(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), context(kid)),
    at,
  ]);
  return kid;
}

/** The key that signs now (made on first use). */
export async function currentConfirmationKey(db: Executor, keys: Keyring, at: Date): Promise<{ kid: string; privateKey: KeyObject }> {
  const find = () => db.query<{ kid: string; private_key_sealed: string }>('SELECT kid, private_key_sealed FROM residence_confirmation_key WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1');
  let r = await find();
  if (!r.rows[0]) {
    await rotateConfirmationKey(db, keys, at);
    r = await find();
  }
  const row = r.rows[0]!;
  return { kid: row.kid, privateKey: createPrivateKey(keys.openText(row.private_key_sealed, context(row.kid))) };
}

/** Every key that ever signed a confirmation, public halves only (the published JWKS). */
export async function confirmationJwks(db: Executor): Promise<JSONWebKeySet> {
  const r = await db.query<{ public_jwk: JWK }>('SELECT public_jwk FROM residence_confirmation_key ORDER BY created_at, kid');
  return { keys: r.rows.map((k) => k.public_jwk) };
}
