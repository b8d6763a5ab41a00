import { hasPermission, inScope, authorize, rolesHolding, scopeFilter, type Permission } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import type { AuditEntry } from '../../kernel/audit.js';
import { recordAccessMany, recordAudit } from '../../kernel/audit.js';
import { officerNames, officersCovering } from '../../kernel/auth/officers.js';
import { dueDate, loadCalendar } from '../../kernel/calendar/calendar-service.js';
import { addWorkingDays, CalendarYearMissing, nextDay, workingDaysBetween } from '../../kernel/calendar/working-days.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { AppError, conflict, forbidden, invalid, notFound, type Message } from '../../kernel/errors.js';
import { publish, type EventDefinition } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import { findUnstorableText } from '../../kernel/text-input.js';
import { unloggedPersonByActivePin } from '../people/index.js';
import * as events from './events.js';
import {
  ActionRefused,
  applyAction,
  refusalOf,
  availableActions,
  SYSTEM_ACTIONS,
  FINAL_STATUSES,
  feeFor,
  stateOf,
  statusOfAction,
  type Action,
  type ActionOf,
  type ActionPayloads,
  type ActionType,
  type Channel,
  type ConsentRole,
  type ConsentState,
  type DossierState,
  type DossierStatus,
  type FormData,
  type PaymentMethod,
  type Reason,
} from './model.js';
import { DOSSIERS_PROCESS, DOSSIERS_READ } from './permissions.js';
import { documentsToAttach, findProcedure, getProcedure, minEidLevelOf, type Procedure } from './procedures.js';
import { formShape } from './schemas.js';
import * as store from './store.js';
import type { ReadPurpose } from '../../kernel/purposes.js';

/**
 * The dossier engine's use cases. Every action is one transaction: the dossier row locked, the
 * state derived from its actions, the action checked against the table, appended, the cached
 * state saved, the audit row and the event written, and (on approval) the procedure's registry
 * change made — all of it or nothing.
 */

export const dossierNotFound = () => notFound('dossier_not_found', { vi: 'Không tìm thấy hồ sơ.', en: 'No such dossier.' }, 'id');

export const STATUS_NAMES: Record<DossierStatus, Message> = {
  submitted: { vi: 'chờ kiểm tra tiếp nhận', en: 'awaiting the intake check' },
  supplement_requested: { vi: 'chờ bổ sung', en: 'awaiting a supplement' },
  received: { vi: 'đã tiếp nhận, chờ nộp lệ phí', en: 'received, awaiting the fee' },
  fee_paid: { vi: 'đã nộp lệ phí, chờ thẩm định', en: 'fee paid, awaiting review' },
  in_review: { vi: 'đang thẩm định', en: 'in review' },
  approved: { vi: 'đã phê duyệt, chờ trả kết quả', en: 'approved, awaiting the result notice' },
  rejected: { vi: 'không được giải quyết, chờ thông báo', en: 'rejected, awaiting the notice' },
  result_notified: { vi: 'đã trả kết quả', en: 'result given' },
  refused: { vi: 'đã từ chối tiếp nhận', en: 'refused at intake' },
  withdrawn: { vi: 'đã rút', en: 'withdrawn' },
};

function refusedAnswer(err: ActionRefused): AppError {
  const state = err.status ? STATUS_NAMES[err.status] : { vi: 'chưa nộp', en: 'not filed' };
  switch (err.code) {
    case 'consent_not_pending':
      return conflict('consent_not_pending', { vi: 'Không có yêu cầu đồng ý nào đang chờ với số thứ tự này.', en: 'No consent request with this number is waiting.' }, 'payload.requestSeq');
    case 'consent_pending':
      return conflict('consent_pending', { vi: 'Hồ sơ đang chờ người được hỏi ý kiến (chủ hộ, chủ sở hữu…) đồng ý.', en: 'The dossier is waiting for a consent (household head, owner …) still to be given.' }, 'type');
    case 'consent_refused':
      return conflict('consent_refused', { vi: 'Có người đã từ chối đồng ý: hồ sơ không thể được phê duyệt.', en: 'Someone refused consent: the dossier cannot be approved.' }, 'payload.outcome');
    case 'fee_amount_wrong':
      return conflict('fee_amount_wrong', { vi: 'Số tiền lệ phí không đúng với thủ tục.', en: 'The fee amount does not match the procedure.' }, 'payload');
    default:
      return new AppError(
        'conflict',
        'action_not_available',
        { vi: `Không thể thực hiện "${err.type}" khi hồ sơ ở trạng thái ${err.status ?? '—'} (${state.vi}).`, en: `"${err.type}" is not available while the dossier is ${err.status ?? '—'} (${state.en}).` },
        { field: 'type' },
      );
  }
}

// ───────────────────────────── views ─────────────────────────────

export interface DossierSummary {
  id: string;
  code: string;
  procedure: { code: string; name: Message };
  unitCode: string;
  channel: Channel;
  applicant: { pin: string; fullName: string };
  state: DossierStatus;
  lastSeq: number;
  submittedAt: string;
  receivedAt: string | null;
  dueDate: string | null;
  assignedTo: string | null;
  /** The assigned officer as histories name them: "Nguyễn Văn Bình (cb.phuongbadinh)". */
  assignedName: string | null;
  overdue: boolean;
  dueSoon: boolean;
  late: boolean | null;
}

