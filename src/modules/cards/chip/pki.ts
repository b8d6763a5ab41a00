/**
 * The trust chain dancu makes at setup (ICAO 9303 part 12): a Country Signing CA, self-signed,
 * and Document Signers certified by it, whose keys sign the SOD of each card.
 *
 * Keys are ECDSA on P-256, signatures ECDSA with SHA-256 (ecdsa-with-SHA256): ICAO 9303 part 12
 * allows ECDSA and RSA; P-256 keeps certificates and SODs small, signs and verifies in well under
 * a millisecond with Node's WebCrypto, and OpenSSL and every eMRTD reader support it. (Many
 * countries use brainpool curves, which WebCrypto lacks.)
 *
 *   CSCA  subject C=VN, O=<organisation>, CN=<name>; basicConstraints CA (critical, pathLen 0:
 *         it certifies signers, not other CAs); keyUsage keyCertSign + cRLSign (critical);
 *         subjectKeyIdentifier.
 *   DS    subject C and O copied from the CSCA (ICAO: same country), CN=<name>; keyUsage
 *         digitalSignature (critical); authorityKeyIdentifier = the CSCA's key id;
 *         subjectKeyIdentifier.
 * Serial numbers: 16 random bytes, kept positive and minimal as DER INTEGERs must be.
 */
import { toArrayBuffer } from './asn1.js';
import { webcrypto, x509 } from './x509.js';

export interface IssuedKey {
  certificateDer: Uint8Array;
  privateKeyPkcs8: Uint8Array;
  /** Lowercase hex, as in the certificate. */
  serial: string;
}

export interface SigningKey {
  certificateDer: Uint8Array;
  privateKeyPkcs8: Uint8Array;
}

const KEY_ALGORITHM: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING_ALGORITHM: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const DEFAULT_ORGANIZATION = 'Bo Cong an';

export async function createCsca(opts: {
  commonName: string;
  country: 'VN';
  validFrom: Date;
  validTo: Date;
  organization?: string;
}): Promise<IssuedKey> {
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: [
        { C: [opts.country] },
        { O: [opts.organization ?? DEFAULT_ORGANIZATION] },
        { CN: [opts.commonName] },
      ],
      notBefore: opts.validFrom,
      notAfter: opts.validTo,
      keys,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
      ],
    },
    webcrypto,
  );
  return issued(cert, keys.privateKey);
}

export async function createDocumentSigner(
  csca: SigningKey,
  opts: { commonName: string; validFrom: Date; validTo: Date },
): Promise<IssuedKey> {
  const issuer = new x509.X509Certificate(toArrayBuffer(csca.certificateDer));
  const issuerKey = await importSigningKey(csca.privateKeyPkcs8, issuer);
  const keys = await generateKeys();
  const country = issuer.subjectName.getField('C');
  const organization = issuer.subjectName.getField('O');
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: [
        { C: country },
        ...(organization.length ? [{ O: organization }] : []),
        { CN: [opts.commonName] },
      ],
      issuer: issuer.subjectName,
      notBefore: opts.validFrom,
      notAfter: opts.validTo,
      publicKey: keys.publicKey,
      signingKey: issuerKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey, false, webcrypto),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
      ],
    },
    webcrypto,
  );
  return issued(cert, keys.privateKey);
}

/** DER → PEM ("CERTIFICATE" by default; "PRIVATE KEY" for a PKCS #8 key). */
export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  return x509.PemConverter.encode(toArrayBuffer(der), label);
}

/** The first block of a PEM text as DER. Throws on text that holds no PEM block. */
export function fromPem(pem: string): Uint8Array {
  const [first] = x509.PemConverter.decode(pem);
  if (first === undefined) throw new RangeError('fromPem: no PEM block found');
  return new Uint8Array(first);
}

/** The private key of a CSCA or DS for signing, on the curve its certificate names. */
export async function importSigningKey(pkcs8: Uint8Array, cert: x509.X509Certificate): Promise<CryptoKey> {
  const algorithm = cert.publicKey.algorithm;
  if (algorithm.name !== 'ECDSA' || !('namedCurve' in algorithm))
    throw new RangeError('only ECDSA signing keys are supported');
  return webcrypto.subtle.importKey('pkcs8', toArrayBuffer(pkcs8), algorithm, false, ['sign']);
}

function generateKeys(): Promise<CryptoKeyPair> {
  // Extractable so the private key can be exported once as PKCS #8 for sealed storage.
  return webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
}

async function issued(cert: x509.X509Certificate, privateKey: CryptoKey): Promise<IssuedKey> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', privateKey);
  return {
    certificateDer: new Uint8Array(cert.rawData),
    privateKeyPkcs8: new Uint8Array(pkcs8),
    serial: cert.serialNumber.toLowerCase(),
  };
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  // Top bit clear: a positive INTEGER; non-zero first byte: no leading zero octet to strip.
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}
