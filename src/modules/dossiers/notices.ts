import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { AppError } from '../../kernel/errors.js';
import type { StoredEvent, Subscriber } from '../../kernel/events.js';
import { enqueueMessage } from '../../kernel/notify/outbox.js';
import { printedDate } from '../../kernel/partial-date.js';
import { noticePhoneOf } from '../eid/index.js';
import { STATUS_NAMES } from './dossier-service.js';
import { stateOf, type Action, type DossierState } from './model.js';
import { findProcedure } from './procedures.js';
import * as store from './store.js';

/**
 * Tells people about their dossiers: a subscriber on the dossier events (through the outbox
 * relay, so a rolled-back action tells no one) that texts the applicant each change — the
 * dossier code, its state and the appointment date — and the person asked to consent when
 * they are asked. One message per event and recipient: `dossier_notice` records it in the
 * relay's transaction, so an event delivered again sends nothing. Assignment to an officer is
 * internal and tells the applicant nothing.
 */
export const NOTICE_SUBSCRIBER = 'dossier-notices';

/** A dossier's progress may take several steps in a few minutes at the counter. */
const NOTICE_LIMIT = { max: 20, windowMs: 15 * 60_000 };

const SILENT = new Set(['dossier.assigned']);

interface Payload {
  code: string;
  seq: number;
  consentPin?: string;
  amountVnd?: number;
}

/** The actions up to this event's, and the automatic fee step recorded with a reception. */
function actionsAt(actions: readonly Action[], seq: number): Action[] {
  const upTo = actions.filter((a) => a.seq <= seq);
  const next = actions.find((a) => a.seq === seq + 1);
  if (upTo.at(-1)?.type === 'receive' && next?.type === 'pay_fee' && next.payload.auto) upTo.push(next);
  return upTo;
}

/** The Vietnamese text of one event for the applicant. */
export function noticeText(type: string, code: string, procedureName: string, state: DossierState, action: Action | undefined): string {
  const parts = [`Hồ sơ ${code} (${procedureName}): ${STATUS_NAMES[state.status].vi}.`];
  if (action?.type === 'request_supplement') parts.push(`Cần bổ sung: ${action.payload.missing.map((m) => m.vi).join('; ')}.`);
  if (action?.type === 'refuse') parts.push(`Lý do: ${action.payload.reasons.map((r) => r.vi).join('; ')}.`);
  if (action?.type === 'decide' && action.payload.outcome === 'reject') parts.push(`Lý do: ${action.payload.reasons.map((r) => r.vi).join('; ')}.`);
  if (action?.type === 'give_consent') parts.push('Người được hỏi ý kiến đã đồng ý.');
  if (action?.type === 'refuse_consent') parts.push('Người được hỏi ý kiến đã không đồng ý.');
  if (type === 'dossier.consent_requested') parts.push('Hồ sơ chờ ý kiến đồng ý của người liên quan.');
  if (state.dueDate && !['result_notified', 'refused', 'withdrawn'].includes(state.status)) parts.push(`Ngày hẹn trả kết quả: ${printedDate(state.dueDate)}.`);
  return parts.join(' ');
}

async function notify(tx: Executor, ctx: AppContext, e: StoredEvent, personId: string, pin: string, code: string, body: string): Promise<void> {
  const claimed = await tx.query('INSERT INTO dossier_notice (event_id, recipient_pin, dossier_code, outcome, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [e.id, pin, code, 'no_contact', ctx.clock.now()]);
  if (claimed.rowCount !== 1) return;
  const phone = await noticePhoneOf(tx, personId);
  if (!phone) return;
  let outcome: 'queued' | 'rate_limited' = 'queued';
  let id: string | null = null;
  try {
    id = await enqueueMessage(tx, { channel: 'sms', recipient: phone, template: e.type, subject: 'dancu', body: `dancu: ${body}` }, ctx.clock.now(), NOTICE_LIMIT);
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'too_many_messages')) throw err;
    outcome = 'rate_limited';
  }
  await tx.query('UPDATE dossier_notice SET outcome = $3, notification_id = $4 WHERE event_id = $1 AND recipient_pin = $2', [e.id, pin, outcome, id]);
}

/** Handles one dossier event in the relay's transaction. */
export async function noticeFor(ctx: AppContext, e: StoredEvent, tx: Executor): Promise<void> {
  if (SILENT.has(e.type)) return;
  const payload = e.payload as unknown as Payload;
  // The free procedure's automatic 0 VND fee is told with the reception it belongs to.
  if (e.type === 'dossier.fee_paid' && payload.amountVnd === 0) return;
  const d = await store.findDossierByCode(tx, payload.code);
  const p = d && findProcedure(d.procedureCode);
  if (!d || !p) return;
  const actions = await store.listActions(tx, d.id);
  const upTo = actionsAt(actions, payload.seq);
  const state = stateOf(p, upTo);
  const action = actions.find((a) => a.seq === payload.seq);
  await notify(tx, ctx, e, d.applicantPersonId, d.applicantPin, d.code, noticeText(e.type, d.code, p.name.vi, state, action));
  if (e.type === 'dossier.consent_requested' && action?.type === 'request_consent' && action.payload.pin !== d.applicantPin) {
    const role = { household_head: 'chủ hộ', owner: 'chủ sở hữu chỗ ở', guardian: 'người giám hộ', other: 'người liên quan' }[action.payload.role];
    const body = `Bạn được đề nghị cho ý kiến (với tư cách ${role}) về hồ sơ ${d.code} (${p.name.vi}) của ${d.applicantName}. Vui lòng đăng nhập Cổng định danh để đồng ý hoặc không đồng ý.`;
    await notify(tx, ctx, e, action.payload.personId, action.payload.pin, d.code, body);
  }
}

/** The relay subscriber (server.ts subscribes it). */
export function dossierNoticeSubscriber(ctx: AppContext): Subscriber {
  return { name: NOTICE_SUBSCRIBER, types: ['dossier.*'], handle: (e, tx) => noticeFor(ctx, e, tx) };
}
