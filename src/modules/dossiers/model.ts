/**
 * The dossier as an append-only list of actions, and its state derived from them by one pure
 * function (`stateOf`). One table (`TRANSITIONS`) says which actions each state allows; the
 * service refuses anything else and the API returns `availableActions` so a screen shows only
 * the buttons that will work. No I/O here.
 *
 * The path of a dossier (Law on Residence 2020 and the one-stop-shop rules):
 *   submitted ─receive (CT04)→ received ─pay_fee→ fee_paid ─review→ in_review ─decide→ approved | rejected ─notify_result (CT08 / CT06)→ result_notified
 *   submitted ─request_supplement (CT05: the clock stops)→ supplement_requested ─supplement→ submitted (intake again)
 *   submitted ─refuse (CT06)→ refused
 *   any state before the decision ─withdraw→ withdrawn
 * `assign` and the consent actions keep the state; while a consent is pending the dossier waits
 * (no `receive`, no `decide`), and a refused consent forbids approval. `transfer_consent` is the
 * system's: when two records of one person are merged, a request still waiting on the merged
 * record moves to the surviving one, so the person can answer it under the PIN that stays.
 */
export type Channel = 'counter' | 'portal' | 'mobile_team';
export const CHANNELS: readonly Channel[] = ['counter', 'portal', 'mobile_team'];

export type DossierStatus = 'submitted' | 'supplement_requested' | 'received' | 'fee_paid' | 'in_review' | 'approved' | 'rejected' | 'result_notified' | 'refused' | 'withdrawn';
export const STATUSES: readonly DossierStatus[] = ['submitted', 'supplement_requested', 'received', 'fee_paid', 'in_review', 'approved', 'rejected', 'result_notified', 'refused', 'withdrawn'];
/** States after which nothing more happens. */
export const FINAL_STATUSES: readonly DossierStatus[] = ['result_notified', 'refused', 'withdrawn'];

export type ActionType =
  | 'submit'
  | 'request_supplement'
  | 'supplement'
  | 'receive'
  | 'refuse'
  | 'pay_fee'
  | 'assign'
  | 'review'
  | 'decide'
  | 'notify_result'
  | 'withdraw'
  | 'request_consent'
  | 'give_consent'
  | 'refuse_consent'
  | 'transfer_consent';
export const ACTION_TYPES: readonly ActionType[] = ['submit', 'request_supplement', 'supplement', 'receive', 'refuse', 'pay_fee', 'assign', 'review', 'decide', 'notify_result', 'withdraw', 'request_consent', 'give_consent', 'refuse_consent', 'transfer_consent'];
/** Actions only the system appends (a subscriber following another module), never an officer or a citizen. */
export const SYSTEM_ACTIONS: readonly ActionType[] = ['transfer_consent'];

/** requested: waits on someone else (a consent); accepted: done; rejected: refused by that someone. */
export type ActionStatus = 'requested' | 'accepted' | 'rejected';

/** A reason shown to the applicant (refusal, rejection, what is missing), in both languages. */
export interface Reason {
  code: string;
  vi: string;
  en: string;
}

export type ConsentRole = 'household_head' | 'owner' | 'guardian' | 'other';
export const CONSENT_ROLES: readonly ConsentRole[] = ['household_head', 'owner', 'guardian', 'other'];
export type PaymentMethod = 'cash' | 'transfer' | 'online' | 'none';
export type EffectSummary = Record<string, string | number | boolean | null>;
/** A procedure form as a dossier keeps it: flat values, lists of them, or lists of flat objects. */
export type FormScalar = string | number | boolean | null;
export type FormData = Record<string, FormScalar | FormScalar[] | Array<Record<string, FormScalar>>>;

/** What each action records (the service fills the computed parts: codes, dates, amounts). */
export interface ActionPayloads {
  submit: { channel: Channel };
  request_supplement: { missing: Reason[]; note: string | null; notice: 'CT05' };
  supplement: { documents: string[]; note: string | null };
  receive: { receivedAt: string; receivedOn: string; dueDate: string; workingDays: number; receipt: 'CT04' };
  refuse: { reasons: Reason[]; notice: 'CT06' };
  pay_fee: { amountVnd: number; method: PaymentMethod; receiptNo: string | null; auto: boolean };
  assign: { officerId: string };
  review: { note: string | null };
  decide: { outcome: 'approve' | 'reject'; reasons: Reason[]; note: string | null; effect: EffectSummary | null };
  notify_result: { notice: 'CT08' | 'CT06'; notifiedOn: string; late: boolean };
  withdraw: { reason: string | null };
  request_consent: { personId: string; pin: string; role: ConsentRole; note: string | null };
  give_consent: { requestSeq: number; note: string | null };
  refuse_consent: { requestSeq: number; note: string | null };
  /** The pending request `requestSeq` now waits on this person (the survivor of a merge). */
  transfer_consent: { requestSeq: number; personId: string; pin: string; reason: 'person_merged' };
}