/** An action as shown: its actor with a name (officers). */
export type ActionView = { [K in ActionType]: Omit<ActionOf<K>, 'actor'> & { actor: { kind: string; id: string; name: string | null } } }[ActionType];

export interface AttachmentView {
  id: string;
  documentCode: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface DossierDetails extends DossierSummary {
  form: FormData;
  fee: { dueVnd: number; paidVnd: number | null };
  documents: Array<{ code: string; name: Message; required: boolean; heldByRegistry: boolean; attached: boolean }>;
  /** Everyone asked to consent, by name (their reads are in the access log with the dossier's). */
  consents: Array<{ requestSeq: number; pin: string; fullName: string | null; role: ConsentRole; status: Action['status'] }>;
  /** The actions the state allows (the table), and those of them this caller may take. */
  availableActions: ActionType[];
  yourActions: ActionType[];
  actions: ActionView[];
  attachments: AttachmentView[];
  /** Names of the officers the log mentions (actors and assignees), by id. */
  officerNames: Record<string, string>;
}

/** The last day counted as "due soon": the next working day (or tomorrow, when the calendar lacks the year). */
async function dueSoonLimit(ctx: AppContext, tx?: Executor): Promise<string> {
  const today = todayInVietnam(ctx.clock);
  try {
    return addWorkingDays(await loadCalendar(ctx.db, tx), today, 1);
  } catch {
    return nextDay(today);
  }
}

function summarise(d: store.DossierRow, p: Procedure | undefined, today: string, soon: string, names: ReadonlyMap<string, string>): DossierSummary {
  const open = !FINAL_STATUSES.includes(d.state);
  const overdue = open && d.dueDate !== null && d.dueDate < today;
  return {
    id: d.id,
    code: d.code,
    procedure: { code: d.procedureCode, name: p?.name ?? { vi: d.procedureCode, en: d.procedureCode } },
    unitCode: d.unitCode,
    channel: d.channel,
    applicant: { pin: d.applicantPin, fullName: d.applicantName },
    state: d.state,
    lastSeq: d.lastSeq,
    submittedAt: d.submittedAt,
    receivedAt: d.receivedAt,
    dueDate: d.dueDate,
    assignedTo: d.assignedTo,
    assignedName: d.assignedTo ? (names.get(d.assignedTo) ?? null) : null,
    overdue,
    dueSoon: open && !overdue && d.dueDate !== null && d.dueDate <= soon,
    late: d.notifiedLate,
  };
}

async function details(db: Executor, ctx: AppContext, actor: Actor, d: store.DossierRow, soon: string): Promise<DossierDetails> {
  const p = getProcedure(d.procedureCode);
  const actions = await store.listActions(db, d.id);
  const attachments = await store.listAttachments(db, d.id);
  const state = stateOf(p, actions);
  const assignees = actions.flatMap((a) => (a.type === 'assign' ? [a.payload.officerId] : []));
  const names = await officerNames(db, [...new Set([...actions.filter((a) => a.actor.kind === 'officer').map((a) => a.actor.id), ...assignees])]);
  const attached = new Set(attachments.map((a) => a.documentCode));
  // What a screen may offer: the system's own actions are never a button.
  const available = availableActions(state).filter((t) => !SYSTEM_ACTIONS.includes(t));
  const consentNames = new Map<string, string | null>();
  for (const c of state.consents) if (!consentNames.has(c.pin)) consentNames.set(c.pin, (await unloggedPersonByActivePin(db, c.pin))?.fullName ?? null);
  return {
    ...summarise(d, p, todayInVietnam(ctx.clock), soon, names),
    form: d.form,
    fee: { dueVnd: feeFor(p.fee, d.channel), paidVnd: state.feePaidVnd },
    documents: p.documents.map((doc) => ({ code: doc.code, name: doc.name, required: doc.required, heldByRegistry: doc.heldByRegistry ?? false, attached: attached.has(doc.code) })),
    consents: state.consents.map((c) => ({ requestSeq: c.requestSeq, pin: c.pin, fullName: consentNames.get(c.pin) ?? null, role: c.role, status: c.status })),
    availableActions: available,
    yourActions: available.filter((t) => mayTake(actor, t, d, state, p)),
    actions: actions.map((a) => ({ ...a, actor: { ...a.actor, name: names.get(a.actor.id) ?? null } }) as ActionView),
    attachments: attachments.map(({ storageKey: _k, dossierId: _d, ...a }) => a),
    officerNames: Object.fromEntries(names),
  };
}

/** The people a dossier names (applicant and everyone asked to consent): one access row each per read. */
function accessEntries(actor: Actor, d: store.DossierRow, consentPins: string[], purpose: ReadPurpose): AuditEntry[] {
  const pins = [...new Set([d.applicantPin, ...consentPins])];
  return pins.map((pin) => ({ actor, action: 'dossier.read', target: { kind: 'person', id: pin }, unitCode: d.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, dossier: d.code }));
}

// ───────────────────────────── who may ─────────────────────────────

/** May the actor see this dossier? An officer out of scope, or a citizen it does not concern, is told it does not exist. */
export function assertMaySee(actor: Actor, d: store.DossierRow | undefined, state: DossierState | undefined): asserts d is store.DossierRow {
  if (actor.kind === 'officer') {
    if (!hasPermission(actor, DOSSIERS_READ)) throw forbidden('permission_denied');
    if (!d || !inScope(actor, { communeCode: d.unitCode, provinceCode: d.provinceCode })) throw dossierNotFound();
    return;
  }
  if (actor.kind === 'system') {
    if (!d) throw dossierNotFound();
    return;
  }
  if (actor.kind === 'citizen' && d && (d.applicantPersonId === actor.personId || state?.consents.some((c) => c.personId === actor.personId))) return;
  throw dossierNotFound();
}

const OFFICER_ACTIONS: readonly ActionType[] = ['receive', 'request_supplement', 'refuse', 'pay_fee', 'assign', 'review', 'notify_result', 'request_consent'];

/** Who may take an action: officers who process dossiers, the procedure's deciders, the applicant, the person asked to consent. */
function mayTake(actor: Actor, type: ActionType, d: store.DossierRow, state: DossierState, p: Procedure, requestSeq?: number): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'officer') {
    if (type === 'decide') return hasPermission(actor, p.decidedBy);
    return hasPermission(actor, DOSSIERS_PROCESS) && type !== 'submit';
  }
  if (actor.kind === 'citizen') {
    if (OFFICER_ACTIONS.includes(type) || type === 'decide' || type === 'submit') return false;
    if (type === 'supplement' || type === 'withdraw') return d.applicantPersonId === actor.personId;
    // give_consent / refuse_consent: their own pending request (any of them, when not named yet).
    return state.consents.some((c) => c.personId === actor.personId && c.status === 'requested' && (requestSeq === undefined || c.requestSeq === requestSeq));
  }
  return false;
}

