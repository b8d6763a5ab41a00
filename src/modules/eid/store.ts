import { accountTable } from '../../kernel/auth/lockout.js';
import type { Executor } from '../../kernel/db.js';
import { newId } from '../../kernel/ids.js';
import { unloggedPersonByActivePin, unloggedPersonById } from '../people/index.js';
import type { AccountStatus, EidAccount, Level } from './model.js';

/** SQL of the e-ID module; private to it. */
export const EID_ACCOUNTS = accountTable('eid_account');

export interface AccountRow {
  id: string;
  person_id: string;
  /** The person's current PIN, read from the people module (the account is keyed by person). */
  pin: string;
  level: Level;
  status: AccountStatus;
  phone: string;
  email: string | null;
  passcode_hash: string | null;
  failed_logins: number;
  lockouts: number;
  locked_until: Date | null;
  locked_by: 'citizen' | 'officer' | null;
  lock_reason: string | null;
  lock_note: string | null;
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
    lockNote: r.lock_note,
    totpEnabled: r.totp_enabled,
    passkeys: r.passkeys,
    guardianAccountId: r.guardian_account_id,
    createdAt: r.created_at.toISOString(),
    activatedAt: r.activated_at?.toISOString() ?? null,
    level2At: r.level2_at?.toISOString() ?? null,
  };
}

/**
 * An account by its id or its person's id, with the person's current PIN. A PIN cancelled and
 * re-established (people module) changes nothing here: the account follows the person.
 */
export async function findAccount(db: Executor, by: { id: string } | { personId: string }, forUpdate = false): Promise<AccountRow | undefined> {
  const [col, val] = 'id' in by ? ['a.id', by.id] : ['a.person_id', by.personId];
  const r = await db.query<Omit<AccountRow, 'pin'>>(`${SELECT} WHERE ${col} = $1${forUpdate ? ' FOR UPDATE OF a' : ''}`, [val]);
  const row = r.rows[0];
  if (!row) return undefined;
  const person = await unloggedPersonById(db, row.person_id);
  return { ...row, pin: person?.pin ?? '' };
}

/** The account of the person who currently holds `pin` (a cancelled PIN finds nothing). */
export async function findAccountByPin(db: Executor, pin: string, forUpdate = false): Promise<AccountRow | undefined> {
  const person = /^\d{12}$/.test(pin) ? await unloggedPersonByActivePin(db, pin) : undefined;
  return person ? findAccount(db, { personId: person.id }, forUpdate) : undefined;
}

export interface NewAccount {
  id: string;
  personId: string;
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
    `INSERT INTO eid_account (id, person_id, level, status, phone, email, passcode_hash, guardian_account_id, created_at, activated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [a.id, a.personId, a.level, a.status, a.phone, a.email, a.passcodeHash, a.guardianAccountId, a.at, a.status === 'active' ? a.at : null],
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
  | 'session_revoked'
  | 'consent'
  | 'consent_revoked'
  | 'token_issued'
  | 'locked'
  | 'unlocked'
  | 'level2_verified'
  | 'totp_enabled'
  | 'totp_disabled'
  | 'step_up'
  | 'phone_changed'
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

/** The phone number of a person's active e-ID account, for notices other modules send (a consent asked of them). */
export async function activeAccountPhone(db: Executor, personId: string): Promise<string | undefined> {
  const r = await db.query<{ phone: string }>("SELECT phone FROM eid_account WHERE person_id = $1 AND status = 'active'", [personId]);
  return r.rows[0]?.phone;
}
