import type { CitizenActor } from '../../kernel/actor.js';
import { insertSession, resolveSessionToken, revokeAllSessions as revokeAll, sessionTable, type SessionState } from '../../kernel/auth/session-store.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import type { SessionResolver } from '../../kernel/http.js';
import { newId } from '../../kernel/ids.js';
import { unloggedPersonById } from '../people/index.js';
import type { Level } from './model.js';

export { sha256Hex as sha256 } from '../../kernel/auth/session-store.js';

/**
 * Citizen portal sessions: the kernel's session store (token as SHA-256, CSRF token, idle and
 * absolute expiry) over `eid_session`, with a cookie of its own (`dancu_cit`), the methods the
 * citizen logged in with, and an id the citizen sees and can sign out of.
 */
export const CITIZEN_COOKIE = 'dancu_cit';
export const CITIZEN_IDLE_MS = 30 * 60_000;
export const CITIZEN_ABSOLUTE_MS = 8 * 3600_000;

export const CITIZEN_SESSIONS = sessionTable({ table: 'eid_session', ownerColumn: 'account_id', idleMs: CITIZEN_IDLE_MS, absoluteMs: CITIZEN_ABSOLUTE_MS });

export interface NewCitizenSession {
  id: string;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createCitizenSession(tx: Executor, accountId: string, amr: string[], at: Date, meta: { ip?: string | undefined; userAgent?: string | undefined }): Promise<NewCitizenSession> {
  const id = newId();
  const s = await insertSession(tx, CITIZEN_SESSIONS, accountId, at, meta, { id, amr });
  return { id, token: s.token, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
}

interface Row extends SessionState {
  id: string;
  account_id: string;
  amr: string[];
  person_id: string;
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

async function loadSession(db: Executor, tokenHash: string): Promise<Row | undefined> {
  const r = await db.query<Row>(
    `SELECT s.token_hash, s.id, s.account_id, s.csrf_token, s.amr, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, s.stepped_up_at,
            a.person_id, a.level, a.status
       FROM eid_session s JOIN eid_account a ON a.id = s.account_id WHERE s.token_hash = $1`,
    [tokenHash],
  );
  return r.rows[0];
}

export async function resolveCitizenSession(ctx: AppContext, token: string): Promise<CitizenSession | undefined> {
  const row = await resolveSessionToken(ctx.db.pool, CITIZEN_SESSIONS, token, ctx.clock.now(), loadSession);
  if (!row || row.status !== 'active') return undefined;
  // The PIN the person holds now: a re-established PIN takes effect in open sessions too.
  const person = await unloggedPersonById(ctx.db.pool, row.person_id);
  if (!person) return undefined;
  return {
    actor: { kind: 'citizen', id: row.account_id, personId: row.person_id, pin: person.pin, level: row.level },
    sessionId: row.id,
    csrfToken: row.csrf_token,
    tokenHash: row.token_hash,
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

export function revokeAllSessions(tx: Executor, accountId: string, at: Date): Promise<number> {
  return revokeAll(tx, CITIZEN_SESSIONS, accountId, at);
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
