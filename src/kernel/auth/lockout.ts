import { randomInt } from 'node:crypto';
import type { Executor } from '../db.js';
import { AppError } from '../errors.js';
import { sha256Hex } from './session-store.js';

/**
 * Guessing limits for passwords, passcodes and second factors, one implementation for
 * officers and citizens (each kind keeps the counters in its own account table).
 *
 * Every attempt first claims a try with one `UPDATE … RETURNING` on the account row, and only
 * a claimed try is compared with the stored hash: the row lock serialises parallel attempts,
 * so twenty wrong tries at once evaluate exactly MAX_FAILED_ATTEMPTS of them and refuse the
 * rest. The try that reaches the limit locks the account; each further lockout lasts longer
 * (LOCKOUT_STEPS). A success clears the count and the escalation.
 *
 * On top of that, attempts per identifier (a PIN or a username, known or not) are limited in
 * a fixed window, so an unknown PIN and a known one behave alike and guessing across many
 * addresses is bounded too; an attempt that proves the secret is given back.
 */
export interface AccountTable {
  /** Table name, from code only: `officer`, `eid_account`. */
  readonly table: string;
}

export function accountTable(table: string): AccountTable {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`bad account table ${table}`);
  return Object.freeze({ table });
}

export const MAX_FAILED_ATTEMPTS = 5;
/** How long the 1st, 2nd, 3rd, 4th and later lockouts last. */
export const LOCKOUT_STEPS_MS = [15 * 60_000, 60 * 60_000, 4 * 3600_000, 24 * 3600_000] as const;

export function lockoutDuration(lockoutsBefore: number): number {
  return LOCKOUT_STEPS_MS[Math.min(lockoutsBefore, LOCKOUT_STEPS_MS.length - 1)]!;
}

export interface Claim {
  /** False: the account is locked and this attempt must not be evaluated. */
  allowed: boolean;
  /** This attempt reached the limit and locked the account (until `lockedUntil`). */
  lockedNow: boolean;
  lockedUntil: Date | null;
  /** Failures counted before this attempt's outcome is known (this one included). */
  failures: number;
  lockouts: number;
}

/** Claims one attempt on an account (see the module comment); call before comparing anything. */
export async function claimAttempt(db: Executor, t: AccountTable, id: string, now: Date): Promise<Claim> {
  const r = await db.query<{ failed_logins: number; lockouts: number; locked_until: Date | null }>(
    `UPDATE ${t.table} SET
       failed_logins = CASE WHEN failed_logins + 1 >= $3 THEN 0 ELSE failed_logins + 1 END,
       lockouts = CASE WHEN failed_logins + 1 >= $3 THEN lockouts + 1 ELSE lockouts END,
       locked_until = CASE WHEN failed_logins + 1 >= $3
                           THEN $2::timestamptz + ($4::bigint[])[LEAST(lockouts + 1, $5)] * interval '1 millisecond'
                           ELSE NULL END
     WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)
     RETURNING failed_logins, lockouts, locked_until`,
    [id, now, MAX_FAILED_ATTEMPTS, [...LOCKOUT_STEPS_MS], LOCKOUT_STEPS_MS.length],
  );
  const row = r.rows[0];
  if (!row) return { allowed: false, lockedNow: false, lockedUntil: null, failures: 0, lockouts: 0 };
  const lockedNow = row.locked_until !== null;
  return { allowed: true, lockedNow, lockedUntil: row.locked_until, failures: lockedNow ? MAX_FAILED_ATTEMPTS : row.failed_logins, lockouts: row.lockouts };
}

/**
 * Gives back a claimed attempt that turned out not to be a failure (the password was right but
 * the second factor is still to come). A lock this attempt set is lifted again.
 */
export async function releaseAttempt(db: Executor, t: AccountTable, id: string, claim: Claim): Promise<void> {
  if (!claim.allowed) return;
  if (claim.lockedNow) {
    await db.query(`UPDATE ${t.table} SET failed_logins = $3, lockouts = GREATEST(lockouts - 1, 0), locked_until = NULL WHERE id = $1 AND locked_until = $2`, [id, claim.lockedUntil, MAX_FAILED_ATTEMPTS - 1]);
  } else {
    await db.query(`UPDATE ${t.table} SET failed_logins = GREATEST(failed_logins - 1, 0) WHERE id = $1`, [id]);
  }
}

/** A full login succeeded: the count, the escalation and any lock this attempt set are cleared. */
export async function clearFailures(db: Executor, t: AccountTable, id: string): Promise<void> {
  await db.query(`UPDATE ${t.table} SET failed_logins = 0, lockouts = 0, locked_until = NULL WHERE id = $1`, [id]);
}

export const IDENTIFIER_WINDOW_MS = 15 * 60_000;
/** Attempts per identifier and window: above the lockout's limit, so a known account locks first. */
export const MAX_ATTEMPTS_PER_IDENTIFIER = 10;

export function tooManyAttempts(): AppError {
  return new AppError('rate_limited', 'rate_limited', { vi: 'Quá nhiều yêu cầu, hãy thử lại sau.', en: 'Too many requests; try again later.' });
}

/**
 * Counts an attempt for `identifier` (e.g. `eid-pin:001090012345`, stored only as a hash) and
 * throws `rate_limited` above MAX_ATTEMPTS_PER_IDENTIFIER in the current window.
 */
export async function throttleIdentifier(db: Executor, identifier: string, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - IDENTIFIER_WINDOW_MS);
  const r = await db.query<{ attempts: number }>(
    `INSERT INTO auth_throttle (key, window_start, attempts) VALUES ($1, $2, 1)
     ON CONFLICT (key) DO UPDATE SET
       attempts = CASE WHEN auth_throttle.window_start <= $3 THEN 1 ELSE auth_throttle.attempts + 1 END,
       window_start = CASE WHEN auth_throttle.window_start <= $3 THEN $2 ELSE auth_throttle.window_start END
     RETURNING attempts`,
    [sha256Hex(identifier), now, windowStart],
  );
  // Now and then, forget windows long over, so guessed identifiers do not pile up.
  if (randomInt(200) === 0) await db.query('DELETE FROM auth_throttle WHERE window_start <= $1', [windowStart]);
  if (r.rows[0]!.attempts > MAX_ATTEMPTS_PER_IDENTIFIER) throw tooManyAttempts();
}

/** Gives back an identifier's attempt that proved the secret: only failures use up the window. */
export async function releaseIdentifier(db: Executor, identifier: string): Promise<void> {
  await db.query('UPDATE auth_throttle SET attempts = GREATEST(attempts - 1, 0) WHERE key = $1', [sha256Hex(identifier)]);
}
