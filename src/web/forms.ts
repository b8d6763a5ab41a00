import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from './api.js';
import { useLang, type Lang } from './i18n/index.js';

/** Checks made in the browser before sending; each names the field and an i18n key under `forms.errors`. */
export type LocalErrorKey =
  | 'required'
  | 'query'
  | 'date'
  | 'datePartial'
  | 'future'
  | 'pin'
  | 'commune'
  | 'unitCode'
  | 'oldId9'
  | 'oldId12'
  | 'nationality'
  | 'reason'
  | 'reasonCode'
  | 'reasonNote'
  | 'householdNo'
  | 'birthYear'
  | 'parentRequired'
  | 'birthPlaceRequired'
  | 'pickCommune'
  | 'nothingChanged'
  | 'code'
  | 'passcode'
  | 'passcodeMismatch'
  | 'photoRequired'
  | 'photoType'
  | 'photoTooLarge'
  | 'photoTooSmall'
  | 'phone'
  | 'email'
  | 'noteRequired'
  | 'redirectUris'
  | 'scopes';

export interface LocalProblem {
  /** Omitted for a problem of the form as a whole. */
  field?: string;
  key: LocalErrorKey;
}

export interface Problem {
  /** The form field it belongs to; undefined for the form as a whole. */
  field: string | undefined;
  text: string;
}

/**
 * Everything wrong with a submission, in the UI language: the local checks, or the server's
 * problem+json (every entry of `errors[]` when it lists several fields, else its one `field`).
 * Kept as keys and errors, not text, so switching language re-translates what is shown.
 */
export function collectProblems(
  local: readonly LocalProblem[],
  server: unknown,
  translate: (key: LocalErrorKey) => string,
  lang: Lang,
): Problem[] {
  const problems: Problem[] = local.map((p) => ({ field: p.field, text: translate(p.key) }));
  if (server === null || server === undefined) return problems;
  if (server instanceof ApiError && server.errors.length > 0) {
    for (const e of server.errors) problems.push({ field: e.field || undefined, text: e.message[lang] });
    return problems;
  }
  const field = server instanceof ApiError ? server.field : undefined;
  problems.push({ field: field && field !== 'body' ? field : undefined, text: errorMessage(server, lang) });
  return problems;
}

export interface FormProblems {
  /** Every problem still standing (a field's problems go away once that field is edited). */
  problems: Problem[];
  /** The messages for one field, joined; undefined when it has none. */
  messageFor: (field: string) => string | undefined;
  /** The last error from the server (an ApiError with `code`), null after a local check or a clear. */
  server: unknown;
  setLocal: (problems: LocalProblem[]) => void;
  setServer: (error: unknown) => void;
  /** The officer changed this field: its message is out of date. */
  touch: (field: string) => void;
  clear: () => void;
  /** Goes up on every check or answer, so the summary can take focus then (and not while typing). */
  attempt: number;
}

export function useFormProblems(): FormProblems {
  const { t } = useTranslation();
  const lang = useLang();
  const [local, setLocalState] = useState<LocalProblem[]>([]);
  const [server, setServerState] = useState<unknown>(null);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempt, setAttempt] = useState(0);

  const problems = useMemo(
    () =>
      collectProblems(local, server, (key) => t(`forms.errors.${key}`), lang).filter(
        (p) => p.field === undefined || !touched.has(p.field),
      ),
    [local, server, touched, t, lang],
  );
  const messageFor = useCallback(
    (field: string) => {
      const texts = problems.filter((p) => p.field === field).map((p) => p.text);
      return texts.length ? texts.join(' ') : undefined;
    },
    [problems],
  );
  const setLocal = useCallback((next: LocalProblem[]) => {
    setLocalState(next);
    setServerState(null);
    setTouched(new Set());
    setAttempt((n) => n + 1);
  }, []);
  const setServer = useCallback((error: unknown) => {
    setLocalState([]);
    setServerState(error);
    setTouched(new Set());
    setAttempt((n) => n + 1);
  }, []);
  const touch = useCallback(
    (field: string) => setTouched((current) => (current.has(field) ? current : new Set([...current, field]))),
    [],
  );
  const clear = useCallback(() => setLocal([]), [setLocal]);
  return { problems, messageFor, server, setLocal, setServer, touch, clear, attempt };
}

/** Trimmed text, or null when empty (optional fields the API takes as null). */
export function orNull(text: string): string | null {
  const value = text.trim();
  return value === '' ? null : value;
}

/**
 * What a typed or pasted PIN keeps: its digits, twelve at most. PINs are often written in groups
 * ("001 088 000 123") or with dots; an input limited to 12 characters would cut such a paste at
 * its twelfth character, spaces included, before they are dropped, and keep nine digits.
 */
export function pinTyped(text: string): string {
  return text.replace(/\D/g, '').slice(0, 12);
}
