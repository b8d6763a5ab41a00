import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { FieldError } from '../../kernel/errors.js';

/** e-ID accounts and their rules (Decree 69/2024, domain §5). No I/O here. */
export type Level = 1 | 2;
export type AccountStatus = 'pending_verification' | 'pending_activation' | 'active' | 'locked' | 'rejected';

export interface EidAccount {
  id: string;
  personId: string;
  pin: string;
  level: Level;
  status: AccountStatus;
  phone: string;
  email: string | null;
  lockedBy: 'citizen' | 'officer' | null;
  /** An EID_LOCK_REASONS code; free text on accounts locked before codes. */
  lockReason: string | null;
  lockNote: string | null;
  totpEnabled: boolean;
  passkeys: number;
  guardianAccountId: string | null;
  createdAt: string;
  activatedAt: string | null;
  level2At: string | null;
}

/** Authentication context class references a relying party can ask for (`acr_values`). */
export const ACR = { 1: 'urn:dancu:eid:level1', 2: 'urn:dancu:eid:level2' } as const;
export const ACR_VALUES = [ACR[1], ACR[2]];

export function levelOfAcr(acr: string | undefined): Level | undefined {
  if (acr === ACR[1]) return 1;
  if (acr === ACR[2]) return 2;
  return undefined;
}

export const CODE_TTL_MS = 5 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
/** Children below this age get their account from a parent (Decree 69/2024 art. 14). */
export const GUARDIAN_AGE = 14;

/** A six-digit one-time code from the CSPRNG. */
export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** One-time codes live five minutes and are five attempts strong, so a fast hash with a pepper of the code id suffices. */
export function hashCode(id: string, code: string): string {
  return createHash('sha256').update(`${id}:${code}`).digest('hex');
}

export function codeMatches(id: string, code: string, stored: string): boolean {
  const a = Buffer.from(hashCode(id, code));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Vietnamese mobile numbers: 0 and nine digits, networks 03/05/07/08/09; +84 is accepted and normalised. */
export function normalisePhone(raw: string): string | undefined {
  const compact = raw.replace(/[\s.-]/g, '');
  const local = compact.startsWith('+84') ? `0${compact.slice(3)}` : compact.startsWith('84') && compact.length === 11 ? `0${compact.slice(2)}` : compact;
  return /^0[35789]\d{8}$/.test(local) ? local : undefined;
}

/**
 * Passcodes are six digits, as on VNeID; guessing is stopped by the lockout, and the
 * obvious ones are refused.
 */
export function passcodeProblems(passcode: string, birthDate?: string): FieldError[] {
  const problems: FieldError[] = [];
  const add = (code: string, vi: string, en: string) => problems.push({ field: 'passcode', code, message: { vi, en } });
  if (!/^\d{6}$/.test(passcode)) {
    add('passcode_format', 'Mật mã gồm đúng 6 chữ số.', 'The passcode is exactly 6 digits.');
    return problems;
  }
  const digits = [...passcode].map(Number);
  const same = digits.every((d) => d === digits[0]);
  const ascending = digits.every((d, i) => i === 0 || d === (digits[i - 1]! + 1) % 10);
  const descending = digits.every((d, i) => i === 0 || d === (digits[i - 1]! + 9) % 10);
  if (same || ascending || descending) add('passcode_too_simple', 'Mật mã quá dễ đoán (dãy số lặp hoặc liên tiếp).', 'The passcode is too easy to guess (repeated or consecutive digits).');
  if (birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate)) {
    const [y, m, d] = birthDate.split('-');
    if (passcode === `${d}${m}${y!.slice(2)}` || passcode === `${y!.slice(2)}${m}${d}`) add('passcode_is_birth_date', 'Không dùng ngày sinh làm mật mã.', 'Do not use your date of birth as the passcode.');
  }
  return problems;
}

/** Face photos: JPEG or PNG, recognised by their magic bytes, 2 KiB–2 MiB. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_MIN_BYTES = 2 * 1024;

export function photoType(bytes: Buffer): 'image/jpeg' | 'image/png' | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return undefined;
}

/** Masks a phone number for display to someone who only knows the PIN: 09******67. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 2)}${'*'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-2)}`;
}
