import { authorize, inScope } from '../../kernel/access.js';
import { systemActor, type CitizenActor, type OfficerActor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { conflict, invalid, notFound } from '../../kernel/errors.js';
import { publish } from '../../kernel/events.js';
import { findUnstorableText } from '../../kernel/text-input.js';
import { actOnDossierInTx, getDossierBriefInTx } from '../dossiers/index.js';
import { CardDelivered, CardReturned, CardRevoked } from './events.js';
import { DELIVERY_MOVES, REVOKE_REASONS, type CardStage, type RevokeReason } from './model.js';
import { CARDS_DELIVER, CARDS_REVOKE } from './permissions.js';
import * as store from './store.js';

/**
 * Delivery and the end of a card. The office (or the post) moves a produced card to shipped,
 * delivered or returned; delivery makes it the holder's valid card, replaces the one before and
 * closes the application (its result notified). A lost or stolen card is revoked. Each move is
 * checked against the card's stage and version, audited and published in one transaction.
 */
export const cardNotFound = () => notFound('card_not_found', { vi: 'Không tìm thấy thẻ.', en: 'No such card.' }, 'id');

const unitOf = (c: store.CardRow) => ({ communeCode: c.unitCode, provinceCode: c.provinceCode });

async function loadInScope(tx: Executor, actor: OfficerActor, id: string): Promise<store.CardRow> {
  const card = await store.findCard(tx, id, { lock: true });
  if (!card || !inScope(actor, unitOf(card))) throw cardNotFound();
  return card;
}

function checkVersion(card: store.CardRow, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== card.version) {
    throw conflict('card_changed', { vi: 'Thẻ vừa được người khác cập nhật: tải lại trang.', en: 'Someone else updated this card: reload.' }, 'expectedVersion');
  }
}

const RESULT_NOTIFIER = systemActor('card-delivery');

/** The application is finished when its card reaches the holder. */
async function closeApplication(tx: Executor, ctx: AppContext, card: store.CardRow): Promise<void> {
  const d = await getDossierBriefInTx(tx, ctx, RESULT_NOTIFIER, card.dossierId, { code: 'card_issuance' });
  if (d.state === 'approved') await actOnDossierInTx(tx, ctx, RESULT_NOTIFIER, d.id, { type: 'notify_result', expectedSeq: d.lastSeq });
}

export interface DeliveryInput {
  to: Extract<CardStage, 'shipped' | 'delivered' | 'returned'>;
  reason?: string | undefined;
  expectedVersion?: number | undefined;
}

/** Moves a card along delivery: produced → shipped → delivered | returned (a returned card may be sent again). */
export async function recordDelivery(ctx: AppContext, actor: OfficerActor, id: string, input: DeliveryInput): Promise<store.CardRow> {
  authorize(actor, CARDS_DELIVER);
  const reason = input.reason?.trim() ?? '';
  if (findUnstorableText(reason)) throw invalid('text_unstorable', 'reason', { vi: 'Lý do có ký tự không hợp lệ.', en: 'The reason holds characters that cannot be stored.' });
  if (input.to === 'returned' && reason.length < 3) throw invalid('reason_required', 'reason', { vi: 'Cần ghi lý do thẻ bị trả lại (không có người nhận, sai địa chỉ…).', en: 'Say why the card came back (nobody there, wrong address…).' });
  return ctx.db.transaction(async (tx) => {
    const card = await loadInScope(tx, actor, id);
    checkVersion(card, input.expectedVersion);
    if (card.revokedAt) throw conflict('card_revoked', { vi: 'Thẻ đã bị thu hồi.', en: 'The card has been revoked.' }, 'id');
    if (!DELIVERY_MOVES[card.stage].includes(input.to)) {
      throw conflict('card_stage', { vi: `Thẻ đang ở bước "${card.stage}": không chuyển sang "${input.to}" được.`, en: `The card is at "${card.stage}": it cannot move to "${input.to}".` }, 'to');
    }
    const now = ctx.clock.now();
    if (!(await store.setStage(tx, card.id, card.stage, input.to, now, { returnReason: input.to === 'returned' ? reason : null }))) throw conflict('card_changed', { vi: 'Thẻ vừa được cập nhật.', en: 'The card was just updated.' }, 'id');
    const target = { kind: 'person', id: card.pin };
    await recordAudit(tx, { actor, action: `card.${input.to}`, target, unitCode: card.unitCode, dossier: card.dossierCode, detail: { cardId: card.id, from: card.stage, ...(reason ? { reason } : {}) } }, now);
    if (input.to === 'delivered') {
      const replaced = await store.markReplaced(tx, card.personId, card.id);
      if (replaced) await recordAudit(tx, { actor, action: 'card.replaced', target, unitCode: card.unitCode, dossier: card.dossierCode, detail: { cardId: replaced, by: card.id } }, now);
      await publish(tx, { type: CardDelivered, subject: card.pin, payload: { cardId: card.id, pin: card.pin, method: card.deliveryMethod, replaced }, actorId: actor.id }, now);
      await closeApplication(tx, ctx, card);
    }
    if (input.to === 'returned') await publish(tx, { type: CardReturned, subject: card.pin, payload: { cardId: card.id, pin: card.pin, reason }, actorId: actor.id }, now);
    return (await store.findCard(tx, card.id))!;
  });
}

