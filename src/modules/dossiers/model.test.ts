import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, ActionRefused, applyAction, availableActions, FINAL_STATUSES, feeFor, stateOf, statusOfAction, STATUSES, TRANSITIONS, type Action, type ActionPayloads, type ActionType, type Channel, type DossierState } from './model.js';

/**
 * The pure model: action sequences generated from the table itself. Every state reached is a
 * valid one, every action the table does not list is refused, and the fold of the stored log
 * gives back the state step by step.
 */
const procedure = { fee: { counterVnd: 20_000, onlineVnd: 10_000 } };
const reason = { code: 'r', vi: 'lý do', en: 'reason' };

function payloadFor(type: ActionType, state: DossierState, pick: number): ActionPayloads[ActionType] {
  switch (type) {
    case 'submit':
      return { channel: state.channel };
    case 'request_supplement':
      return { missing: [reason], note: null, notice: 'CT05' };
    case 'supplement':
      return { documents: [], note: null };
    case 'receive':
      return { receivedAt: '2026-01-05T08:00:00.000Z', receivedOn: '2026-01-05', dueDate: '2026-01-08', workingDays: 3, receipt: 'CT04' };
    case 'refuse':
      return { reasons: [reason], notice: 'CT06' };
    case 'pay_fee':
      return { amountVnd: feeFor(procedure.fee, state.channel), method: 'cash', receiptNo: null, auto: false };
    case 'assign':
      return { officerId: `o${pick % 3}` };
    case 'review':
      return { note: null };
    case 'decide':
      return state.consents.some((c) => c.status === 'rejected') || pick % 2 ? { outcome: 'reject', reasons: [reason], note: null, effect: null } : { outcome: 'approve', reasons: [], note: null, effect: null };
    case 'notify_result':
      return { notice: state.outcome === 'approve' ? 'CT08' : 'CT06', notifiedOn: '2026-01-07', late: false };
    case 'withdraw':
      return { reason: null };
    case 'request_consent':
      return { personId: `p${pick % 2}`, pin: `00108800000${pick % 2}`, role: pick % 2 ? 'owner' : 'household_head', note: null };
    case 'give_consent':
    case 'refuse_consent': {
      const pending = state.consents.filter((c) => c.status === 'requested');
      return { requestSeq: pending[pick % pending.length]!.requestSeq, note: null };
    }
    case 'transfer_consent': {
      const pending = state.consents.filter((c) => c.status === 'requested');
      return { requestSeq: pending[pick % pending.length]!.requestSeq, personId: 'p9', pin: '001088000009', reason: 'person_merged' };
    }
  }
}

const actionOf = (type: ActionType, seq: number, payload: ActionPayloads[ActionType]): Action => ({ seq, type, status: statusOfAction(type), actor: { kind: 'officer', id: 'o1' }, at: '2026-01-05T08:00:00.000Z', payload }) as Action;

function checkValid(s: DossierState, log: Action[]): void {
  expect(STATUSES).toContain(s.status);
  expect(s.lastSeq).toBe(log.length);
  if (FINAL_STATUSES.includes(s.status)) expect(availableActions(s)).toEqual([]);
  for (const t of availableActions(s)) expect(TRANSITIONS[s.status]).toContain(t);
  // Received iff a receive is in the log; a fee only after reception; a decision only after a review.
  expect(s.dueDate !== null).toBe(log.some((a) => a.type === 'receive'));
  if (s.feePaidVnd !== null) expect(log.findIndex((a) => a.type === 'pay_fee')).toBeGreaterThan(log.findIndex((a) => a.type === 'receive'));
  if (s.outcome !== null) expect(log.findIndex((a) => a.type === 'decide')).toBeGreaterThan(log.findIndex((a) => a.type === 'review'));
  if (s.outcome === 'approve') expect(s.consents.some((c) => c.status === 'rejected')).toBe(false);
  // Waiting for a consent holds reception and decision back.
  if (s.consents.some((c) => c.status === 'requested')) expect(availableActions(s).filter((t) => t === 'receive' || t === 'decide')).toEqual([]);
}

describe('the dossier state machine', () => {
  it('reaches only valid states through the table and refuses every action outside it', () => {
    fc.assert(
      fc.property(fc.constantFrom<Channel>('counter', 'portal', 'mobile_team'), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...ACTION_TYPES)), { maxLength: 25 }), (channel, steps) => {
        const log: Action[] = [actionOf('submit', 1, { channel })];
        let s = stateOf(procedure, log);
        for (const [choice, pick, stray] of steps) {
          checkValid(s, log);
          const available = availableActions(s);
          // An action the table does not list for this state is refused.
          if (!available.includes(stray)) {
            expect(() => applyAction(procedure, s, actionOf(stray, log.length + 1, payloadFor(stray === 'give_consent' || stray === 'refuse_consent' || stray === 'transfer_consent' ? 'withdraw' : stray, s, pick)))).toThrow(ActionRefused);
          }
          if (available.length === 0) break;
          const type = available[choice % available.length]!;
          const action = actionOf(type, log.length + 1, payloadFor(type, s, pick));
          s = applyAction(procedure, s, action);
          log.push(action);
          // The fold of the stored log is the state reached step by step.
          expect(stateOf(procedure, log)).toEqual(s);
        }
        checkValid(s, log);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a log that does not start with the submission, a wrong fee, an answer to no request, and approval after a refusal of consent', () => {
    expect(() => stateOf(procedure, [])).toThrow(ActionRefused);
    const submit = actionOf('submit', 1, { channel: 'portal' });
    expect(() => stateOf(procedure, [actionOf('receive', 1, payloadFor('receive', stateOf(procedure, [submit]), 0))])).toThrow(/first_action_not_submit/);
    const received = [submit, actionOf('receive', 2, payloadFor('receive', stateOf(procedure, [submit]), 0))];
    expect(() => stateOf(procedure, [...received, actionOf('pay_fee', 3, { amountVnd: 20_000, method: 'cash', receiptNo: null, auto: false })])).toThrow(/fee_amount_wrong/);
    expect(stateOf(procedure, [...received, actionOf('pay_fee', 3, { amountVnd: 10_000, method: 'online', receiptNo: null, auto: false })]).feePaidVnd).toBe(10_000);
    expect(() => stateOf(procedure, [...received, actionOf('give_consent', 3, { requestSeq: 2, note: null })])).toThrow(/consent_not_pending/);
    const refusedConsent = [
      ...received,
      actionOf('request_consent', 3, { personId: 'p', pin: '001088000001', role: 'owner', note: null }),
      actionOf('refuse_consent', 4, { requestSeq: 3, note: null }),
      actionOf('pay_fee', 5, { amountVnd: 10_000, method: 'online', receiptNo: null, auto: false }),
      actionOf('review', 6, { note: null }),
    ];
    expect(stateOf(procedure, refusedConsent).status).toBe('in_review');
    expect(() => stateOf(procedure, [...refusedConsent, actionOf('decide', 7, { outcome: 'approve', reasons: [], note: null, effect: null })])).toThrow(/consent_refused/);
  });
});
