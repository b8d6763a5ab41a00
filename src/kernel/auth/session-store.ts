import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../db.js';
import { AppError } from '../errors.js';

/**
 * Browser sessions, one implementation for the console's officers and the portal's citizens
 * (each kind keeps its own table). The cookie carries a random token; the table keeps only its
 * SHA-256, so a leaked table yields no usable cookie. Each session has its own CSRF token that
 * cookie-authenticated writes echo in `x-csrf-token`. A session ends when revoked, at its
 * absolute expiry, or after an idle period; `last_seen_at` is written at most once a minute.
 */
export interface SessionTable {
  /** Table name, from code only (never from input): `officer_session`, `eid_session`. */
  readonly table: string;
  /** The column naming the session's owner: `officer_id`, `account_id`. */
  readonly ownerColumn: string;
  readonly idleMs: number;
  readonly absoluteMs: number;
}

const NAME = /^[a-z_]+$/;

export function sessionTable(t: SessionTable): SessionTable {
  if (!NAME.test(t.table) || !NAME.test(t.ownerColumn)) throw new Error(`bad session table ${t.table}.${t.ownerColumn}`);
  return Object.freeze({ ...t });
}

/** How often `last_seen_at` may be written for one session. */
export const TOUCH_EVERY_MS = 60_000;
/** How long a fresh proof of a second factor (step-up) allows changing second factors. */
export const STEP_UP_MS = 5 * 60_000;

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

export interface NewSession {
  token: string;
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * Inserts a session for `ownerId`; `extra` adds columns a kind has on top (the citizen's
 * session id and authentication methods). Column names come from code.
 */
export async function insertSession(
  db: Executor,
  t: SessionTable,
  ownerId: string,
  at: Date,
  meta: { ip?: string | undefined; userAgent?: string | undefined },
  extra: Record<string, unknown> = {},
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const tokenHash = sha256Hex(token);
  const expiresAt = new Date(at.getTime() + t.absoluteMs);
  const extraCols = Object.keys(extra);
  if (!extraCols.every((c) => NAME.test(c))) throw new Error('bad session column');
  const cols = ['token_hash', t.ownerColumn, 'csrf_token', 'created_at', 'expires_at', 'last_seen_at', 'ip', 'user_agent', ...extraCols];
  const values = [tokenHash, ownerId, csrfToken, at, expiresAt, at, meta.ip ?? null, meta.userAgent?.slice(0, 300) ?? null, ...extraCols.map((c) => extra[c])];
  await db.query(`INSERT INTO ${t.table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, values);
  return { token, tokenHash, csrfToken, expiresAt };
}

/** The columns every session table has, as read back. */
export interface SessionState {
  token_hash: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  stepped_up_at: Date | null;
}

/**
 * Writes of `last_seen_at` this process made, by table and token hash: concurrent requests of
 * one session all read the same old value from the database, and without this memo each would
 * write (and queue on the row lock). Bounded: cleared when it grows large, which costs at most
 * one extra write per live session.
 */
const touched = new Map<string, number>();
const TOUCH_MEMO_MAX = 50_000;

function lastSeen(t: SessionTable, s: SessionState): number {
  return Math.max(s.last_seen_at.getTime(), touched.get(`${t.table}:${s.token_hash}`) ?? 0);
}

/** Whether the session may be used at `now` (not revoked, not expired, not idle too long). */
export function sessionIsLive(t: SessionTable, s: SessionState, now: Date): boolean {
  if (s.revoked_at || s.expires_at <= now) return false;
  return now.getTime() - lastSeen(t, s) <= t.idleMs;
}

/** Records that the session was used, at most once a minute per session and process. */
export async function touchSession(db: Executor, t: SessionTable, s: SessionState, now: Date): Promise<void> {
  if (now.getTime() - lastSeen(t, s) <= TOUCH_EVERY_MS) return;
  if (touched.size >= TOUCH_MEMO_MAX) touched.clear();
  // Noted before the write: the requests that arrive while it runs must not write again.
  touched.set(`${t.table}:${s.token_hash}`, now.getTime());
  // The condition keeps several processes from moving it back or writing twice in a minute.
  await db.query(`UPDATE ${t.table} SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $3`, [s.token_hash, now, new Date(now.getTime() - TOUCH_EVERY_MS)]);
}

/**
 * Sessions this process loaded in the last `cacheMs` (real time, not the application clock), by
 * table and token hash. A console officer's every request resolves its session; at national read
 * rates that lookup was a third of the database round trips of a logged person read. A session
 * revoked, stepped up or an officer changed through this process is forgotten at once (the
 * functions below and officer-admin/totp call `forgetCachedSessions`); another process sees such
 * a change within `cacheMs`. Liveness (expiry, idle time) is still checked on every request
 * against the application clock.
 */
const cached = new Map<string, Map<string, { row: SessionState; loadedAt: number }>>();
const CACHE_MAX = 50_000;
/** How long an officer session once loaded answers from this process's memory. */
export const OFFICER_SESSION_CACHE_MS = 1000;

/** Forgets the cached sessions of one table, or of every table. */
export function forgetCachedSessions(t?: SessionTable): void {
  if (t) cached.delete(t.table);
  else cached.clear();
}

/**
 * Loads a session by its cookie token with `load` (the kind's query, joining its owner), and
 * answers it only when it is live; a live one is touched. With `cacheMs` a session loaded that
 * recently by this process is answered from memory (see `cached`).
 */
export async function resolveSessionToken<T extends SessionState>(
  db: Executor,
  t: SessionTable,
  token: string,
  now: Date,
  load: (db: Executor, tokenHash: string) => Promise<T | undefined>,
  options: { cacheMs?: number } = {},
): Promise<T | undefined> {
  const hash = sha256Hex(token);
  const cacheMs = options.cacheMs ?? 0;
  let row: T | undefined;
  const table = cacheMs > 0 ? cached.get(t.table) : undefined;
  const hit = table?.get(hash);
  if (hit && performance.now() - hit.loadedAt < cacheMs) row = hit.row as T;
  else {
    row = await load(db, hash);
    if (cacheMs > 0 && row) {
      const into = cached.get(t.table) ?? new Map();
      if (into.size >= CACHE_MAX) into.clear();
      into.set(hash, { row, loadedAt: performance.now() });
      cached.set(t.table, into);
    }
  }
  if (!row || !sessionIsLive(t, row, now)) return undefined;
  await touchSession(db, t, row, now);
  return row;
}

/** Ends one session; false when it was not live (unknown or already revoked). */
export async function revokeSession(db: Executor, t: SessionTable, tokenHash: string, at: Date): Promise<boolean> {
  const r = await db.query(`UPDATE ${t.table} SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash, at]);
  forgetCachedSessions(t);
  return (r.rowCount ?? 0) === 1;
}