// ───────────────────────────── submission ─────────────────────────────

export interface SubmitInput {
  procedure: string;
  applicantPin: string;
  /** The commune office that handles the dossier. */
  unitCode: string;
  channel: Channel;
  /** The caller's id of this submission: a retry with the same id returns the same dossier. */
  requestId: string;
  form: FormData;
}

const PURPOSE_INTAKE: ReadPurpose = { code: 'dossier_processing' };

function checkForm(p: Procedure, form: unknown): void {
  const text = findUnstorableText(form);
  if (text) throw invalid('text_unstorable', ['form', ...text.path].join('.'), { vi: 'Biểu mẫu có ký tự không hợp lệ.', en: 'The form holds characters that cannot be stored.' });
  if (!p.formCheck.Check(form)) {
    const errors = [...p.formCheck.Errors(form)].slice(0, 20).map((e) => ({ field: `form${e.path.replace(/\//g, '.')}`, code: 'form_field_invalid', message: { vi: `Trường không hợp lệ: ${e.message}`, en: `Field not valid: ${e.message}` } }));
    throw new AppError('invalid', 'form_invalid', { vi: 'Biểu mẫu của thủ tục chưa đúng.', en: 'The procedure form is not filled in correctly.' }, { field: errors[0]?.field ?? 'form', errors });
  }
  // A procedure whose form lets through what a dossier cannot show is a programming error.
  if (!formShape.Check(form)) throw new Error(`procedure ${p.code}: its form allows values outside the dossier form shape (schemas.ts FormSchema)`);
}

/** Files a dossier (idempotent by channel, applicant and request id); it waits for the intake check. */
export async function submitDossier(ctx: AppContext, actor: Actor, input: SubmitInput): Promise<DossierDetails> {
  return ctx.db.transaction((tx) => submitDossierInTx(tx, ctx, actor, input));
}

