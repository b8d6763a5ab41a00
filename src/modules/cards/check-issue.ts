import type { Message } from '../../kernel/errors.js';

/**
 * One thing wrong with a card document presented for checking (a QR text, an MRZ, chip files):
 * a stable machine code, the field it concerns when there is one, and the message in both
 * languages. Parsers and verifiers return a list of these rather than throwing, so the API, the
 * CLI and the page can all show every problem at once and still print what could be read.
 */
export interface CheckIssue {
  code: string;
  field?: string;
  message: Message;
}

export function checkIssue(code: string, field: string | undefined, vi: string, en: string): CheckIssue {
  return field === undefined ? { code, message: { vi, en } } : { code, field, message: { vi, en } };
}

/** What a parser or verifier read, and what is wrong with it (valid when `issues` is empty). */
export interface Checked<T> {
  /** As much as could be read; complete when there are no issues. */
  data: Partial<T>;
  issues: CheckIssue[];
}
