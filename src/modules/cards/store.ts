import { unitCondition, type UnitFilter } from '../../kernel/access.js';
import type { Executor } from '../../kernel/db.js';
import type { ApplicationCase, CardStage, DeliveryMethod } from './model.js';

/** SQL of the cards module. Dates leave as YYYY-MM-DD text, instants as ISO text. */
export interface CardRow {
  id: string;
  personId: string;
  pin: string;
  dossierId: string;
  dossierCode: string;
  procedureCode: string;
  applicationCase: ApplicationCase;
  unitCode: string;
  provinceCode: string;
  stage: CardStage;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  issueDate: string | null;
  expiryDate: string | null;
  batchId: string | null;
  batchNumber: string | null;
  mrz: string | null;
  qr: string | null;
  signerSerial: string | null;
  deliveryMethod: DeliveryMethod;
  deliveryAddress: string | null;
  approvedAt: string;
  producedAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  returnedAt: string | null;
  returnReason: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  replacedBy: string | null;
  /** The chip carries a face photo (DG2); cards of children under 6 have none. */
  hasPhoto: boolean;
  version: number;
}

export interface ChipRow {
  dg1: Uint8Array;
  dg2Sealed: string | null;
  dg13: Uint8Array;
  sod: Uint8Array;
}

const day = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const instant = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

const COLUMNS = `c.id, c.person_id, c.pin, c.dossier_id, c.dossier_code, c.procedure_code, c.application_case, c.unit_code, c.province_code, c.stage, c.full_name, c.birth_date, c.sex, c.issue_date::text AS issue_date, c.expiry_date::text AS expiry_date,
  c.batch_id, b.number AS batch_number, c.mrz, c.qr, c.signer_serial, c.delivery_method, c.delivery_address, c.approved_at, c.produced_at, c.shipped_at, c.delivered_at, c.returned_at, c.return_reason,
  c.revoked_at, c.revoke_reason, c.replaced_by, c.dg2_sealed IS NOT NULL AS has_photo, c.version`;
const FROM = 'card c LEFT JOIN card_batch b ON b.id = c.batch_id';

type Db = Record<string, unknown>;
function toRow(r: Db): CardRow {
  return {
    id: r.id as string,
    personId: r.person_id as string,
    pin: r.pin as string,
    dossierId: r.dossier_id as string,
    dossierCode: r.dossier_code as string,
    procedureCode: r.procedure_code as string,
    applicationCase: r.application_case as ApplicationCase,
    unitCode: r.unit_code as string,
    provinceCode: r.province_code as string,
    stage: r.stage as CardStage,
    fullName: r.full_name as string,
    birthDate: r.birth_date as string,
    sex: r.sex as 'M' | 'F',
    issueDate: day(r.issue_date),
    expiryDate: day(r.expiry_date),
    batchId: (r.batch_id as string | null) ?? null,
    batchNumber: (r.batch_number as string | null) ?? null,
    mrz: (r.mrz as string | null) ?? null,
    qr: (r.qr as string | null) ?? null,
    signerSerial: (r.signer_serial as string | null) ?? null,
    deliveryMethod: r.delivery_method as DeliveryMethod,
    deliveryAddress: (r.delivery_address as string | null) ?? null,
    approvedAt: instant(r.approved_at)!,
    producedAt: instant(r.produced_at),
    shippedAt: instant(r.shipped_at),
    deliveredAt: instant(r.delivered_at),
    returnedAt: instant(r.returned_at),
    returnReason: (r.return_reason as string | null) ?? null,
    revokedAt: instant(r.revoked_at),
    revokeReason: (r.revoke_reason as string | null) ?? null,
    replacedBy: (r.replaced_by as string | null) ?? null,
    hasPhoto: r.has_photo === true,
    version: Number(r.version),
  };
}

export async function findCard(db: Executor, id: string, opts: { lock?: boolean } = {}): Promise<CardRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const r = await db.query<Db>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = $1${opts.lock ? ' FOR UPDATE OF c' : ''}`, [id]);
  return r.rows[0] && toRow(r.rows[0]);
}

export async function findCardByDossier(db: Executor, dossierId: string): Promise<CardRow | undefined> {
  const r = await db.query<Db>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.dossier_id = $1`, [dossierId]);
  return r.rows[0] && toRow(r.rows[0]);
}

