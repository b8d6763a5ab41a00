import { useSyncExternalStore } from 'react';
import { isReadPurpose, OFFICER_READ_PURPOSE_CODES, type ReadPurposeCode } from '../kernel/purposes.js';

/**
 * Why the officer is reading people's data right now: picked once in the console (the purpose
 * bar on the search, person, household and list pages) and sent with every read, so the
 * access log the citizen sees says why. Kept for the browser tab's session only.
 */
export interface ReadPurposeChoice {
  code: ReadPurposeCode;
  note: string;
}

export const READ_PURPOSE_CHOICES = OFFICER_READ_PURPOSE_CODES;
const KEY = 'dancu.readPurpose';
const DEFAULT: ReadPurposeChoice = { code: 'official_lookup', note: '' };

function load(): ReadPurposeChoice {
  try {
    const raw = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<ReadPurposeChoice> | null;
    if (raw && typeof raw.code === 'string' && isReadPurpose(raw.code) && READ_PURPOSE_CHOICES.includes(raw.code)) {
      return { code: raw.code, note: typeof raw.note === 'string' ? raw.note.slice(0, 200) : '' };
    }
  } catch {
    // No storage (private mode) or a stale value: the default purpose.
  }
  return DEFAULT;
}

let current: ReadPurposeChoice | null = null;
const listeners = new Set<() => void>();

export function getReadPurpose(): ReadPurposeChoice {
  current ??= typeof sessionStorage === 'undefined' ? DEFAULT : load();
  return current;
}

export function setReadPurpose(next: ReadPurposeChoice): void {
  current = next;
  try {
    sessionStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Kept in memory only.
  }
  for (const l of listeners) l();
}

/** The query parameters of a logged read: `purpose` and, when written, `purposeNote`. */
export function purposeParams(choice: ReadPurposeChoice = getReadPurpose()): { purpose: ReadPurposeCode; purposeNote?: string } {
  const note = choice.note.trim();
  return { purpose: choice.code, ...(note ? { purposeNote: note } : {}) };
}

export function useReadPurpose(): ReadPurposeChoice {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    getReadPurpose,
    () => DEFAULT,
  );
}
