import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../kernel/canonical-json.js';

/**
 * The confirmation of residence information (form CT07), pure rules: its number, its validity
 * and what it prints. No I/O.
 *
 * Validity: Circular 55/2021/TT-BCA (Art. 17) made a confirmation valid for 30 days; Circular
 * 66/2023/TT-BCA (in force 1 Jan 2024, amending it; named in docs/domain.md) made it valid for
 * one year from the day of issue, and void as soon as the person's residence information changes
 * in the database. We follow 66/2023: 12 months by default (`ct07ValidityMonths`, env
 * DANCU_CT07_VALIDITY_MONTHS, so a later circular is a setting, not a code change), and the
 * online check answers `superseded` once the residence facts differ from the printed ones.
 */

/** The answers of a verification. `superseded`: genuine, but the residence facts changed since. */
export type VerificationStatus = 'genuine' | 'invalid' | 'expired' | 'revoked' | 'superseded';

export interface ResidenceLineContent {
  address: string;
  unitName: string | null;
  validFrom: string;
  plannedEnd: string | null;
}

/** Everything a CT07 prints about the person: kept as issued, shown again on verification. */
export interface ConfirmationContent {
  office: { unitCode: string; name: string };
  person: {
    pin: string;
    fullName: string;
    birthDate: string;
    sex: 'M' | 'F';
    ethnicity: string;
    religion: string | null;
    nationality: string;
    originPlace: string | null;
  };
  residences: { permanent: ResidenceLineContent | null; temporary: ResidenceLineContent | null; current: ResidenceLineContent | null };
  household: {
    householdNo: string;
    relation: string;
    head: { pin: string; fullName: string } | null;
    members: Array<{ pin: string; fullName: string; birthDate: string; sex: 'M' | 'F'; relation: string }>;
  } | null;
}

/** The claims the QR token carries (short names: a QR code's capacity is small). */
export interface TokenClaims {
  /** Format version. */
  v: 1;
  /** The confirmation number. */
  n: string;
  /** PIN, full name and birth date as printed. */
  p: string;
  nm: string;
  b: string;
  /** SHA-256 (base64url) of the printed residence facts. */
  rh: string;
  /** Day of issue and last day of validity, YYYY-MM-DD (Vietnam). */
  is: string;
  vu: string;
}

export const TOKEN_TYPE = 'ct07+jws';

/** `<issuing unit>/<year>/<serial>`: 00004/2026/000017. National offices use unit 00. */
export function formatNumber(unit: string, year: number, serial: number): string {
  return `${unit}/${year}/${String(serial).padStart(6, '0')}`;
}

const NUMBER = /^(\d{2}|\d{5})\/(\d{4})\/(\d{6,})$/;
export function isConfirmationNumber(text: string): boolean {
  return NUMBER.test(text);
}

/**
 * The last day a confirmation issued on `issuedOn` is valid: `months` months after the day of
 * issue, less one day ("valid one year from the day of issue": issued 10/03/2026, valid through
 * 09/03/2027). A day missing from the target month (31st, 29 February) falls to its last day.
 */
export function validUntil(issuedOn: string, months: number): string {
  const [y, m, d] = issuedOn.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = total % 12;
  const lastDay = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const same = new Date(Date.UTC(ty, tm, Math.min(d, lastDay)));
  same.setUTCDate(same.getUTCDate() - 1);
  return same.toISOString().slice(0, 10);
}

/** SHA-256 (base64url) of what a change of residence would alter: residences and household. */
export function residenceHash(content: Pick<ConfirmationContent, 'residences' | 'household'>): string {
  return createHash('sha256').update(canonicalJson({ residences: content.residences, household: content.household })).digest('base64url');
}

/** The claims for a confirmation's QR token. */
export function claimsOf(number: string, content: ConfirmationContent, issuedOn: string, validTo: string): TokenClaims {
  return { v: 1, n: number, p: content.person.pin, nm: content.person.fullName, b: content.person.birthDate, rh: residenceHash(content), is: issuedOn, vu: validTo };
}

/** The state of a genuine confirmation on `today` (Vietnam date): the order of the checks is the answer's priority. */
export function statusOf(c: { validUntil: string; revoked: boolean; stale: boolean }, today: string): Exclude<VerificationStatus, 'invalid'> {
  if (c.revoked) return 'revoked';
  if (today > c.validUntil) return 'expired';
  if (c.stale) return 'superseded';
  return 'genuine';
}

/** The QR code's text: the public verification page, with the token in the fragment (never sent to a server log). */
export function verificationUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/xac-minh/ct07#${token}`;
}

/** The token inside a scanned text: a verification URL (fragment or `token=` query) or the bare token. */
export function tokenFromText(text: string): string {
  const t = text.trim();
  const hash = t.indexOf('#');
  if (hash >= 0) return t.slice(hash + 1);
  const q = /[?&]token=([^&]+)/.exec(t);
  if (q) return decodeURIComponent(q[1]!);
  return t;
}
