/**
 * Reading an EF.SOD (layout in sod.ts) from untrusted bytes, without throwing, into the pieces
 * passive authentication needs. It walks the asn1js tree rather than mapping it through
 * asn1-cms: that keeps the signed bytes (signed attributes, tbsCertificate) exactly as they came,
 * so a chip from another issuer whose encoder differs from ours still verifies, and it costs a
 * fraction of a millisecond where the full schema mapping cost several.
 *
 *   ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT SignedData }
 *   SignedData  ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo,
 *                              certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT OPTIONAL,
 *                              signerInfos SET }
 *   EncapsulatedContentInfo ::= SEQUENCE { eContentType OID, eContent [0] EXPLICIT OCTET STRING }
 *   SignerInfo  ::= SEQUENCE { version, sid, digestAlgorithm, signedAttrs [0] IMPLICIT OPTIONAL,
 *                              signatureAlgorithm, signature OCTET STRING, unsignedAttrs [1] OPTIONAL }
 *   sid ::= CHOICE { IssuerAndSerialNumber SEQUENCE { Name, INTEGER }, [0] SubjectKeyIdentifier }
 */
import type * as asn1js from 'asn1js';
import type { CheckIssue } from '../check-issue.js';
import {
  APPLICATION,
  CONTEXT,
  UNIVERSAL,
  childrenOf,
  contentOf,
  hasTag,
  oidOf,
  parseOne,
  sameBytes,
} from './asn1.js';
import { readCertificate, type CertificateView } from './certificate.js';
import { malformed } from './files.js';
import { decodeLdsSecurityObject, type LdsSecurityObject } from './lds.js';
import {
  HASH_BY_OID,
  OID_CONTENT_TYPE,
  OID_LDS_SECURITY_OBJECT,
  OID_MESSAGE_DIGEST,
  OID_SIGNED_DATA,
} from './oids.js';

export interface ParsedSod {
  lds: LdsSecurityObject;
  /** The DER LDSSecurityObject, as hashed for the message-digest attribute. */
  eContent: Uint8Array;
  digestAlgorithm: string;
  /** WebCrypto name of the digest algorithm, or null if WebCrypto lacks it. */
  digestHash: string | null;
  signatureAlgorithm: string;
  signature: Uint8Array;
  /** The signed attributes re-tagged as the SET OF that the signature covers, or null if none. */
  signedAttributes: { der: Uint8Array; contentType: string | null; messageDigest: Uint8Array | null } | null;
  /** The certificate the SignerInfo names, as found in the SOD; null if it is not there. */
  signer: CertificateView | null;
}

type Result = { sod: ParsedSod } | { issues: CheckIssue[] };

export function readSod(bytes: Uint8Array): Result {
  try {
    return readUnsafe(bytes);
  } catch (e) {
    // Nothing below should throw; if a library does on some input, that input is malformed.
    const why = e instanceof Error ? e.message : String(e);
    return fail(`không đọc được cấu trúc CMS (${why})`, `the CMS structure cannot be read (${why})`);
  }
}

