/**
 * The LDSSecurityObject that the SOD signs (ICAO 9303 part 10):
 *
 *   LDSSecurityObject ::= SEQUENCE {
 *     version             INTEGER (v0 = 0, v1 = 1),
 *     hashAlgorithm       AlgorithmIdentifier,
 *     dataGroupHashValues SEQUENCE SIZE (2..16) OF DataGroupHash,
 *     ldsVersionInfo      LDSVersionInfo OPTIONAL }   -- v1 only; not written, ignored on reading
 *   DataGroupHash ::= SEQUENCE { dataGroupNumber INTEGER (1..16), dataGroupHashValue OCTET STRING }
 *
 * We write v0 with SHA-256, its parameters absent (RFC 5754 says SHA-2 identifiers SHOULD omit
 * them; a NULL is accepted on reading).
 */
import * as asn1js from 'asn1js';
import {
  UNIVERSAL,
  bufferSource,
  childrenOf,
  contentOf,
  encode,
  hasTag,
  integer,
  parseOne,
  sequence,
  smallIntegerOf,
} from './asn1.js';
import { HASH_BY_OID, OID_SHA256 } from './oids.js';

export interface LdsSecurityObject {
  /** WebCrypto name of the data-group hash. */
  hash: string;
  hashes: Map<number, Uint8Array>;
}

/** Hashes of the groups, by data-group number, with SHA-256. */
export async function encodeLdsSecurityObject(groups: ReadonlyMap<number, Uint8Array>): Promise<Uint8Array> {
  const entries = await Promise.all(
    [...groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(async ([n, bytes]) => {
        const digest = await globalThis.crypto.subtle.digest('SHA-256', bufferSource(bytes));
        return sequence([integer(n), new asn1js.OctetString({ valueHex: digest })]);
      }),
  );
  const algorithm = sequence([new asn1js.ObjectIdentifier({ value: OID_SHA256 })]);
  return encode(sequence([integer(0), algorithm, sequence(entries)]));
}

/** Reads the object, or says in English what is wrong (the caller words the issue). */
export function decodeLdsSecurityObject(bytes: Uint8Array): LdsSecurityObject | { error: string } {
  const parsed = parseOne(bytes);
  if ('error' in parsed) return { error: parsed.error };
  const [version, algorithm, values] = childrenOf(parsed.element) ?? [];
  if (
    !hasTag(parsed.element, UNIVERSAL, 16, true) ||
    version === undefined ||
    algorithm === undefined ||
    values === undefined
  ) {
    return { error: 'not SEQUENCE { version, hashAlgorithm, dataGroupHashValues }' };
  }
  const v = smallIntegerOf(version);
  if (v !== 0 && v !== 1) return { error: 'unknown version' };
  const oid = childrenOf(algorithm)?.[0];
  if (oid === undefined || !(oid instanceof asn1js.ObjectIdentifier))
    return { error: 'hashAlgorithm is not an AlgorithmIdentifier' };
  const hash = HASH_BY_OID[oid.valueBlock.toString()];
  if (hash === undefined) return { error: `unsupported hash algorithm ${oid.valueBlock.toString()}` };
  const hashes = new Map<number, Uint8Array>();
  for (const item of (hasTag(values, UNIVERSAL, 16, true) ? childrenOf(values) : null) ?? []) {
    const [number, value] = childrenOf(item) ?? [];
    const n = number === undefined ? null : smallIntegerOf(number);
    const digest = value !== undefined && hasTag(value, UNIVERSAL, 4, false) ? contentOf(value) : null;
    if (n === null || n < 1 || n > 16 || digest === null)
      return { error: 'a DataGroupHash is not { 1..16, OCTET STRING }' };
    if (hashes.has(n)) return { error: `data group ${n} is listed twice` };
    hashes.set(n, digest);
  }
  if (hashes.size === 0) return { error: 'dataGroupHashValues is empty or not a SEQUENCE' };
  return { hash, hashes };
}
