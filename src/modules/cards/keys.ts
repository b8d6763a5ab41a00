import type { Executor } from '../../kernel/db.js';
import type { Keyring } from '../../kernel/keyring.js';
import { createCsca, createDocumentSigner } from './chip/index.js';

/**
 * The chip's trust chain, persisted: one Country Signing CA (long-lived, offline in a real
 * deployment; here its key is sealed under the master key) and the Document Signers it
 * certifies, which sign each card's SOD. Made on first use ("at setup": `dancu migrate` and the
 * first production both call `ensureCardKeys`); rotation makes a new Document Signer (or a new
 * CSCA and signer); retired keys keep verifying what they signed; a revoked signer fails every
 * card it signed.
 */
export interface SignerKey {
  serial: string;
  certificateDer: Uint8Array;
  privateKeyPkcs8: Uint8Array;
}

const sealContext = (serial: string) => `card-signing-key:${serial}`;
const CSCA_YEARS = 15;
// A Document Signer signs for a short time but must outlive the cards it signed (10+ years).
const DS_SIGNING_MONTHS = 3;
const DS_VALIDITY_YEARS = 12;

const addYears = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear() + n, d.getUTCMonth(), d.getUTCDate()));
const addMonths = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate()));

interface KeyRow {
  serial: string;
  kind: 'csca' | 'ds';
  certificate_der: Uint8Array;
  private_key_sealed: string;
  created_at: Date;
}

async function insertKey(db: Executor, keys: Keyring, kind: 'csca' | 'ds', issuer: string | null, subject: string, k: SignerKey, notBefore: Date, notAfter: Date, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO card_signing_key (serial, kind, issuer_serial, subject, certificate_der, private_key_sealed, not_before, not_after, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [k.serial, kind, issuer, subject, Buffer.from(k.certificateDer), keys.seal(Buffer.from(k.privateKeyPkcs8), sealContext(k.serial)), notBefore, notAfter, at],
  );
}

const open = (keys: Keyring, r: KeyRow): SignerKey => ({ serial: r.serial, certificateDer: new Uint8Array(r.certificate_der), privateKeyPkcs8: new Uint8Array(keys.open(r.private_key_sealed, sealContext(r.serial))) });

async function current(db: Executor, kind: 'csca' | 'ds'): Promise<KeyRow | undefined> {
  const r = await db.query<KeyRow>(`SELECT serial, kind, certificate_der, private_key_sealed, created_at FROM card_signing_key WHERE kind = $1 AND retired_at IS NULL AND revoked_at IS NULL ORDER BY created_at DESC, serial LIMIT 1`, [kind]);
  return r.rows[0];
}

/** A new Country Signing CA; the previous one stops certifying signers (its signers keep verifying). */
export async function rotateCsca(db: Executor, keys: Keyring, at: Date): Promise<string> {
  const subject = 'CN=Vietnam CSCA (dancu),O=Bo Cong an,C=VN';
  const csca = await createCsca({ commonName: 'Vietnam CSCA (dancu)', country: 'VN', validFrom: at, validTo: addYears(at, CSCA_YEARS) });
  await db.query(`UPDATE card_signing_key SET retired_at = $1 WHERE kind = 'csca' AND retired_at IS NULL`, [at]);
  await insertKey(db, keys, 'csca', null, subject, csca, at, addYears(at, CSCA_YEARS), at);
  return csca.serial;
}

/** A new Document Signer under the current CSCA; the previous signer stops signing. */
export async function rotateDocumentSigner(db: Executor, keys: Keyring, at: Date): Promise<string> {
  let cscaRow = await current(db, 'csca');
  if (!cscaRow) {
    await rotateCsca(db, keys, at);
    cscaRow = (await current(db, 'csca'))!;
  }
  const csca = open(keys, cscaRow);
  const commonName = `Vietnam Document Signer ${at.toISOString().slice(0, 10)}`;
  const ds = await createDocumentSigner(csca, { commonName, validFrom: at, validTo: addYears(at, DS_VALIDITY_YEARS) });
  await db.query(`UPDATE card_signing_key SET retired_at = $1 WHERE kind = 'ds' AND retired_at IS NULL`, [at]);
  await insertKey(db, keys, 'ds', csca.serial, `CN=${commonName},C=VN`, ds, at, addYears(at, DS_VALIDITY_YEARS), at);
  return ds.serial;
}

/** The CSCA and a Document Signer exist (made at setup; idempotent). */
export async function ensureCardKeys(db: Executor, keys: Keyring, at: Date): Promise<void> {
  if (!(await current(db, 'ds'))) await rotateDocumentSigner(db, keys, at);
}

/** The signer of today's production; a signer older than its signing period is rotated first. */
export async function currentDocumentSigner(db: Executor, keys: Keyring, at: Date): Promise<SignerKey> {
  let row = await current(db, 'ds');
  if (!row || addMonths(new Date(row.created_at), DS_SIGNING_MONTHS) <= at) {
    await rotateDocumentSigner(db, keys, at);
    row = (await current(db, 'ds'))!;
  }
  return open(keys, row);
}

/** What a verifier trusts: every CSCA certificate ever made, and the serials of revoked signers. */
export async function trustAnchors(db: Executor): Promise<{ cscaCertificatesDer: Uint8Array[]; revokedSignerSerials: string[] }> {
  const r = await db.query<{ kind: string; serial: string; certificate_der: Uint8Array; revoked_at: Date | null }>(`SELECT kind, serial, certificate_der, revoked_at FROM card_signing_key ORDER BY created_at, serial`);
  return {
    cscaCertificatesDer: r.rows.filter((k) => k.kind === 'csca').map((k) => new Uint8Array(k.certificate_der)),
    revokedSignerSerials: r.rows.filter((k) => k.kind === 'ds' && k.revoked_at !== null).map((k) => k.serial),
  };
}

/** Revokes a Document Signer: every card it signed fails verification from now on. */
export async function revokeDocumentSigner(db: Executor, serial: string, reason: string, at: Date): Promise<boolean> {
  const r = await db.query(`UPDATE card_signing_key SET revoked_at = $2, revoke_reason = $3 WHERE serial = $1 AND kind = 'ds' AND revoked_at IS NULL`, [serial, at, reason]);
  return (r.rowCount ?? 0) > 0;
}

/** The signing keys, public parts only, for `dancu card keys list` and the trust-list download. */
export async function listCardKeys(db: Executor): Promise<Array<{ serial: string; kind: string; issuerSerial: string | null; subject: string; notBefore: string; notAfter: string; retiredAt: string | null; revokedAt: string | null; certificatePem: string }>> {
  const r = await db.query<{ serial: string; kind: string; issuer_serial: string | null; subject: string; not_before: Date; not_after: Date; retired_at: Date | null; revoked_at: Date | null; certificate_der: Uint8Array }>(
    `SELECT serial, kind, issuer_serial, subject, not_before, not_after, retired_at, revoked_at, certificate_der FROM card_signing_key ORDER BY created_at, serial`,
  );
  const pem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END CERTIFICATE-----\n`;
  return r.rows.map((k) => ({
    serial: k.serial,
    kind: k.kind,
    issuerSerial: k.issuer_serial,
    subject: k.subject,
    notBefore: new Date(k.not_before).toISOString(),
    notAfter: new Date(k.not_after).toISOString(),
    retiredAt: k.retired_at && new Date(k.retired_at).toISOString(),
    revokedAt: k.revoked_at && new Date(k.revoked_at).toISOString(),
    certificatePem: pem(new Uint8Array(k.certificate_der)),
  }));
}
