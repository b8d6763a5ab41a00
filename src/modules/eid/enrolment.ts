import { createHash } from 'node:crypto';
import { systemActor, type CitizenActor } from '../../kernel/actor.js';
import { recordAccess, recordAudit } from '../../kernel/audit.js';
import { hashPassword } from '../../kernel/auth/password.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { AppError, conflict, invalid, type FieldError } from '../../kernel/errors.js';
import { publish } from '../../kernel/events.js';
import { EidEnrolled } from './events.js';
import { foldName } from '../../kernel/fold.js';
import { newId } from '../../kernel/ids.js';
import { ageOn } from '../../kernel/partial-date.js';
import { unloggedPersonByActivePin, unloggedPersonById } from '../people/index.js';
import { consumeCode, issueCode } from './codes.js';
import { GUARDIAN_AGE, PHOTO_MAX_BYTES, PHOTO_MIN_BYTES, maskPhone, normalisePhone, passcodeProblems, photoType, type EidAccount } from './model.js';
import { findAccount, insertAccount, recordUsage, toAccount, updateAccount } from './store.js';

/** Level-1 self-enrolment: claimed identity checked against the registry, phone by SMS code, face photo, officer review. */
export interface EnrolmentRequest {
  pin: string;
  fullName: string;
  birthDate: string;
  phone: string;
  email?: string | undefined;
}

export interface EnrolmentStarted {
  enrolmentId: string;
  phoneMasked: string;
  expiresAt: string;
}

/** The same answer for an unknown PIN and for any mismatch, so the form reveals nothing about the registry. */
export function identityMismatch(): AppError {
  return new AppError('invalid', 'identity_mismatch', {
    vi: 'Thông tin không khớp với Cơ sở dữ liệu quốc gia về dân cư. Kiểm tra lại số định danh, họ tên và ngày sinh.',
    en: 'The details do not match the national population database. Check the personal ID number, full name and date of birth.',
  });
}

function checkContact(phone: string, email: string | undefined): { phone: string; email: string | null } {
  const errors: FieldError[] = [];
  const normalised = normalisePhone(phone);
  if (!normalised) errors.push({ field: 'phone', code: 'phone_invalid', message: { vi: 'Số điện thoại di động không hợp lệ (10 số, bắt đầu bằng 03, 05, 07, 08, 09).', en: 'Not a valid mobile number (10 digits starting 03, 05, 07, 08 or 09).' } });
  if (email !== undefined && email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.push({ field: 'email', code: 'email_invalid', message: { vi: 'Địa chỉ thư điện tử không hợp lệ.', en: 'Not a valid e-mail address.' } });
  if (errors.length) throw new AppError('invalid', errors[0]!.code, errors[0]!.message, { field: errors[0]!.field, errors });
  return { phone: normalised!, email: email ? email : null };
}

export async function startEnrolment(ctx: AppContext, req: EnrolmentRequest): Promise<EnrolmentStarted> {
  const contact = checkContact(req.phone, req.email);
  return ctx.db.transaction(async (tx) => {
    const person = await unloggedPersonByActivePin(tx, req.pin);
    if (!person || person.status !== 'living' || foldName(person.fullName) !== foldName(req.fullName) || person.birthDate !== req.birthDate) throw identityMismatch();
    if (ageOn(person.birthDate, todayInVietnam(ctx.clock)) < GUARDIAN_AGE) {
      throw conflict('guardian_required', { vi: 'Trẻ em dưới 14 tuổi được cha, mẹ có tài khoản mức 2 đăng ký cho.', en: 'Children under 14 are enrolled by a parent holding a level-2 account.' }, 'pin');
    }
    const existing = await findAccount(tx, { personId: person.id });
    if (existing && existing.status !== 'rejected') throw accountExists();
    await recordAccess(tx, { actor: systemActor('eid-enrolment'), action: 'person.identity_checked', target: { kind: 'person', id: person.pin }, unitCode: person.unitCode, purpose: 'eid_enrolment' }, ctx.clock.now());
    const code = await issueCode(tx, ctx, { purpose: 'enrol', pin: person.pin, phone: contact.phone, payload: { personId: person.id, email: contact.email } });
    return { enrolmentId: code.id, phoneMasked: maskPhone(contact.phone), expiresAt: code.expiresAt.toISOString() };
  });
}

export function accountExists(): AppError {
  return new AppError('duplicate', 'account_exists', { vi: 'Công dân này đã có tài khoản định danh điện tử.', en: 'This citizen already has an e-ID account.' }, { field: 'pin' });
}

export interface Photo {
  contentType: string;
  content: Buffer;
}

export function checkPhoto(dataBase64: string): Photo {
  const content = Buffer.from(dataBase64, 'base64');
  const type = photoType(content);
  if (!type) throw invalid('photo_type', 'photo', { vi: 'Ảnh chân dung phải là tệp JPEG hoặc PNG.', en: 'The face photo must be a JPEG or PNG file.' });
  if (content.length > PHOTO_MAX_BYTES) throw new AppError('too_large', 'photo_too_large', { vi: 'Ảnh chân dung lớn hơn 2 MB.', en: 'The face photo is larger than 2 MB.' }, { field: 'photo' });
  if (content.length < PHOTO_MIN_BYTES) throw invalid('photo_too_small', 'photo', { vi: 'Ảnh chân dung quá nhỏ, không nhận diện được.', en: 'The face photo is too small to recognise a face.' });
  return { contentType: type, content };
}

export async function storePhoto(tx: Executor, accountId: string, photo: Photo, at: Date): Promise<void> {
  await tx.query('INSERT INTO eid_face_photo (id, account_id, content_type, content, sha256, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    newId(),
    accountId,
    photo.contentType,
    photo.content,
    createHash('sha256').update(photo.content).digest('hex'),
    at,
  ]);
}

