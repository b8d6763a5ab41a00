/**
 * The chip's elementary files this library reads and writes, and the issue every reader returns
 * when a file's structure is wrong. Field names (`dg1`, `dg2`, `dg13`, `sod`) are the keys of
 * `ChipFiles`, so an issue points at the file to look at.
 */
import { checkIssue, type CheckIssue } from '../check-issue.js';

/** A card's chip files. DG2 is null for a child under 6, whose card has no photo (domain §4). */
export interface ChipFiles {
  dg1: Uint8Array;
  dg2: Uint8Array | null;
  dg13: Uint8Array;
  sod: Uint8Array;
}

export type ChipFileKey = keyof ChipFiles;

export const CHIP_FILE_KEYS: readonly ChipFileKey[] = ['dg1', 'dg2', 'dg13', 'sod'];

/** ICAO 9303 names of the files, as readers and the chip directory show them. */
export const EF_NAMES: Readonly<Record<ChipFileKey, string>> = {
  dg1: 'EF.DG1',
  dg2: 'EF.DG2',
  dg13: 'EF.DG13',
  sod: 'EF.SOD',
};

/** The data groups the SOD of a Vietnamese card covers here, by number. */
export const DATA_GROUPS = { dg1: 1, dg2: 2, dg13: 13 } as const;

export type DataGroupKey = keyof typeof DATA_GROUPS;

export function malformed(file: ChipFileKey, vi: string, en: string): CheckIssue {
  return checkIssue(
    'chip_file_malformed',
    file,
    `Tệp ${EF_NAMES[file]} trên chip sai cấu trúc: ${vi}`,
    `${EF_NAMES[file]} on the chip is malformed: ${en}`,
  );
}