interface ActionBase {
  seq: number;
  status: ActionStatus;
  actor: { kind: string; id: string };
  /** ISO instant. */
  at: string;
}
export type Action = { [K in ActionType]: ActionBase & { type: K; payload: ActionPayloads[K] } }[ActionType];
export type ActionOf<K extends ActionType> = ActionBase & { type: K; payload: ActionPayloads[K] };

/** The status an action is recorded with. */
export function statusOfAction(type: ActionType): ActionStatus {
  if (type === 'request_consent') return 'requested';
  if (type === 'refuse_consent') return 'rejected';
  return 'accepted';
}

export interface ConsentState {
  requestSeq: number;
  personId: string;
  pin: string;
  role: ConsentRole;
  status: ActionStatus;
  answeredSeq: number | null;
}

export interface DossierState {
  status: DossierStatus;
  channel: Channel;
  lastSeq: number;
  receivedAt: string | null;
  receivedOn: string | null;
  dueDate: string | null;
  assignedTo: string | null;
  feePaidVnd: number | null;
  outcome: 'approve' | 'reject' | null;
  decidedAt: string | null;
  notifiedAt: string | null;
  notifiedLate: boolean | null;
  consents: ConsentState[];
}

/** The fee a procedure charges on a channel: online filing pays the online fee, the counter and mobile teams the counter fee. */
export function feeFor(fee: { counterVnd: number; onlineVnd: number }, channel: Channel): number {
  return channel === 'portal' ? fee.onlineVnd : fee.counterVnd;
}

/**
 * THE table: the actions each state allows. Consents may be asked and answered in every state
 * before the decision; `assign` in every state before the result.
 */
const CONSENT: ActionType[] = ['request_consent', 'give_consent', 'refuse_consent', 'transfer_consent'];
export const TRANSITIONS: Readonly<Record<DossierStatus, readonly ActionType[]>> = {
  submitted: ['receive', 'request_supplement', 'refuse', 'withdraw', 'assign', ...CONSENT],
  supplement_requested: ['supplement', 'withdraw', 'assign', ...CONSENT],
  received: ['pay_fee', 'withdraw', 'assign', ...CONSENT],
  fee_paid: ['review', 'withdraw', 'assign', ...CONSENT],
  in_review: ['decide', 'withdraw', 'assign', ...CONSENT],
  approved: ['notify_result', 'assign'],
  rejected: ['notify_result', 'assign'],
  result_notified: [],
  refused: [],
  withdrawn: [],
};

/** Actions that move the dossier forward and so wait for every consent asked for. */
const WAIT_FOR_CONSENTS: readonly ActionType[] = ['receive', 'decide'];

/** The actions available in a state: the table, narrowed by the consents it waits for. */
export function availableActions(state: DossierState): ActionType[] {
  const pending = state.consents.some((c) => c.status === 'requested');
  return TRANSITIONS[state.status].filter((t) => {
    if (pending && WAIT_FOR_CONSENTS.includes(t)) return false;
    if ((t === 'give_consent' || t === 'refuse_consent' || t === 'transfer_consent') && !pending) return false;
    return true;
  });
}

/** Why an action cannot be appended; the service answers 409 with `code`. */
export class ActionRefused extends Error {
  constructor(
    readonly code: 'action_not_available' | 'consent_pending' | 'consent_not_pending' | 'consent_refused' | 'fee_amount_wrong' | 'first_action_not_submit',
    readonly status: DossierStatus | null,
    readonly type: ActionType,
  ) {
    super(`${type} refused in state ${status ?? '(none)'}: ${code}`);
  }
}

const NEXT_STATUS: Partial<Record<ActionType, DossierStatus>> = {
  request_supplement: 'supplement_requested',
  supplement: 'submitted',
  receive: 'received',
  refuse: 'refused',
  pay_fee: 'fee_paid',
  review: 'in_review',
  notify_result: 'result_notified',
  withdraw: 'withdrawn',
};

