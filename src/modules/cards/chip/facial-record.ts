/**
 * The ISO/IEC 19794-5:2005 facial record that ICAO 9303 puts in DG2's biometric data block
 * (0x5F2E). Binary, big-endian, not ASN.1, so it is laid out here with a DataView.
 *
 * What we write (one face, no feature points), 46 bytes before the image:
 *   Facial Record Header (14)
 *     'FAC\0'                     format identifier
 *     '010\0'                     version (the 2005 edition, the one ICAO 9303 requires)
 *     u32 record length           whole record, header included
 *     u16 number of faces = 1
 *   Facial Information Block (20)
 *     u32 facial record length    this block + feature points + image information + image
 *     u16 feature points = 0
 *     u8 gender = 0, u8 eye colour = 0, u8 hair colour = 0       0 = unspecified
 *     u24 feature mask = 0        "no features specified"
 *     u16 expression = 0          unspecified
 *     u8×3 pose angle = 0, u8×3 pose uncertainty = 0             0 = unspecified
 *   Image Information Block (12)
 *     u8 face image type = 0      basic: we make no claim that the photo meets the full-frontal
 *                                 rules, which is an image-quality check, not ours
 *     u8 image data type          0x00 JPEG; PNG: see IMAGE_DATA_TYPE_PNG
 *     u16 width, u16 height       read from the image (0 when it cannot be read or is > 65535)
 *     u8 colour space = 0, u8 source type = 0, u16 device type = 0, u16 quality = 0: unspecified
 * Everything unspecified is 0 because this library only sees bytes: the capture station knows
 * the rest, and 0 is the value the standard gives for "not stated".
 */
export type ImageMime = 'image/jpeg' | 'image/png';

const HEADER_LENGTH = 14;
const FACE_INFO_LENGTH = 20;
const FEATURE_POINT_LENGTH = 8;
const IMAGE_INFO_LENGTH = 12;
const IMAGE_DATA_TYPE_JPEG = 0x00;
/**
 * The 2005 edition only knows JPEG (0x00) and JPEG 2000 (0x01); ICAO 9303 allows only those in
 * DG2, so real cards carry JPEG. Photos in dancu may be PNG, so for our own cards we store them as
 * they are, marked 0x03: reserved in the 2005 edition, and (as we read it, not checked against
 * the text) the code the 2011 edition gives PNG. Readers here go by the image's magic bytes.
 */
const IMAGE_DATA_TYPE_PNG = 0x03;

/** 'FAC\0' then '010\0': format identifier and version. */
const FORMAT_AND_VERSION = [0x46, 0x41, 0x43, 0x00, 0x30, 0x31, 0x30, 0x00];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function imageMimeOf(image: Uint8Array): ImageMime | null {
  if (image.byteLength > 3 && image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff)
    return 'image/jpeg';
  if (image.byteLength > PNG_MAGIC.length && PNG_MAGIC.every((b, i) => image[i] === b)) return 'image/png';
  return null;
}

/** Builds the record around a JPEG or PNG image. Throws RangeError for any other bytes. */
export function encodeFacialRecord(image: Uint8Array): Uint8Array {
  const mime = imageMimeOf(image);
  if (mime === null) throw new RangeError('encodeDg2: the photo must be a JPEG or PNG image');
  const { width, height } = imageSize(image, mime);
  const facialLength = FACE_INFO_LENGTH + IMAGE_INFO_LENGTH + image.byteLength;
  const out = new Uint8Array(HEADER_LENGTH + facialLength);
  const view = new DataView(out.buffer);
  out.set(FORMAT_AND_VERSION, 0);
  view.setUint32(8, out.byteLength);
  view.setUint16(12, 1);
  view.setUint32(HEADER_LENGTH, facialLength);
  // Bytes 18–33 (feature points … pose uncertainty) stay 0 = unspecified.
  const info = HEADER_LENGTH + FACE_INFO_LENGTH;
  view.setUint8(info + 1, mime === 'image/jpeg' ? IMAGE_DATA_TYPE_JPEG : IMAGE_DATA_TYPE_PNG);
  view.setUint16(info + 2, width);
  view.setUint16(info + 4, height);
  out.set(image, info + IMAGE_INFO_LENGTH);
  return out;
}

/** The first face's image bytes, or the reason the record cannot be read. */
export function decodeFacialRecord(
  record: Uint8Array,
): { image: Uint8Array } | { error: { vi: string; en: string } } {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  if (record.byteLength < HEADER_LENGTH + FACE_INFO_LENGTH + IMAGE_INFO_LENGTH) {
    return {
      error: {
        vi: 'bản ghi khuôn mặt ISO/IEC 19794-5 quá ngắn',
        en: 'the ISO/IEC 19794-5 facial record is too short',
      },
    };
  }
  if (!FORMAT_AND_VERSION.slice(0, 4).every((b, i) => record[i] === b)) {
    return {
      error: {
        vi: "bản ghi khuôn mặt không bắt đầu bằng 'FAC'",
        en: "the facial record does not start with 'FAC'",
      },
    };
  }
  // Later editions (020, 030) lay the blocks out differently; ICAO 9303 requires 010.
  if (!FORMAT_AND_VERSION.slice(4).every((b, i) => record[4 + i] === b)) {
    return {
      error: {
        vi: "bản ghi khuôn mặt không phải phiên bản '010' (ISO/IEC 19794-5:2005)",
        en: "the facial record is not version '010' (ISO/IEC 19794-5:2005)",
      },
    };
  }
  if (view.getUint32(8) !== record.byteLength) {
    return {
      error: {
        vi: 'độ dài ghi trong bản ghi khuôn mặt không khớp với độ dài thực',
        en: 'the facial record length field does not match its actual length',
      },
    };
  }
  if (view.getUint16(12) < 1)
    return { error: { vi: 'bản ghi khuôn mặt không có ảnh nào', en: 'the facial record holds no face' } };
  const facialLength = view.getUint32(HEADER_LENGTH);
  const featurePoints = view.getUint16(HEADER_LENGTH + 4);
  const imageStart =
    HEADER_LENGTH + FACE_INFO_LENGTH + featurePoints * FEATURE_POINT_LENGTH + IMAGE_INFO_LENGTH;
  const imageEnd = HEADER_LENGTH + facialLength;
  if (imageEnd > record.byteLength || imageStart >= imageEnd) {
    return {
      error: {
        vi: 'độ dài khối dữ liệu khuôn mặt vượt ra ngoài bản ghi',
        en: 'the facial data block length runs past the record',
      },
    };
  }
  return { image: record.subarray(imageStart, imageEnd) };
}

/** Pixel size from the PNG IHDR chunk or a JPEG SOFn marker; 0×0 when not found or too large. */
function imageSize(image: Uint8Array, mime: ImageMime): { width: number; height: number } {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const fit = (w: number, h: number) =>
    w > 0xffff || h > 0xffff ? { width: 0, height: 0 } : { width: w, height: h };
  if (mime === 'image/png')
    return image.byteLength >= 24 ? fit(view.getUint32(16), view.getUint32(20)) : { width: 0, height: 0 };
  let at = 2;
  while (at + 9 < image.byteLength) {
    if (image[at] !== 0xff) break;
    const marker = image[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return fit(view.getUint16(at + 7), view.getUint16(at + 5));
    }
    if (marker === 0xda) break; // start of scan: no frame header before it means none
    at += 2 + view.getUint16(at + 2);
  }
  return { width: 0, height: 0 };
}
