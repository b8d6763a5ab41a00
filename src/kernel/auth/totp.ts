import { Secret, TOTP } from 'otpauth';
import type { Executor } from '../db.js';
import type { Keyring } from '../keyring.js';
import type { AccountTable } from './lockout.js';
import { forgetCachedSessions } from './session-store.js';

/** RFC 6238 codes (SHA-1, 6 digits, 30 s), as every authenticator app reads them. */
export function totpFor(secret: string, label = 'dancu'): TOTP {
  return new TOTP({ issuer: 'dancu', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The time step of a valid code (±1 step of clock drift), or null. */
export function checkTotp(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 30_000) + delta;
}

export function totpCode(secret: string, at: Date): string {
  return totpFor(secret).generate({ timestamp: at.getTime() });
}

/*
 * TOTP as a second factor of an account row, one implementation for officers and citizens.
 * Account tables have `totp_secret`, `totp_enabled`, `totp_last_step` (the step of the last
 * accepted code: a code is good once) and `totp_pending_secret` / `totp_pending_until` (a new
 * secret being set up: the current one stays in force until the new one is confirmed). Secrets
 * are sealed with the keyring, bound to their row, so a database dump yields no secret.
 */
const context = (t: AccountTable, id: string) => `totp:${t.table}:${id}`;

export function sealTotpSecret(keys: Keyring, t: AccountTable, id: string, secret: string): string {
  return keys.seal(secret, context(t, id));
}

/** The secret as stored: sealed, or plaintext from before sealing (then `sealed` is false). */
export function openTotpSecret(keys: Keyring, t: AccountTable, id: string, stored: string): { secret: string; sealed: boolean } {
  return keys.isSealed(stored) ? { secret: keys.openText(stored, context(t, id)), sealed: true } : { secret: stored, sealed: false };
}

/**
 * Checks a code against the account's active secret; the step, or null. Call after claiming
 * the attempt (lockout.ts), and accept the step with `acceptTotpStep` in the transaction that
 * completes the login.
 */
export function verifyTotp(keys: Keyring, t: AccountTable, row: { id: string; totp_enabled: boolean; totp_secret: string | null }, code: string, now: Date): number | null {
  if (!row.totp_enabled || !row.totp_secret) return null;
  return checkTotp(openTotpSecret(keys, t, row.id, row.totp_secret).secret, code, now);
}

/**
 * The replay guard, inside the transaction that completes the login or step-up: records the
 * step only if it is later than the last one accepted. False means the code was used already
 * (possibly by a request running at the same time): fail the attempt.
 */
export async function acceptTotpStep(tx: Executor, t: AccountTable, id: string, step: number): Promise<boolean> {
  const r = await tx.query(`UPDATE ${t.table} SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`, [id, step]);
  return r.rowCount === 1;
}

/** Seals a secret found in plaintext (written before secrets were sealed). */
export async function sealIfPlain(db: Executor, keys: Keyring, t: AccountTable, id: string, stored: string | null): Promise<void> {
  if (!stored || keys.isSealed(stored)) return;
  await db.query(`UPDATE ${t.table} SET totp_secret = $3 WHERE id = $1 AND totp_secret = $2`, [id, stored, sealTotpSecret(keys, t, id, stored)]);
}

/** Seals every plaintext TOTP secret of a table (at start-up); the number sealed. */
export async function sealPlaintextTotpSecrets(db: Executor, keys: Keyring, t: AccountTable): Promise<number> {
  const r = await db.query<{ id: string; totp_secret: string }>(`SELECT id, totp_secret FROM ${t.table} WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE 'sealed:%'`);
  for (const row of r.rows) await sealIfPlain(db, keys, t, row.id, row.totp_secret);
  return r.rows.length;
}

/** How long a new secret may wait for its confirming code. */
export const TOTP_PENDING_MS = 10 * 60_000;

/** Starts setting up a new secret; the current one (if any) stays in force until `confirmTotpEnrolment`. */
export async function beginTotpEnrolment(db: Executor, keys: Keyring, t: AccountTable, id: string, label: string, now: Date): Promise<{ secret: string; otpauthUrl: string }> {
  const secret = newTotpSecret();
  await db.query(`UPDATE ${t.table} SET totp_pending_secret = $2, totp_pending_until = $3 WHERE id = $1`, [id, sealTotpSecret(keys, t, id, secret), new Date(now.getTime() + TOTP_PENDING_MS)]);
  return { secret, otpauthUrl: totpFor(secret, label).toString() };
}

/**
 * Confirms the pending secret with a code from it, in the caller's transaction: it replaces
 * the old secret and is in force from now on. False when there is no pending secret, it has
 * expired, or the code is wrong.
 */
export async function confirmTotpEnrolment(tx: Executor, keys: Keyring, t: AccountTable, id: string, code: string, now: Date): Promise<boolean> {
  const r = await tx.query<{ totp_pending_secret: string | null; totp_pending_until: Date | null }>(`SELECT totp_pending_secret, totp_pending_until FROM ${t.table} WHERE id = $1 FOR UPDATE`, [id]);
  const pending = r.rows[0];
  if (!pending?.totp_pending_secret || !pending.totp_pending_until || pending.totp_pending_until <= now) return false;
  const step = checkTotp(openTotpSecret(keys, t, id, pending.totp_pending_secret).secret, code, now);
  if (step === null) return false;
  await tx.query(
    `UPDATE ${t.table} SET totp_secret = totp_pending_secret, totp_enabled = true, totp_last_step = $2, totp_pending_secret = NULL, totp_pending_until = NULL WHERE id = $1`,
    [id, step],
  );
  // A cached officer session carries totp_enabled (what it may reach): answer from the table again.
  forgetCachedSessions();
  return true;
}

/** Turns TOTP off (the secret is deleted, a pending one too). False when it was not on. */
export async function disableTotp(tx: Executor, t: AccountTable, id: string): Promise<boolean> {
  const r = await tx.query(
    `UPDATE ${t.table} SET totp_enabled = false, totp_secret = NULL, totp_last_step = NULL, totp_pending_secret = NULL, totp_pending_until = NULL WHERE id = $1 AND totp_enabled`,
    [id],
  );
  forgetCachedSessions();
  return r.rowCount === 1;
}