/**
 * Why `type` is not available in `state`: the table allows it but a consent is still awaited
 * (`consent_pending`: the dossier waits), no consent is awaited for an answer, or the state
 * does not allow it at all. Undefined when it is available.
 */
export function refusalOf(state: DossierState, type: ActionType): ActionRefused | undefined {
  if (availableActions(state).includes(type)) return undefined;
  if (type === 'give_consent' || type === 'refuse_consent' || type === 'transfer_consent') return new ActionRefused('consent_not_pending', state.status, type);
  if (TRANSITIONS[state.status].includes(type) && WAIT_FOR_CONSENTS.includes(type)) return new ActionRefused('consent_pending', state.status, type);
  return new ActionRefused('action_not_available', state.status, type);
}

/** One step: the state after `action`, or ActionRefused. Pure. */
export function applyAction(procedure: { fee: { counterVnd: number; onlineVnd: number } }, state: DossierState, action: Action): DossierState {
  const refused = refusalOf(state, action.type);
  if (refused) throw refused;
  const next: DossierState = { ...state, lastSeq: action.seq, consents: state.consents };
  const status = NEXT_STATUS[action.type];
  if (status) next.status = status;
  switch (action.type) {
    case 'receive':
      next.receivedAt = action.payload.receivedAt;
      next.receivedOn = action.payload.receivedOn;
      next.dueDate = action.payload.dueDate;
      break;
    case 'pay_fee':
      if (action.payload.amountVnd !== feeFor(procedure.fee, state.channel)) throw new ActionRefused('fee_amount_wrong', state.status, action.type);
      next.feePaidVnd = action.payload.amountVnd;
      break;
    case 'assign':
      next.assignedTo = action.payload.officerId;
      break;
    case 'decide':
      if (action.payload.outcome === 'approve' && state.consents.some((c) => c.status === 'rejected')) throw new ActionRefused('consent_refused', state.status, action.type);
      next.status = action.payload.outcome === 'approve' ? 'approved' : 'rejected';
      next.outcome = action.payload.outcome;
      next.decidedAt = action.at;
      break;
    case 'notify_result':
      next.notifiedAt = action.at;
      next.notifiedLate = action.payload.late;
      break;
    case 'request_consent':
      next.consents = [...state.consents, { requestSeq: action.seq, personId: action.payload.personId, pin: action.payload.pin, role: action.payload.role, status: 'requested', answeredSeq: null }];
      break;
    case 'give_consent':
    case 'refuse_consent': {
      const { requestSeq } = action.payload;
      if (!state.consents.some((c) => c.requestSeq === requestSeq && c.status === 'requested')) throw new ActionRefused('consent_not_pending', state.status, action.type);
      const answer: ActionStatus = action.type === 'give_consent' ? 'accepted' : 'rejected';
      next.consents = state.consents.map((c) => (c.requestSeq === requestSeq ? { ...c, status: answer, answeredSeq: action.seq } : c));
      break;
    }
    case 'transfer_consent': {
      const { requestSeq, personId, pin } = action.payload;
      if (!state.consents.some((c) => c.requestSeq === requestSeq && c.status === 'requested')) throw new ActionRefused('consent_not_pending', state.status, action.type);
      next.consents = state.consents.map((c) => (c.requestSeq === requestSeq ? { ...c, personId, pin } : c));
      break;
    }
    default:
      break;
  }
  return next;
}

/**
 * THE state of a dossier: its actions folded from the submission on. Throws ActionRefused if
 * the list is not one the table allows (the service never stores such a list).
 */
export function stateOf(procedure: { fee: { counterVnd: number; onlineVnd: number } }, actions: readonly Action[]): DossierState {
  const [first, ...rest] = actions;
  if (!first || first.type !== 'submit') throw new ActionRefused('first_action_not_submit', null, first?.type ?? 'submit');
  let state: DossierState = {
    status: 'submitted',
    channel: first.payload.channel,
    lastSeq: first.seq,
    receivedAt: null,
    receivedOn: null,
    dueDate: null,
    assignedTo: null,
    feePaidVnd: null,
    outcome: null,
    decidedAt: null,
    notifiedAt: null,
    notifiedLate: null,
    consents: [],
  };
  for (const action of rest) state = applyAction(procedure, state, action);
  return state;
}