/** `submitDossier` inside the caller's transaction (online filing that also asks for consents). */
export async function submitDossierInTx(tx: Executor, ctx: AppContext, actor: Actor, input: SubmitInput): Promise<DossierDetails> {
  const p = findProcedure(input.procedure);
  if (!p) throw invalid('procedure_unknown', 'procedure', { vi: 'Không có thủ tục hành chính với mã này.', en: 'No administrative procedure has this code.' });
  if (!p.channels.includes(input.channel)) throw invalid('channel_not_offered', 'channel', { vi: 'Thủ tục này không nhận hồ sơ qua kênh này.', en: 'This procedure is not filed through this channel.' });
  if (!/^[A-Za-z0-9_.:-]{8,100}$/.test(input.requestId)) throw invalid('request_id_invalid', 'requestId', { vi: 'Mã yêu cầu gồm 8–100 chữ, số hoặc _ . : -', en: 'A request id is 8–100 letters, digits or _ . : -' });
  const provinceCode = /^\d{5}$/.test(input.unitCode) ? await ctx.units.provinceOfCommune(input.unitCode, tx) : undefined;
  if (!provinceCode) throw invalid('unit_not_found', 'unitCode', { vi: 'Không có xã/phường hiện hành với mã này.', en: 'No current commune has this code.' });
  switch (actor.kind) {
    case 'officer':
      authorize(actor, DOSSIERS_PROCESS, { communeCode: input.unitCode, provinceCode });
      if (input.channel === 'portal') throw invalid('channel_not_for_officer', 'channel', { vi: 'Cán bộ nhận hồ sơ tại quầy hoặc lưu động; kênh trực tuyến dành cho công dân.', en: 'Officers file at the counter or as a mobile team; the portal is for citizens.' });
      break;
    case 'citizen':
      if (input.channel !== 'portal') throw invalid('channel_not_for_citizen', 'channel', { vi: 'Công dân nộp hồ sơ trực tuyến.', en: 'Citizens file through the portal.' });
      if (input.applicantPin !== actor.pin) throw forbidden('not_own_dossier');
      break;
    case 'system':
      break;
    default:
      throw forbidden('permission_denied');
  }
  checkForm(p, input.form);
  const applicant = await unloggedPersonByActivePin(tx, input.applicantPin);
  if (!applicant) throw invalid('applicant_not_found', 'applicantPin', { vi: 'Không có công dân với số định danh này.', en: 'No person holds this personal ID number.' });
  if (applicant.status !== 'living') throw invalid('applicant_not_living', 'applicantPin', { vi: 'Người nộp hồ sơ đã được ghi nhận là đã chết hoặc mất tích.', en: 'The applicant is recorded as deceased or missing.' });
  const now = ctx.clock.now();
  const soonDay = await dueSoonLimit(ctx, tx);

  const replay = await store.findDossierByRequest(tx, input.channel, applicant.id, input.requestId);
  if (replay) return answerReplay(tx, ctx, actor, replay, input, soonDay, now);

  const today = todayInVietnam(ctx.clock);
  const serial = await store.nextSerial(tx, input.unitCode, today);
  const code = `${input.unitCode}-${today.replace(/-/g, '')}-${String(serial).padStart(4, '0')}`;
  const id = newId();
  const inserted = await store.insertDossier(tx, {
    id,
    code,
    procedureCode: p.code,
    unitCode: input.unitCode,
    provinceCode,
    applicantPersonId: applicant.id,
    applicantPin: applicant.pin,
    applicantName: applicant.fullName,
    channel: input.channel,
    requestId: input.requestId,
    form: input.form,
    at: now,
    by: actor.id,
  });
  if (!inserted) {
    // A concurrent retry committed first (the insert waited for it): answer with its dossier.
    // The serial taken here is left unused, like the serial of any dossier never filed.
    const first = await store.findDossierByRequest(tx, input.channel, applicant.id, input.requestId);
    return answerReplay(tx, ctx, actor, first!, input, soonDay, now);
  }
  const action: Action = { seq: 1, type: 'submit', status: 'accepted', actor: { kind: actor.kind, id: actor.id }, at: now.toISOString(), payload: { channel: input.channel } };
  await store.insertAction(tx, id, action);
  const row = (await store.findDossier(tx, id))!;
  await recordAudit(tx, { actor, action: 'dossier.submit', target: { kind: 'dossier', id: code }, unitCode: input.unitCode, dossier: code, detail: { seq: 1, procedure: p.code, channel: input.channel, applicantPin: applicant.pin } }, now);
  await publish(tx, { type: events.DossierSubmitted, subject: code, payload: { ...eventCommon(row, 1), channel: input.channel }, actorId: actor.id }, now);
  const followUp = await intakeByProcedure(tx, ctx, p, row, applicant, stateOf(p, [action]), now);
  const final = followUp ? (await store.findDossier(tx, id))! : row;
  await recordAccessMany(tx, accessEntries(actor, final, followUp?.consents.map((c) => c.pin) ?? [], PURPOSE_INTAKE), now);
  return details(tx, ctx, actor, final, soonDay);
}

/** The engine's own actions at submission: it acts as the system, named for the log. */
const INTAKE: Actor = { kind: 'system', id: 'dossiers.intake' };

/**
 * What the procedure asks of a fresh dossier, in the submission's transaction: an ineligible
 * one is refused at once (CT06) with the procedure's reasons; otherwise every consent the law
 * requires is requested. Returns the new state, or undefined when nothing was added.
 */
async function intakeByProcedure(tx: Executor, ctx: AppContext, p: Procedure, d: store.DossierRow, applicant: { id: string; pin: string }, state: DossierState, now: Date): Promise<DossierState | undefined> {
  const check = { code: d.code, procedure: d.procedureCode, unitCode: d.unitCode, provinceCode: d.provinceCode, channel: d.channel, submittedAt: d.submittedAt, applicant: { personId: applicant.id, pin: applicant.pin }, form: d.form };
  const at = now.toISOString();
  const actionBase = { status: 'accepted' as const, actor: { kind: INTAKE.kind, id: INTAKE.id }, at };
  const toAppend: Action[] = [];
  const reasons = p.eligibility ? await p.eligibility(tx, ctx, check) : [];
  if (reasons.length > 0) {
    toAppend.push({ ...actionBase, seq: state.lastSeq + 1, type: 'refuse', payload: { reasons, notice: 'CT06' } });
  } else if (p.consentsNeeded) {
    const asked = new Set<string>();
    for (const need of await p.consentsNeeded(tx, ctx, check)) {
      const person = await unloggedPersonByActivePin(tx, need.pin);
      if (!person || person.status !== 'living') throw invalid('consent_person_not_found', 'form', { vi: `Không có công dân còn sống với số định danh ${need.pin} để hỏi ý kiến.`, en: `No living person holds ${need.pin} to be asked for consent.` });
      const key = `${person.id}/${need.role}`;
      if (person.id === applicant.id || asked.has(key)) continue;
      asked.add(key);
      toAppend.push({ ...actionBase, status: 'requested', seq: state.lastSeq + 1 + toAppend.length, type: 'request_consent', payload: { personId: person.id, pin: person.pin, role: need.role, note: need.note ?? null } });
    }
  }
  if (toAppend.length === 0) return undefined;
  let next = state;
  for (const a of toAppend) {
    next = applyAction(p, next, a);
    await store.insertAction(tx, d.id, a);
    await recordAudit(tx, { actor: INTAKE, action: `dossier.${a.type}`, target: { kind: 'dossier', id: d.code }, unitCode: d.unitCode, dossier: d.code, purpose: purposeOf(a), detail: { seq: a.seq, state: next.status } }, now);
    const ev = eventOf(d, a, next.consents);
    await publish(tx, { type: ev.type, subject: d.code, payload: ev.payload, actorId: INTAKE.id }, now);
  }
  await store.saveState(tx, d.id, next);
  return next;
}

