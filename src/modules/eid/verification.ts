import { authorize, inScope, scopeFilter, unitCondition } from '../../kernel/access.js';
import { checkLockReason } from '../../kernel/change-reason.js';
import type { Actor, OfficerActor } from '../../kernel/actor.js';
import { recordAccess, recordAccessMany, recordAudit } from '../../kernel/audit.js';
import { hashPassword } from '../../kernel/auth/password.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { AppError, conflict, invalid, notFound } from '../../kernel/errors.js';
import { publish } from '../../kernel/events.js';
import { EidUpgraded, EnrolmentApproved, EnrolmentRejected } from './events.js';
import { newId } from '../../kernel/ids.js';
import { enqueueMessage } from '../../kernel/notify/outbox.js';
import { securityNotice } from './notices.js';
import { ageOn } from '../../kernel/partial-date.js';
import { unloggedPersonByActivePin, unloggedPersonById } from '../people/index.js';
import { consumeCode, issueCode } from './codes.js';
import { GUARDIAN_AGE, maskPhone, normalisePhone, passcodeProblems, type EidAccount } from './model.js';
import { revokeAllSessions } from './sessions.js';
import { findAccount, findAccountByPin, insertAccount, recordUsage, toAccount, updateAccount, type AccountRow } from './store.js';
import { EID_VERIFY } from './permissions.js';

/** What officers do with e-ID accounts: review level-1 enrolments, verify level 2 in person, lock and unlock. */
export interface AccountListItem extends EidAccount {
  fullName: string;
  birthDate: string;
  unitCode: string | null;
}

const accountNotFound = () => notFound('account_not_found', { vi: 'Không tìm thấy tài khoản định danh điện tử.', en: 'No such e-ID account.' }, 'id');

/** An account whose person lives in the officer's unit; outside it answers like a missing one. */
async function accountInScope(tx: Executor, actor: Actor, id: string): Promise<{ row: AccountRow; unitCode: string | null }> {
  authorize(actor, EID_VERIFY);
  const row = /^[0-9a-f-]{36}$/.test(id) ? await findAccount(tx, { id }, true) : undefined;
  if (!row) throw accountNotFound();
  const person = await unloggedPersonById(tx, row.person_id);
  if (!person || !inScope(actor, { communeCode: person.unitCode, provinceCode: person.provinceCode })) throw accountNotFound();
  return { row, unitCode: person.unitCode };
}

/** The accounts of people in the officer's unit, each listed person written to the access log in the same transaction. */
export async function listAccounts(
  ctx: AppContext,
  actor: Actor,
  q: { status?: string | undefined; pin?: string | undefined; page: number; pageSize: number },
): Promise<{ items: AccountListItem[]; total: number; page: number; pageSize: number }> {
  authorize(actor, EID_VERIFY);
  const scope = scopeFilter(actor);
  // The one place e-ID reads people's table directly: a paged, unit-scoped list needs the
  // person's unit (and current PIN) in the same query. A read-only join; people's index has no
  // paged view yet.
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.status) where.push(`a.status = $${params.push(q.status)}`);
  if (q.pin) where.push(`p.pin = $${params.push(q.pin)}`);
  if (scope) where.push(unitCondition(scope, params, 'p'));
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const now = ctx.clock.now();
  // One transaction reads and logs, one statement at a time: the page and its access rows agree.
  return ctx.db.transaction(async (tx) => {
    const total = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM eid_account a JOIN person p ON p.id = a.person_id ${clause}`, params);
    const rows = await tx.query<AccountRow & { full_name: string; birth_date: string; unit_code: string | null }>(
      `SELECT a.*, p.pin, (SELECT count(*)::int FROM eid_passkey k WHERE k.account_id = a.id) AS passkeys, p.full_name, p.birth_date, p.unit_code
         FROM eid_account a JOIN person p ON p.id = a.person_id ${clause}
        ORDER BY a.created_at, a.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    );
    await recordAccessMany(
      tx,
      rows.rows.map((r) => ({ actor, action: 'eid.account.listed', target: { kind: 'person', id: r.pin }, unitCode: r.unit_code, purpose: 'eid_account_management' })),
      now,
    );
    return {
      items: rows.rows.map((r) => ({ ...toAccount(r), fullName: r.full_name, birthDate: r.birth_date, unitCode: r.unit_code })),
      total: total.rows[0]!.n,
      page: q.page,
      pageSize: q.pageSize,
    };
  });
}

