import { authorize, inScope } from '../../kernel/access.js';
import { systemActor, type Actor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { conflict, forbidden, invalid, notFound } from '../../kernel/errors.js';
import { publish } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import { findUnstorableText } from '../../kernel/text-input.js';
import { getHouseholdInTx, getPersonInTx, unloggedPersonByActivePin, type Household, type PersonDetails } from '../people/index.js';
import { AbsenceDeclared, FloorAreaSet, RemovalNoticed, StayNotified } from './events.js';
import { FLOOR_AREA_LEGAL_MINIMUM, REMOVAL_GROUNDS, removalDecidableOn, stayDeadline, type RemovalGround } from './model.js';
import { RESIDENCE_CONFIGURE, RESIDENCE_NOTICE } from './permissions.js';
import * as store from './store.js';

/**
 * The residence module's use cases besides the dossiers themselves: the province's floor-area
 * minimum, removal notices, stay notifications, and the registry reads the procedures' rules
 * make (each access-logged under the dossier).
 */

/** The procedures' rules read the registry as the system, naming the dossier in the access log. */
export const RULES: Actor = systemActor('residence.rules');

export async function applicantDetails(tx: Executor, ctx: AppContext, pin: string, dossier: string): Promise<PersonDetails> {
  return getPersonInTx(tx, ctx, RULES, pin, { code: 'dossier_processing', note: dossier });
}

/** The household with this number, or undefined (read as the system, logged under the dossier). */
export async function findHouseholdForRules(tx: Executor, ctx: AppContext, householdNo: string | null | undefined, dossier: string): Promise<Household | undefined> {
  if (!householdNo) return undefined;
  try {
    return await getHouseholdInTx(tx, ctx, RULES, householdNo, { code: 'dossier_processing', note: dossier });
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'household_not_found') return undefined;
    throw err;
  }
}

// ───────────── floor area ─────────────

export async function floorAreaMinimum(db: Executor, provinceCode: string): Promise<number> {
  return store.floorAreaMinimum(db, provinceCode);
}

/** Every province's minimum floor area per person (m²); a province without a row uses 8. */
export async function listFloorAreas(ctx: AppContext, actor: Actor) {
  if (actor.kind !== 'system' && actor.kind !== 'officer') throw forbidden('permission_denied');
  return store.listFloorAreas(ctx.db.pool);
}

/** Sets a province's minimum floor area per person; refuses anything below the legal 8 m². */
export async function setFloorArea(ctx: AppContext, actor: Actor, provinceCode: string, m2: number): Promise<{ provinceCode: string; minM2PerPerson: number; previous: number | null }> {
  authorize(actor, RESIDENCE_CONFIGURE);
  if (!/^\d{2}$/.test(provinceCode) || !(await ctx.units.unitName('province', provinceCode))) throw invalid('province_not_found', 'provinceCode', { vi: 'Không có tỉnh/thành phố hiện hành với mã này.', en: 'No current province has this code.' });
  if (!Number.isFinite(m2) || m2 < FLOOR_AREA_LEGAL_MINIMUM || m2 > 1000 || Math.round(m2 * 100) !== m2 * 100) {
    throw invalid('floor_area_below_legal_minimum', 'minM2PerPerson', { vi: 'Mức tối thiểu từ 8 m² sàn/người trở lên (tối đa 2 chữ số thập phân).', en: 'The minimum is at least 8 m² per person (at most 2 decimals).' });
  }
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const previous = await store.setFloorArea(tx, provinceCode, m2, now, actor.id);
    await recordAudit(tx, { actor, action: 'residence.floor_area_set', target: { kind: 'province', id: provinceCode }, unitCode: provinceCode, detail: { from: previous, to: m2 } }, now);
    await publish(tx, { type: FloorAreaSet, subject: provinceCode, payload: { provinceCode, minM2PerPerson: m2 }, actorId: actor.id }, now);
    return { provinceCode, minM2PerPerson: m2, previous };
  });
}

// ───────────── removal notices ─────────────

/**
 * Records the notice that opens an ex-officio removal of a permanent residence: the removal
 * may be decided from 7 days later. The person's permanent residence must be in the
 * officer's commune (out of scope answers like a missing person).
 */
