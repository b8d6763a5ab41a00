import type { TFunction } from 'i18next';
import { isChangeReason, isReadPurpose } from '../kernel/purposes.js';

/**
 * A purpose or reason code in the UI language (`purposes.*`); a free text written before
 * purposes were codes is shown as written. The API already maps known old texts to codes.
 */
export function purposeText(t: TFunction, stored: string | null): string | null {
  if (stored === null) return null;
  if (isReadPurpose(stored) || isChangeReason(stored)) return t(`purposes.${stored}`);
  return stored;
}
