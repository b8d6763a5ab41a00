import { createHash } from 'node:crypto';
import { authorize } from '../../kernel/access.js';
import type { OfficerActor } from '../../kernel/actor.js';
import { recordAccess, recordAudit } from '../../kernel/audit.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { conflict, invalid } from '../../kernel/errors.js';
import type { Message } from '../../kernel/errors.js';
import { findUnstorableText } from '../../kernel/text-input.js';
import { getDossierBriefInTx, type DossierBrief } from '../dossiers/index.js';
import { getPersonInTx } from '../people/index.js';
import { byteIdenticalDevelopmentAbis, type Abis, type AbisHit } from './abis.js';
import { checkFacePhoto, checkFingerprint, checkSignature, type DecodedImage } from './image-check.js';
import { CARDS_INTAKE, CARDS_READ } from './permissions.js';
import { ageOfRecord, BIOMETRICS_FROM_AGE } from './documents/validity.js';

/**
 * Intake: what the desk or a mobile team captures for a card application — the face photo,
 * the ten fingerprints (or why a finger could not be taken), the applicant's signature — checked,
 * searched against the biometric de-duplication system, and kept sealed under the master key
 * (the images never rest in the database in clear). Allowed until the application is decided;
 * a new capture replaces the previous one. Under 6 nothing biometric is taken (domain §4).
 */
export type IntakePlace = 'desk' | 'home' | 'factory' | 'school' | 'other';
export const INTAKE_PLACES: readonly IntakePlace[] = ['desk', 'home', 'factory', 'school', 'other'];

export const FINGER_NAMES: Record<number, Message> = {
  1: { vi: 'Ngón cái phải', en: 'Right thumb' },
  2: { vi: 'Ngón trỏ phải', en: 'Right index' },
  3: { vi: 'Ngón giữa phải', en: 'Right middle' },
  4: { vi: 'Ngón áp út phải', en: 'Right ring' },
  5: { vi: 'Ngón út phải', en: 'Right little' },
  6: { vi: 'Ngón cái trái', en: 'Left thumb' },
  7: { vi: 'Ngón trỏ trái', en: 'Left index' },
  8: { vi: 'Ngón giữa trái', en: 'Left middle' },
  9: { vi: 'Ngón áp út trái', en: 'Left ring' },
  10: { vi: 'Ngón út trái', en: 'Left little' },
};

/** Why a finger was not taken (amputated, bandaged, worn ridges that would not read). */
export const MISSING_FINGER_REASONS = {
  amputated: { vi: 'Bị cụt', en: 'Amputated' },
  injured: { vi: 'Bị thương, đang băng bó', en: 'Injured or bandaged' },
  unreadable: { vi: 'Vân tay mòn, máy không đọc được', en: 'Worn ridges the scanner cannot read' },
  disability: { vi: 'Khuyết tật', en: 'Disability' },
} as const satisfies Record<string, Message>;
export type MissingFingerReason = keyof typeof MISSING_FINGER_REASONS;

export interface FingerInput {
  finger: number;
  image?: Buffer | undefined;
  missingReason?: MissingFingerReason | undefined;
  /** The officer's note beside a missing finger ("ngâm tay nước đá vẫn không đọc được"). */
  note?: string | undefined;
}

export interface IntakeInput {
  place: IntakePlace;
  photo?: Buffer | undefined;
  fingers?: FingerInput[] | undefined;
  signature?: Buffer | undefined;
}

export interface IntakeView {
  dossierId: string;
  pin: string;
  place: IntakePlace;
  photo: { mime: string; width: number; height: number } | null;
  fingers: Array<{ finger: number; taken: boolean; missingReason: string | null }>;
  signature: boolean;
  biometricsRequired: boolean;
  abis: { system: string; hits: AbisHit[] };
  capturedAt: string;
  capturedBy: string;
}

const OPEN_STATES = new Set(['submitted', 'supplement_requested', 'received', 'fee_paid', 'in_review']);
const sealed = (kind: string, dossierId: string, finger?: number) => `card-biometric:${dossierId}:${kind}${finger === undefined ? '' : `:${finger}`}`;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The holder of a card dossier: the person named in `holderPin`, or the applicant. */
export const holderPinOf = (d: Pick<DossierBrief, 'form' | 'applicant'>): string => (typeof d.form.holderPin === 'string' && d.form.holderPin ? d.form.holderPin : d.applicant.pin);

