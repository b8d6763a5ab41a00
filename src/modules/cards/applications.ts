import { Type, type Static } from '@sinclair/typebox';
import { authorize } from '../../kernel/access.js';
import { systemActor, type OfficerActor } from '../../kernel/actor.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { conflict, type Message } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { choiceField, closed, defineProcedure, pinField, textField, type DossierForCheck, type Reason } from '../dossiers/index.js';
import { getPersonInTx, validatePin, type Person, type PersonDetails } from '../people/index.js';
import { ageOfRecord, applicationCase, BIOMETRICS_FROM_AGE, MANDATORY_FROM_AGE as PARENT_FILES_UNDER, type CardReasonCode, type CaseResult } from './documents/validity.js';
import { intakeGaps } from './intake.js';
import { cardStatus, type ApplicationCase, type CardStatus } from './model.js';
import { CARDS_DECIDE, CARDS_INTAKE } from './permissions.js';
import * as store from './store.js';

/**
 * Card applications as dossiers of the dossier engine (7 working days, Law on Identification
 * 2023). Which procedure applies — first issue, renewal (at a renewal age, free; or for another
 * reason, with a fee), re-issue — is computed from the registry (`cardCase`), so the desk files
 * the right one and a wrong choice is refused with the reason and the right procedure. Before
 * intake the record must pass the registry's checks (PIN structure, the fields printed on the
 * card); the desk shows what is wrong so the officer fixes it in the same visit.
 */
export const RENEWAL_REASONS = {
  renewal_age: { vi: 'Đủ tuổi đổi thẻ (14, 25, 40, 60)', en: 'Renewal age reached (14, 25, 40, 60)' },
  data_changed: { vi: 'Thay đổi họ, chữ đệm, tên; ngày sinh; thông tin nhân thân', en: 'Name, birth date or identity data changed' },
  printing_error: { vi: 'Thẻ có sai sót thông tin', en: 'A printing error on the card' },
  unit_changed: { vi: 'Thay đổi địa giới đơn vị hành chính', en: 'Administrative-unit change' },
  pin_reestablished: { vi: 'Xác lập lại số định danh cá nhân', en: 'PIN re-established' },
  on_request: { vi: 'Theo yêu cầu của công dân', en: 'On request' },
  lost: { vi: 'Bị mất thẻ', en: 'Card lost' },
  damaged: { vi: 'Thẻ bị hư hỏng không sử dụng được', en: 'Card damaged beyond use' },
  nationality_regained: { vi: 'Được trở lại quốc tịch Việt Nam', en: 'Vietnamese nationality regained' },
} as const satisfies Record<CardReasonCode, Message>;
export type CardReason = CardReasonCode;

const form = Type.Object(
  {
    holderPin: Type.Optional(pinField('Số định danh của người được cấp thẻ', "Card holder's personal ID", { help: { vi: 'Chỉ điền khi cha, mẹ làm thủ tục cho con dưới 14 tuổi.', en: 'Only when a parent applies for a child under 14.' } })),
    reason: Type.Optional(choiceField('Lý do đổi, cấp lại', 'Reason for renewal or re-issue', RENEWAL_REASONS)),
    deliveryMethod: choiceField('Nơi nhận thẻ', 'Where to receive the card', { office: { vi: 'Tại cơ quan Công an nơi làm thủ tục', en: 'At the police office' }, post: { vi: 'Qua dịch vụ bưu chính', en: 'By post' } }),
    deliveryAddress: Type.Optional(textField('Địa chỉ nhận thẻ qua bưu chính', 'Postal address for the card', { max: 300 })),
  },
  closed,
);
export type CardForm = Static<typeof form>;

const DOCUMENTS = [{ code: 'CC01', name: { vi: 'Tờ khai căn cước (CC01), do máy in ra để công dân ký', en: 'Card application form (CC01), printed for the applicant to sign' }, required: false, heldByRegistry: true }];
const CHANNELS = ['counter', 'mobile_team', 'portal'] as const;

