import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { Actor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError, forbidden, invalid, notFound } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { textFault } from '../../kernel/text-input.js';
import { attachmentStoreOf } from './attachment-store.js';
import { dossierNotFound, type AttachmentView } from './dossier-service.js';
import type { DossierStatus } from './model.js';
import { DOSSIERS_PROCESS, DOSSIERS_READ } from './permissions.js';
import { findProcedure } from './procedures.js';
import * as store from './store.js';
import { hasPermission, inScope } from '../../kernel/access.js';
import type { ReadPurpose } from '../../kernel/purposes.js';

/** The only kinds of file a dossier takes, told by their first bytes, never by name or header. */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_TYPES)[number];

/** States in which documents may still be added: before the decision. */
const OPEN_FOR_DOCUMENTS: readonly DossierStatus[] = ['submitted', 'supplement_requested', 'received', 'fee_paid', 'in_review'];

/**
 * The dossier an actor may add to or read from. Checked before the upload's body is read, so
 * nobody without the right makes the server take in their bytes. Officers need the process
 * (upload) or read permission and scope; a citizen only their own dossier as applicant.
 */
async function dossierFor(ctx: AppContext, actor: Actor, dossierId: string, purpose: 'upload' | 'read'): Promise<store.DossierRow> {
  const d = await store.findDossier(ctx.db.pool, dossierId);
  if (actor.kind === 'officer') {
    if (!hasPermission(actor, purpose === 'upload' ? DOSSIERS_PROCESS : DOSSIERS_READ)) throw forbidden('permission_denied');
    if (!d || !inScope(actor, { communeCode: d.unitCode, provinceCode: d.provinceCode })) throw dossierNotFound();
    return d;
  }
  if (actor.kind === 'system' && d) return d;
  if (actor.kind === 'citizen' && d && d.applicantPersonId === actor.personId) return d;
  throw dossierNotFound();
}

export interface UploadInput {
  documentCode: string;
  fileName: string;
}

/**
 * Checks that the actor may add `documentCode` to the dossier now; call before reading the
 * upload. Returns what `storeAttachment` needs.
 */
export async function prepareUpload(ctx: AppContext, actor: Actor, dossierId: string, input: UploadInput): Promise<store.DossierRow> {
  const d = await dossierFor(ctx, actor, dossierId, 'upload');
  const p = findProcedure(d.procedureCode);
  if (!p?.documents.some((doc) => doc.code === input.documentCode)) {
    throw invalid('document_unknown', 'documentCode', { vi: 'Thủ tục này không có giấy tờ với mã này.', en: 'This procedure has no document with this code.' });
  }
  if (p.documents.find((doc) => doc.code === input.documentCode)!.heldByRegistry) {
    throw invalid('document_held_by_registry', 'documentCode', { vi: 'Giấy tờ này đã có trong cơ sở dữ liệu, không phải nộp lại.', en: 'The registry already holds this document; it is not asked for again.' });
  }
  if (!OPEN_FOR_DOCUMENTS.includes(d.state)) {
    throw new AppError('conflict', 'dossier_closed_for_documents', { vi: 'Hồ sơ đã có quyết định, không nhận thêm giấy tờ.', en: 'The dossier has been decided; no more documents are taken.' }, { field: 'id' });
  }
  const name = input.fileName.trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (name.length === 0 || name.length > 200 || textFault(name) || /[\u0000-\u001f\u007f/\\]/.test(name)) {
    throw invalid('file_name_invalid', 'fileName', { vi: 'Tên tệp cần 1–200 ký tự, không có ký tự điều khiển hay dấu /.', en: 'A file name is 1–200 characters, with no control characters or slashes.' });
  }
  return d;
}

/**
 * Stores an upload for a dossier `prepareUpload` cleared: streamed into the attachment store
 * with the size limit, typed by its magic bytes (PDF, JPEG, PNG only), its SHA-256 kept on
 * the row; the row and its audit entry commit together.
 */
