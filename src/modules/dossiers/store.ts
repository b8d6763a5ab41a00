import { unitCondition, type UnitFilter } from '../../kernel/access.js';
import type { Executor } from '../../kernel/db.js';
import type { Action, ActionType, Channel, DossierState, DossierStatus, FormData } from './model.js';

/** SQL of the dossier engine; private to the module (services call it with `db` or `tx`). */
export interface DossierRow {
  id: string;
  code: string;
  procedureCode: string;
  unitCode: string;
  provinceCode: string;
  applicantPersonId: string;
  applicantPin: string;
  applicantName: string;
  channel: Channel;
  requestId: string;
  form: FormData;
  submittedAt: string;
  submittedBy: string;
  state: DossierStatus;
  lastSeq: number;
  receivedAt: string | null;
  dueDate: string | null;
  assignedTo: string | null;
  notifiedLate: boolean | null;
}

interface DbDossier {
  id: string;
  code: string;
  procedure_code: string;
  unit_code: string;
  province_code: string;
  applicant_person_id: string;
  applicant_pin: string;
  applicant_name: string;
  channel: Channel;
  request_id: string;
  form: FormData;
  submitted_at: Date;
  submitted_by: string;
  state: DossierStatus;
  last_seq: number;
  received_at: Date | null;
  due_date: string | null;
  assigned_to: string | null;
  notified_late: boolean | null;
}

const COLUMNS = 'id::text AS id, code, procedure_code, unit_code, province_code, applicant_person_id::text AS applicant_person_id, applicant_pin, applicant_name, channel, request_id, form, submitted_at, submitted_by, state, last_seq, received_at, due_date, assigned_to, notified_late';

