/** Object identifiers used by the SOD and the certificates, with where each comes from. */

/** ICAO 9303 part 10: id-icao-mrtd-security-ldsSecurityObject. */
export const OID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';

/** RFC 5652 / PKCS #7 and PKCS #9. */
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

/** Hash algorithms WebCrypto can compute (SHA-224, which ICAO also allows, it cannot). */
export const HASH_BY_OID: Readonly<Record<string, 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';

/** RFC 5758 ECDSA signatures; the hash is part of the algorithm. */
export const ECDSA_SIGNATURE_HASH: Readonly<Record<string, string>> = {
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};
export const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** RFC 8017 RSASSA-PKCS1-v1_5 with a fixed hash, and bare rsaEncryption (hash from digestAlgorithm). */
export const RSA_SIGNATURE_HASH: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

/** Named curves WebCrypto supports (brainpool curves, used by some passports, it does not). */
export const CURVE_BY_OID: Readonly<Record<string, 'P-256' | 'P-384' | 'P-521'>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};
