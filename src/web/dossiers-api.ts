/**
 * The officer's dossier desk as the web app uses it: the queue, one dossier and its actions,
 * the assignment picker, the overdue count and the figures. The shapes are the dossier
 * module's own types (type-only imports: no server code reaches the browser).
 */
import { ApiError, get, isProblem, post, request, withQuery, type Query } from './api.js';
import { currentLang } from './i18n/index.js';
import type { ActionInput, AttachmentView, DossierDetails, DossierSummary, Figures, FigureRow, OfficerChoice, ActionType, DossierStatus, Channel, Reason } from '../modules/dossiers/index.js';
import type { ConsentRequestInfo, Prefill, ProcedureInfo } from './contracts.js';

export type { ActionInput, AttachmentView, ConsentRequestInfo, DossierDetails, DossierSummary, Figures, FigureRow, OfficerChoice, ActionType, DossierStatus, Channel, Prefill, ProcedureInfo, Reason };

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
  prefill: (pin: string, signal?: AbortSignal) => get<Prefill>('/api/dossiers/prefill', { pin, purpose: 'dossier_processing' }, signal),
  file: (body: { procedure: string; applicantPin: string; unitCode: string; channel: 'counter' | 'mobile_team'; requestId: string; form: Record<string, unknown> }) => post<DossierDetails>('/api/dossiers', body),
  attach: (dossierId: string, documentCode: string, file: File) => request<AttachmentView>('POST', `/api/dossiers/${encodeURIComponent(dossierId)}/attachments`, { query: { documentCode, fileName: file.name }, file }),
};

/** A fresh id for one filing: a retry of the same submission sends it again and gets the same dossier. */
export function newRequestId(): string {
  return `web-${crypto.randomUUID()}`;
}

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
