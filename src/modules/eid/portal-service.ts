import { normalisePurpose, type ReadPurpose } from '../../kernel/purposes.js';
import { checkLockReason } from '../../kernel/change-reason.js';
import { Value } from '@sinclair/typebox/value';
import type { CitizenActor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import { officerAgencies } from '../../kernel/auth/officers.js';
import { requireStepUp, revokeSession } from '../../kernel/auth/session-store.js';
import { beginTotpEnrolment, confirmTotpEnrolment, disableTotp as turnTotpOff } from '../../kernel/auth/totp.js';
import type { AppContext } from '../../kernel/context.js';
import { conflict, invalid, notFound } from '../../kernel/errors.js';
import { securityNotice } from './notices.js';
import { getFamily, getHousehold, getPerson, unloggedIdentifiersOf, unloggedPersonById, type Family, type Household, type PersonDetails } from '../people/index.js';
import { listDocuments, type IntegratedDocument } from './documents.js';
import type { EidAccount } from './model.js';
import { UsageDetail } from './schemas.js';
import { CITIZEN_SESSIONS, listSessions, revokeAllSessions, type CitizenSession, type SessionView } from './sessions.js';
import { EID_ACCOUNTS, findAccount, recordUsage, toAccount, updateAccount } from './store.js';

/** What a logged-in citizen does with their own account and data in the portal. */
const PORTAL_PURPOSE: ReadPurpose = { code: 'citizen_self_view' };

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
  /** The officer's name, the relying party's registered name, or the system job. */
  accessor: string;
  /** Who read, as an agency: the police of the officer's unit by name, or the relying party; null for system jobs. */
  agency: string | null;
  /** A purpose code (kernel/purposes.ts; old texts mapped to theirs), or an old free text. */
  purpose: string | null;
  /** The reader's own words beside the code. */
  purposeNote: string | null;
}

interface AccessRow {
  at: Date;
  action: string;
  actor_kind: string;
  actor_id: string;
  purpose: string | null;
  purpose_note: string | null;
  total: number;
}

/**
 * "Who accessed my data": every logged read of the citizen's record (under any PIN they
 * held) and of their household, newest first, with who read it, for which agency, and why.
 * The citizen's own portal views are left out.
 */
export async function myAccessLog(ctx: AppContext, actor: CitizenActor, page: { page: number; pageSize: number }): Promise<{ items: AccessEntry[]; total: number; page: number; pageSize: number }> {
  const { pins, householdNos: households } = await unloggedIdentifiersOf(ctx.db.pool, actor.personId);
  const r = await ctx.db.pool.query<AccessRow>(
    `SELECT at, action, actor_kind, actor_id, purpose, detail->>'purposeNote' AS purpose_note, count(*) OVER () AS total FROM audit_log
      WHERE chain = 'access' AND NOT (actor_kind = 'citizen' AND actor_id = $1)
        AND ((target_kind = 'person' AND target_id = ANY($2::text[])) OR (target_kind = 'household' AND target_id = ANY($3::text[])))
      ORDER BY seq DESC LIMIT $4 OFFSET $5`,
    [actor.id, pins, households, page.pageSize, (page.page - 1) * page.pageSize],
  );
  const officers = await officerAgencies(ctx, [...new Set(r.rows.filter((x) => x.actor_kind === 'officer').map((x) => x.actor_id))]);
  const clientIds = [...new Set(r.rows.filter((x) => x.actor_kind === 'client').map((x) => x.actor_id))];
  const clients = new Map(
    clientIds.length ? (await ctx.db.pool.query<{ client_id: string; name: string }>('SELECT client_id, name FROM oidc_client WHERE client_id = ANY($1::text[])', [clientIds])).rows.map((c) => [c.client_id, c.name]) : [],
  );
  return {
    items: r.rows.map((x) => {
      const officer = x.actor_kind === 'officer' ? officers.get(x.actor_id) : undefined;
      const client = x.actor_kind === 'client' ? (clients.get(x.actor_id) ?? x.actor_id) : undefined;
      return {
        at: x.at.toISOString(),
        action: x.action,
        accessorKind: x.actor_kind,
        accessor: officer?.name ?? client ?? x.actor_id,
        agency: officer?.agency ?? client ?? null,
        purpose: normalisePurpose(x.purpose),
        purposeNote: x.purpose_note,
      };
    }),
    total: Number(r.rows[0]?.total ?? 0),
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
  detail: UsageDetail;
}

/** The usage detail as the portal shows it: the known keys with values of their type; anything else stays in the table. */
function usageDetail(raw: Record<string, unknown>): UsageDetail {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(UsageDetail.properties)) {
    if (key in raw && Value.Check(schema, raw[key])) out[key] = raw[key];
  }
  return out as UsageDetail;
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
    items: r.rows.map((u) => ({ at: u.at.toISOString(), kind: u.kind, clientId: u.client_id, clientName: u.name, ip: u.ip, userAgent: u.user_agent, detail: usageDetail(u.detail) })),
    total: Number(r.rows[0]?.total ?? 0),
    page: page.page,
    pageSize: page.pageSize,
  };
}