export async function storeAttachment(ctx: AppContext, actor: Actor, d: store.DossierRow, input: UploadInput, body: Readable): Promise<AttachmentView> {
  const stored = await attachmentStoreOf(ctx).put(body, ctx.config.attachmentMaxBytes);
  if (stored.size === 0) throw invalid('attachment_empty', 'body', { vi: 'Tệp đính kèm rỗng.', en: 'The attachment is empty.' });
  const type = await fileTypeFromBuffer(stored.head);
  const mediaType = ATTACHMENT_TYPES.find((t) => t === type?.mime);
  // A refused file stays in the store (it is never deleted), unreferenced and unreadable through the API.
  if (!mediaType) throw new AppError('invalid', 'attachment_type_refused', { vi: 'Chỉ nhận tệp PDF, JPEG hoặc PNG.', en: 'Only PDF, JPEG or PNG files are accepted.' }, { field: 'body' });
  const now = ctx.clock.now();
  const id = newId();
  await ctx.db.transaction(async (tx) => {
    // The state may have moved on while the bytes came in.
    const fresh = (await store.findDossier(tx, d.id, { lock: true }))!;
    if (!OPEN_FOR_DOCUMENTS.includes(fresh.state)) {
      throw new AppError('conflict', 'dossier_closed_for_documents', { vi: 'Hồ sơ đã có quyết định, không nhận thêm giấy tờ.', en: 'The dossier has been decided; no more documents are taken.' }, { field: 'id' });
    }
    await store.insertAttachment(tx, { id, dossierId: d.id, documentCode: input.documentCode, fileName: input.fileName.trim(), mediaType, sizeBytes: stored.size, sha256: stored.sha256, storageKey: stored.key, uploadedByKind: actor.kind, uploadedBy: actor.id, at: now });
    await recordAudit(tx, { actor, action: 'dossier.attachment_added', target: { kind: 'dossier', id: d.code }, unitCode: d.unitCode, dossier: d.code, detail: { attachmentId: id, documentCode: input.documentCode, mediaType, sizeBytes: stored.size, sha256: stored.sha256 } }, now);
  });
  return { id, documentCode: input.documentCode, fileName: input.fileName.trim(), mediaType, sizeBytes: stored.size, sha256: stored.sha256, uploadedBy: actor.id, uploadedAt: now.toISOString() };
}

/**
 * The bytes of an attachment, after the read is on the access log (with its purpose: the
 * documents are the applicant's). A file whose hash no longer matches its row is refused.
 */
export async function readAttachment(ctx: AppContext, actor: Actor, dossierId: string, attachmentId: string, purpose: ReadPurpose): Promise<{ mediaType: AttachmentMediaType; fileName: string; content: Buffer }> {
  const d = await dossierFor(ctx, actor, dossierId, 'read');
  const a = await store.findAttachment(ctx.db.pool, d.id, attachmentId);
  if (!a) throw notFound('attachment_not_found', { vi: 'Không tìm thấy tệp đính kèm.', en: 'No such attachment.' }, 'attachmentId');
  const content = await attachmentStoreOf(ctx).get(a.storageKey).catch((err: unknown) => {
    ctx.log.error({ err, dossier: d.code, attachment: a.id }, 'attachment missing from the store');
    return undefined;
  });
  if (!content || createHash('sha256').update(content).digest('hex') !== a.sha256) {
    ctx.log.error({ dossier: d.code, attachment: a.id }, 'attachment content does not match its SHA-256');
    throw new AppError('unavailable', 'attachment_integrity_failed', { vi: 'Tệp đính kèm đã bị thay đổi ngoài hệ thống; không thể cung cấp.', en: 'The attachment was changed outside the system; it cannot be served.' });
  }
  await ctx.accessLog.append([{ actor, action: 'dossier.attachment_read', target: { kind: 'person', id: d.applicantPin }, unitCode: d.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, dossier: d.code, detail: { attachmentId: a.id, documentCode: a.documentCode } }], ctx.clock.now());
  return { mediaType: a.mediaType as AttachmentMediaType, fileName: a.fileName, content };
}
