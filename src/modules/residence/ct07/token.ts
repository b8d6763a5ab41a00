import { CompactSign, compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { KeyObject } from 'node:crypto';
import { TOKEN_TYPE, statusOf, type TokenClaims } from './model.js';

/**
 * The CT07 QR token: a JWS in compact form, EdDSA (Ed25519), header `{alg, kid, typ}`, payload
 * the short claims of model.ts. Verifying needs only the published keys (a JWKS), so a bank
 * clerk's phone or `dancu ct07 verify --keys jwks.json` checks it with no server and no database.
 */
export async function signToken(claims: TokenClaims, key: { kid: string; privateKey: KeyObject }): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: TOKEN_TYPE }).sign(key.privateKey);
}

export type OfflineResult = { status: 'invalid'; reason: string } | { status: 'genuine' | 'expired'; kid: string; claims: TokenClaims };

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a token against published keys, as of `today` (YYYY-MM-DD, Vietnam). Revocation and
 * later residence changes cannot be known offline; the online check adds them.
 */
export async function verifyToken(token: string, jwks: JSONWebKeySet, today: string): Promise<OfflineResult> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return { status: 'invalid', reason: 'malformed' };
  // base64url carries spare bits in its last character: a signature with another last character
  // can decode to the same bytes. Only the canonical spelling is accepted, so any changed
  // character fails.
  if (Buffer.from(parts[2]!, 'base64url').toString('base64url') !== parts[2]) return { status: 'invalid', reason: 'non_canonical_signature' };
  let payload: Uint8Array;
  let kid: string;
  try {
    const r = await compactVerify(token, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    if (r.protectedHeader.typ !== TOKEN_TYPE || !r.protectedHeader.kid) return { status: 'invalid', reason: 'wrong_type' };
    payload = r.payload;
    kid = r.protectedHeader.kid;
  } catch {
    return { status: 'invalid', reason: 'signature' };
  }
  let claims: TokenClaims;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload)) as TokenClaims;
  } catch {
    return { status: 'invalid', reason: 'payload' };
  }
  if (claims.v !== 1 || typeof claims.n !== 'string' || typeof claims.vu !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(claims.vu)) return { status: 'invalid', reason: 'payload' };
  return { status: statusOf({ validUntil: claims.vu, revoked: false, stale: false }, today) === 'expired' ? 'expired' : 'genuine', kid, claims };
}
