/**
 * EF.DG2, the face (ICAO 9303 part 10, biometric information template as in ISO/IEC 7816-11):
 *
 *   75                      DG2
 *     7F61                  biometric information group template
 *       02 01 01            number of instances: 1
 *       7F60                biometric information template
 *         A1                biometric header template (BHT)
 *           80 02 01 01     ICAO header version 1.1
 *           81 01 02        biometric type: facial features. CBEFF (ISO/IEC 19785-3) numbers face
 *                           0x02; 0x08 is fingerprint. One byte, as passports write it.
 *           87 02 01 01     format owner: ISO/IEC JTC 1/SC 37
 *           88 02 00 08     format type: face image (ISO/IEC 19794-5)
 *         5F2E              biometric data block: the ISO/IEC 19794-5 record (facial-record.ts)
 *
 * Left out as optional: biometric subtype (82), creation date (83), validity period (85) and
 * creator (86).
 */
import type { Checked } from '../check-issue.js';
import { checkIssue } from '../check-issue.js';
import {
  APPLICATION,
  CONTEXT,
  UNIVERSAL,
  childrenOf,
  constructed,
  contentOf,
  encode,
  hasTag,
  integer,
  parseOne,
  primitive,
  smallIntegerOf,
  tagLabel,
} from './asn1.js';
import { decodeFacialRecord, encodeFacialRecord, imageMimeOf, type ImageMime } from './facial-record.js';
import { malformed } from './files.js';

export interface Dg2Data {
  imageMime: ImageMime;
  image: Uint8Array;
}

/** Wraps a JPEG (or PNG, see facial-record.ts) photo. Throws RangeError for other bytes. */
export function encodeDg2(image: Uint8Array): Uint8Array {
  const header = constructed(CONTEXT, 0x01, [
    primitive(CONTEXT, 0x00, Uint8Array.of(0x01, 0x01)),
    primitive(CONTEXT, 0x01, Uint8Array.of(0x02)),
    primitive(CONTEXT, 0x07, Uint8Array.of(0x01, 0x01)),
    primitive(CONTEXT, 0x08, Uint8Array.of(0x00, 0x08)),
  ]);
  const template = constructed(APPLICATION, 0x60, [
    header,
    primitive(APPLICATION, 0x2e, encodeFacialRecord(image)),
  ]);
  return encode(constructed(APPLICATION, 0x15, [constructed(APPLICATION, 0x61, [integer(1), template])]));
}

/** The first face image. Never throws. */
export function decodeDg2(bytes: Uint8Array): Checked<Dg2Data> {
  const parsed = parseOne(bytes);
  if ('error' in parsed) return fail(`không đọc được TLV (${parsed.error})`, `not a TLV (${parsed.error})`);
  const group = childrenOf(parsed.element);
  if (!hasTag(parsed.element, APPLICATION, 0x15, true) || group === null)
    return fail('thẻ ngoài không phải 0x75', 'the outer tag is not 0x75');
  const groupTemplate = group[0];
  const instances =
    groupTemplate === undefined || !hasTag(groupTemplate, APPLICATION, 0x61, true)
      ? null
      : childrenOf(groupTemplate);
  if (instances === null)
    return fail(
      'thiếu nhóm mẫu sinh trắc học 0x7F61',
      'the biometric information group template 0x7F61 is missing',
    );
  const count =
    instances[0] === undefined || !hasTag(instances[0], UNIVERSAL, 2, false)
      ? null
      : smallIntegerOf(instances[0]);
  if (count === null || count < 1)
    return fail('số lượng mẫu sinh trắc học không hợp lệ', 'the number of biometric instances is not valid');
  const first = instances.find((c) => hasTag(c, APPLICATION, 0x60, true));
  const template = first === undefined ? null : childrenOf(first);
  if (template === null)
    return fail('thiếu mẫu sinh trắc học 0x7F60', 'the biometric information template 0x7F60 is missing');
  if (!template.some((c) => hasTag(c, CONTEXT, 0x01, true)))
    return fail('thiếu tiêu đề sinh trắc học 0xA1', 'the biometric header template 0xA1 is missing');
  const block = template.find((c) => c.idBlock.tagClass === APPLICATION && c.idBlock.tagNumber === 0x2e);
  if (block === undefined)
    return fail('thiếu khối dữ liệu sinh trắc học 0x5F2E', 'the biometric data block 0x5F2E is missing');
  const record = contentOf(block);
  if (record === null) {
    // 7F2E is the enciphered/protected form (ISO/IEC 7816-11), which needs keys we do not have.
    return fail(
      `khối dữ liệu sinh trắc học ${tagLabel(block)} được bảo vệ, không đọc được`,
      `the biometric data block ${tagLabel(block)} is protected and cannot be read`,
    );
  }
  const face = decodeFacialRecord(record);
  if ('error' in face) return fail(face.error.vi, face.error.en);
  const mime = imageMimeOf(face.image);
  if (mime === null) {
    const issue = checkIssue(
      'chip_photo_format_unsupported',
      'dg2',
      'Ảnh chân dung trên chip không phải JPEG hoặc PNG.',
      'The portrait on the chip is neither JPEG nor PNG.',
    );
    return { data: {}, issues: [issue] };
  }
  // A copy: the view points into the caller's file buffer.
  return { data: { imageMime: mime, image: face.image.slice() }, issues: [] };
}

function fail(vi: string, en: string): Checked<Dg2Data> {
  return { data: {}, issues: [malformed('dg2', vi, en)] };
}
