/**
 * The dossier engine's public surface. A module with procedures (residence, cards …) declares
 * each one with `defineProcedure` in a small file and files and moves dossiers through these
 * services; `…InTx` variants run inside the caller's transaction.
 */
export { dossierRoutes } from './routes.js';
export { defineProcedure, findProcedure, getProcedure, listProcedures, documentsToAttach, minEidLevelOf, formJsonSchema, type Procedure, type ProcedureSpec, type ProcedureDocument, type DossierForEffect, type DossierForCheck, type ConsentNeed } from './procedures.js';
export {
  submitDossier,
  submitDossierInTx,
  actOnDossier,
  actOnDossierInTx,
  getDossier,
  getDossierBriefInTx,
  type DossierBrief,
  listDossiers,
  listOwnDossiers,
  type SubmitInput,
  type ActionInput,
  type ActionInputPayload,
  type DossierDetails,
  type DossierSummary,
  type ActionView,
  type AttachmentView,
  type QueueQuery,
} from './dossier-service.js';
export { prepareUpload, storeAttachment, readAttachment, ATTACHMENT_TYPES, type UploadInput } from './attachments.js';
export { FsAttachmentStore, attachmentStoreOf, type AttachmentStore, type StoredFile } from './attachment-store.js';
export {
  stateOf,
  availableActions,
  applyAction,
  feeFor,
  TRANSITIONS,
  ACTION_TYPES,
  STATUSES,
  FINAL_STATUSES,
  CHANNELS,
  ActionRefused,
  type Action,
  type ActionType,
  type ActionPayloads,
  type Channel,
  type DossierState,
  type DossierStatus,
  type ConsentRole,
  type Reason,
  type EffectSummary,
} from './model.js';
export { DOSSIERS_READ, DOSSIERS_PROCESS, DOSSIERS_DECIDE } from './permissions.js';
export * as dossierEvents from './events.js';
export { listAssignees, overdueCount, exportDossiers, dossierFigures, exportFigures, QUEUE_EXPORT_CAP, type Figures, type FigureRow, type FiguresQuery } from './processing.js';
export { dossierNoticeSubscriber, noticeText, NOTICE_SUBSCRIBER } from './notices.js';
export { dossierMergeSubscriber, DOSSIER_MERGE_SUBSCRIBER } from './merge-subscriber.js';
export type { OfficerChoice } from '../../kernel/auth/officers.js';
export { fileOnline, getPrefill, listConsentRequests, remindPendingConsents, procedureInfo, proceduresFor, type OnlineFilingInput } from './filing-service.js';
export { registerDossierCommands } from './cli.js';
export * from './contracts.js';
export { closed, pinField, dateField, textField, householdField, relationField, numberField, choiceField } from './form-fields.js';