function toRow(r: DbDossier): DossierRow {
  return {
    id: r.id,
    code: r.code,
    procedureCode: r.procedure_code,
    unitCode: r.unit_code,
    provinceCode: r.province_code,
    applicantPersonId: r.applicant_person_id,
    applicantPin: r.applicant_pin,
    applicantName: r.applicant_name,
    channel: r.channel,
    requestId: r.request_id,
    form: r.form,
    submittedAt: r.submitted_at.toISOString(),
    submittedBy: r.submitted_by,
    state: r.state,
    lastSeq: Number(r.last_seq),
    receivedAt: r.received_at ? r.received_at.toISOString() : null,
    dueDate: r.due_date,
    assignedTo: r.assigned_to,
    notifiedLate: r.notified_late,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

export async function findDossier(db: Executor, id: string, opts: { lock?: boolean } = {}): Promise<DossierRow | undefined> {
  if (!isUuid(id)) return undefined;
  const r = await db.query<DbDossier>(`SELECT ${COLUMNS} FROM dossier WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id]);
  return r.rows[0] && toRow(r.rows[0]);
}

export async function findDossierByCode(db: Executor, code: string): Promise<DossierRow | undefined> {
  const r = await db.query<DbDossier>(`SELECT ${COLUMNS} FROM dossier WHERE code = $1`, [code]);
  return r.rows[0] && toRow(r.rows[0]);
}

export async function findDossierByRequest(db: Executor, channel: Channel, personId: string, requestId: string): Promise<DossierRow | undefined> {
  const r = await db.query<DbDossier>(`SELECT ${COLUMNS} FROM dossier WHERE channel = $1 AND applicant_person_id = $2 AND request_id = $3`, [channel, personId, requestId]);
  return r.rows[0] && toRow(r.rows[0]);
}

/** The next serial of a dossier code for an office and day (the counter row serialises its office's receptions of the day). */
export async function nextSerial(tx: Executor, unitCode: string, day: string): Promise<number> {
  const r = await tx.query<{ last: number }>(
    `INSERT INTO dossier_code_counter (unit_code, day, last) VALUES ($1, $2, 1)
     ON CONFLICT (unit_code, day) DO UPDATE SET last = dossier_code_counter.last + 1 RETURNING last`,
    [unitCode, day],
  );
  return Number(r.rows[0]!.last);
}

export interface NewDossier {
  id: string;
  code: string;
  procedureCode: string;
  unitCode: string;
  provinceCode: string;
  applicantPersonId: string;
  applicantPin: string;
  applicantName: string;
  channel: Channel;
  requestId: string;
  form: unknown;
  at: Date;
  by: string;
}

/** Inserts the dossier unless the same request was filed already: false then (the first one wins, even a concurrent one). */
export async function insertDossier(tx: Executor, d: NewDossier): Promise<boolean> {
  const r = await tx.query(
    `INSERT INTO dossier (id, code, procedure_code, unit_code, province_code, applicant_person_id, applicant_pin, applicant_name, channel, request_id, form, submitted_at, submitted_by, state, last_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'submitted', 1)
     ON CONFLICT (channel, applicant_person_id, request_id) DO NOTHING`,
    [d.id, d.code, d.procedureCode, d.unitCode, d.provinceCode, d.applicantPersonId, d.applicantPin, d.applicantName, d.channel, d.requestId, JSON.stringify(d.form), d.at, d.by],
  );
  return r.rowCount === 1;
}

interface DbAction {
  seq: number;
  type: ActionType;
  status: Action['status'];
  actor_kind: string;
  actor_id: string;
  at: Date;
  payload: Action['payload'];
}

export async function listActions(db: Executor, dossierId: string): Promise<Action[]> {
  const r = await db.query<DbAction>('SELECT seq, type, status, actor_kind, actor_id, at, payload FROM dossier_action WHERE dossier_id = $1 ORDER BY seq', [dossierId]);
  return r.rows.map((a) => ({ seq: Number(a.seq), type: a.type, status: a.status, actor: { kind: a.actor_kind, id: a.actor_id }, at: a.at.toISOString(), payload: a.payload }) as Action);
}

export async function insertAction(tx: Executor, dossierId: string, a: Action): Promise<void> {
  await tx.query('INSERT INTO dossier_action (dossier_id, seq, type, status, actor_kind, actor_id, at, payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    dossierId,
    a.seq,
    a.type,
    a.status,
    a.actor.kind,
    a.actor.id,
    a.at,
    JSON.stringify(a.payload),
  ]);
}

/** Keeps the cached state in step with the actions (same transaction as the action). */
export async function saveState(tx: Executor, dossierId: string, s: DossierState): Promise<void> {
  await tx.query(
    `UPDATE dossier SET state = $2, last_seq = $3, received_at = $4, received_on = $5, due_date = $6, assigned_to = $7, decided_at = $8, notified_at = $9, notified_late = $10
     WHERE id = $1`,
    [dossierId, s.status, s.lastSeq, s.receivedAt, s.receivedOn, s.dueDate, s.assignedTo, s.decidedAt, s.notifiedAt, s.notifiedLate],
  );
}

/** The decision's Vietnam day and the working days from reception to it (figures). */
export async function saveDecisionDays(tx: Executor, dossierId: string, decidedOn: string, workingDays: number | null): Promise<void> {
  await tx.query('UPDATE dossier SET decided_on = $2, decision_working_days = $3 WHERE id = $1', [dossierId, decidedOn, workingDays]);
}

export interface QueueFilter {
  scope: UnitFilter | null;
  unitCode?: string | undefined;
  procedure?: string | undefined;
  states: DossierStatus[] | null;
  assignedTo?: string | undefined;
  applicantPersonId?: string | undefined;
  /** Only dossiers due before this day (with `states` open: overdue). */
  overdueBefore?: string | undefined;
  limit: number;
  offset: number;
}

/** A page of dossiers, earliest appointment first (dossiers not yet received last, oldest first). */
export async function queue(db: Executor, f: QueueFilter): Promise<{ rows: DossierRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.scope) where.push(unitCondition(f.scope, params));
  if (f.unitCode) add('unit_code = ?', f.unitCode);
  if (f.procedure) add('procedure_code = ?', f.procedure);
  if (f.states) add('state = ANY(?)', f.states);
  if (f.assignedTo) add('assigned_to = ?', f.assignedTo);
  if (f.applicantPersonId) add('applicant_person_id = ?', f.applicantPersonId);
  if (f.overdueBefore) add('due_date < ?', f.overdueBefore);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = Number((await db.query<{ n: number }>(`SELECT count(*) AS n FROM dossier ${w}`, params)).rows[0]!.n);
  const r = await db.query<DbDossier>(`SELECT ${COLUMNS} FROM dossier ${w} ORDER BY due_date NULLS LAST, submitted_at, id LIMIT ${f.limit} OFFSET ${f.offset}`, params);
  return { rows: r.rows.map(toRow), total };
}

export interface AttachmentRow {
  id: string;
  dossierId: string;
  documentCode: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
  uploadedAt: string;
}

interface DbAttachment {
  id: string;
  dossier_id: string;
  document_code: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: Date;
}

const toAttachment = (r: DbAttachment): AttachmentRow => ({
  id: r.id,
  dossierId: r.dossier_id,
  documentCode: r.document_code,
  fileName: r.file_name,
  mediaType: r.media_type,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  storageKey: r.storage_key,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at.toISOString(),
});
const ATTACHMENT_COLUMNS = 'id::text AS id, dossier_id::text AS dossier_id, document_code, file_name, media_type, size_bytes, sha256, storage_key, uploaded_by, uploaded_at';

export async function listAttachments(db: Executor, dossierId: string): Promise<AttachmentRow[]> {
  const r = await db.query<DbAttachment>(`SELECT ${ATTACHMENT_COLUMNS} FROM dossier_attachment WHERE dossier_id = $1 ORDER BY uploaded_at, id`, [dossierId]);
  return r.rows.map(toAttachment);
}

export async function findAttachment(db: Executor, dossierId: string, id: string): Promise<AttachmentRow | undefined> {
  if (!isUuid(id)) return undefined;
  const r = await db.query<DbAttachment>(`SELECT ${ATTACHMENT_COLUMNS} FROM dossier_attachment WHERE dossier_id = $1 AND id = $2`, [dossierId, id]);
  return r.rows[0] && toAttachment(r.rows[0]);
}

export async function insertAttachment(tx: Executor, a: Omit<AttachmentRow, 'uploadedAt'> & { uploadedByKind: string; at: Date }): Promise<void> {
  await tx.query(
    `INSERT INTO dossier_attachment (id, dossier_id, document_code, file_name, media_type, size_bytes, sha256, storage_key, uploaded_by_kind, uploaded_by, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [a.id, a.dossierId, a.documentCode, a.fileName, a.mediaType, a.sizeBytes, a.sha256, a.storageKey, a.uploadedByKind, a.uploadedBy, a.at],
  );
}
