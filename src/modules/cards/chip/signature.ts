/**
 * Checking a signature (the SOD's SignerInfo, or a certificate's) with WebCrypto. We sign with
 * ECDSA P-256 / SHA-256 (pki.ts), but a reader also meets other issuers' chips, so what WebCrypto
 * can do is accepted: ECDSA on the NIST curves and RSASSA-PKCS1-v1_5, with SHA-1/256/384/512.
 * The signature algorithm may be bare (id-ecPublicKey, rsaEncryption), as some issuers write it;
 * the hash then comes from the SignerInfo's digestAlgorithm. RSASSA-PSS and brainpool curves are
 * reported as unsupported.
 */
import { bufferSource } from './asn1.js';
import type { CertificateView } from './certificate.js';
import {
  CURVE_BY_OID,
  ECDSA_SIGNATURE_HASH,
  OID_EC_PUBLIC_KEY,
  OID_RSA_ENCRYPTION,
  RSA_SIGNATURE_HASH,
} from './oids.js';
import { webcrypto, x509 } from './x509.js';

export type SignatureCheck = { valid: boolean } | { unsupported: string };

type PublicKeyOf = Pick<CertificateView, 'spkiDer' | 'keyAlgorithm' | 'curve'>;

/**
 * Imported keys by SPKI bytes: the same CSCA and Document Signer keys come back for every chip
 * of a batch, and importing costs more than verifying. Bounded so a stream of foreign chips
 * cannot grow it without limit.
 */
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_SIZE = 256;

export async function verifySignature(
  key: PublicKeyOf,
  signatureAlgorithm: string,
  digestHash: string | null,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<SignatureCheck> {
  if (key.keyAlgorithm === OID_EC_PUBLIC_KEY) {
    const hash =
      ECDSA_SIGNATURE_HASH[signatureAlgorithm] ??
      (signatureAlgorithm === OID_EC_PUBLIC_KEY ? digestHash : null);
    if (!hash) return { unsupported: `signature algorithm ${signatureAlgorithm} with an EC key` };
    const curve = key.curve === null ? undefined : CURVE_BY_OID[key.curve];
    if (curve === undefined) return { unsupported: `elliptic curve ${key.curve ?? '?'}` };
    const algorithm = { name: 'ECDSA', namedCurve: curve };
    let raw: ArrayBuffer | null;
    try {
      // CMS and X.509 carry the DER ECDSA-Sig-Value; WebCrypto wants r‖s.
      raw = new x509.AsnEcSignatureFormatter().toWebSignature(algorithm, bufferSource(signature));
    } catch {
      return { valid: false };
    }
    if (raw === null) return { valid: false };
    const cryptoKey = await importKey(key.spkiDer, algorithm);
    return {
      valid: await webcrypto.subtle.verify({ name: 'ECDSA', hash }, cryptoKey, raw, bufferSource(data)),
    };
  }
  if (key.keyAlgorithm === OID_RSA_ENCRYPTION) {
    const hash =
      RSA_SIGNATURE_HASH[signatureAlgorithm] ??
      (signatureAlgorithm === OID_RSA_ENCRYPTION ? digestHash : null);
    if (!hash) return { unsupported: `signature algorithm ${signatureAlgorithm} with an RSA key` };
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash };
    const cryptoKey = await importKey(key.spkiDer, algorithm);
    return {
      valid: await webcrypto.subtle.verify(algorithm, cryptoKey, bufferSource(signature), bufferSource(data)),
    };
  }
  return { unsupported: `public key algorithm ${key.keyAlgorithm}` };
}

function importKey(
  spki: Uint8Array,
  algorithm: EcKeyImportParams | RsaHashedImportParams,
): Promise<CryptoKey> {
  const id = `${JSON.stringify(algorithm)}:${Buffer.from(spki).toString('base64')}`;
  let key = keyCache.get(id);
  if (key === undefined) {
    key = webcrypto.subtle.importKey('spki', bufferSource(spki), algorithm, false, ['verify']);
    // A key that fails to import is not kept: the next chip reports it afresh.
    key.catch(() => keyCache.delete(id));
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value ?? '');
    keyCache.set(id, key);
  }
  return key;
}