/** The procedure code each case files under. */
export const PROCEDURE_OF: Record<ApplicationCase | 'renewal_age', string> = {
  first_issue: 'CARD.first-issue',
  renewal_age: 'CARD.renewal-age',
  renewal: 'CARD.renewal',
  reissue: 'CARD.reissue',
};

const reason = (code: string, vi: string, en: string): Reason => ({ code, vi, en });


/** What the registry says about a person's record before a card is made from it (empty: fit). */
export function recordProblems(p: Person, residences: PersonDetails['residences']): Reason[] {
  const out: Reason[] = [];
  const year = Number(p.birthDate.slice(0, 4));
  const pinCheck = validatePin(p.pin, { birthYear: year, sex: p.sex, ...(p.birthPlaceCode && /^[0-9]{2}$/.test(p.birthPlaceCode) ? { birthRegistrationProvinceCode: p.birthPlaceCode } : {}) });
  for (const e of pinCheck.errors) out.push(reason(e.code, e.message.vi, e.message.en));
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(p.birthDate)) out.push(reason('birth_date_incomplete', 'Ngày sinh chưa đủ ngày, tháng: thẻ in ngày sinh đầy đủ.', 'The birth date lacks day or month: the card prints the full date.'));
  if (!p.originPlace && !p.originPlaceCode) out.push(reason('origin_place_missing', 'Chưa có quê quán: thẻ in quê quán.', 'No place of origin: the card prints it.'));
  if (!p.nationality) out.push(reason('nationality_missing', 'Chưa có quốc tịch.', 'No nationality.'));
  if (!p.ethnicity) out.push(reason('ethnicity_missing', 'Chưa có dân tộc.', 'No ethnic group.'));
  if (!residences.some((r) => r.validTo === null && (r.kind === 'permanent' || r.kind === 'current'))) out.push(reason('residence_missing', 'Chưa có nơi thường trú hoặc nơi ở hiện tại: thẻ in nơi cư trú.', 'No permanent or current residence: the card prints the place of residence.'));
  return out;
}

export interface CardCase {
  holder: { pin: string; fullName: string; birthDate: string; sex: 'M' | 'F'; status: string; age: number; version: number };
  /** What is wrong with the record now; the officer fixes these before intake. */
  recordProblems: Reason[];
  /** The procedure to file, or why no card can be applied for now. */
  outcome: { procedure: string; case: ApplicationCase; mandatory: boolean; biometrics: boolean; reason: Message } | { refused: Reason };
  cards: Array<{ id: string; stage: string; status: CardStatus; issueDate: string | null; expiryDate: string | null }>;
}

function caseOutcome(r: CaseResult, reasonCode: CardReason | undefined): CardCase['outcome'] {
  if ('refused' in r) return { refused: reason(r.refused.code, r.refused.message.vi, r.refused.message.en) };
  const procedure = r.case === 'renewal' && (reasonCode === undefined || reasonCode === 'renewal_age' || reasonCode === 'pin_reestablished' || reasonCode === 'unit_changed' || reasonCode === 'printing_error') ? PROCEDURE_OF.renewal_age : PROCEDURE_OF[r.case];
  return { procedure, case: r.case, mandatory: r.mandatory, biometrics: r.biometrics, reason: r.reason };
}

