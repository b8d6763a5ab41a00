import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OfficerActor } from '../actor.js';
import type { AppContext } from '../context.js';
import type { Officer } from './officers.js';

/**
 * Console sessions. The cookie carries a random token; the database keeps only its
 * SHA-256, so a leaked table does not yield usable cookies. Each session has its own
 * CSRF token that cookie-authenticated writes must echo in the `x-csrf-token` header.
 */
export const SESSION_COOKIE = 'dancu_sid';
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 3600_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(ctx: AppContext, officer: Officer, meta: { ip?: string; userAgent?: string }): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS);
  await ctx.db.pool.query(
    `INSERT INTO officer_session (token_hash, officer_id, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $4, $6, $7)`,
    [sha256(token), officer.id, csrfToken, now, expiresAt, meta.ip ?? null, meta.userAgent?.slice(0, 400) ?? null],
  );
  return { token, csrfToken, expiresAt };
}

export interface ResolvedSession {
  actor: OfficerActor;
  csrfToken: string;
  tokenHash: string;
}

interface SessionRow {
  token_hash: string;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  id: string;
  username: string;
  role: OfficerActor['role'];
  unit_level: OfficerActor['unitLevel'];
  unit_code: string | null;
  province_code: string | null;
  active: boolean;
}

/** The officer behind a session token, or undefined when it is unknown, expired, revoked or idle too long. */
export async function resolveSession(ctx: AppContext, token: string): Promise<ResolvedSession | undefined> {
  const tokenHash = sha256(token);
  const r = await ctx.db.pool.query<SessionRow>(
    `SELECT s.token_hash, s.csrf_token, s.last_seen_at, s.expires_at, s.revoked_at,
            o.id, o.username, o.role, o.unit_level, o.unit_code, o.province_code, o.active
       FROM officer_session s JOIN officer o ON o.id = s.officer_id WHERE s.token_hash = $1`,
    [tokenHash],
  );
  const row = r.rows[0];
  const now = ctx.clock.now();
  if (!row || row.revoked_at || !row.active || row.expires_at <= now) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > IDLE_TIMEOUT_MS) return undefined;
  // Touch at most once a minute: a write per request would serialise PGlite's one connection.
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await ctx.db.pool.query('UPDATE officer_session SET last_seen_at = $2 WHERE token_hash = $1', [tokenHash, now]);
  }
  const actor: OfficerActor = {
    kind: 'officer',
    id: row.id,
    username: row.username,
    role: row.role,
    unitLevel: row.unit_level,
    unitCode: row.unit_code,
    provinceCode: row.province_code,
  };
  return { actor, csrfToken: row.csrf_token, tokenHash };
}

export async function revokeSession(ctx: AppContext, tokenHash: string): Promise<void> {
  await ctx.db.pool.query('UPDATE officer_session SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash, ctx.clock.now()]);
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