export async function mySessions(ctx: AppContext, actor: CitizenActor, currentSessionId: string): Promise<SessionView[]> {
  return listSessions(ctx.db.pool, actor.id, currentSessionId, ctx.clock.now());
}

/** Signs out one of the citizen's sessions (this one is a logout), audited and in the usage history. */
export async function signOutSession(ctx: AppContext, actor: CitizenActor, sessionId: string, meta: { current: boolean; ip?: string | undefined; userAgent?: string | undefined }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const r = await tx.query<{ token_hash: string }>('SELECT token_hash FROM eid_session WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL', [actor.id, sessionId]);
    const tokenHash = r.rows[0]?.token_hash;
    if (!tokenHash || !(await revokeSession(tx, CITIZEN_SESSIONS, tokenHash, now))) throw notFound('session_not_found', { vi: 'Không có phiên đăng nhập này.', en: 'No such session.' }, 'id');
    const kind = meta.current ? 'logout' : 'session_revoked';
    await recordUsage(tx, actor.id, { kind, ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, detail: { sessionId } }, now);
    await recordAudit(tx, { actor, action: meta.current ? 'eid.logout' : 'eid.session_revoked', target: { kind: 'eid_account', id: actor.id }, detail: { sessionId } }, now);
  });
}

/** Signs out on every device (including this one). */
export async function signOutEverywhere(ctx: AppContext, actor: CitizenActor): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const n = await revokeAllSessions(tx, actor.id, now);
    await recordUsage(tx, actor.id, { kind: 'sessions_revoked', detail: { sessions: n } }, now);
    await recordAudit(tx, { actor, action: 'eid.sessions_revoked', target: { kind: 'eid_account', id: actor.id }, detail: { sessions: n } }, now);
    return n;
  });
}

/** The citizen locks their own account (lost phone, suspected misuse); only the police can unlock it. The phone is told. */
export async function lockMyAccount(ctx: AppContext, actor: CitizenActor, reason: { reasonCode?: string | undefined; reasonNote?: string | null | undefined }): Promise<void> {
  // The citizen need not say why; when they do, it is a code like an officer's (and a note).
  const why = reason.reasonCode ? checkLockReason({ reasonCode: reason.reasonCode, reasonNote: reason.reasonNote }) : { code: null, note: reason.reasonNote?.trim() || null };
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const row = await findAccount(tx, { id: actor.id }, true);
    await updateAccount(tx, actor.id, { status: 'locked', locked_by: 'citizen', lock_reason: why.code, lock_note: why.note });
    await revokeAllSessions(tx, actor.id, now);
    await recordUsage(tx, actor.id, { kind: 'locked', detail: { by: 'citizen', reason: why.code, note: why.note } }, now);
    await recordAudit(tx, { actor, action: 'eid.account_locked', target: { kind: 'eid_account', id: actor.id }, purpose: why.code, purposeNote: why.note, detail: { by: 'citizen' } }, now);
    // Whoever held the session may not be the owner: the bound phone learns of it.
    if (row) {
      await securityNotice(tx, row.phone, 'eid.locked.citizen', 'Tai khoan dinh danh dien tu cua ban da bi khoa theo yeu cau tu Cong dinh danh. Mang the can cuoc den Cong an xa/phuong de mo khoa.', now);
    }
  });
}

/** Starts setting up an authenticator app (after a step-up); the current one stays in force until the new one is confirmed. */
export async function beginTotp(ctx: AppContext, s: Pick<CitizenSession, 'actor' | 'tokenHash'>): Promise<{ secret: string; otpauthUrl: string }> {
  const now = ctx.clock.now();
  await requireStepUp(ctx.db.pool, CITIZEN_SESSIONS, s.tokenHash, now);
  return beginTotpEnrolment(ctx.db.pool, ctx.keys, EID_ACCOUNTS, s.actor.id, s.actor.pin, now);
}

/** Confirms the new authenticator with one of its codes: it replaces the old one from now on. */
export async function confirmTotp(ctx: AppContext, actor: CitizenActor, code: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const wasOn = (await findAccount(tx, { id: actor.id }, true))?.totp_enabled ?? false;
    if (!(await confirmTotpEnrolment(tx, ctx.keys, EID_ACCOUNTS, actor.id, code, now))) {
      throw invalid('totp_invalid', 'code', { vi: 'Mã xác thực không đúng hoặc đã hết hạn cài đặt.', en: 'The code is wrong, or the setup has expired.' });
    }
    await tx.query('UPDATE eid_account SET version = version + 1 WHERE id = $1', [actor.id]);
    await recordUsage(tx, actor.id, { kind: 'totp_enabled', detail: { replaced: wasOn } }, now);
    await recordAudit(tx, { actor, action: 'eid.totp_enabled', target: { kind: 'eid_account', id: actor.id }, detail: { replaced: wasOn } }, now);
  });
}

