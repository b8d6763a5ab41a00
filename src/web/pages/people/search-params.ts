import type { LocalProblem } from '../../forms.js';
import { parsePage } from '../units/params.js';

/** What the search box and filters hold, as typed. */
export interface SearchForm {
  q: string;
  birthYear: string;
  unitCode: string;
}

export interface SearchQuery {
  q: string;
  birthYear: number | undefined;
  unitCode: string | undefined;
  page: number;
}

/** How the server will read the box: a PIN (12 digits), an old ID number (9) or a name. */
export function queryKind(q: string): 'pin' | 'old_id' | 'name' | 'invalid' {
  const value = q.trim();
  if (/^\d{12}$/.test(value)) return 'pin';
  if (/^\d{9}$/.test(value)) return 'old_id';
  // A name: at least two letters and no number standing on its own (the server refuses the rest
  // the same way). Digits inside a word are VNI keys typed with the input method off ("nguye6n").
  if (!value.split(/\s+/).some((w) => /^\d+$/.test(w)) && value.replace(/[^\p{L}]/gu, '').length >= 2) return 'name';
  return 'invalid';
}

/** The problems of a search form, field by field; empty when it can be sent. */
export function checkSearch(form: SearchForm, thisYear: number): LocalProblem[] {
  const problems: LocalProblem[] = [];
  if (queryKind(form.q) === 'invalid')
    problems.push({ field: 'q', key: form.q.trim() ? 'query' : 'required' });
  const year = form.birthYear.trim();
  if (year && (!/^\d{4}$/.test(year) || Number(year) < 1850 || Number(year) > thisYear)) {
    problems.push({ field: 'birthYear', key: 'birthYear' });
  }
  const unit = form.unitCode.trim();
  if (unit && !/^(\d{2}|\d{5})$/.test(unit)) problems.push({ field: 'unitCode', key: 'unitCode' });
  return problems;
}

/** The search in the URL (`?q=&birthYear=&unitCode=&page=`), or null when there is none to run. */
export function readSearch(params: URLSearchParams): SearchQuery | null {
  const q = (params.get('q') ?? '').trim();
  if (queryKind(q) === 'invalid') return null;
  const year = Number(params.get('birthYear'));
  const unit = params.get('unitCode') ?? '';
  return {
    q,
    birthYear: Number.isInteger(year) && year >= 1850 && year <= 2400 ? year : undefined,
    unitCode: /^(\d{2}|\d{5})$/.test(unit) ? unit : undefined,
    page: parsePage(params.get('page')),
  };
}

/** The URL parameters of a submitted form (page back to 1). */
export function searchParamsOf(form: SearchForm): Record<string, string> {
  const out: Record<string, string> = { q: form.q.trim() };
  if (form.birthYear.trim()) out.birthYear = form.birthYear.trim();
  if (form.unitCode.trim()) out.unitCode = form.unitCode.trim();
  return out;
}
