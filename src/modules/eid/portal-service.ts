import type { CitizenActor } from '../../kernel/actor.js';
import { recordAudit, toAuditRow } from '../../kernel/audit.js';
import { officerNames } from '../../kernel/auth/officers.js';
import { checkTotp, newTotpSecret, totpFor } from '../../kernel/auth/totp.js';
import type { AppContext } from '../../kernel/context.js';
import { invalid, notFound } from '../../kernel/errors.js';
import { getHousehold, getPerson, unloggedIdentifiersOf, unloggedPersonById, type Household, type PersonDetails } from '../people/index.js';
import { listDocuments, type IntegratedDocument } from './documents.js';
import type { EidAccount } from './model.js';
import { listSessions, revokeAllSessions, type SessionView } from './sessions.js';
import { findAccount, recordUsage, toAccount, updateAccount } from './store.js';

/** What a logged-in citizen does with their own account and data in the portal. */
const PORTAL_PURPOSE = 'Công dân xem thông tin của mình trên Cổng định danh';

export async function myAccount(ctx: AppContext, actor: CitizenActor): Promise<EidAccount & { fullName: string }> {
  const row = await findAccount(ctx.db.pool, { id: actor.id });
  if (!row) throw notFound('account_not_found', { vi: 'Không tìm thấy tài khoản.', en: 'No such account.' });
  const person = await unloggedPersonById(ctx.db.pool, row.person_id);
  return { ...toAccount(row), fullName: person?.fullName ?? '' };
}

export interface MyData {
  account: EidAccount;
  record: PersonDetails;
  household: Household | null;
  documents: IntegratedDocument[];
}

/** "My data": the registry record, household and residences, and documents held in the account (each read logged). */
export async function myData(ctx: AppContext, actor: CitizenActor): Promise<MyData> {
  const record = await getPerson(ctx, actor, actor.pin, PORTAL_PURPOSE);
  const household = record.household ? await getHousehold(ctx, actor, record.household.householdNo, PORTAL_PURPOSE) : null;
  const account = toAccount((await findAccount(ctx.db.pool, { id: actor.id }))!);
  return { account, record, household, documents: await listDocuments(ctx, actor.personId) };
}

export interface AccessEntry {
  at: string;
  action: string;
  accessorKind: string;
  accessor: string;
  unitCode: string | null;
  purpose: string | null;
}

/**
 * "Who accessed my data": every logged read of the citizen's record (under any PIN they
 * held) and of their household, newest first, with who read it and why. The citizen's own
 * portal views are left out.
 */
export async function myAccessLog(ctx: AppContext, actor: CitizenActor, page: { page: number; pageSize: number }): Promise<{ items: AccessEntry[]; total: number; page: number; pageSize: number }> {
  const { pins, householdNos: households } = await unloggedIdentifiersOf(ctx.db.pool, actor.personId);
  const r = await ctx.db.pool.query(
    `SELECT *, count(*) OVER () AS total FROM audit_log
      WHERE chain = 'access' AND NOT (actor_kind = 'citizen' AND actor_id = $1)
        AND ((target_kind = 'person' AND target_id = ANY($2::text[])) OR (target_kind = 'household' AND target_id = ANY($3::text[])))
      ORDER BY seq DESC LIMIT $4 OFFSET $5`,
    [actor.id, pins, households, page.pageSize, (page.page - 1) * page.pageSize],
  );
  const rows = r.rows.map((x) => toAuditRow(x as Parameters<typeof toAuditRow>[0]));
  const officers = await officerNames(ctx.db.pool, [...new Set(rows.filter((x) => x.actorKind === 'officer').map((x) => x.actorId))]);
  const clientIds = [...new Set(rows.filter((x) => x.actorKind === 'client').map((x) => x.actorId))];
  const clients = new Map(
    clientIds.length ? (await ctx.db.pool.query<{ client_id: string; name: string }>('SELECT client_id, name FROM oidc_client WHERE client_id = ANY($1::text[])', [clientIds])).rows.map((c) => [c.client_id, c.name]) : [],
  );
  return {
    items: rows.map((x) => ({
      at: x.at,
      action: x.action,
      accessorKind: x.actorKind,
      accessor: x.actorKind === 'officer' ? (officers.get(x.actorId) ?? x.actorId) : x.actorKind === 'client' ? (clients.get(x.actorId) ?? x.actorId) : x.actorId,
      unitCode: x.unitCode,
      purpose: x.purpose,
    })),
    total: Number((r.rows[0] as { total?: number } | undefined)?.total ?? 0),
    page: page.page,
    pageSize: page.pageSize,
  };
}