/** Revokes a card (lost, stolen …): verification answers `revoked` from now on. */
export async function revokeCard(ctx: AppContext, actor: OfficerActor, id: string, input: { reason: RevokeReason; note?: string | undefined; expectedVersion?: number | undefined }): Promise<store.CardRow> {
  authorize(actor, CARDS_REVOKE);
  if (!(input.reason in REVOKE_REASONS)) throw invalid('revoke_reason', 'reason', { vi: 'Cần chọn lý do thu hồi.', en: 'Choose a reason for the revocation.' });
  const note = input.note?.trim() ?? '';
  if (findUnstorableText(note)) throw invalid('text_unstorable', 'note', { vi: 'Ghi chú có ký tự không hợp lệ.', en: 'The note holds characters that cannot be stored.' });
  return ctx.db.transaction(async (tx) => {
    const card = await loadInScope(tx, actor, id);
    checkVersion(card, input.expectedVersion);
    const now = ctx.clock.now();
    const reason = note ? `${input.reason}: ${note}` : input.reason;
    if (!(await store.revoke(tx, card.id, reason, now))) throw conflict('card_already_revoked', { vi: 'Thẻ đã bị thu hồi trước đó.', en: 'The card was revoked already.' }, 'id');
    await recordAudit(tx, { actor, action: 'card.revoke', target: { kind: 'person', id: card.pin }, unitCode: card.unitCode, dossier: card.dossierCode, detail: { cardId: card.id, reason: input.reason, ...(note ? { note } : {}) } }, now);
    await publish(tx, { type: CardRevoked, subject: card.pin, payload: { cardId: card.id, pin: card.pin, reason: input.reason }, actorId: actor.id }, now);
    return (await store.findCard(tx, card.id))!;
  });
}

/**
 * The holder reports their own card lost or stolen from the portal: it is revoked at once, so
 * nobody can use it, and a re-issue can be applied for. Audited as the citizen's own act.
 */
export async function reportOwnCardLost(ctx: AppContext, actor: CitizenActor, id: string, input: { reason: 'lost' | 'stolen'; note?: string | undefined }): Promise<store.CardRow> {
  const note = input.note?.trim() ?? '';
  if (findUnstorableText(note)) throw invalid('text_unstorable', 'note', { vi: 'Ghi chú có ký tự không hợp lệ.', en: 'The note holds characters that cannot be stored.' });
  return ctx.db.transaction(async (tx) => {
    const card = await store.findCard(tx, id, { lock: true });
    if (!card || card.personId !== actor.personId) throw cardNotFound();
    if (card.replacedBy) throw conflict('card_replaced', { vi: 'Thẻ này đã được thay bằng thẻ mới.', en: 'This card was already replaced by a newer one.' }, 'id');
    const now = ctx.clock.now();
    const reason = note ? `${input.reason}: ${note}` : input.reason;
    if (!(await store.revoke(tx, card.id, reason, now))) throw conflict('card_already_revoked', { vi: 'Thẻ đã bị thu hồi trước đó.', en: 'The card was revoked already.' }, 'id');
    await recordAudit(tx, { actor, action: 'card.report_lost', target: { kind: 'person', id: card.pin }, unitCode: card.unitCode, detail: { cardId: card.id, reason: input.reason, ...(note ? { note } : {}) } }, now);
    await publish(tx, { type: CardRevoked, subject: card.pin, payload: { cardId: card.id, pin: card.pin, reason: input.reason }, actorId: actor.id }, now);
    return (await store.findCard(tx, card.id))!;
  });
}