async function answerReplay(tx: Executor, ctx: AppContext, actor: Actor, d: store.DossierRow, input: SubmitInput, soon: string, now: Date): Promise<DossierDetails> {
  if (d.procedureCode !== input.procedure || d.unitCode !== input.unitCode) {
    throw conflict('request_id_reused', { vi: 'Mã yêu cầu này đã được dùng cho một hồ sơ khác.', en: 'This request id was already used for another dossier.' }, 'requestId');
  }
  const view = await details(tx, ctx, actor, d, soon);
  await recordAccessMany(tx, accessEntries(actor, d, view.consents.map((c) => c.pin), PURPOSE_INTAKE), now);
  return view;
}

function eventCommon(d: store.DossierRow, seq: number) {
  return { code: d.code, procedure: d.procedureCode, unitCode: d.unitCode, applicantPin: d.applicantPin, seq };
}

// ───────────────────────────── actions ─────────────────────────────

export interface ActionInput {
  type: ActionType;
  /** The seq of the last action the caller saw: another action since then is a 409 dossier_changed. */
  expectedSeq: number;
  payload?: ActionInputPayload | undefined;
}

/** What a caller says with an action; the engine computes the rest (codes, dates, amounts). */
export interface ActionInputPayload {
  missing?: Reason[] | undefined;
  reasons?: Reason[] | undefined;
  note?: string | undefined;
  documents?: string[] | undefined;
  method?: Exclude<PaymentMethod, 'none'> | undefined;
  receiptNo?: string | undefined;
  officerId?: string | undefined;
  outcome?: 'approve' | 'reject' | undefined;
  pin?: string | undefined;
  role?: ConsentRole | undefined;
  requestSeq?: number | undefined;
  reason?: string | undefined;
}

/** Takes one action on a dossier, if its state allows it and nobody acted since `expectedSeq`. */
export async function actOnDossier(ctx: AppContext, actor: Actor, id: string, input: ActionInput): Promise<DossierDetails> {
  return ctx.db.transaction((tx) => actOnDossierInTx(tx, ctx, actor, id, input));
}

export const eidLevelTooLow = () =>
  new AppError('forbidden', 'eid_level_too_low', {
    vi: 'Thủ tục này cần tài khoản định danh điện tử mức 2. Hãy nâng mức tài khoản tại cơ quan Công an.',
    en: 'This procedure needs a level-2 e-ID account. Have your account raised to level 2 at a police office.',
  });

const missingField = (field: string) => invalid('payload_field_required', `payload.${field}`, { vi: 'Thiếu thông tin bắt buộc cho thao tác này.', en: 'This action needs this field.' });

/** `actOnDossier` inside the caller's transaction. */
export async function actOnDossierInTx(tx: Executor, ctx: AppContext, actor: Actor, id: string, input: ActionInput): Promise<DossierDetails> {
  const d = await store.findDossier(tx, id, { lock: true });
  const p = d ? getProcedure(d.procedureCode) : undefined;
  const actions = d ? await store.listActions(tx, d.id) : [];
  const state = p ? stateOf(p, actions) : undefined;
  assertMaySee(actor, d, state);
  const payloadIn = input.payload ?? {};
  // Appended only by the system's subscribers, in their own step; nobody asks for it here.
  if (SYSTEM_ACTIONS.includes(input.type)) throw refusedAnswer(new ActionRefused('action_not_available', state!.status, input.type));
  if (!mayTake(actor, input.type, d, state!, p!, payloadIn.requestSeq)) {
    // A citizen who may see the dossier but not act on it learns no more than "not allowed".
    throw forbidden('permission_denied');
  }
  // Consenting online binds the consenter as filing binds the applicant: the same e-ID level.
  if (actor.kind === 'citizen' && (input.type === 'give_consent' || input.type === 'refuse_consent') && actor.level < minEidLevelOf(p!)) throw eidLevelTooLow();
  if (input.expectedSeq !== d.lastSeq) {
    throw conflict('dossier_changed', { vi: `Hồ sơ vừa có thao tác khác (số ${d.lastSeq}); hãy tải lại rồi thử lại.`, en: `The dossier changed (action ${d.lastSeq}); reload and try again.` }, 'expectedSeq');
  }
  const refused = refusalOf(state!, input.type);
  if (refused) throw refusedAnswer(refused);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const seq = d.lastSeq + 1;
  const payload = await buildPayload(tx, ctx, actor, d, state!, p!, input.type, payloadIn, now);
  const action = { seq, type: input.type, status: statusOfAction(input.type), actor: { kind: actor.kind, id: actor.id }, at, payload } as Action;
  let next: DossierState;
  try {
    next = applyAction(p!, state!, action);
  } catch (err) {
    if (err instanceof ActionRefused) throw refusedAnswer(err);
    throw err;
  }
  const appended: Action[] = [action];
  // A free procedure's fee step is recorded, not skipped: 0 VND, at reception, automatically.
  if (input.type === 'receive' && feeFor(p!.fee, d.channel) === 0) {
    const free: Action = { seq: seq + 1, type: 'pay_fee', status: 'accepted', actor: { kind: actor.kind, id: actor.id }, at, payload: { amountVnd: 0, method: 'none', receiptNo: null, auto: true } };
    next = applyAction(p!, next, free);
    appended.push(free);
  }
  for (const a of appended) {
    await store.insertAction(tx, d.id, a);
    await recordAudit(tx, { actor, action: `dossier.${a.type}`, target: { kind: 'dossier', id: d.code }, unitCode: d.unitCode, dossier: d.code, purpose: purposeOf(a), detail: { seq: a.seq, state: next.status } }, now);
    const ev = eventOf(d, a, next.consents);
    await publish(tx, { type: ev.type, subject: d.code, payload: ev.payload, actorId: actor.id }, now);
  }
  await store.saveState(tx, d.id, next);
  if (input.type === 'decide' && next.receivedOn) {
    // Kept for the figures: the decision's day and the working days it took from reception.
    const decidedOn = todayInVietnam(ctx.clock);
    let days: number | null = null;
    try {
      days = workingDaysBetween(await loadCalendar(ctx.db, tx), next.receivedOn, decidedOn);
    } catch (err) {
      if (!(err instanceof CalendarYearMissing)) throw err;
    }
    await store.saveDecisionDays(tx, d.id, decidedOn, days);
  }
  const row = (await store.findDossier(tx, d.id))!;
  await recordAccessMany(tx, accessEntries(actor, row, next.consents.map((c) => c.pin), PURPOSE_INTAKE), now);
  return details(tx, ctx, actor, row, await dueSoonLimit(ctx, tx));
}