export interface EnrolmentConfirmation {
  code: string;
  passcode: string;
  photoBase64: string;
}

/** Confirms the phone with the code and creates the level-1 account, pending an officer's review of the photo. */
export async function confirmEnrolment(ctx: AppContext, enrolmentId: string, input: EnrolmentConfirmation, meta: { ip?: string; userAgent?: string }): Promise<EidAccount> {
  const photo = checkPhoto(input.photoBase64);
  const problems = passcodeProblems(input.passcode);
  if (problems.length) throw new AppError('invalid', problems[0]!.code, problems[0]!.message, { field: 'passcode', errors: problems });
  const passcodeHash = await hashPassword(input.passcode);
  const code = await consumeCode(ctx, enrolmentId, input.code, 'enrol');
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const person = await unloggedPersonById(tx, String(code.payload.personId));
    if (!person || person.status !== 'living') throw identityMismatch();
    const birth = passcodeProblems(input.passcode, person.birthDate);
    if (birth.length) throw new AppError('invalid', birth[0]!.code, birth[0]!.message, { field: 'passcode', errors: birth });
    const existing = await findAccount(tx, { personId: person.id }, true);
    if (existing && existing.status !== 'rejected') throw accountExists();
    const email = typeof code.payload.email === 'string' ? code.payload.email : null;
    // A rejected enrolment is enrolled again on the same account, so its history stays whole.
    const id = existing?.id ?? newId();
    if (existing) await updateAccount(tx, id, { status: 'pending_verification', level: 1, phone: code.phone, email, passcode_hash: passcodeHash, failed_logins: 0, locked_until: null });
    else await insertAccount(tx, { id, personId: person.id, level: 1, status: 'pending_verification', phone: code.phone, email, passcodeHash, guardianAccountId: null, at: now });
    await storePhoto(tx, id, photo, now);
    await recordUsage(tx, id, { kind: 'enrolled', ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, detail: { level: 1 } }, now);
    const actor = { kind: 'citizen' as const, id };
    await recordAudit(tx, { actor, action: 'eid.enrolled', target: { kind: 'eid_account', id }, unitCode: person.unitCode, detail: { pin: person.pin, level: 1 } }, now);
    await publish(tx, { type: EidEnrolled, subject: id, payload: { pin: person.pin, level: 1 as const, guardianPin: null }, actorId: id }, now);
    return toAccount((await findAccount(tx, { id }))!);
  });
}

