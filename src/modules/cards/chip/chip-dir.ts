/**
 * A card's chip files as a directory, for `dancu card verify --chip DIR` and for handing chip data
 * to other tools. One file per elementary file, named as ICAO 9303 names them, holding the file's
 * bytes exactly as read from the chip (the outer TLV included, nothing else):
 *
 *   DIR/EF.DG1.bin    MRZ (tag 0x61)
 *   DIR/EF.DG2.bin    face (tag 0x75); absent for a child under 6, whose card has no photo
 *   DIR/EF.DG13.bin   Vietnamese personal data (tag 0x6D)
 *   DIR/EF.SOD.bin    Document Security Object (tag 0x77)
 *
 * Other files in the directory (EF.COM, DG14, DG15…) are ignored.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkIssue, type CheckIssue } from '../check-issue.js';
import { CHIP_FILE_KEYS, EF_NAMES, type ChipFileKey, type ChipFiles } from './files.js';

/** A chip file larger than this is not one: DG2 with a 19794-5 JPEG is tens of kilobytes. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export function chipFileName(key: ChipFileKey): string {
  return `${EF_NAMES[key]}.bin`;
}

/** Writes the files, creating the directory; DG2 is left out when null. */
export async function writeChipDir(dir: string, files: ChipFiles): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const key of CHIP_FILE_KEYS) {
    const bytes = files[key];
    if (bytes !== null) await writeFile(path.join(dir, chipFileName(key)), bytes);
  }
}

/** Reads the files; every file missing, unreadable or too large is an issue. Never throws. */
export async function readChipDir(dir: string): Promise<ChipFiles | CheckIssue[]> {
  const issues: CheckIssue[] = [];
  const read = async (key: ChipFileKey): Promise<Uint8Array | null> => {
    const file = path.join(dir, chipFileName(key));
    try {
      const info = await stat(file);
      if (!info.isFile() || info.size > MAX_FILE_BYTES) {
        issues.push(
          checkIssue(
            'chip_file_unreadable',
            key,
            `${file} không phải tệp chip (không phải tệp thường hoặc lớn hơn 4 MiB).`,
            `${file} is not a chip file (not a regular file, or larger than 4 MiB).`,
          ),
        );
        return null;
      }
      return new Uint8Array(await readFile(file));
    } catch (e) {
      const missing = e instanceof Error && 'code' in e && e.code === 'ENOENT';
      if (missing && key === 'dg2') return null; // a card without a photo
      issues.push(
        missing
          ? checkIssue(
              'chip_file_missing',
              key,
              `Thiếu tệp ${chipFileName(key)} trong thư mục ${dir}.`,
              `${chipFileName(key)} is missing from ${dir}.`,
            )
          : checkIssue('chip_file_unreadable', key, `Không đọc được tệp ${file}.`, `${file} cannot be read.`),
      );
      return null;
    }
  };
  const [dg1, dg2, dg13, sod] = await Promise.all(CHIP_FILE_KEYS.map(read));
  // The files are read in parallel: report their issues in the files' own order, not the order the reads ended.
  const order = (field: string | undefined) => CHIP_FILE_KEYS.indexOf(field as (typeof CHIP_FILE_KEYS)[number]);
  issues.sort((a, b) => order(a.field) - order(b.field));
  if (issues.length > 0 || !dg1 || !dg13 || !sod) return issues;
  return { dg1, dg2: dg2 ?? null, dg13, sod };
}