function purposeOf(a: Action): string | null {
  switch (a.type) {
    case 'refuse':
      return a.payload.reasons.map((r) => r.code).join(', ');
    case 'decide':
      return a.payload.outcome === 'reject' ? a.payload.reasons.map((r) => r.code).join(', ') : 'approve';
    case 'withdraw':
      return a.payload.reason;
    default:
      return null;
  }
}

function eventOf(d: store.DossierRow, a: Action, consents: readonly ConsentState[]): { type: EventDefinition<unknown>; payload: Record<string, unknown> } {
  const common = eventCommon(d, a.seq);
  const e = (type: EventDefinition<unknown>, extra: Record<string, unknown> = {}) => ({ type, payload: { ...common, ...extra } });
  switch (a.type) {
    case 'submit':
      return e(events.DossierSubmitted as EventDefinition<unknown>, { channel: a.payload.channel });
    case 'receive':
      return e(events.DossierReceived as EventDefinition<unknown>, { receivedOn: a.payload.receivedOn, dueDate: a.payload.dueDate });
    case 'request_supplement':
      return e(events.DossierSupplementRequested as EventDefinition<unknown>, { missing: a.payload.missing.map((m) => m.code) });
    case 'supplement':
      return e(events.DossierSupplemented as EventDefinition<unknown>);
    case 'refuse':
      return e(events.DossierRefused as EventDefinition<unknown>, { reasons: a.payload.reasons.map((r) => r.code) });
    case 'pay_fee':
      return e(events.DossierFeePaid as EventDefinition<unknown>, { amountVnd: a.payload.amountVnd });
    case 'assign':
      return e(events.DossierAssigned as EventDefinition<unknown>, { officerId: a.payload.officerId });
    case 'review':
      return e(events.DossierReviewStarted as EventDefinition<unknown>);
    case 'decide':
      return e(events.DossierDecided as EventDefinition<unknown>, { outcome: a.payload.outcome, reasons: a.payload.reasons.map((r) => r.code) });
    case 'notify_result':
      return e(events.DossierResultNotified as EventDefinition<unknown>, { notice: a.payload.notice, late: a.payload.late });
    case 'withdraw':
      return e(events.DossierWithdrawn as EventDefinition<unknown>);
    case 'request_consent':
      return e(events.DossierConsentRequested as EventDefinition<unknown>, { consentPin: a.payload.pin, role: a.payload.role });
    case 'give_consent':
    case 'refuse_consent': {
      const requestSeq = a.payload.requestSeq;
      const c = consents.find((x) => x.requestSeq === requestSeq)!;
      return e((a.type === 'give_consent' ? events.DossierConsentGiven : events.DossierConsentRefused) as EventDefinition<unknown>, { consentPin: c.pin, role: c.role });
    }
    case 'transfer_consent':
      // The merge subscriber appends it in its own step; person.merged is its event.
      throw new Error('transfer_consent is not taken through actOnDossier');
  }
}

const textOrNull = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim());

function requireReasons(list: Reason[] | undefined, field: string): Reason[] {
  if (!list || list.length === 0) throw missingField(field);
  return list;
}