/**
 * A parent with an active level-2 account creates the level-1 account of their child under
 * 14; the child logs in with the passcode the parent sets, and the parent stays its guardian.
 */
export async function enrolChild(ctx: AppContext, parent: CitizenActor, input: { childPin: string; passcode: string }): Promise<EidAccount> {
  const problems = passcodeProblems(input.passcode);
  if (problems.length) throw new AppError('invalid', problems[0]!.code, problems[0]!.message, { field: 'passcode', errors: problems });
  const passcodeHash = await hashPassword(input.passcode);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const parentAccount = await findAccount(tx, { id: parent.id });
    if (!parentAccount || parentAccount.level !== 2 || parentAccount.status !== 'active') {
      throw new AppError('forbidden', 'level2_required', { vi: 'Cần tài khoản định danh điện tử mức 2 để đăng ký cho con.', en: 'A level-2 e-ID account is needed to enrol a child.' });
    }
    const child = await unloggedPersonByActivePin(tx, input.childPin);
    const notYourChild = () => invalid('not_your_child', 'childPin', { vi: 'Số định danh này không phải của con bạn trong Cơ sở dữ liệu dân cư.', en: 'This personal ID number is not your child’s in the population database.' });
    if (!child || child.status !== 'living' || (child.fatherPin !== parent.pin && child.motherPin !== parent.pin)) throw notYourChild();
    if (ageOn(child.birthDate, todayInVietnam(ctx.clock)) >= GUARDIAN_AGE) {
      throw conflict('child_too_old', { vi: 'Từ 14 tuổi trở lên, con tự đăng ký tài khoản.', en: 'From 14 on, the child enrols on their own.' }, 'childPin');
    }
    if (await findAccount(tx, { personId: child.id })) throw accountExists();
    const id = newId();
    await insertAccount(tx, { id, personId: child.id, level: 1, status: 'active', phone: parentAccount.phone, email: parentAccount.email, passcodeHash, guardianAccountId: parent.id, at: now });
    await recordUsage(tx, id, { kind: 'enrolled', detail: { level: 1, guardian: parent.pin } }, now);
    await recordUsage(tx, parent.id, { kind: 'guardian_created_child', detail: { childPin: child.pin } }, now);
    await recordAudit(tx, { actor: parent, action: 'eid.child_enrolled', target: { kind: 'eid_account', id }, unitCode: child.unitCode, detail: { childPin: child.pin, guardianPin: parent.pin } }, now);
    await publish(tx, { type: EidEnrolled, subject: id, payload: { pin: child.pin, level: 1 as const, guardianPin: parent.pin }, actorId: parent.id }, now);
    return toAccount((await findAccount(tx, { id }))!);
  });
}

/**
 * The demo's citizen account (`npm start`): an active level-2 account created directly, as if
 * the in-person verification and activation had happened. Only the demo seed calls this.
 */
export async function createDemoAccount(ctx: AppContext, pin: string, phone: string, passcode: string): Promise<void> {
  const passcodeHash = await hashPassword(passcode);
  await ctx.db.transaction(async (tx) => {
    const person = await unloggedPersonByActivePin(tx, pin);
    if (!person || (await findAccount(tx, { personId: person.id }))) return;
    const id = newId();
    const now = ctx.clock.now();
    await insertAccount(tx, { id, personId: person.id, level: 1, status: 'active', phone, email: null, passcodeHash, guardianAccountId: null, at: now });
    await tx.query('UPDATE eid_account SET level = 2, level2_at = $2 WHERE id = $1', [id, now]);
    await recordUsage(tx, id, { kind: 'enrolled', detail: { level: 2, demo: true } }, now);
    await recordAudit(tx, { actor: systemActor('demo'), action: 'eid.demo_account_created', target: { kind: 'eid_account', id }, unitCode: person.unitCode, detail: { pin } }, now);
  });
}
