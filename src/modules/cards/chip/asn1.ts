/**
 * A thin layer over asn1js for the chip files: building the application-class TLVs of ICAO 9303
 * (0x61, 0x75, 0x7F61, 0x5F1F…) and reading untrusted bytes without throwing. Every encoding is
 * done by asn1js; nothing here writes tag or length bytes by hand.
 */
import * as asn1js from 'asn1js';

/** ASN.1 tag classes as asn1js numbers them. */
export const UNIVERSAL = 1;
export const APPLICATION = 2;
export const CONTEXT = 3;

/**
 * Limits for untrusted input: a chip file is a few tens of kilobytes, so anything deeper or busier
 * than this is an attack or garbage, and refusing it early keeps fuzzed input cheap.
 */
const PARSE_LIMITS: asn1js.FromBerOptions = { maxDepth: 32, maxNodes: 4096, parseEmbedded: false };

/** A constructed element with the given class and tag number. */
export function constructed(
  tagClass: number,
  tagNumber: number,
  value: asn1js.AsnType[],
): asn1js.Constructed {
  return new asn1js.Constructed({ idBlock: { tagClass, tagNumber }, value });
}

/** A primitive element with the given class, tag number and content octets. */
export function primitive(tagClass: number, tagNumber: number, content: Uint8Array): asn1js.Primitive {
  return new asn1js.Primitive({ idBlock: { tagClass, tagNumber }, valueHex: toArrayBuffer(content) });
}

export function utf8(value: string): asn1js.Utf8String {
  return new asn1js.Utf8String({ value });
}

export function integer(value: number): asn1js.Integer {
  return new asn1js.Integer({ value });
}

export function sequence(value: asn1js.AsnType[]): asn1js.Sequence {
  return new asn1js.Sequence({ value });
}

export function encode(element: asn1js.AsnType): Uint8Array {
  return new Uint8Array(element.toBER(false));
}

/** A copy as a standalone ArrayBuffer (a Uint8Array may be a view into a larger pooled buffer). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/**
 * The bytes as WebCrypto's BufferSource type wants them (backed by an ArrayBuffer, not a
 * SharedArrayBuffer); copies only when they are not.
 */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(toArrayBuffer(bytes));
}

/**
 * Exactly one element spanning all of `bytes`, or a reason why not. Trailing bytes are refused:
 * a chip file is read to the end of its outer TLV, and the hash covers every byte, so anything
 * after it would be unexplained data.
 */
export function parseOne(bytes: Uint8Array): { element: asn1js.AsnType } | { error: string } {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) return { error: 'empty' };
  let parsed: asn1js.FromBerResult;
  try {
    parsed = asn1js.fromBER(bytes, PARSE_LIMITS);
  } catch (e) {
    // asn1js reports most faults through `offset === -1`, but a few paths throw (limits, bad
    // lengths): both mean "not a TLV".
    return { error: e instanceof Error ? e.message : 'unreadable' };
  }
  if (parsed.offset === -1) return { error: parsed.result.error || 'not a BER/DER TLV' };
  if (parsed.offset !== bytes.byteLength)
    return { error: `${bytes.byteLength - parsed.offset} byte(s) after the end of the outer TLV` };
  return { element: parsed.result };
}

export function hasTag(
  element: asn1js.AsnType,
  tagClass: number,
  tagNumber: number,
  isConstructed: boolean,
): boolean {
  const id = element.idBlock;
  return id.tagClass === tagClass && id.tagNumber === tagNumber && id.isConstructed === isConstructed;
}

/** Hex form of an element's tag as printed in ICAO 9303 ("5F1F", "7F61"), for messages. */
export function tagLabel(element: asn1js.AsnType): string {
  return Array.from(new Uint8Array(element.idBlock.toBER(false)), (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/** The children of a constructed element, or null for a primitive one. */
export function childrenOf(element: asn1js.AsnType): asn1js.AsnType[] | null {
  if (!element.idBlock.isConstructed || !(element instanceof asn1js.Constructed)) return null;
  return element.valueBlock.value;
}

/** The content octets of a primitive element, or null for a constructed one. */
export function contentOf(element: asn1js.AsnType): Uint8Array | null {
  if (element.idBlock.isConstructed) return null;
  const block: object = element.valueBlock;
  if (!('valueHexView' in block) || !(block.valueHexView instanceof Uint8Array)) return null;
  return block.valueHexView;
}

/** A small non-negative INTEGER (field numbers, versions, counts), or null. */
export function smallIntegerOf(element: asn1js.AsnType): number | null {
  if (!hasTag(element, UNIVERSAL, 2, false)) return null;
  const content = contentOf(element);
  if (content === null || content.byteLength === 0 || content.byteLength > 4) return null;
  if ((content[0] ?? 0) & 0x80) return null;
  return content.reduce((n, b) => n * 256 + b, 0);
}

// One decoder for all: constructing a TextDecoder costs more than decoding a DG13 field.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 text of a primitive string element; invalid UTF-8 is refused rather than patched with U+FFFD. */
export function textOf(element: asn1js.AsnType): string | null {
  const content = contentOf(element);
  if (content === null) return null;
  try {
    return UTF8.decode(content);
  } catch {
    return null;
  }
}

/** Universal string tags a DG13 value may come in: UTF8String, PrintableString, IA5String. */
export function isTextTag(element: asn1js.AsnType): boolean {
  return [12, 19, 22].some((n) => hasTag(element, UNIVERSAL, n, false));
}

/** The dotted form of an OBJECT IDENTIFIER element, or null for anything else. */
export function oidOf(element: asn1js.AsnType | undefined): string | null {
  return element instanceof asn1js.ObjectIdentifier ? element.valueBlock.toString() : null;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
