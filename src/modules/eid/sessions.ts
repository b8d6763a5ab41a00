import { createHash, randomBytes } from 'node:crypto';
import type { CitizenActor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import type { SessionResolver } from '../../kernel/http.js';
import { newId } from '../../kernel/ids.js';
import type { Level } from './model.js';

/**
 * Citizen portal sessions: a cookie of its own (`dancu_cit`), the token stored as SHA-256,
 * a CSRF token per session, and a list the citizen sees and can sign out of, one by one or
 * everywhere.
 */
export const CITIZEN_COOKIE = 'dancu_cit';
export const CITIZEN_IDLE_MS = 30 * 60_000;
export const CITIZEN_ABSOLUTE_MS = 8 * 3600_000;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface NewCitizenSession {
  id: string;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createCitizenSession(tx: Executor, accountId: string, amr: string[], at: Date, meta: { ip?: string | undefined; userAgent?: string | undefined }): Promise<NewCitizenSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const id = newId();
  const expiresAt = new Date(at.getTime() + CITIZEN_ABSOLUTE_MS);
  await tx.query(
    `INSERT INTO eid_session (token_hash, id, account_id, csrf_token, amr, created_at, expires_at, last_seen_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8, $9)`,
    [sha256(token), id, accountId, csrfToken, amr, at, expiresAt, meta.ip ?? null, meta.userAgent?.slice(0, 300) ?? null],
  );
  return { id, token, csrfToken, expiresAt };
}

interface Row {
  id: string;
  account_id: string;
  csrf_token: string;
  amr: string[];
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  person_id: string;
  pin: string;
  level: Level;
  status: string;
}

export interface CitizenSession {
  actor: CitizenActor;
  sessionId: string;
  csrfToken: string;
  tokenHash: string;
  amr: string[];
  authTime: Date;
}

export async function resolveCitizenSession(ctx: AppContext, token: string): Promise<CitizenSession | undefined> {
  const tokenHash = sha256(token);
  const r = await ctx.db.pool.query<Row>(
    `SELECT s.id, s.account_id, s.csrf_token, s.amr, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, a.person_id, a.pin, a.level, a.status
       FROM eid_session s JOIN eid_account a ON a.id = s.account_id WHERE s.token_hash = $1`,
    [tokenHash],
  );
  const row = r.rows[0];
  const now = ctx.clock.now();
  if (!row || row.revoked_at || row.status !== 'active' || row.expires_at <= now) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > CITIZEN_IDLE_MS) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) await ctx.db.pool.query('UPDATE eid_session SET last_seen_at = $2 WHERE token_hash = $1', [tokenHash, now]);
  return {
    actor: { kind: 'citizen', id: row.account_id, personId: row.person_id, pin: row.pin, level: row.level },
    sessionId: row.id,
    csrfToken: row.csrf_token,
    tokenHash,
    amr: row.amr,
    authTime: row.created_at,
  };
}

/** Citizen cookies authenticate the portal API and the OpenID Connect interaction pages. */
export const citizenSessions: SessionResolver = {
  cookie: CITIZEN_COOKIE,
  appliesTo: (url) => url.startsWith('/api/citizen/') || url.startsWith('/eid/'),
  resolve: resolveCitizenSession,
};

export async function revokeAllSessions(tx: Executor, accountId: string, at: Date): Promise<number> {
  const r = await tx.query('UPDATE eid_session SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL', [accountId, at]);
  return r.rowCount ?? 0;
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  amr: string[];
  current: boolean;
}

export async function listSessions(db: Executor, accountId: string, currentId: string, now: Date): Promise<SessionView[]> {
  const r = await db.query<{ id: string; created_at: Date; last_seen_at: Date; ip: string | null; user_agent: string | null; amr: string[] }>(
    `SELECT id, created_at, last_seen_at, ip, user_agent, amr FROM eid_session
      WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3 ORDER BY created_at DESC LIMIT 50`,
    [accountId, now, new Date(now.getTime() - CITIZEN_IDLE_MS)],
  );
  return r.rows.map((s) => ({ id: s.id, createdAt: s.created_at.toISOString(), lastSeenAt: s.last_seen_at.toISOString(), ip: s.ip, userAgent: s.user_agent, amr: s.amr, current: s.id === currentId }));
}