export async function recordRemovalNotice(ctx: AppContext, actor: Actor, input: { pin: string; ground: RemovalGround; note?: string | undefined }): Promise<{ id: string; pin: string; unitCode: string; noticedOn: string; decidableOn: string }> {
  authorize(actor, RESIDENCE_NOTICE);
  if (!REMOVAL_GROUNDS.includes(input.ground)) throw invalid('ground_unknown', 'ground', { vi: 'Căn cứ xóa đăng ký không có trong danh mục.', en: 'Not a removal ground.' });
  return ctx.db.transaction(async (tx) => {
    const person = await getPersonInTx(tx, ctx, actor, input.pin, { code: 'dossier_processing', note: 'thông báo xóa đăng ký thường trú' });
    const permanent = person.residences.find((r) => r.kind === 'permanent' && r.validTo === null);
    const provinceCode = permanent ? await ctx.units.provinceOfCommune(permanent.unitCode, tx) : undefined;
    if (!permanent || !inScope(actor, { communeCode: permanent.unitCode, provinceCode: provinceCode ?? null })) {
      throw conflict('no_permanent_residence_here', { vi: 'Công dân không có nơi thường trú thuộc đơn vị của bạn.', en: 'The person has no permanent residence in your unit.' }, 'pin');
    }
    const now = ctx.clock.now();
    const noticedOn = todayInVietnam(ctx.clock);
    const id = newId();
    const note = input.note?.trim() || null;
    await store.insertRemovalNotice(tx, { id, personId: person.person.id, pin: person.person.pin, unitCode: permanent.unitCode, provinceCode: provinceCode!, ground: input.ground, note, at: now, by: actor.id });
    const decidableOn = removalDecidableOn(noticedOn);
    await recordAudit(tx, { actor, action: 'residence.removal_noticed', target: { kind: 'person', id: person.person.pin }, unitCode: permanent.unitCode, purpose: input.ground, detail: { noticeId: id, decidableOn } }, now);
    await publish(tx, { type: RemovalNoticed, subject: person.person.pin, payload: { pin: person.person.pin, unitCode: permanent.unitCode, ground: input.ground, decidableOn }, actorId: actor.id }, now);
    return { id, pin: person.person.pin, unitCode: permanent.unitCode, noticedOn, decidableOn };
  });
}

export { findOpenRemovalNotice, useRemovalNotice } from './store.js';

// ───────────── absence ─────────────

/** Records an accepted absence declaration and its CT03 slip, in the decision's transaction. */
export async function recordAbsenceInTx(tx: Executor, ctx: AppContext, actor: Actor, a: { personId: string; pin: string; unitCode: string; validFrom: string; validTo: string; destination: string; reason: string; dossier: string }): Promise<{ slipNo: string }> {
  const now = ctx.clock.now();
  const slipNo = `CT03-${a.dossier}`;
  await store.insertAbsence(tx, { id: newId(), ...a, slipNo, at: now });
  await recordAudit(tx, { actor, action: 'residence.absence_declared', target: { kind: 'person', id: a.pin }, unitCode: a.unitCode, purpose: a.reason, dossier: a.dossier, detail: { validFrom: a.validFrom, validTo: a.validTo, slipNo } }, now);
  await publish(tx, { type: AbsenceDeclared, subject: a.pin, payload: { pin: a.pin, unitCode: a.unitCode, validFrom: a.validFrom, validTo: a.validTo, slipNo, dossier: a.dossier }, actorId: actor.id }, now);
  return { slipNo };
}

export async function listAbsences(db: Executor, personId: string) {
  return store.listAbsences(db, personId);
}

// ───────────── stay notification ─────────────

export interface StayNoticeInput {
  guestPin: string;
  unitCode: string;
  address: string;
  /** ISO instant the stay starts (arrival). */
  stayFrom: string;
  /** Last day of the stay. */
  stayTo: string;
  reason: string;
  /** The host's id of this notification: a retry records nothing twice. */
  requestId: string;
}

