import { describe, expect, it } from 'vitest';
import { CHANGE_REASONS, EID_LOCK_REASONS } from '../kernel/purposes.js';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };
import { CHANGE_REASON_CHOICES, LOCK_REASON_CHOICES, reasonBody, reasonProblems, SELF_LOCK_REASON_CHOICES, UNLOCK_REASON_CHOICES } from './reasons.js';
import { READ_PURPOSE_CHOICES } from './read-purpose.js';

describe('the reason picker', () => {
  it('offers only codes with a label in both languages', () => {
    for (const c of [...CHANGE_REASON_CHOICES, ...LOCK_REASON_CHOICES, ...UNLOCK_REASON_CHOICES, ...SELF_LOCK_REASON_CHOICES, ...READ_PURPOSE_CHOICES]) {
      expect(vi.purposes[c], c).toBeTruthy();
      expect(en.purposes[c], c).toBeTruthy();
    }
    for (const c of CHANGE_REASON_CHOICES) expect(c in CHANGE_REASONS).toBe(true);
    for (const c of [...LOCK_REASON_CHOICES, ...UNLOCK_REASON_CHOICES]) expect(c in EID_LOCK_REASONS).toBe(true);
  });

  it('needs a code, and words with other; sends the note only when written', () => {
    expect(reasonProblems({ code: '', note: '' })).toEqual([{ field: 'reasonCode', key: 'reasonCode' }]);
    expect(reasonProblems({ code: '', note: '' }, true)).toEqual([]);
    expect(reasonProblems({ code: 'other', note: '  ' })).toEqual([{ field: 'reasonNote', key: 'reasonNote' }]);
    expect(reasonProblems({ code: 'record_correction', note: '' })).toEqual([]);
    expect(reasonBody({ code: 'record_correction', note: '  ' })).toEqual({ reasonCode: 'record_correction' });
    expect(reasonBody({ code: 'other', note: ' theo bản án ' })).toEqual({ reasonCode: 'other', reasonNote: 'theo bản án' });
  });
});
