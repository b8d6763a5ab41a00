import { Type } from '@sinclair/typebox';
import { invalid } from './errors.js';
import {
  EID_LOCK_REASON_CODES,
  isChangeReason,
  isEidLockReason,
  OFFICER_CHANGE_REASON_CODES,
  type ChangeReasonCode,
  type EidLockReasonCode,
} from './purposes.js';

/**
 * The body fields every registry change takes: why, as a code from the closed list
 * (CHANGE_REASONS, shown in the reader's language), and the officer's own words, when any, in
 * `reasonNote` — required when the code is `other`. A free-text `reason`, which clients sent
 * before reasons were codes, is answered 400 `reason_is_code` (kernel/problem.ts).
 */
export const ChangeReasonBody = {
  reasonCode: Type.Union(OFFICER_CHANGE_REASON_CODES.map((c) => Type.Literal(c)), { description: 'Why the registry is changed, a code (kernel/purposes.ts CHANGE_REASONS); shown as its label in the history', examples: ['record_correction'] }),
  reasonNote: Type.Optional(Type.String({ maxLength: 500, description: 'Optional detail in the officer\'s words; required when reasonCode is other', examples: ['theo giấy khai sinh bản sao số 123/2026'] })),
};

/** Why an e-ID account is locked or unlocked: a code (EID_LOCK_REASONS) and an optional note (required for `other`). */
export const LockReasonBody = {
  reasonCode: Type.Union(EID_LOCK_REASON_CODES.map((c) => Type.Literal(c)), { description: 'Why the account is locked or unlocked, a code (kernel/purposes.ts EID_LOCK_REASONS)', examples: ['eid_device_lost'] }),
  reasonNote: Type.Optional(Type.String({ maxLength: 300, description: 'Optional detail; required when reasonCode is other' })),
};

function note(raw: string | null | undefined, code: string): string | null {
  const text = raw?.trim() || null;
  if (code === 'other' && !text) {
    throw invalid('reason_note_required', 'reasonNote', { vi: 'Với “Lý do khác”, cần ghi rõ lý do.', en: 'With “Other reason”, write the reason.' });
  }
  return text;
}

/**
 * A change's reason checked at the service boundary (callers inside the code base skip the HTTP
 * schema): the code must be on the list, and `other` needs a note.
 */
export function checkChangeReason(input: { reasonCode: string; reasonNote?: string | null | undefined }): { code: ChangeReasonCode; note: string | null } {
  if (typeof input.reasonCode !== 'string' || !isChangeReason(input.reasonCode)) {
    throw invalid('unknown_reason', 'reasonCode', { vi: 'Lý do thay đổi không có trong danh mục.', en: 'The reason for the change is not on the list.' });
  }
  return { code: input.reasonCode, note: note(input.reasonNote, input.reasonCode) };
}

/** An e-ID lock or unlock reason, checked like a change's reason. */
export function checkLockReason(input: { reasonCode: string; reasonNote?: string | null | undefined }): { code: EidLockReasonCode; note: string | null } {
  if (typeof input.reasonCode !== 'string' || !isEidLockReason(input.reasonCode)) {
    throw invalid('unknown_reason', 'reasonCode', { vi: 'Lý do khoá/mở khoá không có trong danh mục.', en: 'The lock or unlock reason is not on the list.' });
  }
  return { code: input.reasonCode, note: note(input.reasonNote, input.reasonCode) };
}
