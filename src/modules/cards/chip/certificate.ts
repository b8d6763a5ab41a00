/**
 * A read-only view of an X.509 certificate (RFC 5280) for verification, taken from the asn1js
 * tree in one pass. Verifying a chip needs only a few fields, and parsing the whole certificate
 * through asn1-schema (or @peculiar/x509) once per use cost several milliseconds per chip; the
 * parts that are signed (tbsCertificate) or hashed (the SPKI) are kept as the exact bytes that
 * came in, so nothing is re-encoded.
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity,
 *                                 subject, subjectPublicKeyInfo, …, [3] extensions OPTIONAL }
 */
import * as asn1js from 'asn1js';
import { CONTEXT, UNIVERSAL, childrenOf, contentOf, hasTag, oidOf, parseOne } from './asn1.js';

export interface CertificateView {
  der: Uint8Array;
  /** The signed part, as received. */
  tbsDer: Uint8Array;
  /** Content octets of the serialNumber INTEGER. */
  serial: Uint8Array;
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo, as received: WebCrypto imports it as 'spki'. */
  spkiDer: Uint8Array;
  keyAlgorithm: string;
  /** The named curve of an EC key, else null. */
  curve: string | null;
  signatureAlgorithm: string;
  signature: Uint8Array;
  subjectKeyIdentifier: Uint8Array | null;
}

const OID_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';

export function readCertificate(input: Uint8Array | asn1js.AsnType): CertificateView | null {
  let element: asn1js.AsnType;
  if (input instanceof Uint8Array) {
    const parsed = parseOne(input);
    if ('error' in parsed) return null;
    element = parsed.element;
  } else element = input;
  if (!hasTag(element, UNIVERSAL, 16, true)) return null;
  const [tbs, sigAlg, sigValue] = childrenOf(element) ?? [];
  if (
    tbs === undefined ||
    sigAlg === undefined ||
    sigValue === undefined ||
    !hasTag(sigValue, UNIVERSAL, 3, false)
  )
    return null;
  const fields = childrenOf(tbs) ?? [];
  const offset = fields[0] !== undefined && hasTag(fields[0], CONTEXT, 0, true) ? 1 : 0;
  const [serial, , issuer, validity, subject, spki] = fields.slice(offset);
  if (
    serial === undefined ||
    issuer === undefined ||
    validity === undefined ||
    subject === undefined ||
    spki === undefined
  )
    return null;
  const [from, until] = childrenOf(validity) ?? [];
  const [keyAlg] = childrenOf(spki) ?? [];
  const [keyOid, keyParams] = keyAlg === undefined ? [] : (childrenOf(keyAlg) ?? []);
  const serialBytes = hasTag(serial, UNIVERSAL, 2, false) ? contentOf(serial) : null;
  const signature = contentOf(sigValue);
  const signatureAlgorithm = oidOf(childrenOf(sigAlg)?.[0]);
  const keyAlgorithm = oidOf(keyOid);
  const notBefore = dateOf(from);
  const notAfter = dateOf(until);
  if (
    serialBytes === null ||
    signature === null ||
    signatureAlgorithm === null ||
    keyAlgorithm === null ||
    notBefore === null ||
    notAfter === null
  )
    return null;
  return {
    der: element.valueBeforeDecodeView,
    tbsDer: tbs.valueBeforeDecodeView,
    serial: serialBytes,
    issuerDer: issuer.valueBeforeDecodeView,
    subjectDer: subject.valueBeforeDecodeView,
    notBefore,
    notAfter,
    spkiDer: spki.valueBeforeDecodeView,
    keyAlgorithm,
    curve: oidOf(keyParams),
    signatureAlgorithm,
    signature,
    subjectKeyIdentifier: subjectKeyIdentifier(fields),
  };
}

function dateOf(element: asn1js.AsnType | undefined): Date | null {
  if (!(element instanceof asn1js.UTCTime) && !(element instanceof asn1js.GeneralizedTime)) return null;
  const date = element.toDate();
  return Number.isNaN(date.getTime()) ? null : date;
}

/** extensions [3] { SEQUENCE OF Extension { extnID, critical?, extnValue OCTET STRING { OCTET STRING } } } */
function subjectKeyIdentifier(tbsFields: asn1js.AsnType[]): Uint8Array | null {
  const wrapper = tbsFields.find((f) => hasTag(f, CONTEXT, 3, true));
  const list = wrapper === undefined ? undefined : childrenOf(wrapper)?.[0];
  for (const extension of (list === undefined ? null : childrenOf(list)) ?? []) {
    const parts = childrenOf(extension) ?? [];
    if (oidOf(parts[0]) !== OID_SUBJECT_KEY_IDENTIFIER) continue;
    const value = parts.at(-1);
    const inner = value === undefined ? null : contentOf(value);
    const parsed = inner === null ? null : parseOne(inner);
    return parsed !== null && 'element' in parsed ? contentOf(parsed.element) : null;
  }
  return null;
}
