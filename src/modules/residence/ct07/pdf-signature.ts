import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Executor } from '../../../kernel/db.js';
import type { Keyring } from '../../../kernel/keyring.js';

/**
 * Signs CT07 PDFs so a PDF reader shows a signature (a CMS detached signature in the file,
 * `adbe.pkcs7.detached`, made by @signpdf with node-forge; no openssl). The signing key is an
 * RSA key made with node:crypto and a self-signed certificate naming the registry, both kept in
 * the database with the private key sealed under the master key. A deployment replaces the
 * certificate with one its CA issues (`residence_confirmation_pdf_signer`); until then readers
 * show the signature as present but its signer as not trusted. The QR token stays the check a
 * verifier relies on.
 */
const context = (id: string) => `ct07-pdf-signer:${id}`;
// node-forge and @signpdf are loaded on first use: only a process that issues a CT07 needs them,
// and a `dancu` command would spend a few tenths of a second loading them for nothing.
const loadForge = async () => (await import('node-forge')).default;
const SUBJECT = [
  { name: 'commonName', value: 'dancu - Co quan dang ky cu tru (CT07)' },
  { name: 'organizationName', value: 'dancu population registry' },
  { name: 'countryName', value: 'VN' },
];

export interface PdfSigner {
  id: string;
  certificatePem: string;
  privateKeyPem: string;
}

/** A new self-signed signing certificate (ten years), stored sealed; the previous one is retired. */
export async function createPdfSigner(db: Executor, keys: Keyring, at: Date): Promise<PdfSigner> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forge = await loadForge();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive serial: the top bit clear.
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = at;
  cert.validity.notAfter = new Date(at.getTime() + 10 * 365 * 86_400_000);
  cert.setSubject(SUBJECT);
  cert.setIssuer(SUBJECT);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  const id = createHash('sha256').update(certificatePem).digest('hex').slice(0, 16);
  await db.query('UPDATE residence_confirmation_pdf_signer SET retired_at = $1 WHERE retired_at IS NULL', [at]);
  await db.query('INSERT INTO residence_confirmation_pdf_signer (id, certificate_pem, private_key_sealed, created_at) VALUES ($1, $2, $3, $4)', [id, certificatePem, keys.seal(privateKeyPem, context(id)), at]);
  return { id, certificatePem, privateKeyPem };
}

/** The certificate that signs now (made on first use). */
export async function currentPdfSigner(db: Executor, keys: Keyring, at: Date): Promise<PdfSigner> {
  const r = await db.query<{ id: string; certificate_pem: string; private_key_sealed: string }>('SELECT id, certificate_pem, private_key_sealed FROM residence_confirmation_pdf_signer WHERE retired_at IS NULL ORDER BY created_at DESC, id LIMIT 1');
  const row = r.rows[0];
  if (!row) return createPdfSigner(db, keys, at);
  return { id: row.id, certificatePem: row.certificate_pem, privateKeyPem: keys.openText(row.private_key_sealed, context(row.id)) };
}

const p12Cache = new Map<string, Buffer>();
/** The signer as the PKCS#12 bundle @signpdf takes (made in memory, never written out). */
async function p12Of(signer: PdfSigner, passphrase: string): Promise<Buffer> {
  const key = `${signer.id}:${passphrase}`;
  let p12 = p12Cache.get(key);
  if (!p12) {
    const forge = await loadForge();
    const asn1 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(signer.privateKeyPem), [forge.pki.certificateFromPem(signer.certificatePem)], passphrase, { algorithm: '3des' });
    p12 = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
    p12Cache.set(key, p12);
  }
  return p12;
}

/** Signs the PDF bytes; the signature covers the whole file but its own contents (ByteRange). */
export async function signPdf(pdf: Buffer, signer: PdfSigner, opts: { reason: string; location: string; at: Date }): Promise<Buffer> {
  const passphrase = signer.id;
  const [{ SignPdf }, { P12Signer }, { plainAddPlaceholder }] = await Promise.all([import('@signpdf/signpdf'), import('@signpdf/signer-p12'), import('@signpdf/placeholder-plain')]);
  const withPlaceholder = plainAddPlaceholder({ pdfBuffer: pdf, reason: opts.reason, contactInfo: '', name: 'dancu', location: opts.location, signingTime: opts.at, signatureLength: 8192 });
  return new SignPdf().sign(withPlaceholder, new P12Signer(await p12Of(signer, passphrase), { passphrase }), opts.at);
}