/** Turns the authenticator app off (after a step-up), audited and in the usage history. */
export async function disableTotp(ctx: AppContext, s: Pick<CitizenSession, 'actor' | 'tokenHash'>): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await requireStepUp(tx, CITIZEN_SESSIONS, s.tokenHash, now);
    if (!(await turnTotpOff(tx, EID_ACCOUNTS, s.actor.id))) throw conflict('totp_not_enabled', { vi: 'Ứng dụng xác thực chưa được bật.', en: 'The authenticator app is not on.' });
    await tx.query('UPDATE eid_account SET version = version + 1 WHERE id = $1', [s.actor.id]);
    await recordUsage(tx, s.actor.id, { kind: 'totp_disabled' }, now);
    await recordAudit(tx, { actor: s.actor, action: 'eid.totp_disabled', target: { kind: 'eid_account', id: s.actor.id } }, now);
  });
}

/** The citizen's parents, spouse and children by name (each one shown is access-logged). */
export async function myFamily(ctx: AppContext, actor: CitizenActor): Promise<Family> {
  return getFamily(ctx, actor, actor.pin, PORTAL_PURPOSE);
}

/** Changes to a household its members are told about; other actions on a household are internal. */
const HOUSEHOLD_EVENTS = ['household.create', 'household.member_added', 'household.head_changed'];

export interface HouseholdEvent {
  at: string;
  action: string;
  /** Why a member joined: `birth` when a child was registered into the household. */
  cause: string | null;
  /** The member the change is about (the newborn, the new member, the new head), when there is one. */
  member: { pin: string; fullName: string; relation: string } | null;
  /** The police unit that made the change, by name; null for system jobs and imports. */
  agency: string | null;
  /** The change's reason code (CHANGE_REASONS), and the officer's note beside it. */
  reason: string | null;
  reasonNote: string | null;
}

/**
 * What happened to the citizen's current household: created, a member added (a child
 * registered at birth among them), the head changed — newest first, with the agency that did
 * it. The household is read like "my data" (a logged read of its members); the events come
 * from the household's own trail in the audit log, the only record every such change writes.
 */
export async function myHouseholdActivity(ctx: AppContext, actor: CitizenActor, page: { page: number; pageSize: number }): Promise<{ householdNo: string | null; items: HouseholdEvent[]; total: number; page: number; pageSize: number }> {
  const record = await getPerson(ctx, actor, actor.pin, PORTAL_PURPOSE);
  if (!record.household) return { householdNo: null, items: [], total: 0, page: page.page, pageSize: page.pageSize };
  const household = await getHousehold(ctx, actor, record.household.householdNo, PORTAL_PURPOSE);
  const r = await ctx.db.pool.query<{ at: Date; action: string; actor_kind: string; actor_id: string; purpose: string | null; detail: Record<string, unknown>; total: number }>(
    `SELECT at, action, actor_kind, actor_id, purpose, detail, count(*) OVER () AS total FROM audit_log
      WHERE target_kind = 'household' AND target_id = $1 AND chain = 'change' AND action = ANY($2::text[])
      ORDER BY seq DESC LIMIT $3 OFFSET $4`,
    [household.householdNo, HOUSEHOLD_EVENTS, page.pageSize, (page.page - 1) * page.pageSize],
  );
  const officers = await officerAgencies(ctx, [...new Set(r.rows.filter((x) => x.actor_kind === 'officer').map((x) => x.actor_id))]);
  const memberOf = (pin: unknown) => {
    const m = typeof pin === 'string' ? household.members.find((x) => x.pin === pin) : undefined;
    return m ? { pin: m.pin, fullName: m.fullName, relation: m.relation } : null;
  };
  return {
    householdNo: household.householdNo,
    items: r.rows.map((x) => ({
      at: x.at.toISOString(),
      action: x.action,
      cause: typeof x.detail.cause === 'string' ? x.detail.cause : null,
      member: memberOf(x.action === 'household.head_changed' ? x.detail.to : x.action === 'household.create' ? x.detail.head : x.detail.pin),
      agency: x.actor_kind === 'officer' ? (officers.get(x.actor_id)?.agency ?? null) : null,
      reason: x.purpose,
      reasonNote: typeof x.detail.purposeNote === 'string' ? x.detail.purposeNote : null,
    })),
    total: Number(r.rows[0]?.total ?? 0),
    page: page.page,
    pageSize: page.pageSize,
  };
}
