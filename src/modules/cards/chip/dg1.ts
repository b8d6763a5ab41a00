/**
 * EF.DG1, the MRZ as stored on the chip (ICAO 9303 part 10): application tag 0x61 holding one
 * 0x5F1F element whose content is the zone's characters with no line breaks: 90 for the TD1
 * card (3 × 30).
 */
import type { Checked } from '../check-issue.js';
import {
  APPLICATION,
  constructed,
  contentOf,
  childrenOf,
  encode,
  hasTag,
  parseOne,
  primitive,
} from './asn1.js';
import { malformed } from './files.js';

const TD1_LINE = 30;
const TD1_LENGTH = 3 * TD1_LINE;
const MRZ_CHARS = /^[A-Z0-9<]*$/;

/**
 * The zone as three lines or as 90 characters; `\r\n` line ends are accepted. Throws RangeError
 * for anything that is not a TD1 zone: this writes our own cards, so bad input is a bug upstream.
 */
export function encodeDg1(mrz: string): Uint8Array {
  const flat = mrz.replace(/\r?\n/g, '');
  if (flat.length !== TD1_LENGTH || !MRZ_CHARS.test(flat)) {
    throw new RangeError('encodeDg1: the MRZ must be 3 lines of 30 characters A–Z, 0–9 or <');
  }
  const ascii = new TextEncoder().encode(flat);
  return encode(constructed(APPLICATION, 0x01, [primitive(APPLICATION, 0x1f, ascii)]));
}

/** The zone as three lines joined by `\n`. Never throws. */
export function decodeDg1(bytes: Uint8Array): Checked<{ mrz: string }> {
  const parsed = parseOne(bytes);
  if ('error' in parsed) return fail(`không đọc được TLV (${parsed.error})`, `not a TLV (${parsed.error})`);
  const root = parsed.element;
  const children = childrenOf(root);
  if (!hasTag(root, APPLICATION, 0x01, true) || children === null)
    return fail('thẻ ngoài không phải 0x61', 'the outer tag is not 0x61');
  const zone = children.find((c) => hasTag(c, APPLICATION, 0x1f, false));
  const content = zone === undefined ? null : contentOf(zone);
  if (content === null)
    return fail('thiếu phần tử 0x5F1F chứa MRZ', 'the 0x5F1F element holding the MRZ is missing');
  if (content.byteLength !== TD1_LENGTH) {
    const n = content.byteLength;
    return fail(
      `MRZ dài ${n} ký tự, thẻ TD1 cần ${TD1_LENGTH}`,
      `the MRZ is ${n} characters long; a TD1 card has ${TD1_LENGTH}`,
    );
  }
  const text = String.fromCharCode(...content);
  if (!MRZ_CHARS.test(text))
    return fail('MRZ có ký tự ngoài A–Z, 0–9 và <', 'the MRZ has characters other than A–Z, 0–9 and <');
  return {
    data: { mrz: [0, 1, 2].map((i) => text.slice(i * TD1_LINE, (i + 1) * TD1_LINE)).join('\n') },
    issues: [],
  };
}

function fail(vi: string, en: string): Checked<{ mrz: string }> {
  return { data: {}, issues: [malformed('dg1', vi, en)] };
}
