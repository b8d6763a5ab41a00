import { randomBytes } from 'node:crypto';
import { authorize } from '../access.js';
import type { Actor, Role } from '../actor.js';
import { recordAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import type { Executor } from '../db.js';
import { conflict, invalid, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { hashPassword } from './password.js';
import { forgetCachedSessions, revokeAllSessions, sha256Hex } from './session-store.js';
import { OFFICER_SESSIONS } from './sessions.js';
import { checkNewPassword, findOfficerRow, OFFICERS_MANAGE, resolveOfficerUnit, toOfficer, type Officer, type OfficerRow } from './officers.js';

/**
 * What an administrator does to officer accounts from the console: change the role and unit,
 * disable and enable, require TOTP, and issue a one-time link to set a password. Who may do
 * it: administrators only (`officers.manage`), never to their own account (an administrator
 * cannot lock themselves or the last administrator out by a slip). Every change is audited
 * in the same transaction with the reason given and the values before and after.
 */

/** How long a password link stays good. */
export const PASSWORD_LINK_TTL_MS = 24 * 3600_000;

const officerNotFound = () => notFound('officer_not_found', { vi: 'Không tìm thấy cán bộ.', en: 'Officer not found.' }, 'id');

const reasonRequired = () => invalid('reason_required', 'reason', { vi: 'Ghi lý do thay đổi.', en: 'Give the reason for the change.' });

/** Locks the officer's row for the change; refuses the administrator's own account. */
async function lockOfficerForChange(tx: Executor, actor: Actor, id: string): Promise<OfficerRow> {
  authorize(actor, OFFICERS_MANAGE);
  const r = await tx.query<OfficerRow>('SELECT * FROM officer WHERE id = $1 FOR UPDATE', [id]);
  const row = r.rows[0];
  if (!row) throw officerNotFound();
  if (actor.kind === 'officer' && actor.id === id) {
    throw conflict('own_account', { vi: 'Không tự thay đổi vai trò, đơn vị hay trạng thái tài khoản của mình; nhờ quản trị viên khác.', en: 'You cannot change your own role, unit or account status; ask another administrator.' }, 'id');
  }
  return row;
}

export interface OfficerChange {
  displayName?: string | undefined;
  role?: Role | undefined;
  /** Required with a commune or province role; ignored for national roles. */
  unitCode?: string | null | undefined;
  reason: string;
}

/** Changes an officer's name, role and unit (the unit must exist at the role's level); takes effect on the officer's next request. */
export async function updateOfficer(ctx: AppContext, actor: Actor, id: string, change: OfficerChange): Promise<Officer> {
  authorize(actor, OFFICERS_MANAGE);
  if (!change.reason.trim()) throw reasonRequired();
  const current = await findOfficerRow(ctx.db.pool, { id });
  if (!current) throw officerNotFound();
  const role = change.role ?? current.role;
  const unit = await resolveOfficerUnit(ctx, role, change.unitCode === undefined ? current.unit_code : change.unitCode);
  const displayName = change.displayName?.trim() || current.display_name;
  const row = await ctx.db.transaction(async (tx) => {
    const before = await lockOfficerForChange(tx, actor, id);
    const r = await tx.query<OfficerRow>(
      `UPDATE officer SET display_name = $2, role = $3, unit_level = $4, unit_code = $5, province_code = $6, updated_at = $7 WHERE id = $1 RETURNING *`,
      [id, displayName, role, unit.unitLevel, unit.unitCode, unit.provinceCode, ctx.clock.now()],
    );
    const after = r.rows[0]!;
    await recordAudit(tx, {
      actor,
      action: 'officer.update',
      target: { kind: 'officer', id },
      unitCode: after.unit_code,
      purpose: change.reason.trim(),
      detail: {
        before: { displayName: before.display_name, role: before.role, unitCode: before.unit_code },
        after: { displayName: after.display_name, role: after.role, unitCode: after.unit_code },
      },
    }, ctx.clock.now());
    return after;
  });
  // Committed: sessions cached by this process answer with the officer as changed (session-store.ts).
  forgetCachedSessions(OFFICER_SESSIONS);
  return toOfficer(ctx, row);
}

/**
 * Disables (every session ends, open password links are revoked) or enables an account. A
 * disabled officer cannot log in; the login form answers as for a wrong password.
 */
export async function setOfficerActive(ctx: AppContext, actor: Actor, id: string, active: boolean, reason: string): Promise<Officer> {
  authorize(actor, OFFICERS_MANAGE);
  if (!reason.trim()) throw reasonRequired();
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const before = await lockOfficerForChange(tx, actor, id);
    if (before.active === active) {
      throw conflict(active ? 'already_active' : 'already_disabled', active ? { vi: 'Tài khoản đang hoạt động.', en: 'The account is already enabled.' } : { vi: 'Tài khoản đã bị vô hiệu hoá.', en: 'The account is already disabled.' }, 'id');
    }
    const r = await tx.query<OfficerRow>('UPDATE officer SET active = $2, disabled_reason = $3, updated_at = $4 WHERE id = $1 RETURNING *', [id, active, active ? null : reason.trim(), now]);
    let sessionsEnded = 0;
    if (!active) {
      sessionsEnded = await revokeAllSessions(tx, OFFICER_SESSIONS, id, now);
      await tx.query('UPDATE officer_password_reset SET revoked_at = $2 WHERE officer_id = $1 AND used_at IS NULL AND revoked_at IS NULL', [id, now]);
    }
    await recordAudit(tx, { actor, action: active ? 'officer.enable' : 'officer.disable', target: { kind: 'officer', id }, unitCode: before.unit_code, purpose: reason.trim(), detail: { sessionsEnded } }, now);
    return r.rows[0]!;
  });
  // Committed: sessions cached by this process answer with the officer as changed (session-store.ts).
  forgetCachedSessions(OFFICER_SESSIONS);
  return toOfficer(ctx, row);
}