function checkFingers(fingers: FingerInput[] | undefined): Array<FingerInput & { decoded?: DecodedImage }> {
  const list = fingers ?? [];
  const seen = new Set<number>();
  for (const f of list) {
    if (!Number.isInteger(f.finger) || f.finger < 1 || f.finger > 10) throw invalid('finger_position', 'fingers', { vi: 'Vị trí ngón tay phải từ 1 đến 10.', en: 'Finger positions run from 1 to 10.' });
    if (seen.has(f.finger)) throw invalid('finger_twice', `fingers.${f.finger}`, { vi: `${FINGER_NAMES[f.finger]!.vi} được gửi hai lần.`, en: `${FINGER_NAMES[f.finger]!.en} was sent twice.` });
    seen.add(f.finger);
    if ((f.image === undefined) === (f.missingReason === undefined)) {
      throw invalid('finger_image_or_reason', `fingers.${f.finger}`, { vi: `${FINGER_NAMES[f.finger]!.vi}: cần ảnh vân tay, hoặc lý do không lấy được.`, en: `${FINGER_NAMES[f.finger]!.en}: an image is needed, or the reason it could not be taken.` });
    }
  }
  const missing = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((n) => !seen.has(n));
  if (missing.length > 0) {
    throw invalid('fingers_incomplete', 'fingers', { vi: `Chưa có đủ 10 ngón: thiếu ${missing.map((n) => FINGER_NAMES[n]!.vi.toLowerCase()).join(', ')}.`, en: `All 10 fingers are needed: missing ${missing.map((n) => FINGER_NAMES[n]!.en.toLowerCase()).join(', ')}.` });
  }
  return list.map((f) => (f.image ? { ...f, decoded: checkFingerprint(f.image, `fingers.${f.finger}`) } : f));
}

