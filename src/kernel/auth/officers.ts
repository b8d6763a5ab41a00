import { newId } from '../ids.js';
import { authorize, definePermission, scopeFilter, unitCondition, unitFilter } from '../access.js';
import type { Actor, OfficerActor, Role, UnitLevel } from '../actor.js';
import { recordAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import type { Executor } from '../db.js';
import { AppError, conflict, invalid, notFound } from '../errors.js';
import { accountTable, claimAttempt, clearFailures, releaseAttempt, releaseIdentifier, throttleIdentifier, type Claim } from './lockout.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.js';
import { forgetCachedSessions, markSteppedUp, requireStepUp, revokeSession } from './session-store.js';
import { OFFICER_SESSIONS } from './sessions.js';
import { acceptTotpStep, beginTotpEnrolment, confirmTotpEnrolment, disableTotp, sealIfPlain, verifyTotp } from './totp.js';
export { checkTotp, totpCode } from './totp.js';

export const OFFICERS_READ = definePermission('kernel', 'officers.read', { roles: ['province_officer', 'national_officer', 'admin'], description: 'List officer accounts of the unit' });
export const OFFICERS_MANAGE = definePermission('kernel', 'officers.manage', { roles: ['admin'], description: 'Create, unlock and change officer accounts' });

/** Officer accounts: password + optional TOTP login, lockout after repeated failures (lockout.ts). */

export interface Officer {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitLevel: UnitLevel;
  unitCode: string | null;
  unitName: string | null;
  totpEnabled: boolean;
  /** An administrator requires TOTP: until it is on, the officer's session can only enrol it. */
  totpRequired: boolean;
  active: boolean;
  disabledReason: string | null;
  lockedUntil: string | null;
}

export interface OfficerRow {
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
  totp_required: boolean;
  disabled_reason: string | null;
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

export async function toOfficer(ctx: AppContext, r: OfficerRow): Promise<Officer> {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    unitLevel: r.unit_level,
    unitCode: r.unit_code,
    unitName: r.unit_code && r.unit_level !== 'nation' ? ((await ctx.units.unitName(r.unit_level, r.unit_code)) ?? null) : null,
    totpEnabled: r.totp_enabled,
    totpRequired: r.totp_required,
    active: r.active,
    disabledReason: r.disabled_reason,
    lockedUntil: r.locked_until ? r.locked_until.toISOString() : null,
  };
}

export async function toActor(ctx: AppContext, o: Pick<Officer, 'id' | 'username' | 'role' | 'unitLevel' | 'unitCode'>): Promise<OfficerActor> {
  const provinceCode =
    o.unitLevel === 'province' ? o.unitCode : o.unitLevel === 'commune' && o.unitCode ? ((await ctx.units.provinceOfCommune(o.unitCode)) ?? null) : null;
  return { kind: 'officer', id: o.id, username: o.username, role: o.role, unitLevel: o.unitLevel, unitCode: o.unitCode, provinceCode };
}

export async function findOfficerRow(db: Executor, by: { id?: string; username?: string }): Promise<OfficerRow | undefined> {
  const r = by.id
    ? await db.query<OfficerRow>('SELECT * FROM officer WHERE id = $1', [by.id])
    : await db.query<OfficerRow>('SELECT * FROM officer WHERE username = $1', [by.username]);
  return r.rows[0];
}

export interface NewOfficer {
  username: string;
  displayName: string;
  /** Absent: the officer sets it through a one-time link (officer-admin.ts `issuePasswordLink`). */
  password?: string | undefined;
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
  if (input.password !== undefined) checkNewPassword(input.password);
}

export function checkNewPassword(password: string): void {
  if (password.length < 12) {
    throw invalid('password_too_short', 'password', { vi: 'Mật khẩu phải có ít nhất 12 ký tự.', en: 'A password needs at least 12 characters.' });
  }
}

/**
 * The unit an officer of `role` acts within: the level the role implies, a current unit of
 * that level (a national role has none), and the province a commune belongs to.
 */
export async function resolveOfficerUnit(ctx: AppContext, role: Role, code: string | null): Promise<{ unitLevel: UnitLevel; unitCode: string | null; provinceCode: string | null }> {
  const unitLevel = levelOfRole(role);
  if (unitLevel === 'nation') return { unitLevel, unitCode: null, provinceCode: null };
  const ok = code !== null && (await ctx.units.unitName(unitLevel, code)) !== undefined;
  if (!ok) {
    throw invalid('unit_not_found', 'unitCode', {
      vi: `Không có đơn vị hành chính cấp ${unitLevel === 'commune' ? 'xã' : 'tỉnh'} hiện hành với mã này.`,
      en: `No current ${unitLevel} has this code.`,
    });
  }
  const provinceCode = unitLevel === 'province' ? code : ((await ctx.units.provinceOfCommune(code)) ?? null);
  return { unitLevel, unitCode: code, provinceCode };
}

/** Creates an officer; the unit must exist at the level the role implies. Admins only. */
export async function createOfficer(ctx: AppContext, actor: Actor, input: NewOfficer): Promise<Officer> {
  authorize(actor, OFFICERS_MANAGE);
  validateNewOfficer(input);
  const { unitLevel, unitCode, provinceCode } = await resolveOfficerUnit(ctx, input.role, input.unitCode);
  // No password yet: a hash no password matches, still costing a full hash to check (no timing tell).
  const passwordHash = input.password === undefined ? DUMMY_HASH : await hashPassword(input.password);
  const id = newId();
  const row = await ctx.db.transaction(async (tx) => {
    const r = await tx.query<OfficerRow>(
      `INSERT INTO officer (id, username, display_name, role, unit_level, unit_code, province_code, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [id, input.username, input.displayName, input.role, unitLevel, unitCode, provinceCode, passwordHash],
    );
    await recordAudit(tx, { actor, action: 'officer.create', target: { kind: 'officer', id }, unitCode, detail: { username: input.username, displayName: input.displayName, role: input.role, passwordSet: input.password !== undefined } }, ctx.clock.now());
    return r.rows[0]!;
  });
  return toOfficer(ctx, row);
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
}

export const OFFICER_ACCOUNTS = accountTable('officer');

/**
 * Checks a password (and TOTP when enabled). An unknown username, a wrong password and a
 * locked account answer the same `login_failed`, and take about as long (a password hash is
 * computed in each case), so the form reveals neither accounts nor locks. Attempts are limited
 * per username and claimed on the account before anything is compared (lockout.ts).
 */
export async function authenticateOfficer(ctx: AppContext, input: LoginInput): Promise<Officer> {
  const now = ctx.clock.now();
  const identifier = `officer:${input.username.toLowerCase()}`;
  await throttleIdentifier(ctx.db.pool, identifier, now);
  const row = await findOfficerRow(ctx.db.pool, { username: input.username });
  const claim = row && row.active ? await claimAttempt(ctx.db.pool, OFFICER_ACCOUNTS, row.id, now) : undefined;
  if (!row || !claim?.allowed) {
    await verifyPassword(input.password, DUMMY_HASH);
    throw LOGIN_FAILED;
  }
  if (!(await verifyPassword(input.password, row.password_hash))) {
    await recordFailure(ctx, row, claim, 'password');
    throw LOGIN_FAILED;
  }
  await releaseIdentifier(ctx.db.pool, identifier);
  let step: number | null = null;
  if (row.totp_enabled) {
    if (!input.totp) {
      // The password was right: this attempt is not a failure, the code is still to come.
      await releaseAttempt(ctx.db.pool, OFFICER_ACCOUNTS, row.id, claim);
      throw totpRequired();
    }
    step = verifyTotp(ctx.keys, OFFICER_ACCOUNTS, row, input.totp, now);
    if (step === null) {
      await recordFailure(ctx, row, claim, 'totp');
      throw totpInvalid();
    }
  }
  const ok = await ctx.db.transaction(async (tx) => {
    // The replay guard runs here, so two requests with one code cannot both succeed.
    if (step !== null && !(await acceptTotpStep(tx, OFFICER_ACCOUNTS, row.id, step))) return false;
    await sealIfPlain(tx, ctx.keys, OFFICER_ACCOUNTS, row.id, row.totp_secret);
    await clearFailures(tx, OFFICER_ACCOUNTS, row.id);
    await recordAudit(tx, { actor: { kind: 'officer', id: row.id }, action: 'officer.login', target: { kind: 'officer', id: row.id }, unitCode: row.unit_code }, now);
    return true;
  });
  if (!ok) {
    await recordFailure(ctx, row, claim, 'totp_replayed');
    throw totpInvalid();
  }
  return toOfficer(ctx, { ...row, failed_logins: 0, locked_until: null });
}

const totpRequired = () =>
  new AppError('unauthenticated', 'totp_required', { vi: 'Nhập mã xác thực 6 số từ ứng dụng.', en: 'Enter the 6-digit code from your authenticator app.' }, { field: 'totp' });
const totpInvalid = () => new AppError('unauthenticated', 'totp_invalid', { vi: 'Mã xác thực không đúng hoặc đã dùng.', en: 'The code is wrong or already used.' }, { field: 'totp' });

/**
 * Writes down a failed attempt (already counted by its claim). Only the audit log learns of a
 * lock: an officer has no phone on file, and the console's officer list shows the lock to the
 * administrators who lift it.
 */
async function recordFailure(ctx: AppContext, row: OfficerRow, claim: Claim, reason: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await recordAudit(
      tx,
      {
        actor: { kind: 'officer', id: row.id },
        action: claim.lockedNow ? 'officer.locked' : 'officer.login_failed',
        target: { kind: 'officer', id: row.id },
        unitCode: row.unit_code,
        detail: { reason, failures: claim.failures, ...(claim.lockedNow ? { lockedUntil: claim.lockedUntil!.toISOString(), lockouts: claim.lockouts } : {}) },
      },
      now,
    );
  });
}

/**
 * A fresh proof, inside a console session, that the officer is at the keyboard: the TOTP code
 * when TOTP is on, else the password. It allows changing second factors for a few minutes.
 * Wrong proofs count towards the lockout like wrong logins.
 */
export async function stepUpOfficer(ctx: AppContext, actor: OfficerActor, tokenHash: string, input: { password?: string | undefined; totp?: string | undefined }): Promise<{ steppedUpUntil: string }> {
  const now = ctx.clock.now();
  const row = (await findOfficerRow(ctx.db.pool, { id: actor.id }))!;
  const method = row.totp_enabled ? 'totp' : 'password';
  const given = method === 'totp' ? input.totp : input.password;
  const failed = () =>
    invalid('step_up_failed', method, method === 'totp'
      ? { vi: 'Mã xác thực không đúng hoặc đã dùng.', en: 'The code is wrong or already used.' }
      : { vi: 'Mật khẩu không đúng.', en: 'Wrong password.' });
  if (!given) {
    throw invalid(method === 'totp' ? 'totp_required' : 'password_required', method, method === 'totp'
      ? { vi: 'Nhập mã 6 số từ ứng dụng xác thực.', en: 'Enter the 6-digit code from your authenticator app.' }
      : { vi: 'Nhập lại mật khẩu.', en: 'Enter your password again.' });
  }
  const claim = await claimAttempt(ctx.db.pool, OFFICER_ACCOUNTS, row.id, now);
  if (!claim.allowed) throw failed();
  const step = method === 'totp' ? verifyTotp(ctx.keys, OFFICER_ACCOUNTS, row, given, now) : null;
  const ok = method === 'totp' ? step !== null : await verifyPassword(given, row.password_hash);
  const done = ok && (await ctx.db.transaction(async (tx) => {
    if (step !== null && !(await acceptTotpStep(tx, OFFICER_ACCOUNTS, row.id, step))) return undefined;
    await releaseAttempt(tx, OFFICER_ACCOUNTS, row.id, claim);
    const until = await markSteppedUp(tx, OFFICER_SESSIONS, tokenHash, now);
    await recordAudit(tx, { actor, action: 'officer.step_up', target: { kind: 'officer', id: row.id }, unitCode: row.unit_code, detail: { method } }, now);
    return until;
  }));
  if (!done) {
    await recordFailure(ctx, row, claim, `step_up_${method}`);
    throw failed();
  }
  return { steppedUpUntil: done.toISOString() };
}

/** Starts setting up a new TOTP secret (after a step-up); the current one stays in force until the new one is confirmed. */
export async function beginTotpSetup(ctx: AppContext, actor: OfficerActor, tokenHash: string): Promise<{ secret: string; otpauthUrl: string }> {
  const now = ctx.clock.now();
  await requireStepUp(ctx.db.pool, OFFICER_SESSIONS, tokenHash, now);
  return beginTotpEnrolment(ctx.db.pool, ctx.keys, OFFICER_ACCOUNTS, actor.id, actor.username, now);
}

/** Confirms the new secret with a code from it: from then on login needs its codes. */
export async function confirmTotpSetup(ctx: AppContext, actor: OfficerActor, code: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await confirmTotpEnrolment(tx, ctx.keys, OFFICER_ACCOUNTS, actor.id, code, now))) {
      throw invalid('totp_invalid', 'code', { vi: 'Mã xác thực không đúng hoặc đã hết hạn cài đặt.', en: 'The code is wrong, or the setup has expired.' });
    }
    await recordAudit(tx, { actor, action: 'officer.totp_enabled', target: { kind: 'officer', id: actor.id }, unitCode: actor.unitCode }, now);
  });
}

/** Turns TOTP off (after a step-up). */
export async function disableOfficerTotp(ctx: AppContext, actor: OfficerActor, tokenHash: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await requireStepUp(tx, OFFICER_SESSIONS, tokenHash, now);
    const required = await tx.query<{ totp_required: boolean }>('SELECT totp_required FROM officer WHERE id = $1', [actor.id]);
    if (required.rows[0]?.totp_required) {
      throw conflict('totp_required_by_admin', { vi: 'Quản trị viên yêu cầu tài khoản này dùng ứng dụng xác thực; không tắt được.', en: 'An administrator requires TOTP for this account; it cannot be turned off.' });
    }
    if (!(await disableTotp(tx, OFFICER_ACCOUNTS, actor.id))) throw conflict('totp_not_enabled', { vi: 'Ứng dụng xác thực chưa được bật.', en: 'TOTP is not on.' });
    await recordAudit(tx, { actor, action: 'officer.totp_disabled', target: { kind: 'officer', id: actor.id }, unitCode: actor.unitCode }, now);
  });
  forgetCachedSessions(OFFICER_SESSIONS);
}

/** Ends the officer's session, audited. */
export async function logoutOfficer(ctx: AppContext, actor: OfficerActor, tokenHash: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    if (await revokeSession(tx, OFFICER_SESSIONS, tokenHash, now)) {
      await recordAudit(tx, { actor, action: 'officer.logout', target: { kind: 'officer', id: actor.id }, unitCode: actor.unitCode }, now);
    }
  });
  // Committed: no request of this process answers from the session as cached before.
  forgetCachedSessions(OFFICER_SESSIONS);
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

export type OfficerStatus = 'active' | 'disabled' | 'locked';

export interface OfficerQuery {
  page: number;
  pageSize: number;
  role?: Role | undefined;
  /** A province (2 digits: its own officers and its communes') or a commune (5 digits). */
  unitCode?: string | undefined;
  status?: OfficerStatus | undefined;
  /** Part of the username or the name, any case. */
  q?: string | undefined;
}

/**
 * Officers the actor may see, filtered: their own unit's (a province officer sees the
 * communes of the province too). A unit filter outside that scope simply finds no one.
 */
export async function listOfficers(ctx: AppContext, actor: Actor, q: OfficerQuery): Promise<Page<Officer>> {
  authorize(actor, OFFICERS_READ);
  const scope = scopeFilter(actor);
  const params: unknown[] = [q.pageSize, (q.page - 1) * q.pageSize];
  const where: string[] = [];
  const add = (sql: (n: string) => string, value: unknown) => where.push(sql(`$${params.push(value)}`));
  if (scope) where.push(unitCondition(scope, params));
  if (q.role) add((n) => `role = ${n}`, q.role);
  if (q.unitCode) where.push(unitCondition(unitFilter(q.unitCode), params));
  if (q.status === 'active') where.push('active');
  if (q.status === 'disabled') where.push('NOT active');
  if (q.status === 'locked') add((n) => `active AND locked_until > ${n}`, ctx.clock.now());
  if (q.q?.trim()) add((n) => `(username ILIKE ${n} OR display_name ILIKE ${n})`, `%${q.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = await ctx.db.pool.query<OfficerRow & { total: number }>(
    `SELECT *, count(*) OVER () AS total FROM officer ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY username LIMIT $1 OFFSET $2`,
    params,
  );
  const items: Officer[] = [];
  for (const r of rows.rows) items.push(await toOfficer(ctx, r));
  return { items, total: Number(rows.rows[0]?.total ?? 0), page: q.page, pageSize: q.pageSize };
}

/** Lifts a lockout (an administrator, after checking who asked). */
export async function unlockOfficer(ctx: AppContext, actor: Actor, id: string): Promise<Officer> {
  authorize(actor, OFFICERS_MANAGE);
  const row = await ctx.db.transaction(async (tx) => {
    const r = await tx.query<OfficerRow>('UPDATE officer SET failed_logins = 0, lockouts = 0, locked_until = NULL, updated_at = $2 WHERE id = $1 RETURNING *', [id, ctx.clock.now()]);
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

/** The agency an officer reads and writes for: the police of their unit, or the ministry at national level. */
export interface OfficerAgency {
  /** "Nguyễn Văn Bình (cb.phuongbadinh)", as in histories. */
  name: string;
  agency: string;
}

/**
 * Officers by id with the agency they act for, named as a citizen reads it: "Công an Phường
 * Ba Đình", "Công an Thành phố Hà Nội", or "Bộ Công an" for national officers.
 */
export async function officerAgencies(ctx: AppContext, ids: string[]): Promise<Map<string, OfficerAgency>> {
  if (ids.length === 0) return new Map();
  const r = await ctx.db.pool.query<{ id: string; display_name: string; username: string; unit_level: UnitLevel; unit_code: string | null }>(
    'SELECT id, display_name, username, unit_level, unit_code FROM officer WHERE id::text = ANY($1::text[])',
    [ids],
  );
  const out = new Map<string, OfficerAgency>();
  for (const o of r.rows) {
    const unit = o.unit_level !== 'nation' && o.unit_code ? await ctx.units.unitName(o.unit_level, o.unit_code) : undefined;
    out.set(o.id, { name: `${o.display_name} (${o.username})`, agency: unit ? `Công an ${unit}` : 'Bộ Công an' });
  }
  return out;
}

/** An officer as a picker lists them (assigning work): no login or security details. */
export interface OfficerChoice {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitLevel: UnitLevel;
  unitCode: string | null;
}

/**
 * Active officers of the given roles whose unit covers a commune: the commune's own officers
 * first, then those of its province (national officers are not listed: work stays local).
 */
export async function officersCovering(db: Executor, roles: readonly Role[], unit: { communeCode: string; provinceCode: string }): Promise<OfficerChoice[]> {
  if (roles.length === 0) return [];
  const r = await db.query<{ id: string; username: string; display_name: string; role: Role; unit_level: UnitLevel; unit_code: string | null }>(
    `SELECT id::text AS id, username, display_name, role, unit_level, unit_code FROM officer
      WHERE active AND role = ANY($1::text[])
        AND ((unit_level = 'commune' AND unit_code = $2) OR (unit_level = 'province' AND unit_code = $3))
      ORDER BY unit_level = 'province', display_name, username`,
    [[...roles], unit.communeCode, unit.provinceCode],
  );
  return r.rows.map((o) => ({ id: o.id, username: o.username, displayName: o.display_name, role: o.role, unitLevel: o.unit_level, unitCode: o.unit_code }));
}