/**
 * Requires (or stops requiring) TOTP. While it is required and not on, the officer's session
 * reaches only what enrolling needs (sessions.ts), and the officer may not turn TOTP off.
 */
export async function setTotpRequired(ctx: AppContext, actor: Actor, id: string, required: boolean, reason: string): Promise<Officer> {
  authorize(actor, OFFICERS_MANAGE);
  if (!reason.trim()) throw reasonRequired();
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const before = await lockOfficerForChange(tx, actor, id);
    const r = await tx.query<OfficerRow>('UPDATE officer SET totp_required = $2, updated_at = $3 WHERE id = $1 RETURNING *', [id, required, now]);
    await recordAudit(tx, { actor, action: required ? 'officer.totp_required' : 'officer.totp_not_required', target: { kind: 'officer', id }, unitCode: before.unit_code, purpose: reason.trim(), detail: { totpEnabled: before.totp_enabled } }, now);
    return r.rows[0]!;
  });
  // Committed: sessions cached by this process answer with the officer as changed (session-store.ts).
  forgetCachedSessions(OFFICER_SESSIONS);
  return toOfficer(ctx, row);
}

export interface PasswordLink {
  /** The secret part, shown to the administrator once; the database keeps only its SHA-256. */
  token: string;
  /** Where the officer opens it: the token rides in the fragment, which no server or proxy log sees. */
  path: string;
  expiresAt: string;
}

/**
 * A one-time link to set the officer's password (a new account, or a forgotten password).
 * Any earlier open link of the officer is revoked; the current password keeps working until
 * the link is used, so issuing one cannot lock anyone out.
 */
export async function issuePasswordLink(ctx: AppContext, actor: Actor, id: string): Promise<PasswordLink> {
  authorize(actor, OFFICERS_MANAGE);
  const now = ctx.clock.now();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_TTL_MS);
  await ctx.db.transaction(async (tx) => {
    const row = await lockOfficerForChange(tx, actor, id);
    if (!row.active) throw conflict('officer_disabled', { vi: 'Tài khoản đang bị vô hiệu hoá; bật lại trước khi cấp liên kết.', en: 'The account is disabled; enable it before issuing a link.' }, 'id');
    const revoked = await tx.query('UPDATE officer_password_reset SET revoked_at = $2 WHERE officer_id = $1 AND used_at IS NULL AND revoked_at IS NULL', [id, now]);
    await tx.query(
      'INSERT INTO officer_password_reset (id, officer_id, token_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [newId(), id, sha256Hex(token), actor.id, now, expiresAt],
    );
    await recordAudit(tx, { actor, action: 'officer.password_link_issued', target: { kind: 'officer', id }, unitCode: row.unit_code, detail: { expiresAt: expiresAt.toISOString(), earlierLinksRevoked: revoked.rowCount ?? 0 } }, now);
  });
  return { token, path: `/reset-password#${token}`, expiresAt: expiresAt.toISOString() };
}

const linkInvalid = () =>
  invalid('password_link_invalid', 'token', {
    vi: 'Liên kết đặt mật khẩu không hợp lệ, đã dùng hoặc đã hết hạn. Hãy xin quản trị viên cấp liên kết mới.',
    en: 'The password link is not valid, already used, or expired. Ask an administrator for a new one.',
  });

/**
 * Sets the password through a link: good once, before it expires, for an enabled account.
 * Any wrong, used, revoked or expired token answers the same. The lockout is lifted and every
 * session of the officer ends (whoever held the old password is logged out).
 */
export async function completePasswordLink(ctx: AppContext, input: { token: string; password: string }): Promise<{ username: string }> {
  checkNewPassword(input.password);
  const hash = await hashPassword(input.password);
  const now = ctx.clock.now();
  const done = await ctx.db.transaction(async (tx) => {
    const r = await tx.query<{ id: string; officer_id: string }>(
      `SELECT l.id, l.officer_id FROM officer_password_reset l JOIN officer o ON o.id = l.officer_id
        WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > $2 AND o.active
        FOR UPDATE OF l`,
      [sha256Hex(input.token), now],
    );
    const link = r.rows[0];
    if (!link) throw linkInvalid();
    await tx.query('UPDATE officer_password_reset SET used_at = $2 WHERE id = $1', [link.id, now]);
    const o = await tx.query<{ username: string; unit_code: string | null }>(
      'UPDATE officer SET password_hash = $2, failed_logins = 0, lockouts = 0, locked_until = NULL, updated_at = $3 WHERE id = $1 RETURNING username, unit_code',
      [link.officer_id, hash, now],
    );
    const sessionsEnded = await revokeAllSessions(tx, OFFICER_SESSIONS, link.officer_id, now);
    await recordAudit(tx, { actor: { kind: 'officer', id: link.officer_id }, action: 'officer.password_set', target: { kind: 'officer', id: link.officer_id }, unitCode: o.rows[0]!.unit_code, detail: { via: 'link', sessionsEnded } }, now);
    return { username: o.rows[0]!.username };
  });
  forgetCachedSessions(OFFICER_SESSIONS);
  return done;
}
