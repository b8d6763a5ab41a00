/**
 * Writing EF.SOD, the Document Security Object (ICAO 9303 part 10): a CMS SignedData (RFC 5652)
 * over the LDSSecurityObject (lds.ts), inside application tag 0x77.
 *
 *   77 ContentInfo { id-signedData, SignedData {
 *        version 3 (eContentType is not id-data),
 *        digestAlgorithms { sha256 },
 *        encapContentInfo { id-icao-ldsSecurityObject, eContent = LDSSecurityObject },
 *        certificates { the Document Signer certificate },
 *        signerInfos { SignerInfo {
 *          version 1, sid = issuerAndSerialNumber of the DS certificate,
 *          digestAlgorithm sha256,
 *          signedAttrs { contentType = id-icao-ldsSecurityObject, messageDigest = SHA-256(eContent) },
 *          signatureAlgorithm ecdsa-with-SHA256 (parameters absent, RFC 5758),
 *          signature = ECDSA-Sig-Value over the DER SET OF the signed attributes } } } }
 *
 * The structures are encoded by @peculiar/asn1-cms; attribute values and the 0x77 wrapper by
 * asn1js. The signed attributes are put in DER order (SET OF sorted by encoding) so that a
 * verifier that re-encodes them, as OpenSSL does, hashes the same bytes.
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import * as asn1js from 'asn1js';
import { APPLICATION, constructed, encode, toArrayBuffer } from './asn1.js';
import { encodeLdsSecurityObject } from './lds.js';
import {
  OID_CONTENT_TYPE,
  OID_ECDSA_WITH_SHA256,
  OID_LDS_SECURITY_OBJECT,
  OID_MESSAGE_DIGEST,
  OID_SHA256,
  OID_SIGNED_DATA,
} from './oids.js';
import { importSigningKey, type SigningKey } from './pki.js';
import { webcrypto, x509 } from './x509.js';

/** The data groups to cover. DG2 is absent on the card of a child under 6 (no photo). */
export interface SodGroups {
  1: Uint8Array;
  2?: Uint8Array;
  13: Uint8Array;
}

/** Signs the groups' hashes with the Document Signer's key. Throws only on a bad signer key. */
export async function signSod(groups: SodGroups, signer: SigningKey): Promise<Uint8Array> {
  const byNumber = new Map<number, Uint8Array>([
    [1, groups[1]],
    [13, groups[13]],
  ]);
  if (groups[2] !== undefined) byNumber.set(2, groups[2]);
  const eContent = await encodeLdsSecurityObject(byNumber);
  const certificate = AsnConvert.parse(toArrayBuffer(signer.certificateDer), Certificate);
  const key = await importSigningKey(
    signer.privateKeyPkcs8,
    new x509.X509Certificate(toArrayBuffer(signer.certificateDer)),
  );

  const signedAttrs = await signedAttributes(eContent);
  const toSign = encode(
    new asn1js.Set({ value: signedAttrs.map((a) => asn1js.fromBER(AsnConvert.serialize(a)).result) }),
  );
  const raw = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, toArrayBuffer(toSign));
  // WebCrypto returns r‖s; CMS wants the DER ECDSA-Sig-Value (RFC 5753).
  const signature = new x509.AsnEcSignatureFormatter().toAsnSignature(key.algorithm, raw);
  if (signature === null) throw new Error('signSod: could not encode the ECDSA signature');

  const sha256 = new AlgorithmIdentifier({ algorithm: OID_SHA256 });
  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({
        issuer: certificate.tbsCertificate.issuer,
        serialNumber: certificate.tbsCertificate.serialNumber,
      }),
    }),
    digestAlgorithm: sha256,
    signedAttrs,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 }),
    signature: new OctetString(signature),
  });
  const signedData = new SignedData({
    version: CMSVersion.v3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([sha256]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: OID_LDS_SECURITY_OBJECT,
      eContent: new EncapsulatedContent({ single: new OctetString(toArrayBuffer(eContent)) }),
    }),
    certificates: new CertificateSet([new CertificateChoices({ certificate })]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  const contentInfo = AsnConvert.serialize(
    new ContentInfo({ contentType: OID_SIGNED_DATA, content: AsnConvert.serialize(signedData) }),
  );
  return encode(constructed(APPLICATION, 0x17, [asn1js.fromBER(contentInfo).result]));
}

/** content-type and message-digest, sorted by their DER encoding as a DER SET OF requires. */
async function signedAttributes(eContent: Uint8Array): Promise<Attribute[]> {
  const digest = await webcrypto.subtle.digest('SHA-256', toArrayBuffer(eContent));
  const attrs = [
    new Attribute({
      attrType: OID_CONTENT_TYPE,
      attrValues: [new asn1js.ObjectIdentifier({ value: OID_LDS_SECURITY_OBJECT }).toBER()],
    }),
    new Attribute({
      attrType: OID_MESSAGE_DIGEST,
      attrValues: [new asn1js.OctetString({ valueHex: digest }).toBER()],
    }),
  ];
  const encoded = attrs.map((a) => ({ a, der: new Uint8Array(AsnConvert.serialize(a)) }));
  encoded.sort((x, y) => compareBytes(x.der, y.der));
  return encoded.map((e) => e.a);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
