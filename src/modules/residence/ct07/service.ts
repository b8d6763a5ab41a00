import { authorize } from '../../../kernel/access.js';
import { systemActor, type CitizenActor, type OfficerActor } from '../../../kernel/actor.js';
import { recordAccess, recordAudit } from '../../../kernel/audit.js';
import { todayInVietnam } from '../../../kernel/clock.js';
import type { AppContext } from '../../../kernel/context.js';
import type { Executor } from '../../../kernel/db.js';
import { conflict, invalid, notFound } from '../../../kernel/errors.js';
import { publish } from '../../../kernel/events.js';
import { newId } from '../../../kernel/ids.js';
import type { ReadPurpose } from '../../../kernel/purposes.js';
import { getResidenceRecordInTx, type ResidenceRecord } from '../../people/index.js';
import { ResidenceConfirmationIssued, ResidenceConfirmationRevoked } from './events.js';
import { confirmationJwks, currentConfirmationKey } from './keys.js';
import { claimsOf, formatNumber, residenceHash, statusOf, tokenFromText, verificationUrl, validUntil, type ConfirmationContent, type VerificationStatus } from './model.js';
import { currentPdfSigner, signPdf } from './pdf-signature.js';
import { renderConfirmationPdf } from './pdf.js';
import { CT07_ISSUE, CT07_REVOKE } from './permissions.js';
import * as store from './store.js';
import { signToken, verifyToken } from './token.js';

/** A confirmation as its holder or the issuing officer sees it (the printed content included). */
export interface ConfirmationView {
  id: string;
  number: string;
  pin: string;
  fullName: string;
  issuedAt: string;
  issuedOn: string;
  validUntil: string;
  issuingOffice: string;
  revokedAt: string | null;
  /** Where to download the PDF (officer or citizen path). */
  pdfUrl: string;
  /** The text of the QR code: the public verification page with the signed token. */
  verificationUrl: string;
  token: string;
  content: ConfirmationContent;
}

const confirmationNotFound = () => notFound('confirmation_not_found', { vi: 'Không tìm thấy giấy xác nhận.', en: 'Confirmation not found.' }, 'id');
const REQUEST_ACTION = 'residence_confirmation.request';

function viewOf(ctx: AppContext, row: store.ConfirmationRow, forCitizen: boolean): ConfirmationView {
  return {
    id: row.id,
    number: row.number,
    pin: row.pin,
    fullName: row.content.person.fullName,
    issuedAt: row.issuedAt,
    issuedOn: row.issuedOn,
    validUntil: row.validUntil,
    issuingOffice: row.content.office.name,
    revokedAt: row.revokedAt,
    pdfUrl: forCitizen ? `/api/citizen/confirmations/${row.id}/pdf` : `/api/residence/confirmations/${row.id}/pdf`,
    verificationUrl: verificationUrl(ctx.config.publicUrl, row.token),
    token: row.token,
    content: row.content,
  };
}

/** The office that issues: the officer's unit, or for the portal the commune the person lives in. */
async function issuingOffice(ctx: AppContext, tx: Executor, actor: OfficerActor | CitizenActor, record: ResidenceRecord): Promise<{ unitCode: string; name: string }> {
  const unit = actor.kind === 'officer' ? actor.unitCode : record.unitCode;
  if (unit && unit.length === 5) return { unitCode: unit, name: `Công an ${(await ctx.units.unitName('commune', unit, tx)) ?? `xã/phường ${unit}`}` };
  if (unit && unit.length === 2) return { unitCode: unit, name: `Công an ${(await ctx.units.unitName('province', unit, tx)) ?? `tỉnh ${unit}`}` };
  return { unitCode: '00', name: 'Cục Cảnh sát quản lý hành chính về trật tự xã hội' };
}

function contentOf(office: ConfirmationContent['office'], r: ResidenceRecord): ConfirmationContent {
  const line = (x: ResidenceRecord['residences']['permanent']) => (x ? { address: x.address, unitName: x.unitName, validFrom: x.validFrom, plannedEnd: x.plannedEnd } : null);
  return {
    office,
    person: { pin: r.pin, fullName: r.fullName, birthDate: r.birthDate, sex: r.sex, ethnicity: r.ethnicity, religion: r.religion, nationality: r.nationality, originPlace: r.originPlace },
    residences: { permanent: line(r.residences.permanent), temporary: line(r.residences.temporary), current: line(r.residences.current) },
    household: r.household && {
      householdNo: r.household.householdNo,
      relation: r.household.relationLabel,
      head: r.household.head,
      members: r.household.members.map((m) => ({ pin: m.pin, fullName: m.fullName, birthDate: m.birthDate, sex: m.sex, relation: m.relationLabel })),
    },
  };
}

export interface IssueOptions {
  /** The caller's id of this request: a retry with the same id returns the same confirmation. */
  requestId?: string | undefined;
}