/** A person's cards, newest first. */
export async function cardsOf(db: Executor, personId: string): Promise<CardRow[]> {
  const r = await db.query<Db>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.person_id = $1 ORDER BY c.approved_at DESC, c.id`, [personId]);
  return r.rows.map(toRow);
}

/** Cards holding this number (= the PIN), newest first: the card a presented document names. */
export async function cardsByPin(db: Executor, pin: string): Promise<CardRow[]> {
  const r = await db.query<Db>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.pin = $1 ORDER BY c.approved_at DESC, c.id`, [pin]);
  return r.rows.map(toRow);
}

export async function chipOf(db: Executor, id: string): Promise<ChipRow | undefined> {
  const r = await db.query<{ dg1: Uint8Array | null; dg2_sealed: string | null; dg13: Uint8Array | null; sod: Uint8Array | null }>('SELECT dg1, dg2_sealed, dg13, sod FROM card WHERE id = $1', [id]);
  const row = r.rows[0];
  if (!row?.dg1 || !row.dg13 || !row.sod) return undefined;
  return { dg1: new Uint8Array(row.dg1), dg2Sealed: row.dg2_sealed, dg13: new Uint8Array(row.dg13), sod: new Uint8Array(row.sod) };
}

export interface NewCard {
  id: string;
  personId: string;
  pin: string;
  dossierId: string;
  dossierCode: string;
  procedureCode: string;
  applicationCase: ApplicationCase;
  unitCode: string;
  provinceCode: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  deliveryMethod: DeliveryMethod;
  deliveryAddress: string | null;
  at: Date;
}

export async function insertApprovedCard(tx: Executor, c: NewCard): Promise<void> {
  await tx.query(
    `INSERT INTO card (id, person_id, pin, dossier_id, dossier_code, procedure_code, application_case, unit_code, province_code, stage, full_name, birth_date, sex, delivery_method, delivery_address, approved_at) VALUES ($1, $2, $3, $4, $13, $14, $5, $6, $15, 'approved', $7, $8, $9, $10, $11, $12)`,
    [c.id, c.personId, c.pin, c.dossierId, c.applicationCase, c.unitCode, c.fullName, c.birthDate, c.sex, c.deliveryMethod, c.deliveryAddress, c.at, c.dossierCode, c.procedureCode, c.provinceCode],
  );
}

export interface Production {
  issueDate: string;
  expiryDate: string | null;
  batchId: string;
  mrz: string;
  qr: string;
  dg1: Uint8Array;
  dg2Sealed: string | null;
  dg13: Uint8Array;
  sod: Uint8Array;
  signerSerial: string;
  at: Date;
}

export async function markProduced(tx: Executor, id: string, p: Production): Promise<void> {
  await tx.query(
    `UPDATE card SET stage = 'produced', issue_date = $2, expiry_date = $3, batch_id = $4, mrz = $5, qr = $6, dg1 = $7, dg2_sealed = $8, dg13 = $9, sod = $10, signer_serial = $11, produced_at = $12, version = version + 1
      WHERE id = $1 AND stage = 'approved'`,
    [id, p.issueDate, p.expiryDate, p.batchId, p.mrz, p.qr, Buffer.from(p.dg1), p.dg2Sealed, Buffer.from(p.dg13), Buffer.from(p.sod), p.signerSerial, p.at],
  );
}

/** Approved cards waiting for production within a scope (a province, or the whole country), oldest first, locked for this batch. */
export async function approvedForProduction(tx: Executor, provinceCode: string | null, limit: number): Promise<CardRow[]> {
  const r = await tx.query<Db>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE c.stage = 'approved' AND c.revoked_at IS NULL AND ($1::text IS NULL OR c.province_code = $1) ORDER BY c.approved_at, c.id LIMIT $2 FOR UPDATE OF c SKIP LOCKED`,
    [provinceCode, limit],
  );
  return r.rows.map(toRow);
}

export async function nextBatchSerial(tx: Executor, year: number): Promise<number> {
  const r = await tx.query<{ last_serial: number }>(
    `INSERT INTO card_batch_serial (year, last_serial) VALUES ($1, 1) ON CONFLICT (year) DO UPDATE SET last_serial = card_batch_serial.last_serial + 1 RETURNING last_serial`,
    [year],
  );
  return Number(r.rows[0]!.last_serial);
}

export async function insertBatch(tx: Executor, b: { id: string; number: string; producedOn: string; at: Date; by: string; count: number; signerSerial: string }): Promise<void> {
  await tx.query(`INSERT INTO card_batch (id, number, produced_on, produced_at, produced_by, card_count, signer_serial) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [b.id, b.number, b.producedOn, b.at, b.by, b.count, b.signerSerial]);
}

export interface BatchRow {
  id: string;
  number: string;
  producedOn: string;
  producedAt: string;
  producedBy: string;
  cardCount: number;
  signerSerial: string;
}