/** Captures (or re-captures) the biometrics of a card application. */
export async function captureIntake(ctx: AppContext, actor: OfficerActor, dossierId: string, input: IntakeInput, abis: Abis = byteIdenticalDevelopmentAbis): Promise<IntakeView> {
  authorize(actor, CARDS_INTAKE);
  if (!INTAKE_PLACES.includes(input.place)) throw invalid('intake_place', 'place', { vi: 'Nơi thu nhận không hợp lệ.', en: 'Unknown intake place.' });
  const notes = (input.fingers ?? []).map((f) => f.note ?? '').join('');
  if (findUnstorableText(notes)) throw invalid('text_unstorable', 'fingers', { vi: 'Ghi chú có ký tự không hợp lệ.', en: 'A note holds characters that cannot be stored.' });
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const d = await getDossierBriefInTx(tx, ctx, actor, dossierId, { code: 'card_issuance' });
    if (!d.procedure.startsWith('CARD.')) throw conflict('not_a_card_application', { vi: 'Hồ sơ này không phải hồ sơ cấp thẻ căn cước.', en: 'This dossier is not a card application.' }, 'dossierId');
    if (!OPEN_STATES.has(d.state)) throw conflict('intake_closed', { vi: 'Hồ sơ đã được quyết định: không thu nhận lại được.', en: 'The application has been decided: intake is closed.' }, 'dossierId');
    const holder = (await getPersonInTx(tx, ctx, actor, holderPinOf(d), { code: 'card_issuance', note: d.code }, { dossier: d.code, procedure: d.procedure })).person;
    const biometricsRequired = ageOfRecord(holder.birthDate, todayInVietnam(ctx.clock)) >= BIOMETRICS_FROM_AGE;
    let photo: DecodedImage | undefined;
    let fingers: Array<FingerInput & { decoded?: DecodedImage }> = [];
    let signature: DecodedImage | undefined;
    if (biometricsRequired) {
      if (!input.photo) throw invalid('photo_required', 'photo', { vi: 'Cần chụp ảnh chân dung.', en: 'A face photo is required.' });
      photo = checkFacePhoto(input.photo);
      fingers = checkFingers(input.fingers);
      if (!input.signature) throw invalid('signature_required', 'signature', { vi: 'Công dân cần ký xác nhận thông tin.', en: 'The applicant must sign to confirm the data.' });
      signature = checkSignature(input.signature);
    } else if (input.photo || (input.fingers?.length ?? 0) > 0) {
      throw invalid('biometrics_under_6', 'photo', { vi: `Trẻ dưới ${BIOMETRICS_FROM_AGE} tuổi không thu nhận ảnh, vân tay.`, en: `No photo or fingerprints are taken from a child under ${BIOMETRICS_FROM_AGE}.` });
    } else if (input.signature) {
      signature = checkSignature(input.signature);
    }
    const hits = await abis.search(tx, {
      personId: holder.id,
      face: photo ? { sha256: sha256(photo.bytes) } : null,
      fingers: fingers.filter((f) => f.image).map((f) => ({ finger: f.finger, sha256: sha256(f.image!) })),
    });
    await tx.query('DELETE FROM card_fingerprint WHERE dossier_id = $1', [d.id]);
    await tx.query('DELETE FROM card_intake WHERE dossier_id = $1', [d.id]);
    await tx.query(
      `INSERT INTO card_intake (dossier_id, person_id, pin, place, photo_sealed, photo_mime, photo_width, photo_height, photo_sha256, signature_sealed, signature_mime, abis_hits, abis_system, captured_at, captured_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        d.id,
        holder.id,
        holder.pin,
        input.place,
        photo ? ctx.keys.seal(photo.bytes, sealed('photo', d.id)) : null,
        photo?.mime ?? null,
        photo?.width ?? null,
        photo?.height ?? null,
        photo ? sha256(photo.bytes) : null,
        signature ? ctx.keys.seal(signature.bytes, sealed('signature', d.id)) : null,
        signature?.mime ?? null,
        JSON.stringify(hits),
        abis.name,
        now,
        actor.id,
      ],
    );
    for (const f of fingers) {
      await tx.query(`INSERT INTO card_fingerprint (dossier_id, finger, image_sealed, image_mime, image_sha256, missing_reason) VALUES ($1, $2, $3, $4, $5, $6)`, [
        d.id,
        f.finger,
        f.image ? ctx.keys.seal(f.image, sealed('finger', d.id, f.finger)) : null,
        f.decoded?.mime ?? null,
        f.image ? sha256(f.image) : null,
        f.missingReason ? (f.note?.trim() ? `${f.missingReason}: ${f.note.trim()}` : f.missingReason) : null,
      ]);
    }
    await recordAudit(tx, { actor, action: 'card.intake', target: { kind: 'person', id: holder.pin }, unitCode: d.unitCode, dossier: d.code, detail: { place: input.place, photo: Boolean(photo), fingersTaken: fingers.filter((f) => f.image).length, abisHits: hits.length, abis: abis.name } }, now);
    return (await intakeOf(tx, d.id, biometricsRequired))!;
  });
}

interface IntakeDb {
  dossier_id: string;
  pin: string;
  place: IntakePlace;
  photo_mime: string | null;
  photo_width: number | null;
  photo_height: number | null;
  signature_sealed: string | null;
  abis_hits: AbisHit[] | string;
  abis_system: string;
  captured_at: Date;
  captured_by: string;
}

/** The intake of a dossier, without images (undefined when nothing was captured yet). */
export async function intakeOf(db: Executor, dossierId: string, biometricsRequired: boolean): Promise<IntakeView | undefined> {
  const r = await db.query<IntakeDb>(`SELECT dossier_id, pin, place, photo_mime, photo_width, photo_height, signature_sealed, abis_hits, abis_system, captured_at, captured_by FROM card_intake WHERE dossier_id = $1`, [dossierId]);
  const i = r.rows[0];
  if (!i) return undefined;
  const f = await db.query<{ finger: number; image_mime: string | null; missing_reason: string | null }>('SELECT finger, image_mime, missing_reason FROM card_fingerprint WHERE dossier_id = $1 ORDER BY finger', [dossierId]);
  return {
    dossierId: i.dossier_id,
    pin: i.pin,
    place: i.place,
    photo: i.photo_mime ? { mime: i.photo_mime, width: Number(i.photo_width), height: Number(i.photo_height) } : null,
    fingers: f.rows.map((x) => ({ finger: Number(x.finger), taken: x.image_mime !== null, missingReason: x.missing_reason })),
    signature: i.signature_sealed !== null,
    biometricsRequired,
    abis: { system: i.abis_system, hits: typeof i.abis_hits === 'string' ? (JSON.parse(i.abis_hits) as AbisHit[]) : i.abis_hits },
    capturedAt: new Date(i.captured_at).toISOString(),
    capturedBy: i.captured_by,
  };
}

/** The sealed face photo of an intake, opened (for production and for the officer's view). */
export async function intakePhoto(ctx: AppContext, db: Executor, dossierId: string): Promise<{ mime: string; bytes: Buffer } | undefined> {
  const r = await db.query<{ photo_sealed: string | null; photo_mime: string | null }>('SELECT photo_sealed, photo_mime FROM card_intake WHERE dossier_id = $1', [dossierId]);
  const row = r.rows[0];
  if (!row?.photo_sealed || !row.photo_mime) return undefined;
  return { mime: row.photo_mime, bytes: ctx.keys.open(row.photo_sealed, sealed('photo', dossierId)) };
}

/** One biometric image of an intake for an officer (access-logged: biometric data is personal data). */
export async function readIntakeImage(ctx: AppContext, actor: OfficerActor, dossierId: string, which: { kind: 'photo' | 'signature' } | { kind: 'finger'; finger: number }): Promise<{ mime: string; bytes: Buffer }> {
  authorize(actor, CARDS_READ);
  return ctx.db.transaction(async (tx) => {
    const d = await getDossierBriefInTx(tx, ctx, actor, dossierId, { code: 'card_issuance' });
    const notFound = () => invalid('image_not_captured', which.kind, { vi: 'Chưa thu nhận ảnh này.', en: 'This image has not been captured.' });
    let out: { mime: string; bytes: Buffer } | undefined;
    if (which.kind === 'finger') {
      const r = await tx.query<{ image_sealed: string | null; image_mime: string | null }>('SELECT image_sealed, image_mime FROM card_fingerprint WHERE dossier_id = $1 AND finger = $2', [d.id, which.finger]);
      const row = r.rows[0];
      if (row?.image_sealed && row.image_mime) out = { mime: row.image_mime, bytes: ctx.keys.open(row.image_sealed, sealed('finger', d.id, which.finger)) };
    } else {
      const col = which.kind === 'photo' ? 'photo' : 'signature';
      const r = await tx.query<{ s: string | null; m: string | null; pin: string }>(`SELECT ${col}_sealed AS s, ${col}_mime AS m, pin FROM card_intake WHERE dossier_id = $1`, [d.id]);
      const row = r.rows[0];
      if (row?.s && row.m) out = { mime: row.m, bytes: ctx.keys.open(row.s, sealed(col, d.id)) };
    }
    if (!out) throw notFound();
    const pin = (await tx.query<{ pin: string }>('SELECT pin FROM card_intake WHERE dossier_id = $1', [d.id])).rows[0]!.pin;
    await recordAccess(tx, { actor, action: 'card.biometric_read', target: { kind: 'person', id: pin }, unitCode: d.unitCode, purpose: 'card_issuance', dossier: d.code, detail: { image: which.kind === 'finger' ? `finger:${which.finger}` : which.kind } }, ctx.clock.now());
    return out;
  });
}

/** Is the intake complete enough to approve? The reasons it is not (empty: complete). */
export async function intakeGaps(db: Executor, dossierId: string, biometricsRequired: boolean): Promise<Array<{ code: string; vi: string; en: string }>> {
  const i = await intakeOf(db, dossierId, biometricsRequired);
  if (!i) return [{ code: 'intake_missing', vi: 'Chưa thu nhận ảnh, vân tay, chữ ký của công dân.', en: "The applicant's photo, fingerprints and signature have not been captured." }];
  const gaps: Array<{ code: string; vi: string; en: string }> = [];
  if (biometricsRequired && !i.photo) gaps.push({ code: 'photo_missing', vi: 'Chưa có ảnh chân dung.', en: 'No face photo.' });
  if (biometricsRequired && i.fingers.length < 10) gaps.push({ code: 'fingers_missing', vi: 'Chưa đủ 10 ngón tay.', en: 'Not all 10 fingers.' });
  if (i.abis.hits.length > 0) gaps.push({ code: 'abis_match', vi: `Sinh trắc học trùng với người khác (${[...new Set(i.abis.hits.map((h) => h.pin))].join(', ')}): cần xác minh.`, en: `Biometrics match another person (${[...new Set(i.abis.hits.map((h) => h.pin))].join(', ')}): to be investigated.` });
  return gaps;
}

/** What intake captured for an application so far (no images), for the intake page reopened; access-logged with the dossier. */
export async function getIntake(ctx: AppContext, actor: OfficerActor, dossierId: string): Promise<IntakeView | null> {
  authorize(actor, CARDS_READ);
  return ctx.db.transaction(async (tx) => {
    const d = await getDossierBriefInTx(tx, ctx, actor, dossierId, { code: 'card_issuance' });
    const holder = (await getPersonInTx(tx, ctx, actor, holderPinOf(d), { code: 'card_issuance', note: d.code }, { dossier: d.code, procedure: d.procedure })).person;
    return (await intakeOf(tx, d.id, ageOfRecord(holder.birthDate, todayInVietnam(ctx.clock)) >= BIOMETRICS_FROM_AGE)) ?? null;
  });
}
