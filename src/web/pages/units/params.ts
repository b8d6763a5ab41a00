import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebounced } from '../../hooks/useDebounced.js';

/** `?page=` as a positive integer (1 when absent or nonsense). */
export function parsePage(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/**
 * Reads and writes list state (`q`, `page`) in the URL so back/forward and reloads keep it.
 * Typing replaces the history entry; changing page pushes one.
 */
export function useListParams(): {
  q: string;
  page: number;
  setQ: (q: string) => void;
  setPage: (page: number) => void;
} {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = parsePage(params.get('page'));

  const setQ = useCallback(
    (next: string) =>
      setParams(
        (current) => {
          const updated = new URLSearchParams(current);
          if (next) updated.set('q', next);
          else updated.delete('q');
          updated.delete('page');
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );

  const setPage = useCallback(
    (next: number) =>
      setParams((current) => {
        const updated = new URLSearchParams(current);
        if (next > 1) updated.set('page', String(next));
        else updated.delete('page');
        return updated;
      }),
    [setParams],
  );

  return { q, page, setQ, setPage };
}

/**
 * A text box bound to `?q=`: what is typed shows at once, the URL (and so the request)
 * follows 300 ms after typing stops.
 */
export function useSearchInput(delayMs = 300) {
  const list = useListParams();
  const [text, setText] = useState(list.q);
  const settled = useDebounced(text.trim(), delayMs);
  const { q, setQ } = list;
  useEffect(() => {
    // Only typing drives the URL; q is read, not a trigger, so back/forward is not undone.
    if (settled !== q) setQ(settled);
  }, [settled]);
  return { ...list, text, setText, pending: text.trim() !== q };
}