async function evaluate(tx: Executor, ctx: AppContext, holder: PersonDetails, reasonCode: CardReason | undefined): Promise<CardCase> {
  const today = todayInVietnam(ctx.clock);
  const p = holder.person;
  const rows = await store.cardsOf(tx, p.id);
  const cards = rows.map((c) => ({ id: c.id, stage: c.stage, status: cardStatus(c, today), issueDate: c.issueDate, expiryDate: c.expiryDate }));
  const base = { holder: { pin: p.pin, fullName: p.fullName, birthDate: p.birthDate, sex: p.sex, status: p.status, age: ageOfRecord(p.birthDate, today), version: p.version }, recordProblems: recordProblems(p, holder.residences), cards };
  if (p.status !== 'living') return { ...base, outcome: { refused: reason('person_not_living', 'Công dân đã mất hoặc mất tích: không cấp thẻ.', 'The person is deceased or missing: no card is issued.') } };
  if (rows.some((c) => (c.stage === 'approved' || c.stage === 'produced' || c.stage === 'shipped') && !c.revokedAt)) {
    return { ...base, outcome: { refused: reason('card_in_production', 'Công dân đang có thẻ chờ sản xuất hoặc chờ trả: không làm hồ sơ mới.', 'A card for this person is already being produced or delivered.') } };
  }
  const current = rows.find((c) => c.stage === 'delivered' && !c.replacedBy);
  const result = applicationCase({
    birthDate: p.birthDate,
    today,
    currentCard: current ? { issueDate: current.issueDate!, expiryDate: current.expiryDate, status: cardStatus(current, today) } : null,
    ...(reasonCode ? { reason: reasonCode } : {}),
  });
  return { ...base, outcome: caseOutcome(result, reasonCode) };
}

/** For the desk: which application fits this person now, and what in the record must be fixed first. The read is access-logged. */
export async function cardCase(ctx: AppContext, actor: OfficerActor, pin: string, reasonCode?: CardReason): Promise<CardCase> {
  authorize(actor, CARDS_INTAKE);
  return ctx.db.transaction(async (tx) => evaluate(tx, ctx, await getPersonInTx(tx, ctx, actor, pin, { code: 'card_issuance' }), reasonCode));
}

const RULES = systemActor('card-rules');

/** The reasons a card dossier cannot succeed (empty: none), read as the system under the dossier. */
async function dossierReasons(tx: Executor, ctx: AppContext, d: DossierForCheck<CardForm>): Promise<{ reasons: Reason[]; holder: PersonDetails; outcome: CardCase['outcome'] }> {
  const authority = { dossier: d.code, procedure: d.procedure };
  const holderPin = d.form.holderPin ?? d.applicant.pin;
  const holder = await getPersonInTx(tx, ctx, RULES, holderPin, { code: 'card_issuance', note: d.code }, authority);
  const reasons: Reason[] = [];
  if (holderPin !== d.applicant.pin) {
    const parent = holder.person.fatherPin === d.applicant.pin || holder.person.motherPin === d.applicant.pin;
    if (!parent) reasons.push(reason('not_parent', 'Người làm thủ tục không phải cha, mẹ của người được cấp thẻ.', 'The applicant is not a parent of the card holder.'));
    if (ageOfRecord(holder.person.birthDate, todayInVietnam(ctx.clock)) >= PARENT_FILES_UNDER) reasons.push(reason('holder_not_minor', `Người được cấp thẻ từ ${PARENT_FILES_UNDER} tuổi tự làm thủ tục.`, `A holder aged ${PARENT_FILES_UNDER} or more applies in person.`));
  }
  if (d.channel === 'portal' && ageOfRecord(holder.person.birthDate, todayInVietnam(ctx.clock)) >= BIOMETRICS_FROM_AGE) {
    reasons.push(reason('intake_in_person', `Từ ${BIOMETRICS_FROM_AGE} tuổi phải đến cơ quan Công an (hoặc đặt lịch tổ lưu động) để thu nhận ảnh, vân tay.`, `From age ${BIOMETRICS_FROM_AGE} the photo and fingerprints are taken in person (at the office or by a mobile team): book an appointment.`));
  }
  if (d.form.deliveryMethod === 'post' && !d.form.deliveryAddress?.trim()) reasons.push(reason('delivery_address_missing', 'Nhận thẻ qua bưu chính cần địa chỉ nhận.', 'Delivery by post needs a postal address.'));
  const evaluated = await evaluate(tx, ctx, holder, d.form.reason);
  reasons.push(...evaluated.recordProblems);
  if ('refused' in evaluated.outcome) reasons.push(evaluated.outcome.refused);
  else if (evaluated.outcome.procedure !== d.procedure) {
    reasons.push(reason('wrong_card_procedure', `Trường hợp này làm thủ tục ${evaluated.outcome.procedure} (${evaluated.outcome.reason.vi}).`, `This case is filed as ${evaluated.outcome.procedure} (${evaluated.outcome.reason.en}).`));
  }
  return { reasons, holder, outcome: evaluated.outcome };
}

