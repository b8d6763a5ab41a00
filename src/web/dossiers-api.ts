/**
 * The dossier API as the officer console uses it for counter filing: procedures with their
 * forms, the applicant's registry prefill, filing, attachments. Shapes are the dossiers
 * module's own types (type-only imports, erased from the bundle).
 */
import { get, post, request } from './api.js';
import type { AttachmentView, DossierDetails, DossierSummary } from '../modules/dossiers/index.js';
import type { ConsentRequestInfo, Prefill, ProcedureInfo } from '../modules/dossiers/contracts.js';

export type { AttachmentView, ConsentRequestInfo, DossierDetails, DossierSummary, Prefill, ProcedureInfo };

const id = (value: string) => encodeURIComponent(value);

export const dossiersApi = {
  procedures: (signal?: AbortSignal) => get<ProcedureInfo[]>('/api/dossiers/procedures', undefined, signal),
  prefill: (pin: string, signal?: AbortSignal) => get<Prefill>('/api/dossiers/prefill', { pin, purpose: 'dossier_processing' }, signal),
  file: (body: { procedure: string; applicantPin: string; unitCode: string; channel: 'counter'; requestId: string; form: Record<string, unknown> }) => post<DossierDetails>('/api/dossiers', body),
  attach: (dossierId: string, documentCode: string, file: File) => request<AttachmentView>('POST', `/api/dossiers/${id(dossierId)}/attachments`, { query: { documentCode, fileName: file.name }, file }),
};

/** A fresh id for one filing: a retry of the same submission sends it again and gets the same dossier. */
export function newRequestId(): string {
  return `web-${crypto.randomUUID()}`;
}
