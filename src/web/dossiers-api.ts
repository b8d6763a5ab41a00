/**
 * The officer's dossier desk as the web app uses it: the queue, one dossier and its actions,
 * the assignment picker, the overdue count and the figures. The shapes are the dossier
 * module's own types (type-only imports: no server code reaches the browser).
 */
import { ApiError, get, isProblem, post, withQuery, type Query } from './api.js';
import { currentLang } from './i18n/index.js';
import type { ActionInput, DossierDetails, DossierSummary, Figures, FigureRow, OfficerChoice, ActionType, DossierStatus, Channel, Reason } from '../modules/dossiers/index.js';

export type { ActionInput, DossierDetails, DossierSummary, Figures, FigureRow, OfficerChoice, ActionType, DossierStatus, Channel, Reason };

export const QUEUE_PAGE_SIZE = 20;

/** A JSON schema as the server sends a procedure's form (see docs: the form convention). */
export interface FormProperty {
  type?: string;
  title?: string;
  'x-label-en'?: string;
  'x-option-labels'?: Record<string, { vi: string; en: string }>;
  'x-widget'?: string;
  items?: FormProperty & { properties?: Record<string, FormProperty> };
  properties?: Record<string, FormProperty>;
  anyOf?: Array<{ const?: unknown }>;
}

export interface ProcedureInfo {
  code: string;
  name: { vi: string; en: string };
  documents: Array<{ code: string; name: { vi: string; en: string }; required: boolean; heldByRegistry: boolean }>;
  fee: { counterVnd: number; onlineVnd: number };
  workingDays: number;
  decidedBy: string;
  channels: Channel[];
  form?: { properties?: Record<string, FormProperty> } | undefined;
}

export interface QueuePage {
  items: DossierSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export const dossiersApi = {
  procedures: (signal?: AbortSignal) => get<ProcedureInfo[]>('/api/dossiers/procedures', undefined, signal),
  queue: (query: Query, signal?: AbortSignal) => get<QueuePage>('/api/dossiers', { pageSize: QUEUE_PAGE_SIZE, ...query }, signal),
  dossier: (id: string, signal?: AbortSignal) => get<DossierDetails>(`/api/dossiers/${encodeURIComponent(id)}`, undefined, signal),
  act: (id: string, input: ActionInput) => post<DossierDetails>(`/api/dossiers/${encodeURIComponent(id)}/actions`, input),
  assignees: (id: string, signal?: AbortSignal) => get<OfficerChoice[]>(`/api/dossiers/${encodeURIComponent(id)}/assignees`, undefined, signal),
  overdue: (signal?: AbortSignal) => get<{ overdue: number; mine: number }>('/api/dossiers/overdue-count', undefined, signal),
  figures: (query: Query, signal?: AbortSignal) => get<Figures>('/api/dossiers/figures', query, signal),
};

export const attachmentUrl = (dossierId: string, attachmentId: string) => `/api/dossiers/${encodeURIComponent(dossierId)}/attachments/${encodeURIComponent(attachmentId)}`;

/** Fetches a file export (queue or figures) and hands it to the browser under the server's name. */
export async function downloadFile(path: string, query: Query): Promise<string> {
  const response = await fetch(withQuery(path, { ...query, lang: currentLang() }), { credentials: 'same-origin' });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw isProblem(body)
      ? ApiError.fromProblem({ ...body, status: response.status })
      : new ApiError(response.status, 'server_error', { vi: 'Không tải được tệp.', en: 'The file could not be downloaded.' });
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
  const href = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}