function readUnsafe(bytes: Uint8Array): Result {
  const parsed = parseOne(bytes);
  if ('error' in parsed) return fail(`không đọc được TLV (${parsed.error})`, `not a TLV (${parsed.error})`);
  const wrapped = childrenOf(parsed.element);
  const contentInfo = wrapped?.length === 1 ? wrapped[0] : undefined;
  if (!hasTag(parsed.element, APPLICATION, 0x17, true) || contentInfo === undefined) {
    return fail(
      'thẻ ngoài không phải 0x77 bao một ContentInfo',
      'the outer tag is not 0x77 around one ContentInfo',
    );
  }
  const [contentType, explicit] = sequenceOf(contentInfo);
  const signedData =
    explicit !== undefined && hasTag(explicit, CONTEXT, 0, true) ? childrenOf(explicit)?.[0] : undefined;
  if (
    oidOf(contentType) !== OID_SIGNED_DATA ||
    signedData === undefined ||
    !hasTag(signedData, UNIVERSAL, 16, true)
  ) {
    return fail('nội dung không phải CMS SignedData', 'the content is not CMS SignedData');
  }
  const parts = childrenOf(signedData) ?? [];
  const encap = parts[2];
  const signerInfos = parts.at(-1);
  if (encap === undefined || signerInfos === undefined || !hasTag(signerInfos, UNIVERSAL, 17, true)) {
    return fail(
      'SignedData thiếu encapContentInfo hoặc signerInfos',
      'SignedData lacks encapContentInfo or signerInfos',
    );
  }

  const [eContentType, eContentWrapper] = sequenceOf(encap);
  const eType = oidOf(eContentType);
  if (eType !== OID_LDS_SECURITY_OBJECT) {
    return fail(
      `loại nội dung là ${eType ?? '?'}, cần id-icao-ldsSecurityObject`,
      `the content type is ${eType ?? '?'}, not id-icao-ldsSecurityObject`,
    );
  }
  const octets =
    eContentWrapper !== undefined && hasTag(eContentWrapper, CONTEXT, 0, true)
      ? childrenOf(eContentWrapper)?.[0]
      : undefined;
  const eContent = octets !== undefined && hasTag(octets, UNIVERSAL, 4, false) ? contentOf(octets) : null;
  if (eContent === null)
    return fail('thiếu eContent (LDSSecurityObject)', 'the eContent (LDSSecurityObject) is missing');
  const lds = decodeLdsSecurityObject(eContent);
  if ('error' in lds)
    return fail(`LDSSecurityObject sai: ${lds.error}`, `bad LDSSecurityObject: ${lds.error}`);

  const infos = childrenOf(signerInfos) ?? [];
  const [info] = infos;
  if (infos.length !== 1 || info === undefined) {
    return fail(
      `có ${infos.length} SignerInfo, cần đúng 1`,
      `it has ${infos.length} SignerInfos; exactly one is required`,
    );
  }
  const fields = childrenOf(info) ?? [];
  const [, sid, digestAlg] = fields;
  const attrsElement = fields[3] !== undefined && hasTag(fields[3], CONTEXT, 0, true) ? fields[3] : null;
  const [sigAlg, sigValue] = fields.slice(attrsElement === null ? 3 : 4);
  const digestAlgorithm = oidOf(sequenceOf(digestAlg)[0]);
  const signatureAlgorithm = oidOf(sequenceOf(sigAlg)[0]);
  const signature =
    sigValue !== undefined && hasTag(sigValue, UNIVERSAL, 4, false) ? contentOf(sigValue) : null;
  if (sid === undefined || digestAlgorithm === null || signatureAlgorithm === null || signature === null) {
    return fail('SignerInfo sai cấu trúc', 'the SignerInfo is malformed');
  }
  const signedAttributes = attrsElement === null ? null : readSignedAttributes(attrsElement);
  if (signedAttributes === 'bad')
    return fail(
      'thuộc tính được ký (content-type, message-digest) sai',
      'the signed attributes (content-type, message-digest) are malformed',
    );

  const certificates = parts.find((p, i) => i >= 3 && hasTag(p, CONTEXT, 0, true));
  return {
    sod: {
      lds,
      eContent,
      digestAlgorithm,
      digestHash: HASH_BY_OID[digestAlgorithm] ?? null,
      signatureAlgorithm,
      signature,
      signedAttributes,
      signer: findSigner(certificates === undefined ? [] : (childrenOf(certificates) ?? []), sid),
    },
  };
}

function readSignedAttributes(element: asn1js.AsnType): NonNullable<ParsedSod['signedAttributes']> | 'bad' {
  // The signature covers the attributes with the universal SET tag, not the [0] IMPLICIT one
  // they are sent with (RFC 5652 §5.4).
  const der = element.valueBeforeDecodeView.slice();
  der[0] = 0x31;
  const values = new Map<string, asn1js.AsnType[]>();
  for (const attribute of childrenOf(element) ?? []) {
    const [type, set] = sequenceOf(attribute);
    const oid = oidOf(type);
    if (oid === null || set === undefined || !hasTag(set, UNIVERSAL, 17, true) || values.has(oid))
      return 'bad';
    values.set(oid, childrenOf(set) ?? []);
  }
  // RFC 5652 §11: each of these carries exactly one value.
  const single = (oid: string) => {
    const v = values.get(oid);
    return v === undefined ? null : v.length === 1 ? v[0] : 'bad';
  };
  const type = single(OID_CONTENT_TYPE);
  const digest = single(OID_MESSAGE_DIGEST);
  if (type === 'bad' || digest === 'bad') return 'bad';
  const contentType = type == null ? null : oidOf(type);
  const messageDigest =
    digest == null ? null : hasTag(digest, UNIVERSAL, 4, false) ? contentOf(digest) : null;
  if ((type != null && contentType === null) || (digest != null && messageDigest === null)) return 'bad';
  return { der, contentType, messageDigest };
}

/** The certificate the sid points at: same issuer and serial, or same subject key identifier. */
function findSigner(certificates: asn1js.AsnType[], sid: asn1js.AsnType): CertificateView | null {
  const [issuer, serial] = hasTag(sid, UNIVERSAL, 16, true) ? (childrenOf(sid) ?? []) : [];
  const serialBytes = serial === undefined ? null : contentOf(serial);
  const keyId = hasTag(sid, CONTEXT, 0, false) ? contentOf(sid) : null;
  for (const element of certificates) {
    const cert = readCertificate(element);
    if (cert === null) continue; // an attribute certificate or garbage: not the signer
    if (
      issuer !== undefined &&
      serialBytes !== null &&
      sameBytes(issuer.valueBeforeDecodeView, cert.issuerDer) &&
      sameBytes(serialBytes, cert.serial)
    )
      return cert;
    if (keyId !== null && cert.subjectKeyIdentifier !== null && sameBytes(keyId, cert.subjectKeyIdentifier))
      return cert;
  }
  return null;
}

function sequenceOf(element: asn1js.AsnType | undefined): (asn1js.AsnType | undefined)[] {
  return element !== undefined && hasTag(element, UNIVERSAL, 16, true) ? (childrenOf(element) ?? []) : [];
}

function fail(vi: string, en: string): { issues: CheckIssue[] } {
  return { issues: [malformed('sod', vi, en)] };
}