/**
 * Issues a CT07 at once from the registry: an officer of any office (permission, not unit
 * scope) or a citizen about themself. The read of the person and their household, the issue
 * and its audit row and event commit together; the number is unique per unit and year.
 */
export async function issueConfirmation(ctx: AppContext, actor: OfficerActor | CitizenActor, pin: string, purpose: ReadPurpose, opts: IssueOptions = {}): Promise<ConfirmationView> {
  if (actor.kind === 'officer') authorize(actor, CT07_ISSUE);
  const row = await ctx.db.transaction(async (tx) => {
    if (opts.requestId) {
      const replay = await store.findConfirmation(tx, { request: { kind: actor.kind, by: actor.id, requestId: opts.requestId } });
      if (replay) return replay;
    }
    const record = await getResidenceRecordInTx(tx, ctx, actor, pin, purpose, CT07_ISSUE, REQUEST_ACTION);
    if (record.status !== 'living') throw conflict('person_not_living', { vi: 'Công dân đã mất hoặc mất tích: không cấp giấy xác nhận cư trú.', en: 'The person is deceased or missing: no confirmation of residence is issued.' }, 'pin');
    const r = record.residences;
    if (!r.permanent && !r.temporary && !r.current) {
      throw conflict('residence_data_missing', { vi: 'Cơ sở dữ liệu chưa có thông tin cư trú của công dân: cần xác minh trước khi cấp (03 ngày làm việc).', en: 'The registry holds no residence data for this person: it must be verified first (3 working days).' }, 'pin');
    }
    const now = ctx.clock.now();
    const issuedOn = todayInVietnam(ctx.clock);
    const year = Number(issuedOn.slice(0, 4));
    const office = await issuingOffice(ctx, tx, actor, record);
    const serial = await store.nextSerial(tx, office.unitCode, year);
    const number = formatNumber(office.unitCode, year, serial);
    const until = validUntil(issuedOn, ctx.config.ct07ValidityMonths);
    const content = contentOf(office, record);
    const key = await currentConfirmationKey(tx, ctx.keys, now);
    const token = await signToken(claimsOf(number, content, issuedOn, until), key);
    const id = newId();
    await store.insertConfirmation(tx, { id, number, issuingUnit: office.unitCode, year, serial, personId: record.personId, pin: record.pin, at: now, issuedOn, validUntil: until, byKind: actor.kind, by: actor.id, purpose: purpose.code, content, residenceHash: residenceHash(content), token, keyId: key.kid, requestId: opts.requestId ?? null });
    const target = { kind: 'person', id: record.pin };
    await recordAudit(tx, { actor, action: 'residence_confirmation.issue', target, unitCode: record.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, detail: { number, validUntil: until, issuingUnit: office.unitCode } }, now);
    await recordAccess(tx, { actor, action: 'residence_confirmation.issued', target, unitCode: record.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, detail: { number } }, now);
    await publish(tx, { type: ResidenceConfirmationIssued, subject: record.pin, payload: { number, pin: record.pin, issuingUnit: office.unitCode, issuedOn, validUntil: until, channel: actor.kind === 'citizen' ? 'portal' : 'counter' }, actorId: actor.id }, now);
    return (await store.findConfirmation(tx, { id }))!;
  });
  return viewOf(ctx, row, actor.kind === 'citizen');
}

async function loadForActor(tx: Executor, actor: OfficerActor | CitizenActor, id: string): Promise<store.ConfirmationRow> {
  const row = await store.findConfirmation(tx, { id });
  if (actor.kind === 'citizen') {
    if (!row || row.personId !== actor.personId) throw confirmationNotFound();
    return row;
  }
  authorize(actor, CT07_ISSUE);
  if (!row) throw confirmationNotFound();
  return row;
}

/** One confirmation with its content; the read is access-logged. */
export async function getConfirmation(ctx: AppContext, actor: OfficerActor | CitizenActor, id: string, purpose: ReadPurpose): Promise<ConfirmationView> {
  const row = await ctx.db.transaction((tx) => loadForActor(tx, actor, id));
  await ctx.accessLog.append([{ actor, action: 'residence_confirmation.read', target: { kind: 'person', id: row.pin }, purpose: purpose.code, purposeNote: purpose.note ?? null, detail: { number: row.number } }], ctx.clock.now());
  return viewOf(ctx, row, actor.kind === 'citizen');
}

/** A citizen's own confirmations, newest first. */
export async function listOwnConfirmations(ctx: AppContext, actor: CitizenActor): Promise<ConfirmationView[]> {
  const rows = await store.listConfirmationsOf(ctx.db.pool, actor.personId, 50);
  return rows.map((r) => viewOf(ctx, r, true));
}