function declare(code: string, name: Message, fee: { counterVnd: number; onlineVnd: number }) {
  return defineProcedure({
    code,
    name,
    documents: DOCUMENTS,
    fee,
    workingDays: 7,
    decidedBy: CARDS_DECIDE,
    channels: [...CHANNELS],
    form,
    async eligibility(tx, ctx, d) {
      return (await dossierReasons(tx, ctx, d)).reasons;
    },
    async effect(tx, ctx, actor, d) {
      const { reasons, holder, outcome } = await dossierReasons(tx, ctx, d);
      if ('refused' in outcome || reasons.length > 0) throw conflict('card_not_eligible', { vi: `Chưa đủ điều kiện cấp thẻ: ${reasons.map((r) => r.vi).join(' ')}`, en: `Not eligible for a card: ${reasons.map((r) => r.en).join(' ')}` }, 'procedure');
      const gaps = await intakeGaps(tx, d.id, outcome.biometrics);
      if (gaps.length > 0) throw conflict(gaps[0]!.code, { vi: gaps.map((g) => g.vi).join(' '), en: gaps.map((g) => g.en).join(' ') }, 'intake');
      const id = newId();
      const p = holder.person;
      await store.insertApprovedCard(tx, { id, personId: p.id, pin: p.pin, dossierId: d.id, dossierCode: d.code, procedureCode: d.procedure, applicationCase: outcome.case, unitCode: d.unitCode, provinceCode: d.provinceCode, fullName: p.fullName, birthDate: p.birthDate, sex: p.sex, deliveryMethod: d.form.deliveryMethod, deliveryAddress: d.form.deliveryMethod === 'post' ? d.form.deliveryAddress!.trim() : null, at: ctx.clock.now() });
      void actor;
      return { cardId: id, case: outcome.case, holderPin: p.pin };
    },
  });
}

/** First issue: free (Circular 59/2019/TT-BTC as amended). */
export const CARD_FIRST_ISSUE = declare(PROCEDURE_OF.first_issue, { vi: 'Cấp thẻ căn cước lần đầu', en: 'First issue of an ID card' }, { counterVnd: 0, onlineVnd: 0 });
/** Renewal at 14, 25, 40, 60, or for an error of the authorities, a PIN re-established or a unit change: free. */
export const CARD_RENEWAL_AGE = declare(PROCEDURE_OF.renewal_age, { vi: 'Đổi thẻ căn cước khi đủ tuổi hoặc do sai sót, thay đổi của cơ quan nhà nước', en: 'ID card renewal at a renewal age or for a change made by the authorities' }, { counterVnd: 0, onlineVnd: 0 });
/** Renewal for the holder's own change or on request: 50,000 VND (half online). */
export const CARD_RENEWAL = declare(PROCEDURE_OF.renewal, { vi: 'Đổi thẻ căn cước', en: 'ID card renewal' }, { counterVnd: 50_000, onlineVnd: 25_000 });
/** Re-issue for a lost or damaged card, or nationality regained: 70,000 VND (half online). */
export const CARD_REISSUE = declare(PROCEDURE_OF.reissue, { vi: 'Cấp lại thẻ căn cước', en: 'ID card re-issue' }, { counterVnd: 70_000, onlineVnd: 35_000 });