export async function listBatches(db: Executor, provinceCode: string | null, limit: number, offset: number): Promise<{ items: BatchRow[]; total: number }> {
  const where = `WHERE $1::text IS NULL OR EXISTS (SELECT 1 FROM card c WHERE c.batch_id = b.id AND c.province_code = $1)`;
  const total = await db.query<{ n: string }>(`SELECT count(*) AS n FROM card_batch b ${where}`, [provinceCode]);
  const r = await db.query<Db>(`SELECT b.id, b.number, b.produced_on::text AS produced_on, b.produced_at, b.produced_by, b.card_count, b.signer_serial FROM card_batch b ${where} ORDER BY b.produced_at DESC, b.number DESC LIMIT $2 OFFSET $3`, [provinceCode, limit, offset]);
  return {
    total: Number(total.rows[0]!.n),
    items: r.rows.map((b) => ({ id: b.id as string, number: b.number as string, producedOn: day(b.produced_on)!, producedAt: instant(b.produced_at)!, producedBy: b.produced_by as string, cardCount: Number(b.card_count), signerSerial: b.signer_serial as string })),
  };
}

export async function setStage(tx: Executor, id: string, from: CardStage, to: CardStage, at: Date, extra: { returnReason?: string | null } = {}): Promise<boolean> {
  const column = { shipped: 'shipped_at', delivered: 'delivered_at', returned: 'returned_at', produced: 'produced_at', approved: 'approved_at' }[to];
  const r = await tx.query(`UPDATE card SET stage = $3, ${column} = $4, return_reason = CASE WHEN $3 = 'returned' THEN $5 ELSE return_reason END, version = version + 1 WHERE id = $1 AND stage = $2`, [id, from, to, at, extra.returnReason ?? null]);
  return (r.rowCount ?? 0) > 0;
}

/** The delivered, unrevoked, unreplaced card of a person other than `exceptId` (the one a new delivery replaces). */
export async function markReplaced(tx: Executor, personId: string, newId: string): Promise<string | null> {
  const r = await tx.query<{ id: string }>(`UPDATE card SET replaced_by = $2, version = version + 1 WHERE person_id = $1 AND id <> $2 AND stage = 'delivered' AND replaced_by IS NULL AND revoked_at IS NULL RETURNING id`, [personId, newId]);
  return r.rows[0]?.id ?? null;
}

export async function revoke(tx: Executor, id: string, reason: string, at: Date): Promise<boolean> {
  const r = await tx.query(`UPDATE card SET revoked_at = $2, revoke_reason = $3, version = version + 1 WHERE id = $1 AND revoked_at IS NULL`, [id, at, reason]);
  return (r.rowCount ?? 0) > 0;
}

export interface CardListQuery {
  stage?: CardStage | undefined;
  /** The officer's scope (a commune or a province), or null for the country. */
  scope: UnitFilter | null;
  batchId?: string | undefined;
  limit: number;
  offset: number;
}

export async function listCards(db: Executor, q: CardListQuery): Promise<{ items: CardRow[]; total: number }> {
  const args: unknown[] = [q.stage ?? null, q.batchId ?? null];
  // The scope as the kernel writes it for every unit-narrowed list: one column, so one index.
  const cond = [`($1::text IS NULL OR c.stage = $1)`, `($2::uuid IS NULL OR c.batch_id = $2)`, ...(q.scope ? [unitCondition(q.scope, args, 'c')] : [])].join(' AND ');
  const total = await db.query<{ n: string }>(`SELECT count(*) AS n FROM card c WHERE ${cond}`, args);
  const r = await db.query<Db>(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${cond} ORDER BY c.approved_at DESC, c.id LIMIT $${args.length + 1} OFFSET $${args.length + 2}`, [...args, q.limit, q.offset]);
  return { total: Number(total.rows[0]!.n), items: r.rows.map(toRow) };
}

/** Cards per unit and stage (communes of a province, or provinces of the country). */
export async function stageCounts(db: Executor, provinceCode: string | null): Promise<Array<{ unitCode: string; stage: CardStage; n: number }>> {
  const unit = provinceCode === null ? 'province_code' : 'unit_code';
  const r = await db.query<{ unit: string; stage: CardStage; n: string }>(
    `SELECT ${unit} AS unit, stage, count(*) AS n FROM card WHERE revoked_at IS NULL AND ($1::text IS NULL OR province_code = $1) GROUP BY 1, 2 ORDER BY 1, 2`,
    [provinceCode],
  );
  return r.rows.map((x) => ({ unitCode: x.unit, stage: x.stage, n: Number(x.n) }));
}