/** Ends every session of an owner; the number ended. */
export async function revokeAllSessions(db: Executor, t: SessionTable, ownerId: string, at: Date): Promise<number> {
  const r = await db.query(`UPDATE ${t.table} SET revoked_at = $2 WHERE ${t.ownerColumn} = $1 AND revoked_at IS NULL`, [ownerId, at]);
  forgetCachedSessions(t);
  return r.rowCount ?? 0;
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Notes a fresh proof of a second factor on the session (see STEP_UP_MS). */
export async function markSteppedUp(db: Executor, t: SessionTable, tokenHash: string, at: Date): Promise<Date> {
  await db.query(`UPDATE ${t.table} SET stepped_up_at = $2 WHERE token_hash = $1`, [tokenHash, at]);
  forgetCachedSessions(t);
  return new Date(at.getTime() + STEP_UP_MS);
}

export function stepUpRequired(): AppError {
  return new AppError('forbidden', 'step_up_required', {
    vi: 'Hãy xác thực lại bằng yếu tố xác thực hiện có trước khi thay đổi phương thức xác thực.',
    en: 'Confirm it is you with your current second factor before changing how you log in.',
  });
}

/** Throws `step_up_required` unless the session proved a second factor in the last STEP_UP_MS. */
export async function requireStepUp(db: Executor, t: SessionTable, tokenHash: string, now: Date): Promise<void> {
  const r = await db.query<{ stepped_up_at: Date | null; revoked_at: Date | null }>(`SELECT stepped_up_at, revoked_at FROM ${t.table} WHERE token_hash = $1`, [tokenHash]);
  const at = r.rows[0]?.stepped_up_at;
  if (!at || r.rows[0]!.revoked_at || now.getTime() - at.getTime() > STEP_UP_MS || at > now) throw stepUpRequired();
}
