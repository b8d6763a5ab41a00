import { printedDate } from '../../kernel/partial-date.js';
import type { CheckIssue } from './check-issue.js';
import { checkIssue } from './check-issue.js';
import { verifyChip, type Dg13Fields } from './chip/index.js';
import { parseMrz } from './documents/mrz.js';
import { parseQr } from './documents/qr.js';

/**
 * The one verification library behind the CLI, the API and the page: a QR payload, an MRZ or
 * chip files in, one answer out — what the document says (`data`), and every problem found
 * (`errors`), valid when there is none. QR and MRZ need nothing but the text (offline, no
 * database); the chip needs the trust list (CSCA certificates and revoked signers). A card past
 * its expiry date is reported as `card_expired`. The registry's view (revoked, replaced,
 * deceased) is added by the service for callers allowed to ask (verification.ts).
 */
export type DocumentInput = { kind: 'qr'; text: string } | { kind: 'mrz'; text: string } | { kind: 'chip'; files: { dg1: Uint8Array; dg2: Uint8Array | null; dg13: Uint8Array; sod: Uint8Array } };

export interface Trust {
  cscaCertificatesDer: Uint8Array[];
  revokedSignerSerials: string[];
}

/** What a presented card says, whatever the medium (absent fields: the medium does not carry them). */
export interface DocumentData {
  pin?: string;
  fullName?: string;
  birthDate?: string;
  sex?: 'M' | 'F';
  issueDate?: string;
  expiryDate?: string | null;
  oldId?: string | null;
  address?: string;
  nationality?: string;
  /** Chip only: DG13 as read, the Document Signer, the MRZ of DG1. */
  chip?: { dg13: Dg13Fields; signer?: { serial: string; subject: string; issuer: string; notBefore: string; notAfter: string }; mrz?: string };
  /** Chip only: the face photo as a data: URL. */
  photo?: string;
}

export interface DocumentCheck {
  kind: DocumentInput['kind'];
  valid: boolean;
  data: DocumentData;
  errors: CheckIssue[];
}

function expiryIssue(expiryDate: string | null | undefined, today: string): CheckIssue[] {
  if (!expiryDate || expiryDate >= today) return [];
  return [checkIssue('card_expired', 'expiryDate', `Thẻ đã hết hạn từ ngày ${printedDate(expiryDate)}.`, `The card expired on ${expiryDate}.`)];
}

const finish = (kind: DocumentInput['kind'], data: DocumentData, errors: CheckIssue[]): DocumentCheck => ({ kind, valid: errors.length === 0, data, errors });

/** Checks a document as of `today` (YYYY-MM-DD, Vietnam). Never throws on any input. */
export async function verifyDocument(input: DocumentInput, trust: Trust | null, today: string, at: Date = new Date()): Promise<DocumentCheck> {
  if (input.kind === 'qr') {
    const r = parseQr(input.text);
    const d = r.data;
    const data: DocumentData = { ...(d.pin ? { pin: d.pin } : {}), ...(d.fullName ? { fullName: d.fullName } : {}), ...(d.birthDate ? { birthDate: d.birthDate } : {}), ...(d.sex ? { sex: d.sex } : {}), ...(d.issueDate ? { issueDate: d.issueDate } : {}), ...(d.oldId !== undefined ? { oldId: d.oldId } : {}), ...(d.address !== undefined ? { address: d.address } : {}) };
    return finish('qr', data, r.issues);
  }
  if (input.kind === 'mrz') {
    const r = parseMrz(input.text);
    const d = r.data;
    const fullName = d.surname !== undefined ? [d.surname, d.givenNames].filter(Boolean).join(' ') : undefined;
    const data: DocumentData = { ...(d.pin ? { pin: d.pin } : {}), ...(fullName ? { fullName } : {}), ...(d.birthDate ? { birthDate: d.birthDate } : {}), ...(d.sex ? { sex: d.sex } : {}), ...(d.expiryDate !== undefined ? { expiryDate: d.expiryDate } : {}), ...(d.nationality ? { nationality: d.nationality } : {}) };
    return finish('mrz', data, [...r.issues, ...(r.issues.length === 0 ? expiryIssue(d.expiryDate, today) : [])]);
  }
  if (!trust) return finish('chip', {}, [checkIssue('chip_trust_missing', 'trust', 'Chưa có danh sách tin cậy (chứng thư CSCA) để kiểm tra chip.', 'No trust list (CSCA certificates) to check the chip against.')]);
  const r = await verifyChip(input.files, { ...trust, at });
  const d = r.data;
  const g = d.dg13;
  const data: DocumentData = g
    ? { pin: g.pin, fullName: g.fullName, birthDate: g.birthDate, sex: g.sex, issueDate: g.issueDate, expiryDate: g.expiryDate, oldId: g.oldId, ...(g.residencePlace ? { address: g.residencePlace } : {}), nationality: g.nationality, chip: { dg13: g, ...(d.signer ? { signer: d.signer } : {}), ...(d.mrz ? { mrz: d.mrz } : {}) } }
    : {};
  if (d.photo) data.photo = `data:${d.photo.mime};base64,${Buffer.from(d.photo.bytes).toString('base64')}`;
  return finish('chip', data, [...r.issues, ...(r.issues.length === 0 ? expiryIssue(g?.expiryDate, today) : [])]);
}