/**
 * A host's stay notification (thông báo lưu trú): immediate, no dossier. Recorded with the
 * deadline (23:00 on the arrival day, 08:00 next day for arrivals from 23:00) and whether it
 * was met. A citizen host notifies themselves; an officer records one given at the desk in
 * their unit. The guest's data is not shown back to the host.
 */
export async function notifyStay(ctx: AppContext, actor: Actor, input: StayNoticeInput): Promise<{ id: string; deadline: string; onTime: boolean; notifiedAt: string }> {
  if (actor.kind === 'client') throw forbidden('permission_denied');
  const text = findUnstorableText(input);
  if (text) throw invalid('text_unstorable', text.path.join('.'), { vi: 'Có ký tự không hợp lệ.', en: 'The input holds characters that cannot be stored.' });
  if (!/^\d{5}$/.test(input.unitCode)) throw invalid('unit_not_found', 'unitCode', { vi: 'Không có xã/phường hiện hành với mã này.', en: 'No current commune has this code.' });
  if (!/^[A-Za-z0-9_.:-]{8,100}$/.test(input.requestId)) throw invalid('request_id_invalid', 'requestId', { vi: 'Mã yêu cầu gồm 8–100 chữ, số hoặc _ . : -', en: 'A request id is 8–100 letters, digits or _ . : -' });
  const stayFrom = new Date(input.stayFrom);
  if (Number.isNaN(stayFrom.getTime())) throw invalid('stay_from_invalid', 'stayFrom', { vi: 'Thời điểm bắt đầu lưu trú không hợp lệ.', en: 'The start of the stay is not a valid instant.' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.stayTo) || input.stayTo < todayInVietnamOf(stayFrom)) throw invalid('stay_to_invalid', 'stayTo', { vi: 'Ngày kết thúc lưu trú phải từ ngày đến trở đi.', en: 'The stay must end on or after the arrival day.' });
  if (input.address.trim().length < 3) throw invalid('address_required', 'address', { vi: 'Cần địa chỉ nơi lưu trú.', en: 'The address of the stay is needed.' });
  if (input.reason.trim().length < 2) throw invalid('reason_required', 'reason', { vi: 'Cần lý do lưu trú.', en: 'The reason for the stay is needed.' });
  return ctx.db.transaction(async (tx) => {
    const provinceCode = await ctx.units.provinceOfCommune(input.unitCode, tx);
    if (!provinceCode) throw invalid('unit_not_found', 'unitCode', { vi: 'Không có xã/phường hiện hành với mã này.', en: 'No current commune has this code.' });
    if (actor.kind === 'officer') authorize(actor, RESIDENCE_NOTICE, { communeCode: input.unitCode, provinceCode });
    const guest = await unloggedPersonByActivePin(tx, input.guestPin);
    if (!guest || guest.status !== 'living') throw notFound('guest_not_found', { vi: 'Không có công dân với số định danh này.', en: 'No person holds this personal ID number.' }, 'guestPin');
    const now = ctx.clock.now();
    const deadline = stayDeadline(stayFrom);
    const onTime = now.getTime() <= deadline.getTime();
    const { row, created } = await store.insertStayNotice(tx, {
      id: newId(),
      requestId: input.requestId,
      guestPersonId: guest.id,
      guestPin: guest.pin,
      unitCode: input.unitCode,
      provinceCode,
      address: input.address.trim(),
      stayFrom,
      stayTo: input.stayTo,
      reason: input.reason.trim(),
      hostKind: actor.kind,
      hostId: actor.id,
      at: now,
      deadline,
      onTime,
    });
    if (created) {
      await recordAudit(tx, { actor, action: 'residence.stay_notified', target: { kind: 'person', id: guest.pin }, unitCode: input.unitCode, purpose: row.reason, detail: { noticeId: row.id, stayFrom: row.stayFrom, stayTo: row.stayTo, onTime } }, now);
      await publish(tx, { type: StayNotified, subject: guest.pin, payload: { pin: guest.pin, unitCode: input.unitCode, stayFrom: row.stayFrom, stayTo: row.stayTo, onTime }, actorId: actor.id }, now);
    }
    return { id: row.id, deadline: row.deadline, onTime: row.onTime, notifiedAt: row.notifiedAt };
  });
}

function todayInVietnamOf(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
