import type { OfficerActor } from '../actor.js';
import type { AppContext } from '../context.js';
import { prepared, type Executor } from '../db.js';
import type { Officer } from './officers.js';
import { insertSession, OFFICER_SESSION_CACHE_MS, resolveSessionToken, sessionTable, type NewSession, type SessionState } from './session-store.js';

export { csrfMatches } from './session-store.js';

/** Console sessions: the kernel's session store (session-store.ts) over `officer_session`. */
export const SESSION_COOKIE = 'dancu_sid';
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 3600_000;

export const OFFICER_SESSIONS = sessionTable({ table: 'officer_session', ownerColumn: 'officer_id', idleMs: IDLE_TIMEOUT_MS, absoluteMs: ABSOLUTE_TIMEOUT_MS });

export type { NewSession };

export async function createSession(ctx: AppContext, officer: Officer, meta: { ip?: string; userAgent?: string | undefined }): Promise<NewSession> {
  return insertSession(ctx.db.pool, OFFICER_SESSIONS, officer.id, ctx.clock.now(), meta);
}

export interface ResolvedSession {
  actor: OfficerActor;
  csrfToken: string;
  tokenHash: string;
  /** Present when the session may reach only some paths (TOTP required but not on yet). */
  allows?: (url: string) => boolean;
}

/**
 * What a session of an officer who must enrol TOTP first may reach: who am I (and the session probe), logging out,
 * and the step-up and TOTP enrolment routes. Everything else answers `totp_enrolment_required`.
 */
export function totpEnrolmentPath(url: string): boolean {
  const path = url.split('?')[0]!;
  return ['/api/auth/me', '/api/auth/session', '/api/auth/logout', '/api/auth/step-up', '/api/auth/totp/setup', '/api/auth/totp/confirm', '/api/auth/password-link'].includes(path);
}

interface SessionRow extends SessionState {
  id: string;
  username: string;
  role: OfficerActor['role'];
  unit_level: OfficerActor['unitLevel'];
  unit_code: string | null;
  province_code: string | null;
  active: boolean;
  totp_required: boolean;
  totp_enabled: boolean;
}

async function loadSession(db: Executor, tokenHash: string): Promise<SessionRow | undefined> {
  const r = await prepared<SessionRow>(
    db,
    'officer_session.load',
    `SELECT s.token_hash, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, s.stepped_up_at,
            o.id, o.username, o.role, o.unit_level, o.unit_code, o.province_code, o.active, o.totp_required, o.totp_enabled
       FROM officer_session s JOIN officer o ON o.id = s.officer_id WHERE s.token_hash = $1`,
    [tokenHash],
  );
  return r.rows[0];
}

/** The officer behind a session token, or undefined when it is unknown, expired, revoked or idle too long. */
export async function resolveSession(ctx: AppContext, token: string): Promise<ResolvedSession | undefined> {
  const row = await resolveSessionToken(ctx.db.pool, OFFICER_SESSIONS, token, ctx.clock.now(), loadSession, { cacheMs: OFFICER_SESSION_CACHE_MS });
  if (!row || !row.active) return undefined;
  const actor: OfficerActor = {
    kind: 'officer',
    id: row.id,
    username: row.username,
    role: row.role,
    unitLevel: row.unit_level,
    unitCode: row.unit_code,
    provinceCode: row.province_code,
  };
  const mustEnrolTotp = row.totp_required && !row.totp_enabled;
  return { actor, csrfToken: row.csrf_token, tokenHash: row.token_hash, ...(mustEnrolTotp ? { allows: totpEnrolmentPath } : {}) };
}
