import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { AppError, invalid, type FieldError } from '../../kernel/errors.js';

/**
 * Basic quality checks of the images taken at intake, before they are sealed and kept: the
 * format, the file size, the pixel size and shape, and for the face photo that it is neither too
 * dark, too bright nor flat (a covered lens, a photo of a white wall). Each failure is a clear
 * message the officer can act on ("move closer", "more light"); a real deployment adds an ICAO
 * face-quality engine behind the same function.
 */
export type ImageMime = 'image/jpeg' | 'image/png';

export interface DecodedImage {
  mime: ImageMime;
  bytes: Buffer;
  width: number;
  height: number;
}

export const PHOTO_LIMITS = { maxBytes: 2 * 1024 * 1024, minWidth: 300, minHeight: 400, minAspect: 0.65, maxAspect: 0.9, minMeanLuma: 50, maxMeanLuma: 215, minLumaSpread: 18 } as const;
export const FINGER_LIMITS = { maxBytes: 1024 * 1024, minWidth: 150, minHeight: 150 } as const;
export const SIGNATURE_LIMITS = { maxBytes: 512 * 1024, minWidth: 100, minHeight: 30 } as const;

function mimeOf(b: Buffer): ImageMime | undefined {
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return undefined;
}

function decode(b: Buffer, mime: ImageMime): { width: number; height: number; data: Uint8Array } | undefined {
  try {
    if (mime === 'image/png') {
      const png = PNG.sync.read(b);
      return { width: png.width, height: png.height, data: png.data };
    }
    const img = jpeg.decode(b, { useTArray: true, maxResolutionInMP: 40, maxMemoryUsageInMB: 256 });
    return { width: img.width, height: img.height, data: img.data };
  } catch {
    return undefined;
  }
}

/** Mean and spread (standard deviation) of the brightness, sampled on a grid (RGBA pixels). */
function luma(img: { width: number; height: number; data: Uint8Array }): { mean: number; spread: number } {
  const step = Math.max(1, Math.floor(Math.sqrt((img.width * img.height) / 20_000)));
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let y = 0; y < img.height; y += step) {
    for (let x = 0; x < img.width; x += step) {
      const i = (y * img.width + x) * 4;
      const l = 0.299 * img.data[i]! + 0.587 * img.data[i + 1]! + 0.114 * img.data[i + 2]!;
      n++;
      sum += l;
      sq += l * l;
    }
  }
  const mean = sum / n;
  return { mean, spread: Math.sqrt(Math.max(0, sq / n - mean * mean)) };
}

const problem = (field: string, code: string, vi: string, en: string): FieldError => ({ field, code, message: { vi, en } });

function fail(field: string, errors: FieldError[]): never {
  if (errors.length === 1 && errors[0]!.code.endsWith('_too_large')) throw new AppError('too_large', errors[0]!.code, errors[0]!.message, { field });
  throw new AppError('invalid', errors[0]!.code, errors[0]!.message, { field, errors });
}

function decodeChecked(field: string, what: { vi: string; en: string }, b: Buffer, limits: { maxBytes: number; minWidth: number; minHeight: number }): DecodedImage & { pixels: { width: number; height: number; data: Uint8Array } } {
  if (b.length > limits.maxBytes) fail(field, [problem(field, 'image_too_large', `${what.vi} lớn hơn ${Math.round(limits.maxBytes / 1024)} KB.`, `The ${what.en} is larger than ${Math.round(limits.maxBytes / 1024)} KB.`)]);
  const mime = mimeOf(b);
  if (!mime) fail(field, [problem(field, 'image_type', `${what.vi} phải là tệp JPEG hoặc PNG.`, `The ${what.en} must be a JPEG or PNG file.`)]);
  const pixels = decode(b, mime);
  if (!pixels) fail(field, [problem(field, 'image_unreadable', `Không đọc được ${what.vi.toLowerCase()}: tệp hỏng.`, `The ${what.en} cannot be read: the file is damaged.`)]);
  if (pixels.width < limits.minWidth || pixels.height < limits.minHeight) {
    fail(field, [problem(field, 'image_too_small', `${what.vi} cỡ ${pixels.width}×${pixels.height} điểm ảnh, cần ít nhất ${limits.minWidth}×${limits.minHeight}.`, `The ${what.en} is ${pixels.width}×${pixels.height} pixels; at least ${limits.minWidth}×${limits.minHeight} is needed.`)]);
  }
  return { mime, bytes: b, width: pixels.width, height: pixels.height, pixels };
}

const PHOTO = { vi: 'Ảnh chân dung', en: 'face photo' };

/** The face photo: JPEG/PNG, ≤ 2 MB, ≥ 300×400 portrait (about 3:4), lit and not flat. */
export function checkFacePhoto(b: Buffer, field = 'photo'): DecodedImage {
  const img = decodeChecked(field, PHOTO, b, PHOTO_LIMITS);
  const errors: FieldError[] = [];
  const aspect = img.width / img.height;
  if (aspect < PHOTO_LIMITS.minAspect || aspect > PHOTO_LIMITS.maxAspect) {
    errors.push(problem(field, 'photo_aspect', `Ảnh chân dung phải dọc, tỉ lệ khoảng 3×4 (ảnh này ${img.width}×${img.height}).`, `The face photo must be portrait, about 3:4 (this one is ${img.width}×${img.height}).`));
  }
  const { mean, spread } = luma(img.pixels);
  if (mean < PHOTO_LIMITS.minMeanLuma) errors.push(problem(field, 'photo_too_dark', 'Ảnh quá tối: bật thêm đèn hoặc đứng gần nguồn sáng.', 'The photo is too dark: add light or move closer to a light source.'));
  if (mean > PHOTO_LIMITS.maxMeanLuma) errors.push(problem(field, 'photo_too_bright', 'Ảnh quá sáng, bị loá: giảm đèn hoặc tránh ánh sáng chiếu thẳng.', 'The photo is too bright: dim the light or avoid direct light.'));
  if (spread < PHOTO_LIMITS.minLumaSpread) errors.push(problem(field, 'photo_flat', 'Ảnh gần như một màu (ống kính bị che?): chụp lại.', 'The photo is almost one colour (lens covered?): take it again.'));
  if (errors.length > 0) fail(field, errors);
  return { mime: img.mime, bytes: img.bytes, width: img.width, height: img.height };
}

/** A fingerprint image (a real scanner sends WSQ or PNG; we take PNG or JPEG): ≤ 1 MB, ≥ 150×150. */
export function checkFingerprint(b: Buffer, field: string): DecodedImage {
  const img = decodeChecked(field, { vi: 'Ảnh vân tay', en: 'fingerprint image' }, b, FINGER_LIMITS);
  return { mime: img.mime, bytes: img.bytes, width: img.width, height: img.height };
}

/** The applicant's signature, from the signature pad or a scan: ≤ 512 KB, ≥ 100×30. */
export function checkSignature(b: Buffer, field = 'signature'): DecodedImage {
  const img = decodeChecked(field, { vi: 'Chữ ký', en: 'signature image' }, b, SIGNATURE_LIMITS);
  return { mime: img.mime, bytes: img.bytes, width: img.width, height: img.height };
}

/** Base64 (optionally a data: URL) from a JSON body, or a precise error. */
export function bytesFromBase64(text: string, field: string): Buffer {
  const body = text.startsWith('data:') ? text.slice(text.indexOf(',') + 1) : text;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length === 0) throw invalid('image_base64', field, { vi: 'Ảnh phải gửi dạng base64.', en: 'The image must be sent as base64.' });
  return Buffer.from(body, 'base64');
}
