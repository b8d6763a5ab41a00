import type { LocalProblem } from './forms.js';
import { OFFICER_CHANGE_REASON_CODES, type ChangeReasonCode, type EidLockReasonCode } from '../kernel/purposes.js';

/**
 * A reason as a form holds it: the picked code ('' until one is picked) and the officer's
 * words. Sent as `reasonCode` and, when written, `reasonNote`; `other` needs the words.
 */
export interface ReasonValue {
  code: string;
  note: string;
}

export const CHANGE_REASON_CHOICES: readonly ChangeReasonCode[] = OFFICER_CHANGE_REASON_CODES;

/** Locking: why the account is closed; unlocking: why it may open again (`other` in both). */
export const LOCK_REASON_CHOICES: readonly EidLockReasonCode[] = ['eid_citizen_request', 'eid_device_lost', 'eid_suspected_misuse', 'eid_identity_dispute', 'eid_holder_deceased', 'other'];
export const UNLOCK_REASON_CHOICES: readonly EidLockReasonCode[] = ['eid_identity_confirmed', 'eid_device_recovered', 'eid_citizen_request', 'other'];
/** What the citizen may say when locking their own account. */
export const SELF_LOCK_REASON_CHOICES: readonly EidLockReasonCode[] = ['eid_device_lost', 'eid_suspected_misuse', 'other'];

export function emptyReason(code = ''): ReasonValue {
  return { code, note: '' };
}

/** The browser's checks: a code picked (unless optional), and words for `other`. */
export function reasonProblems(value: ReasonValue, optional = false): LocalProblem[] {
  if (!value.code) return optional ? [] : [{ field: 'reasonCode', key: 'reasonCode' }];
  if (value.code === 'other' && !value.note.trim()) return [{ field: 'reasonNote', key: 'reasonNote' }];
  return [];
}

/** The body fields for a reason: the code, and the note only when written. */
export function reasonBody<C extends string>(value: ReasonValue): { reasonCode: C; reasonNote?: string } {
  const note = value.note.trim();
  return { reasonCode: value.code as C, ...(note ? { reasonNote: note } : {}) };
}