/** How many level-1 enrolments of people in the officer's unit wait for review: an aggregate, so nothing is access-logged. */
export async function countPendingReviews(ctx: AppContext, actor: Actor): Promise<{ pending: number }> {
  authorize(actor, EID_VERIFY);
  const scope = scopeFilter(actor);
  // Waiting enrolments are few at any time: the status index finds them, the person join scopes them.
  const params: unknown[] = [];
  const r = await ctx.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM eid_account a JOIN person p ON p.id = a.person_id
      WHERE a.status = 'pending_verification'${scope ? ` AND ${unitCondition(scope, params, 'p')}` : ''}`,
    params,
  );
  return { pending: r.rows[0]!.n };
}

/** The newest enrolment photo of an account, or the one named (an earlier attempt's); each read logged. */
export async function getAccountPhoto(ctx: AppContext, actor: Actor, id: string, photoId?: string): Promise<{ contentType: string; content: Buffer }> {
  return ctx.db.transaction(async (tx) => {
    const { row, unitCode } = await accountInScope(tx, actor, id);
    const r = photoId === undefined
      ? await tx.query<{ content_type: string; content: Buffer }>('SELECT content_type, content FROM eid_face_photo WHERE account_id = $1 ORDER BY uploaded_at DESC LIMIT 1', [row.id])
      : await tx.query<{ content_type: string; content: Buffer }>('SELECT content_type, content FROM eid_face_photo WHERE account_id = $1 AND id::text = $2', [row.id, photoId]);
    const photo = r.rows[0];
    if (!photo) throw notFound('photo_not_found', { vi: 'Tài khoản chưa có ảnh chân dung.', en: 'The account has no face photo.' }, 'id');
    await recordAccess(tx, { actor, action: 'eid.photo.read', target: { kind: 'person', id: row.pin }, unitCode, purpose: 'eid_photo_comparison' }, ctx.clock.now());
    return { contentType: photo.content_type, content: Buffer.from(photo.content) };
  });
}

/** Approves or rejects a level-1 enrolment after comparing the photo with the registry. */
export async function reviewEnrolment(ctx: AppContext, actor: OfficerActor, id: string, input: { decision: 'approved' | 'rejected'; note?: string | undefined }): Promise<EidAccount> {
  return ctx.db.transaction(async (tx) => {
    const { row, unitCode } = await accountInScope(tx, actor, id);
    if (row.status !== 'pending_verification') {
      throw conflict('not_pending_verification', { vi: 'Tài khoản không ở trạng thái chờ duyệt.', en: 'The account is not waiting for review.' }, 'id');
    }
    if (input.decision === 'rejected' && !input.note?.trim()) throw invalid('reason_required', 'note', { vi: 'Ghi lý do từ chối để công dân biết.', en: 'Give the reason for the refusal so the citizen knows.' });
    const now = ctx.clock.now();
    const approved = input.decision === 'approved';
    await updateAccount(tx, row.id, approved ? { status: 'active', activated_at: now } : { status: 'rejected' });
    await tx.query(
      `INSERT INTO eid_verification (id, account_id, kind, officer_id, unit_code, face_matched, decision, note, at) VALUES ($1, $2, 'level1_review', $3, $4, $5, $6, $7, $8)`,
      [newId(), row.id, actor.id, actor.unitCode, approved, input.decision, input.note ?? null, now],
    );
    await recordUsage(tx, row.id, { kind: approved ? 'activated' : 'locked', detail: { review: input.decision, note: input.note ?? null } }, now);
    await recordAudit(tx, { actor, action: `eid.enrolment_${input.decision}`, target: { kind: 'eid_account', id: row.id }, unitCode, detail: { pin: row.pin, note: input.note ?? null } }, now);
    await enqueueMessage(tx, {
      channel: 'sms',
      recipient: row.phone,
      template: `eid.review.${input.decision}`,
      subject: 'dancu',
      body: approved
        ? 'Tai khoan dinh danh dien tu muc 1 cua ban da duoc phe duyet. Ban co the dang nhap bang so dinh danh va mat ma.'
        : `Dang ky tai khoan dinh danh dien tu chua duoc phe duyet: ${input.note ?? ''}. Vui long dang ky lai hoac lien he Cong an xa/phuong.`,
    }, now);
    await publish(tx, { type: approved ? EnrolmentApproved : EnrolmentRejected, subject: row.id, payload: { pin: row.pin }, actorId: actor.id }, now);
    return toAccount((await findAccount(tx, { id: row.id }))!);
  });
}

export interface Level2Input {
  pin: string;
  cardNumber: string;
  faceMatched: boolean;
  fingerprintsMatched?: boolean | undefined;
  /** Needed when the citizen has no account yet. */
  phone?: string | undefined;
  note?: string | undefined;
}

/**
 * In-person verification for level 2, at any commune police or card office in the country:
 * the officer checks the card and the face and records it; an activation code goes to the
 * citizen's phone, and the account becomes level 2 when the citizen enters it.
 */
export async function verifyLevel2(ctx: AppContext, actor: OfficerActor, input: Level2Input): Promise<{ accountId: string; phoneMasked: string; activationExpiresAt: string }> {
  authorize(actor, EID_VERIFY);
  if (!input.faceMatched) throw invalid('face_not_matched', 'faceMatched', { vi: 'Khuôn mặt không khớp với ảnh trong Cơ sở dữ liệu: không nâng mức 2.', en: 'The face does not match the registry photo: level 2 cannot be granted.' });
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const person = await unloggedPersonByActivePin(tx, input.pin);
    if (!person || person.status !== 'living') throw notFound('person_not_found', { vi: 'Không tìm thấy công dân với số định danh này.', en: 'No person with this personal ID number.' }, 'pin');
    // Since 2016 the card number is the PIN; a different number means a wrong or old card.
    if (input.cardNumber !== person.pin) throw invalid('card_number_mismatch', 'cardNumber', { vi: 'Số thẻ căn cước không phải số định danh hiện tại của công dân.', en: 'The card number is not the citizen’s current personal ID number.' });
    if (ageOn(person.birthDate, todayInVietnam(ctx.clock)) < GUARDIAN_AGE) {
      throw conflict('too_young_for_level2', { vi: 'Trẻ dưới 14 tuổi dùng tài khoản mức 1 do cha, mẹ đăng ký.', en: 'Children under 14 use a level-1 account created by a parent.' }, 'pin');
    }
    let row = await findAccount(tx, { personId: person.id }, true);
    if (row && row.status === 'locked') throw conflict('account_locked', { vi: 'Tài khoản đang bị khoá; mở khoá trước khi nâng mức.', en: 'The account is locked; unlock it before raising the level.' }, 'pin');
    const phone = input.phone ? normalisePhone(input.phone) : row?.phone;
    if (!phone) throw invalid('phone_invalid', 'phone', { vi: 'Cần số điện thoại di động hợp lệ của công dân.', en: 'A valid mobile number of the citizen is needed.' });
    const oldPhone = row && phone !== row.phone ? row.phone : null;
    if (!row) {
      const id = newId();
      await insertAccount(tx, { id, personId: person.id, level: 1, status: 'pending_activation', phone, email: null, passcodeHash: null, guardianAccountId: null, at: now });
      row = (await findAccount(tx, { id }, true))!;
    }
    // The verification (card number and face check) is written first: a phone change below
    // happens only as part of it, with the person at the desk.
    const verificationId = newId();
    await tx.query(
      `INSERT INTO eid_verification (id, account_id, kind, officer_id, unit_code, card_number, face_matched, fingerprints_matched, decision, note, at)
       VALUES ($1, $2, 'level2_in_person', $3, $4, $5, true, $6, 'approved', $7, $8)`,
      [verificationId, row.id, actor.id, actor.unitCode, input.cardNumber, input.fingerprintsMatched ?? null, input.note ?? null, now],
    );
    if (row.status === 'rejected' || row.status === 'pending_verification') {
      // Seen in person: the pending or refused online enrolment is superseded by this check.
      await updateAccount(tx, row.id, { status: 'pending_activation', phone });
    } else if (oldPhone) {
      await updateAccount(tx, row.id, { phone });
    }
    if (oldPhone) await recordPhoneChange(tx, ctx, actor, row, { oldPhone, newPhone: phone, verificationId, unitCode: person.unitCode }, now);
    const code = await issueCode(tx, ctx, { purpose: 'activate', pin: person.pin, phone, accountId: row.id, payload: { verificationId } });
    await recordAudit(tx, { actor, action: 'eid.level2_verified', target: { kind: 'eid_account', id: row.id }, unitCode: person.unitCode, detail: { pin: person.pin, verificationId } }, now);
    await recordAccess(tx, { actor, action: 'person.identity_checked', target: { kind: 'person', id: person.pin }, unitCode: person.unitCode, purpose: 'eid_level2_verification' }, now);
    return { accountId: row.id, phoneMasked: maskPhone(phone), activationExpiresAt: code.expiresAt.toISOString() };
  });
}

/**
 * The bound phone changed at an in-person verification: the audit row names the officer and
 * both numbers (masked), the citizen's usage history shows it, and the old number is told,
 * so a change made without the owner's knowledge does not go unnoticed.
 */
async function recordPhoneChange(
  tx: Executor,
  ctx: AppContext,
  actor: OfficerActor,
  row: AccountRow,
  change: { oldPhone: string; newPhone: string; verificationId: string; unitCode: string | null },
  now: Date,
): Promise<void> {
  const detail = { oldPhone: maskPhone(change.oldPhone), newPhone: maskPhone(change.newPhone), verificationId: change.verificationId, officer: actor.username, officerUnit: actor.unitCode };
  await recordAudit(tx, { actor, action: 'eid.phone_changed', target: { kind: 'eid_account', id: row.id }, unitCode: change.unitCode, purpose: 'eid_phone_change', detail }, now);
  await recordUsage(tx, row.id, { kind: 'phone_changed', detail: { oldPhone: detail.oldPhone, newPhone: detail.newPhone } }, now);
  await securityNotice(tx, change.oldPhone, 'eid.phone_changed', `So dien thoai cua tai khoan dinh danh dien tu da doi sang ${detail.newPhone} khi xac thuc truc tiep tai co quan Cong an. Neu khong phai ban, hay lien he ngay Cong an xa/phuong.`, now);
}

/** The citizen enters the activation code (and a passcode if the account is new): the account is level 2. */
export async function activateLevel2(ctx: AppContext, input: { pin: string; code: string; passcode?: string | undefined }): Promise<EidAccount> {
  // By the person who holds the PIN now, so a PIN re-established since the verification works.
  const account = await findAccountByPin(ctx.db.pool, input.pin);
  const latest = account ? await ctx.db.pool.query<{ id: string }>("SELECT id FROM eid_code WHERE account_id = $1 AND purpose = 'activate' ORDER BY created_at DESC LIMIT 1", [account.id]) : undefined;
  const codeId = latest?.rows[0]?.id;
  if (!account || !codeId) throw invalid('code_not_found', 'code', { vi: 'Không có yêu cầu kích hoạt cho số định danh này.', en: 'There is no activation request for this personal ID number.' });
  const needsPasscode = !account?.passcode_hash;
  if (needsPasscode) {
    const problems = input.passcode === undefined ? [{ field: 'passcode', code: 'passcode_required', message: { vi: 'Đặt mật mã 6 số cho tài khoản.', en: 'Choose a 6-digit passcode for the account.' } }] : passcodeProblems(input.passcode);
    if (problems.length) throw new AppError('invalid', problems[0]!.code, problems[0]!.message, { field: 'passcode', errors: problems });
  }
  const passcodeHash = needsPasscode ? await hashPassword(input.passcode!) : null;
  const code = await consumeCode(ctx, codeId, input.code, 'activate');
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const row = await findAccount(tx, { id: code.account_id! }, true);
    if (!row) throw accountNotFound();
    await updateAccount(tx, row.id, { level: 2, status: 'active', level2_at: now, activated_at: row.activated_at ?? now, ...(passcodeHash ? { passcode_hash: passcodeHash } : {}) });
    await recordUsage(tx, row.id, { kind: 'level2_verified', detail: { verificationId: code.payload.verificationId ?? null } }, now);
    await recordAudit(tx, { actor: { kind: 'citizen', id: row.id }, action: 'eid.level2_activated', target: { kind: 'eid_account', id: row.id }, detail: { pin: row.pin } }, now);
    await publish(tx, { type: EidUpgraded, subject: row.id, payload: { pin: row.pin, level: 2 as const }, actorId: row.id }, now);
    return toAccount((await findAccount(tx, { id: row.id }))!);
  });
}

/** Why an account is locked or unlocked: a code from EID_LOCK_REASONS and an optional note (required for `other`). */
export interface LockReason {
  reasonCode: string;
  reasonNote?: string | null | undefined;
}

/** An officer locks (on the citizen's request, or for misuse) or unlocks an account, with a reason code. */
export async function setAccountLock(ctx: AppContext, actor: OfficerActor, id: string, lock: boolean, reason: LockReason): Promise<EidAccount> {
  return ctx.db.transaction((tx) => setAccountLockInTx(tx, ctx, actor, id, lock, reason));
}

/**
 * `setAccountLock` inside the caller's transaction — e.g. a death registration that also locks
 * the deceased's e-ID account, both or neither.
 */
export async function setAccountLockInTx(tx: Executor, ctx: AppContext, actor: OfficerActor, id: string, lock: boolean, reason: LockReason): Promise<EidAccount> {
  const why = checkLockReason(reason);
  {
    const { row, unitCode } = await accountInScope(tx, actor, id);
    const now = ctx.clock.now();
    if (lock) {
      if (row.status === 'locked') throw conflict('already_locked', { vi: 'Tài khoản đã bị khoá.', en: 'The account is already locked.' });
      await updateAccount(tx, row.id, { status: 'locked', locked_by: 'officer', lock_reason: why.code, lock_note: why.note });
      await revokeAllSessions(tx, row.id, now);
      // The login form says nothing about locks: the citizen learns of it by SMS.
      await securityNotice(tx, row.phone, 'eid.locked.officer', 'Tai khoan dinh danh dien tu cua ban da bi co quan Cong an khoa. Lien he Cong an xa/phuong de biet ly do va mo khoa.', now);
    } else {
      if (row.status !== 'locked' && !(row.locked_until && row.locked_until > now)) throw conflict('not_locked', { vi: 'Tài khoản không bị khoá.', en: 'The account is not locked.' });
      await updateAccount(tx, row.id, { status: row.passcode_hash ? 'active' : 'pending_activation', locked_by: null, lock_reason: null, lock_note: null, locked_until: null, failed_logins: 0, lockouts: 0 });
    }
    await recordUsage(tx, row.id, { kind: lock ? 'locked' : 'unlocked', detail: { by: 'officer', reason: why.code, note: why.note } }, now);
    await recordAudit(tx, { actor, action: lock ? 'eid.account_locked' : 'eid.account_unlocked', target: { kind: 'eid_account', id: row.id }, unitCode, purpose: why.code, purposeNote: why.note, detail: { pin: row.pin } }, now);
    return toAccount((await findAccount(tx, { id: row.id }))!);
  }
}