/** The signed PDF of a confirmation (rendered from the content as issued); the read is access-logged. */
export async function confirmationPdf(ctx: AppContext, actor: OfficerActor | CitizenActor, id: string, purpose: ReadPurpose): Promise<{ fileName: string; bytes: Buffer }> {
  const now = ctx.clock.now();
  const { row, signer } = await ctx.db.transaction(async (tx) => {
    const row = await loadForActor(tx, actor, id);
    return { row, signer: await currentPdfSigner(tx, ctx.keys, now) };
  });
  await ctx.accessLog.append([{ actor, action: 'residence_confirmation.pdf', target: { kind: 'person', id: row.pin }, purpose: purpose.code, purposeNote: purpose.note ?? null, detail: { number: row.number } }], now);
  return { fileName: `CT07-${row.number.replaceAll('/', '-')}.pdf`, bytes: await renderSigned(ctx, row, signer, now) };
}

async function renderSigned(ctx: AppContext, row: store.ConfirmationRow, signer: Awaited<ReturnType<typeof currentPdfSigner>>, now: Date): Promise<Buffer> {
  const pdf = await renderConfirmationPdf({ number: row.number, issuedOn: row.issuedOn, validUntil: row.validUntil, validityMonths: ctx.config.ct07ValidityMonths, content: row.content, qrText: verificationUrl(ctx.config.publicUrl, row.token), createdAt: new Date(row.issuedAt) });
  return signPdf(pdf, signer, { reason: `Xac nhan thong tin ve cu tru (CT07) so ${row.number}`, location: 'VN', at: now });
}

/** Revokes a confirmation; verification answers `revoked` from then on. Audited, with an event. */
export async function revokeConfirmation(ctx: AppContext, actor: OfficerActor, id: string, reason: string): Promise<ConfirmationView> {
  authorize(actor, CT07_REVOKE);
  if (reason.trim().length < 3) throw invalid('reason_required', 'reason', { vi: 'Cần ghi lý do thu hồi.', en: 'A reason for the revocation is required.' });
  const row = await ctx.db.transaction(async (tx) => {
    const row = await store.findConfirmation(tx, { id });
    if (!row) throw confirmationNotFound();
    const now = ctx.clock.now();
    if (!(await store.insertRevocation(tx, id, actor.id, reason.trim(), now))) throw conflict('confirmation_already_revoked', { vi: 'Giấy xác nhận đã bị thu hồi trước đó.', en: 'The confirmation was revoked already.' });
    await recordAudit(tx, { actor, action: 'residence_confirmation.revoke', target: { kind: 'person', id: row.pin }, purpose: 'record_correction', detail: { number: row.number, reason: reason.trim() } }, now);
    await publish(tx, { type: ResidenceConfirmationRevoked, subject: row.pin, payload: { number: row.number, pin: row.pin, reason: reason.trim() }, actorId: actor.id }, now);
    return (await store.findConfirmation(tx, { id }))!;
  });
  return viewOf(ctx, row, false);
}

/** What a public verification answers: the status, and the document's own content only when it is genuine. */
export interface VerificationAnswer {
  status: VerificationStatus;
  number?: string;
  issuedOn?: string;
  validUntil?: string;
  issuingOffice?: string;
  revokedAt?: string | null;
  document?: ConfirmationContent;
}

const PUBLIC_VERIFIER = systemActor('public-verification');

/**
 * Checks a token (or a scanned verification URL) with no login: signature against every key
 * ever published, then the stored confirmation (unknown, revoked, expired), then whether the
 * person's residence facts changed since issue (Circular 66/2023: the document is void then).
 * Every check of a genuine token is written to the citizen's access log.
 */
export async function verifyConfirmation(ctx: AppContext, text: string): Promise<VerificationAnswer> {
  const token = tokenFromText(text);
  const today = todayInVietnam(ctx.clock);
  const offline = await verifyToken(token, await confirmationJwks(ctx.db.pool), today);
  if (offline.status === 'invalid') return { status: 'invalid' };
  return ctx.db.transaction(async (tx) => {
    const row = await store.findConfirmation(tx, { number: offline.claims.n });
    if (!row || row.token !== token) return { status: 'invalid' as const };
    const purpose: ReadPurpose = { code: 'document_verification' };
    let stale = false;
    if (!row.revokedAt && today <= row.validUntil) {
      const current = await getResidenceRecordInTx(tx, ctx, PUBLIC_VERIFIER, row.pin, purpose, CT07_ISSUE, 'residence_confirmation.freshness_check').catch(() => undefined);
      stale = !current || current.status !== 'living' || residenceHash(contentOf(row.content.office, current)) !== row.residenceHash;
    }
    const status = statusOf({ validUntil: row.validUntil, revoked: row.revokedAt !== null, stale }, today);
    await recordAccess(tx, { actor: PUBLIC_VERIFIER, action: 'residence_confirmation.verified', target: { kind: 'person', id: row.pin }, purpose: purpose.code, detail: { number: row.number, status } }, ctx.clock.now());
    const base = { status, number: row.number, issuedOn: row.issuedOn, validUntil: row.validUntil, issuingOffice: row.content.office.name, revokedAt: row.revokedAt };
    return status === 'genuine' ? { ...base, document: row.content } : base;
  });
}

export { confirmationJwks };
