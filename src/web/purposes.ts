import type { TFunction } from 'i18next';
import { isKnownCode } from '../kernel/purposes.js';

/**
 * A purpose or reason code in the UI language (`purposes.*`); a free text written before
 * purposes were codes is shown as written. The API already maps known old texts to codes.
 */
export function purposeText(t: TFunction, stored: string | null): string | null {
  if (stored === null) return null;
  if (isKnownCode(stored)) return t(`purposes.${stored}`);
  return stored;
}

/** The label, and the officer's own words after it when there are any. */
export function purposeWithNote(t: TFunction, stored: string | null, note: string | null | undefined): string | null {
  const label = purposeText(t, stored);
  const words = note?.trim();
  if (!words) return label;
  return label ? `${label}: ${words}` : words;
}
