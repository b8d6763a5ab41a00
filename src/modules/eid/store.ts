import type { Executor } from '../../kernel/db.js';
import { newId } from '../../kernel/ids.js';
import type { AccountStatus, EidAccount, Level } from './model.js';

/** SQL of the e-ID module; private to it. */
export interface AccountRow {
  id: string;
  person_id: string;
  pin: string;
  level: Level;
  status: AccountStatus;
  phone: string;
  email: string | null;
  passcode_hash: string | null;
  failed_logins: number;
  locked_until: Date | null;
  locked_by: 'citizen' | 'officer' | null;
  lock_reason: string | null;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  guardian_account_id: string | null;
  created_at: Date;
  activated_at: Date | null;
  level2_at: Date | null;
  version: number;
  passkeys: number;
}

const SELECT = `SELECT a.*, (SELECT count(*)::int FROM eid_passkey k WHERE k.account_id = a.id) AS passkeys FROM eid_account a`;

export function toAccount(r: AccountRow): EidAccount {
  return {
    id: r.id,
    personId: r.person_id,
    pin: r.pin,
    level: r.level,
    status: r.status,
    phone: r.phone,
    email: r.email,
    lockedBy: r.locked_by,
    lockReason: r.lock_reason,
    totpEnabled: r.totp_enabled,
    passkeys: r.passkeys,
    guardianAccountId: r.guardian_account_id,
    createdAt: r.created_at.toISOString(),
    activatedAt: r.activated_at?.toISOString() ?? null,
    level2At: r.level2_at?.toISOString() ?? null,
  };
}

export async function findAccount(db: Executor, by: { id?: string; pin?: string; personId?: string }, forUpdate = false): Promise<AccountRow | undefined> {
  const [col, val] = by.id ? ['a.id', by.id] : by.pin ? ['a.pin', by.pin] : ['a.person_id', by.personId];
  const r = await db.query<AccountRow>(`${SELECT} WHERE ${col} = $1${forUpdate ? ' FOR UPDATE OF a' : ''}`, [val]);
  return r.rows[0];
}

export interface NewAccount {
  id: string;
  personId: string;
  pin: string;
  level: Level;
  status: AccountStatus;
  phone: string;
  email: string | null;
  passcodeHash: string | null;
  guardianAccountId: string | null;
  at: Date;
}

export async function insertAccount(db: Executor, a: NewAccount): Promise<void> {
  await db.query(
    `INSERT INTO eid_account (id, person_id, pin, level, status, phone, email, passcode_hash, guardian_account_id, created_at, activated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [a.id, a.personId, a.pin, a.level, a.status, a.phone, a.email, a.passcodeHash, a.guardianAccountId, a.at, a.status === 'active' ? a.at : null],
  );
}

export async function updateAccount(db: Executor, id: string, set: Record<string, unknown>): Promise<void> {
  const cols = Object.keys(set);
  const assignments = cols.map((c, i) => `${c} = $${i + 2}`).join(', ');
  await db.query(`UPDATE eid_account SET ${assignments}, version = version + 1 WHERE id = $1`, [id, ...cols.map((c) => set[c])]);
}

export type UsageKind =
  | 'enrolled'
  | 'activated'
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'consent'
  | 'consent_revoked'
  | 'token_issued'
  | 'locked'
  | 'unlocked'
  | 'level2_verified'
  | 'totp_enabled'
  | 'passkey_added'
  | 'passkey_removed'
  | 'sessions_revoked'
  | 'guardian_created_child';

export interface UsageEntry {
  kind: UsageKind;
  clientId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordUsage(db: Executor, accountId: string, e: UsageEntry, at: Date): Promise<void> {
  await db.query('INSERT INTO eid_usage (id, account_id, at, kind, client_id, ip, user_agent, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    newId(),
    accountId,
    at,
    e.kind,
    e.clientId ?? null,
    e.ip ?? null,
    e.userAgent?.slice(0, 300) ?? null,
    JSON.stringify(e.detail ?? {}),
  ]);
}
