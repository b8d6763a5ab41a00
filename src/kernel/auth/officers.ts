import { newId } from '../ids.js';
import { newTotpSecret, totpFor, checkTotp } from './totp.js';
import { authorize, definePermission, scopeFilter } from '../access.js';
import type { Actor, OfficerActor, Role, UnitLevel } from '../actor.js';
import { recordAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import type { Executor } from '../db.js';
import { AppError, invalid, notFound } from '../errors.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.js';
export { checkTotp, totpCode } from './totp.js';

export const OFFICERS_READ = definePermission('kernel', 'officers.read', { roles: ['province_officer', 'national_officer', 'admin'], description: 'List officer accounts of the unit' });
export const OFFICERS_MANAGE = definePermission('kernel', 'officers.manage', { roles: ['admin'], description: 'Create, unlock and change officer accounts' });

/** Officer accounts: password + optional TOTP login, lockout after repeated failures. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export interface Officer {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitLevel: UnitLevel;
  unitCode: string | null;
  unitName: string | null;
  totpEnabled: boolean;
  active: boolean;
  lockedUntil: string | null;
}

interface OfficerRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  unit_level: UnitLevel;
  unit_code: string | null;
  province_code: string | null;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  failed_logins: number;
  locked_until: Date | null;
  active: boolean;
}

const ROLE_LEVEL: Record<Role, UnitLevel> = {
  commune_officer: 'commune',
  province_officer: 'province',
  national_officer: 'nation',
  admin: 'nation',
};

export function levelOfRole(role: Role): UnitLevel {
  return ROLE_LEVEL[role];
}

async function toOfficer(ctx: AppContext, r: OfficerRow): Promise<Officer> {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    unitLevel: r.unit_level,
    unitCode: r.unit_code,
    unitName: r.unit_code && r.unit_level !== 'nation' ? ((await ctx.units.unitName(r.unit_level, r.unit_code)) ?? null) : null,
    totpEnabled: r.totp_enabled,
    active: r.active,
    lockedUntil: r.locked_until ? r.locked_until.toISOString() : null,
  };
}

export async function toActor(ctx: AppContext, o: Pick<Officer, 'id' | 'username' | 'role' | 'unitLevel' | 'unitCode'>): Promise<OfficerActor> {
  const provinceCode =
    o.unitLevel === 'province' ? o.unitCode : o.unitLevel === 'commune' && o.unitCode ? ((await ctx.units.provinceOfCommune(o.unitCode)) ?? null) : null;
  return { kind: 'officer', id: o.id, username: o.username, role: o.role, unitLevel: o.unitLevel, unitCode: o.unitCode, provinceCode };
}

async function findOfficerRow(db: Executor, by: { id?: string; username?: string }): Promise<OfficerRow | undefined> {
  const r = by.id
    ? await db.query<OfficerRow>('SELECT * FROM officer WHERE id = $1', [by.id])
    : await db.query<OfficerRow>('SELECT * FROM officer WHERE username = $1', [by.username]);
  return r.rows[0];
}

export interface NewOfficer {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitCode: string | null;
}

const LOGIN_FAILED = new AppError('unauthenticated', 'login_failed', {
  vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  en: 'Wrong username or password.',
});

function validateNewOfficer(input: NewOfficer): void {
  if (!/^[a-z0-9._-]{3,64}$/.test(input.username)) {
    throw invalid('username_malformed', 'username', {
      vi: 'Tên đăng nhập gồm 3–64 ký tự a–z, 0–9, dấu chấm, gạch dưới hoặc gạch ngang.',
      en: 'A username is 3–64 characters a–z, 0–9, dot, underscore or hyphen.',
    });
  }
  if (input.password.length < 12) {
    throw invalid('password_too_short', 'password', { vi: 'Mật khẩu phải có ít nhất 12 ký tự.', en: 'A password needs at least 12 characters.' });
  }
}

/** Creates an officer; the unit must exist at the level the role implies. Admins only. */
export async function createOfficer(ctx: AppContext, actor: Actor, input: NewOfficer): Promise<Officer> {
  authorize(actor, OFFICERS_MANAGE);
  validateNewOfficer(input);
  const unitLevel = levelOfRole(input.role);
  const unitCode = unitLevel === 'nation' ? null : input.unitCode;
  if (unitLevel !== 'nation') {
    const ok = unitCode !== null && (await ctx.units.unitName(unitLevel, unitCode)) !== undefined;
    if (!ok) {
      throw invalid('unit_not_found', 'unitCode', {
        vi: `Không có đơn vị hành chính cấp ${unitLevel === 'commune' ? 'xã' : 'tỉnh'} hiện hành với mã này.`,
        en: `No current ${unitLevel} has this code.`,
      });
    }
  }
  const provinceCode = unitLevel === 'province' ? unitCode : unitLevel === 'commune' ? ((await ctx.units.provinceOfCommune(unitCode!)) ?? null) : null;
  const passwordHash = await hashPassword(input.password);
  const id = newId();
  const row = await ctx.db.transaction(async (tx) => {
    const r = await tx.query<OfficerRow>(
      `INSERT INTO officer (id, username, display_name, role, unit_level, unit_code, province_code, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [id, input.username, input.displayName, input.role, unitLevel, unitCode, provinceCode, passwordHash],
    );
    await recordAudit(tx, { actor, action: 'officer.create', target: { kind: 'officer', id }, unitCode, detail: { username: input.username, role: input.role } }, ctx.clock.now());
    return r.rows[0]!;
  });
  return toOfficer(ctx, row);
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
}

/**
 * Checks a password (and TOTP when enabled). Every failure answers the same `login_failed`
 * so an attacker cannot tell a wrong username from a wrong password; after
 * MAX_FAILED_LOGINS failures the account is locked for LOCKOUT_MS.
 */
export async function authenticateOfficer(ctx: AppContext, input: LoginInput): Promise<Officer> {
  const row = await findOfficerRow(ctx.db.pool, { username: input.username });
  const passwordOk = await verifyPassword(input.password, row?.password_hash ?? DUMMY_HASH);
  const now = ctx.clock.now();
  if (!row || !row.active) throw LOGIN_FAILED;
  if (row.locked_until && row.locked_until > now) {
    throw new AppError('locked', 'account_locked', {
      vi: `Tài khoản tạm khoá do đăng nhập sai nhiều lần, thử lại sau ${formatMinutes(row.locked_until, now)} phút.`,
      en: `The account is locked after repeated failed logins; try again in ${formatMinutes(row.locked_until, now)} minutes.`,
    });
  }
  if (!passwordOk) {
    await registerFailure(ctx, row, 'password');
    throw LOGIN_FAILED;
  }
  if (row.totp_enabled) {
    if (!input.totp) {
      throw new AppError('unauthenticated', 'totp_required', { vi: 'Nhập mã xác thực 6 số từ ứng dụng.', en: 'Enter the 6-digit code from your authenticator app.' }, { field: 'totp' });
    }
    const step = checkTotp(row.totp_secret!, input.totp, now);
    // A code is good once: a step at or before the last accepted one is a replay.
    if (step === null || (row.totp_last_step !== null && step <= row.totp_last_step)) {
      await registerFailure(ctx, row, 'totp');
      throw new AppError('unauthenticated', 'totp_invalid', { vi: 'Mã xác thực không đúng hoặc đã dùng.', en: 'The code is wrong or already used.' }, { field: 'totp' });
    }
    await ctx.db.pool.query('UPDATE officer SET totp_last_step = $2 WHERE id = $1', [row.id, step]);
  }
  await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE officer SET failed_logins = 0, locked_until = NULL WHERE id = $1', [row.id]);
    await recordAudit(tx, { actor: { kind: 'officer', id: row.id }, action: 'officer.login', target: { kind: 'officer', id: row.id }, unitCode: row.unit_code }, now);
  });
  return toOfficer(ctx, { ...row, failed_logins: 0, locked_until: null });
}

function formatMinutes(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}

async function registerFailure(ctx: AppContext, row: OfficerRow, reason: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const r = await tx.query<{ failed_logins: number }>(
      `UPDATE officer SET failed_logins = failed_logins + 1,
         locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
       WHERE id = $1 RETURNING failed_logins`,
      [row.id, MAX_FAILED_LOGINS, new Date(now.getTime() + LOCKOUT_MS)],
    );
    const failures = r.rows[0]!.failed_logins;
    await recordAudit(
      tx,
      { actor: { kind: 'officer', id: row.id }, action: failures >= MAX_FAILED_LOGINS ? 'officer.locked' : 'officer.login_failed', target: { kind: 'officer', id: row.id }, unitCode: row.unit_code, detail: { reason, failures } },
      now,
    );
  });
}

/** Starts TOTP enrolment: a new secret, not yet required until confirmed with a code. */
export async function beginTotpSetup(ctx: AppContext, actor: OfficerActor): Promise<{ secret: string; otpauthUrl: string }> {
  const secret = newTotpSecret();
  await ctx.db.pool.query('UPDATE officer SET totp_secret = $2, totp_enabled = false WHERE id = $1', [actor.id, secret]);
  return { secret, otpauthUrl: totpFor(secret, actor.username).toString() };
}

export async function confirmTotpSetup(ctx: AppContext, actor: OfficerActor, code: string): Promise<void> {
  const row = await findOfficerRow(ctx.db.pool, { id: actor.id });
  const now = ctx.clock.now();
  const step = row?.totp_secret ? checkTotp(row.totp_secret, code, now) : null;
  if (step === null) throw invalid('totp_invalid', 'code', { vi: 'Mã xác thực không đúng.', en: 'The code is wrong.' });
  await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE officer SET totp_enabled = true, totp_last_step = $2 WHERE id = $1', [actor.id, step]);
    await recordAudit(tx, { actor, action: 'officer.totp_enabled', target: { kind: 'officer', id: actor.id }, unitCode: actor.unitCode }, now);
  });
}

export async function getOfficer(ctx: AppContext, id: string): Promise<Officer> {
  const row = await findOfficerRow(ctx.db.pool, { id });
  if (!row) throw notFound('officer_not_found', { vi: 'Không tìm thấy cán bộ.', en: 'Officer not found.' }, 'id');
  return toOfficer(ctx, row);
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Officers the actor may see: their own unit's (a province officer sees the communes of the province). */
export async function listOfficers(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number }): Promise<Page<Officer>> {
  authorize(actor, OFFICERS_READ);
  const scope = scopeFilter(actor);
  const where = scope === null ? 'TRUE' : scope.level === 'commune' ? 'unit_code = $3' : 'province_code = $3';
  const params: unknown[] = [q.pageSize, (q.page - 1) * q.pageSize, ...(scope ? [scope.code] : [])];
  const rows = await ctx.db.pool.query<OfficerRow & { total: number }>(
    `SELECT *, count(*) OVER () AS total FROM officer WHERE ${where} ORDER BY username LIMIT $1 OFFSET $2`,
    params,
  );
  return {
    items: await Promise.all(rows.rows.map((r) => toOfficer(ctx, r))),
    total: rows.rows[0]?.total ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Lifts a lockout (an administrator, after checking who asked). */
export async function unlockOfficer(ctx: AppContext, actor: Actor, id: string): Promise<Officer> {
  authorize(actor, OFFICERS_MANAGE);
  const row = await ctx.db.transaction(async (tx) => {
    const r = await tx.query<OfficerRow>('UPDATE officer SET failed_logins = 0, locked_until = NULL, updated_at = $2 WHERE id = $1 RETURNING *', [id, ctx.clock.now()]);
    const found = r.rows[0];
    if (!found) throw notFound('officer_not_found', { vi: 'Không tìm thấy cán bộ.', en: 'Officer not found.' }, 'id');
    await recordAudit(tx, { actor, action: 'officer.unlock', target: { kind: 'officer', id }, unitCode: found.unit_code }, ctx.clock.now());
    return found;
  });
  return toOfficer(ctx, row);
}

/** Display names of officers by id, for histories; ids that are not officers (system, import) are absent. */
export async function officerNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const r = await db.query<{ id: string; display_name: string; username: string }>('SELECT id, display_name, username FROM officer WHERE id::text = ANY($1::text[])', [ids]);
  return new Map(r.rows.map((o) => [o.id, `${o.display_name} (${o.username})`]));
}
