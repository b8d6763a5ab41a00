/**
 * The officer's desk and lists as the web app uses them: the shapes are the people module's
 * own types (type-only imports: no server code reaches the browser).
 */
import { ApiError, get, isProblem, withQuery, type Query } from './api.js';
import { currentLang } from './i18n/index.js';
import { getReadPurpose, purposeParams } from './read-purpose.js';
import type { HouseholdListQuery, HouseholdListRow, ListPage, Overview, PeopleListQuery, PersonListRow } from '../modules/people/index.js';

export type { HouseholdListQuery, HouseholdListRow, ListPage, Overview, PeopleListQuery, PersonListRow };
export type ListKind = 'people' | 'households';
export type ExportFormat = 'csv' | 'xlsx';

export const LIST_PAGE_SIZE = 20;

export const listsApi = {
  overview: (signal?: AbortSignal) => get<Overview>('/api/overview', undefined, signal),
  eidPending: (signal?: AbortSignal) => get<{ pending: number }>('/api/eid/review-queue/count', undefined, signal),
  people: (query: Query, signal?: AbortSignal) => get<ListPage<PersonListRow>>('/api/lists/people', { pageSize: LIST_PAGE_SIZE, ...query, ...purposeParams() }, signal),
  households: (query: Query, signal?: AbortSignal) => get<ListPage<HouseholdListRow>>('/api/lists/households', { pageSize: LIST_PAGE_SIZE, ...query, ...purposeParams() }, signal),
};

/**
 * Downloads an export: fetched (so a refusal shows as the server's message, not a JSON page),
 * then handed to the browser as a file with the name the server gave.
 */
export async function downloadExport(kind: ListKind, query: Query, format: ExportFormat, note: string): Promise<string> {
  const { page: _page, pageSize: _size, ...filters } = query;
  // The purpose picked in the purpose bar; an export also needs the officer's own words.
  const url = withQuery(`/api/lists/${kind}/export`, { ...filters, format, purpose: getReadPurpose().code, purposeNote: note, lang: currentLang() });
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw isProblem(body)
      ? ApiError.fromProblem({ ...body, status: response.status })
      : new ApiError(response.status, 'server_error', { vi: 'Không tải được tệp.', en: 'The file could not be downloaded.' });
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${kind}.${format}`;
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}