export interface UsageView {
  at: string;
  kind: string;
  clientId: string | null;
  clientName: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown>;
}

/** Logins, failed attempts, consents and tokens given to services: the account's usage history. */
export async function myUsage(ctx: AppContext, actor: CitizenActor, page: { page: number; pageSize: number }): Promise<{ items: UsageView[]; total: number; page: number; pageSize: number }> {
  const r = await ctx.db.pool.query<{ at: Date; kind: string; client_id: string | null; name: string | null; ip: string | null; user_agent: string | null; detail: Record<string, unknown>; total: number }>(
    `SELECT u.at, u.kind, u.client_id, c.name, u.ip, u.user_agent, u.detail, count(*) OVER () AS total
       FROM eid_usage u LEFT JOIN oidc_client c ON c.client_id = u.client_id
      WHERE u.account_id = $1 ORDER BY u.at DESC, u.id DESC LIMIT $2 OFFSET $3`,
    [actor.id, page.pageSize, (page.page - 1) * page.pageSize],
  );
  return {
    items: r.rows.map((u) => ({ at: u.at.toISOString(), kind: u.kind, clientId: u.client_id, clientName: u.name, ip: u.ip, userAgent: u.user_agent, detail: u.detail })),
    total: Number(r.rows[0]?.total ?? 0),
    page: page.page,
    pageSize: page.pageSize,
  };
}

export async function mySessions(ctx: AppContext, actor: CitizenActor, currentSessionId: string): Promise<SessionView[]> {
  return listSessions(ctx.db.pool, actor.id, currentSessionId, ctx.clock.now());
}

export async function signOutSession(ctx: AppContext, actor: CitizenActor, sessionId: string): Promise<void> {
  const r = await ctx.db.pool.query('UPDATE eid_session SET revoked_at = $3 WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL', [actor.id, sessionId, ctx.clock.now()]);
  if (r.rowCount !== 1) throw notFound('session_not_found', { vi: 'Không có phiên đăng nhập này.', en: 'No such session.' }, 'id');
}

/** Signs out on every device (including this one). */
export async function signOutEverywhere(ctx: AppContext, actor: CitizenActor): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const n = await revokeAllSessions(tx, actor.id, now);
    await recordUsage(tx, actor.id, { kind: 'sessions_revoked', detail: { sessions: n } }, now);
    return n;
  });
}

/** The citizen locks their own account (lost phone, suspected misuse); only the police can unlock it. */
export async function lockMyAccount(ctx: AppContext, actor: CitizenActor, reason: string | undefined): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    await updateAccount(tx, actor.id, { status: 'locked', locked_by: 'citizen', lock_reason: reason ?? null });
    await revokeAllSessions(tx, actor.id, now);
    await recordUsage(tx, actor.id, { kind: 'locked', detail: { by: 'citizen', reason: reason ?? null } }, now);
    await recordAudit(tx, { actor, action: 'eid.account_locked', target: { kind: 'eid_account', id: actor.id }, purpose: reason ?? null, detail: { by: 'citizen' } }, now);
  });
}

export async function beginTotp(ctx: AppContext, actor: CitizenActor): Promise<{ secret: string; otpauthUrl: string }> {
  const secret = newTotpSecret();
  await ctx.db.pool.query('UPDATE eid_account SET totp_secret = $2, totp_enabled = false WHERE id = $1', [actor.id, secret]);
  return { secret, otpauthUrl: totpFor(secret, actor.pin).toString() };
}

export async function confirmTotp(ctx: AppContext, actor: CitizenActor, code: string): Promise<void> {
  const row = await findAccount(ctx.db.pool, { id: actor.id });
  const now = ctx.clock.now();
  const step = row?.totp_secret ? checkTotp(row.totp_secret, code, now) : null;
  if (step === null) throw invalid('totp_invalid', 'code', { vi: 'Mã xác thực không đúng.', en: 'The code is wrong.' });
  await ctx.db.transaction(async (tx) => {
    await updateAccount(tx, actor.id, { totp_enabled: true, totp_last_step: step });
    await recordUsage(tx, actor.id, { kind: 'totp_enabled' }, now);
    await recordAudit(tx, { actor, action: 'eid.totp_enabled', target: { kind: 'eid_account', id: actor.id } }, now);
  });
}
