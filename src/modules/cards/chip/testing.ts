/**
 * Fixtures for the chip tests: a sample holder, tiny real images, a TD1 zone with correct check
 * digits, and a CSCA + Document Signer chain. Test-only; not exported from index.ts.
 */
import type { Dg13Fields } from './dg13.js';
import { encodeDg1 } from './dg1.js';
import { encodeDg13 } from './dg13.js';
import { encodeDg2 } from './dg2.js';
import type { ChipFiles } from './files.js';
import { createCsca, createDocumentSigner, type IssuedKey } from './pki.js';
import { signSod } from './sod.js';

/** 12 × 16 px, made with jpeg-js / pngjs once and kept as bytes so the tests need neither. */
export const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSgBBwcHCggKEwoKEygaFhooKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKP/AABEIABAADAMBEQACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhEDEQA/ANmaOvziGC8j3a8im8fzV1LBabHlzlqbE0dfSQwXkdteRTaP5q6lgtNjy5y1P//Z',
  'base64',
);
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAwAAAAQCAYAAAAiYZ4HAAAAn0lEQVR4ASXBsQ0CQAwAMZ+UKvuLmdjpCyhi9/34PTx58uTJk4cnT548GdYJIYScEEKGdUIIISeEkGGdEELICSFkWCeEEHJCCBnWCSGEnBBChnVCCCEnhJBhnRBCyAkhZFgnhBByQggZ1gkhhJwQQoZ1QgghJ4SQYZ0QQsgJIWRYJ4QQckIIGdYJIYScEEKGdUIIISeEkGGdEELICSHkD1M8Doq7B5fCAAAAAElFTkSuQmCC',
  'base64',
);

export const HOLDER: Dg13Fields = {
  pin: '001093047064',
  fullName: 'Nguyễn Văn An',
  birthDate: '1993-04-12',
  sex: 'M',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Không',
  originPlace: 'Xã Hải Hậu, Tỉnh Ninh Bình',
  residencePlace: 'Số 12, ngõ 34 phố Đội Cấn, Phường Ngọc Hà, Thành phố Hà Nội',
  identifyingMarks: 'Nốt ruồi C:2cm trên sau đầu lông mày trái',
  issueDate: '2024-07-15',
  expiryDate: '2033-04-12',
  fatherName: 'Nguyễn Văn Bình',
  motherName: 'Trần Thị Cúc',
  spouseName: null,
  oldId: '123456789',
};

/** ICAO 9303 check digit: weights 7, 3, 1; `<` counts 0, letters A=10 … Z=35. */
export function checkDigit(s: string): string {
  const value = (c: string) => (c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  return String([...s].reduce((sum, c, i) => sum + value(c) * ([7, 3, 1][i % 3] ?? 0), 0) % 10);
}

/** A TD1 zone as Vietnamese cards write it (see cards/documents/mrz.ts), from DG13-style fields. */
export function td1(
  f: Pick<Dg13Fields, 'pin' | 'birthDate' | 'sex' | 'expiryDate'>,
  name = 'NGUYEN<<VAN<AN',
): string {
  const docNumber = f.pin.slice(3);
  const optional = `${f.pin}<<`;
  const line1 = `IDVNM${docNumber}${checkDigit(docNumber)}${optional}${checkDigit(optional)}`;
  const yymmdd = (iso: string) => iso.slice(2).replaceAll('-', '');
  const birth = yymmdd(f.birthDate);
  const expiry = f.expiryDate === null ? '991231' : yymmdd(f.expiryDate);
  const head = `${birth}${checkDigit(birth)}${f.sex}${expiry}${checkDigit(expiry)}VNM<<<<<<<<<<<`;
  const composite = line1.slice(5, 30) + head.slice(0, 7) + head.slice(8, 15) + head.slice(18, 29);
  const line2 = `${head}${checkDigit(composite)}`;
  const line3 = name.padEnd(30, '<');
  return [line1, line2, line3].join('\n');
}

const YEAR = 365 * 86_400_000;

export interface Chain {
  csca: IssuedKey;
  ds: IssuedKey;
}

/** A CSCA valid 10 years around `at` and a DS valid from a year before to 5 years after. */
export async function makeChain(
  at: Date,
  names = { csca: 'CSCA Việt Nam (thử nghiệm)', ds: 'Document Signer 1' },
): Promise<Chain> {
  const csca = await createCsca({
    commonName: names.csca,
    country: 'VN',
    validFrom: new Date(at.getTime() - 2 * YEAR),
    validTo: new Date(at.getTime() + 10 * YEAR),
  });
  const ds = await createDocumentSigner(csca, {
    commonName: names.ds,
    validFrom: new Date(at.getTime() - YEAR),
    validTo: new Date(at.getTime() + 5 * YEAR),
  });
  return { csca, ds };
}

/** The four files of a card for `holder`, signed by `signer`. */
export async function makeChip(
  signer: IssuedKey,
  holder: Dg13Fields = HOLDER,
  photo: Uint8Array | null = JPEG,
): Promise<ChipFiles> {
  const dg1 = encodeDg1(td1(holder));
  const dg2 = photo === null ? null : encodeDg2(photo);
  const dg13 = encodeDg13(holder);
  const sod = await signSod({ 1: dg1, ...(dg2 ? { 2: dg2 } : {}), 13: dg13 }, signer);
  return { dg1, dg2, dg13, sod };
}

/** A copy with one byte inverted. */
export function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
}