async function buildPayload(
  tx: Executor,
  ctx: AppContext,
  actor: Actor,
  d: store.DossierRow,
  state: DossierState,
  p: Procedure,
  type: ActionType,
  input: ActionInputPayload,
  now: Date,
): Promise<ActionPayloads[ActionType]> {
  switch (type) {
    case 'request_supplement':
      return { missing: requireReasons(input.missing, 'missing'), note: textOrNull(input.note), notice: 'CT05' };
    case 'supplement': {
      const documents = input.documents ?? [];
      if (documents.some((c) => !p.documents.some((doc) => doc.code === c))) throw invalid('document_unknown', 'payload.documents', { vi: 'Thủ tục này không có giấy tờ với mã này.', en: 'This procedure has no document with this code.' });
      return { documents, note: textOrNull(input.note) };
    }
    case 'receive': {
      const attached = new Set((await store.listAttachments(tx, d.id)).map((a) => a.documentCode));
      const missing = documentsToAttach(p).filter((doc) => !attached.has(doc.code));
      if (missing.length) {
        throw new AppError(
          'conflict',
          'documents_missing',
          { vi: `Hồ sơ còn thiếu: ${missing.map((m) => m.name.vi).join('; ')}. Hãy hướng dẫn bổ sung (CT05).`, en: `Missing documents: ${missing.map((m) => m.name.en).join('; ')}. Ask for a supplement (CT05).` },
          { field: 'type', errors: missing.map((m) => ({ field: `documents.${m.code}`, code: 'document_missing', message: m.name })) },
        );
      }
      // The appointment counts from this, the complete reception (not from the first filing).
      const due = await dueDate(ctx, now, p.workingDays, d.unitCode, tx);
      return { receivedAt: now.toISOString(), receivedOn: due.received, dueDate: due.due, workingDays: p.workingDays, receipt: 'CT04' };
    }
    case 'refuse':
      return { reasons: requireReasons(input.reasons, 'reasons'), notice: 'CT06' };
    case 'pay_fee':
      if (!input.method) throw missingField('method');
      return { amountVnd: feeFor(p.fee, d.channel), method: input.method, receiptNo: textOrNull(input.receiptNo), auto: false };
    case 'assign': {
      if (!input.officerId) throw missingField('officerId');
      // Only an officer who could process it here: of the dossier's commune or its province.
      const eligible = await officersCovering(tx, rolesHolding(DOSSIERS_PROCESS), { communeCode: d.unitCode, provinceCode: d.provinceCode });
      if (!eligible.some((o) => o.id === input.officerId)) throw invalid('officer_not_found', 'payload.officerId', { vi: 'Không có cán bộ xử lý hồ sơ của đơn vị với mã này.', en: 'No officer who processes this unit’s dossiers has this id.' });
      return { officerId: input.officerId };
    }
    case 'review':
      return { note: textOrNull(input.note) };
    case 'decide': {
      if (!input.outcome) throw missingField('outcome');
      if (input.outcome === 'reject') return { outcome: 'reject', reasons: requireReasons(input.reasons, 'reasons'), note: textOrNull(input.note), effect: null };
      if (state.consents.some((c) => c.status === 'rejected')) throw refusedAnswer(new ActionRefused('consent_refused', state.status, 'decide'));
      // The registry may have changed since the submission: the procedure's rules again, now.
      const reasons = p.eligibility
        ? await p.eligibility(tx, ctx, { code: d.code, procedure: d.procedureCode, unitCode: d.unitCode, provinceCode: d.provinceCode, channel: d.channel, submittedAt: d.submittedAt, applicant: { personId: d.applicantPersonId, pin: d.applicantPin }, form: d.form })
        : [];
      if (reasons.length > 0) {
        throw new AppError(
          'conflict',
          'not_eligible',
          { vi: `Hồ sơ không đủ điều kiện: ${reasons.map((r) => r.vi).join('; ')}. Hãy quyết định không giải quyết, nêu lý do.`, en: `The dossier is not eligible: ${reasons.map((r) => r.en).join('; ')}. Reject it with these reasons.` },
          { field: 'payload.outcome', errors: reasons.map((r) => ({ field: 'form', code: r.code, message: { vi: r.vi, en: r.en } })) },
        );
      }
      const effect = p.effect
        ? ((await p.effect(tx, ctx, actor, {
            id: d.id,
            code: d.code,
            procedure: d.procedureCode,
            unitCode: d.unitCode,
            provinceCode: d.provinceCode,
            channel: d.channel,
            submittedAt: d.submittedAt,
            applicant: { personId: d.applicantPersonId, pin: d.applicantPin },
            form: d.form,
            consents: state.consents.filter((c) => c.status === 'accepted').map((c) => ({ personId: c.personId, pin: c.pin, role: c.role })),
          })) ?? null)
        : null;
      return { outcome: 'approve', reasons: [], note: textOrNull(input.note), effect };
    }
    case 'notify_result': {
      const notifiedOn = todayInVietnam(ctx.clock);
      return { notice: state.outcome === 'approve' ? 'CT08' : 'CT06', notifiedOn, late: state.dueDate !== null && notifiedOn > state.dueDate };
    }
    case 'withdraw':
      return { reason: textOrNull(input.reason) };
    case 'request_consent': {
      if (!input.pin) throw missingField('pin');
      if (!input.role) throw missingField('role');
      const person = await unloggedPersonByActivePin(tx, input.pin);
      if (!person || person.status !== 'living') throw invalid('consent_person_not_found', 'payload.pin', { vi: 'Không có công dân còn sống với số định danh này.', en: 'No living person holds this personal ID number.' });
      if (state.consents.some((c) => c.personId === person.id && c.role === input.role && c.status === 'requested')) {
        throw conflict('consent_already_requested', { vi: 'Đã có yêu cầu đồng ý đang chờ người này.', en: 'A consent request is already waiting for this person.' }, 'payload.pin');
      }
      return { personId: person.id, pin: person.pin, role: input.role, note: textOrNull(input.note) };
    }
    case 'give_consent':
    case 'refuse_consent': {
      // A citizen answers their own request; with several, name one (the only one is taken).
      const own = actor.kind === 'citizen' ? state.consents.filter((c) => c.personId === actor.personId && c.status === 'requested') : [];
      const requestSeq = input.requestSeq ?? (own.length === 1 ? own[0]!.requestSeq : undefined);
      if (requestSeq === undefined) throw missingField('requestSeq');
      return { requestSeq, note: textOrNull(input.note) };
    }
    case 'submit':
    case 'transfer_consent':
      throw refusedAnswer(new ActionRefused('action_not_available', state.status, type));
  }
}

// ───────────────────────────── reads ─────────────────────────────

/** One dossier with its actions, documents and the actions available; the people it names are access-logged. */
export async function getDossier(ctx: AppContext, actor: Actor, id: string, purpose: ReadPurpose): Promise<DossierDetails> {
  const d = await store.findDossier(ctx.db.pool, id);
  const p = d && findProcedure(d.procedureCode);
  const state = d && p ? stateOf(p, await store.listActions(ctx.db.pool, d.id)) : undefined;
  assertMaySee(actor, d, state);
  const soon = await dueSoonLimit(ctx);
  const view = await details(ctx.db.pool, ctx, actor, d, soon);
  await ctx.accessLog.append(accessEntries(actor, d, view.consents.map((c) => c.pin), purpose), ctx.clock.now());
  return view;
}

/** A dossier as the module owning its procedure sees it inside its own transaction (no actions, no view). */
export interface DossierBrief {
  id: string;
  code: string;
  procedure: string;
  unitCode: string;
  provinceCode: string;
  channel: Channel;
  applicant: { personId: string; pin: string; fullName: string };
  form: FormData;
  state: DossierStatus;
  lastSeq: number;
}

/**
 * The dossier for a procedure's own steps beside the engine (a card's intake capture): visible
 * to the actor as `getDossier` decides, locked for the caller's transaction so the state read is
 * the one the step commits against. The read is access-logged with the dossier.
 */
export async function getDossierBriefInTx(tx: Executor, ctx: AppContext, actor: Actor, id: string, purpose: ReadPurpose): Promise<DossierBrief> {
  const d = /^[0-9a-f-]{36}$/i.test(id) ? await store.findDossier(tx, id, { lock: true }) : undefined;
  const p = d && findProcedure(d.procedureCode);
  const state = d && p ? stateOf(p, await store.listActions(tx, d.id)) : undefined;
  assertMaySee(actor, d, state);
  await recordAccessMany(tx, accessEntries(actor, d, [d.applicantPin], purpose), ctx.clock.now());
  return { id: d.id, code: d.code, procedure: d.procedureCode, unitCode: d.unitCode, provinceCode: d.provinceCode, channel: d.channel, applicant: { personId: d.applicantPersonId, pin: d.applicantPin, fullName: d.applicantName }, form: d.form, state: state!.status, lastSeq: state!.lastSeq };
}

export interface QueueQuery {
  procedure?: string | undefined;
  /** One state, `open` (not finished: the default) or `all`. */
  state?: DossierStatus | 'open' | 'all' | undefined;
  unitCode?: string | undefined;
  assignedTo?: string | undefined;
  /** Only open dossiers past their appointment date. */
  overdue?: boolean | undefined;
  page: number;
  pageSize: number;
  purpose: ReadPurpose;
}

export const OPEN_STATES = (['submitted', 'supplement_requested', 'received', 'fee_paid', 'in_review', 'approved', 'rejected'] as DossierStatus[]);

/** The work queue of the officer's unit, earliest appointment first, with due-soon and overdue flags; each applicant shown is access-logged. */
export async function listDossiers(ctx: AppContext, actor: Actor, q: QueueQuery): Promise<{ items: DossierSummary[]; total: number; page: number; pageSize: number }> {
  authorize(actor, DOSSIERS_READ);
  const scope = scopeFilter(actor);
  const states = q.state === 'all' ? null : q.state === undefined || q.state === 'open' ? OPEN_STATES : [q.state];
  const overdueBefore = q.overdue ? todayInVietnam(ctx.clock) : undefined;
  const assignedTo = q.assignedTo === 'me' ? actor.id : q.assignedTo;
  const { rows, total } = await store.queue(ctx.db.pool, { scope, unitCode: q.unitCode, procedure: q.procedure, states: overdueBefore && !states ? OPEN_STATES : states, assignedTo, overdueBefore, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: await summariesLogged(ctx, actor, rows, q.purpose), total, page: q.page, pageSize: q.pageSize };
}

/** A citizen's own dossiers (as applicant), newest appointment first. */
export async function listOwnDossiers(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number }): Promise<{ items: DossierSummary[]; total: number; page: number; pageSize: number }> {
  if (actor.kind !== 'citizen') throw forbidden('permission_denied');
  const { rows, total } = await store.queue(ctx.db.pool, { scope: null, states: null, applicantPersonId: actor.personId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: await summariesLogged(ctx, actor, rows, { code: 'citizen_self_view' }), total, page: q.page, pageSize: q.pageSize };
}

async function summariesLogged(ctx: AppContext, actor: Actor, rows: store.DossierRow[], purpose: ReadPurpose): Promise<DossierSummary[]> {
  const today = todayInVietnam(ctx.clock);
  const soon = await dueSoonLimit(ctx);
  await ctx.accessLog.append(rows.flatMap((d) => accessEntries(actor, d, [], purpose)), ctx.clock.now());
  const names = await officerNames(ctx.db.pool, [...new Set(rows.flatMap((d) => (d.assignedTo ? [d.assignedTo] : [])))]);
  return rows.map((d) => summarise(d, findProcedure(d.procedureCode), today, soon, names));
}

export type { Permission };
