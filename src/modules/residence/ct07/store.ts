import type { Executor } from '../../../kernel/db.js';
import type { ConfirmationContent } from './model.js';

/** SQL of the CT07 confirmations; the service owns the transaction. */
export interface ConfirmationRow {
  id: string;
  number: string;
  issuingUnit: string;
  personId: string;
  pin: string;
  issuedAt: string;
  issuedOn: string;
  validUntil: string;
  issuedByKind: string;
  issuedBy: string;
  purpose: string;
  content: ConfirmationContent;
  residenceHash: string;
  token: string;
  keyId: string;
  revokedAt: string | null;
  revokeReason: string | null;
}

const COLUMNS = `c.id, c.number, c.issuing_unit, c.person_id, c.pin, c.issued_at, c.issued_on::text AS issued_on, c.valid_until::text AS valid_until,
  c.issued_by_kind, c.issued_by, c.purpose, c.content, c.residence_hash, c.token, c.key_id, r.revoked_at, r.reason AS revoke_reason`;

interface Row {
  id: string;
  number: string;
  issuing_unit: string;
  person_id: string;
  pin: string;
  issued_at: Date;
  issued_on: string;
  valid_until: string;
  issued_by_kind: string;
  issued_by: string;
  purpose: string;
  content: ConfirmationContent;
  residence_hash: string;
  token: string;
  key_id: string;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

function toRow(r: Row): ConfirmationRow {
  return {
    id: r.id,
    number: r.number,
    issuingUnit: r.issuing_unit,
    personId: r.person_id,
    pin: r.pin,
    issuedAt: r.issued_at.toISOString(),
    issuedOn: r.issued_on,
    validUntil: r.valid_until,
    issuedByKind: r.issued_by_kind,
    issuedBy: r.issued_by,
    purpose: r.purpose,
    content: r.content,
    residenceHash: r.residence_hash,
    token: r.token,
    keyId: r.key_id,
    revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
    revokeReason: r.revoke_reason,
  };
}

const FROM = 'FROM residence_confirmation c LEFT JOIN residence_confirmation_revocation r ON r.confirmation_id = c.id';

export async function findConfirmation(db: Executor, by: { id?: string; number?: string; request?: { kind: string; by: string; requestId: string } }): Promise<ConfirmationRow | undefined> {
  if (by.id !== undefined && !/^[0-9a-f-]{36}$/i.test(by.id)) return undefined;
  const r = by.id
    ? await db.query<Row>(`SELECT ${COLUMNS} ${FROM} WHERE c.id = $1`, [by.id])
    : by.number
      ? await db.query<Row>(`SELECT ${COLUMNS} ${FROM} WHERE c.number = $1`, [by.number])
      : await db.query<Row>(`SELECT ${COLUMNS} ${FROM} WHERE c.issued_by_kind = $1 AND c.issued_by = $2 AND c.request_id = $3`, [by.request!.kind, by.request!.by, by.request!.requestId]);
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

export async function listConfirmationsOf(db: Executor, personId: string, limit: number): Promise<ConfirmationRow[]> {
  const r = await db.query<Row>(`SELECT ${COLUMNS} ${FROM} WHERE c.person_id = $1 ORDER BY c.issued_at DESC, c.number DESC LIMIT $2`, [personId, limit]);
  return r.rows.map(toRow);
}

/** The next serial of an issuing unit in a year (the row stays locked until the transaction ends). */
export async function nextSerial(tx: Executor, unit: string, year: number): Promise<number> {
  const r = await tx.query<{ last_serial: number }>(
    `INSERT INTO residence_confirmation_serial (issuing_unit, issue_year, last_serial) VALUES ($1, $2, 1)
     ON CONFLICT (issuing_unit, issue_year) DO UPDATE SET last_serial = residence_confirmation_serial.last_serial + 1 RETURNING last_serial`,
    [unit, year],
  );
  return Number(r.rows[0]!.last_serial);
}

export async function insertConfirmation(
  tx: Executor,
  c: { id: string; number: string; issuingUnit: string; year: number; serial: number; personId: string; pin: string; at: Date; issuedOn: string; validUntil: string; byKind: string; by: string; purpose: string; content: ConfirmationContent; residenceHash: string; token: string; keyId: string; requestId: string | null },
): Promise<void> {
  await tx.query(
    `INSERT INTO residence_confirmation (id, number, issuing_unit, issue_year, serial, person_id, pin, issued_at, issued_on, valid_until, issued_by_kind, issued_by, purpose, content, residence_hash, token, key_id, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [c.id, c.number, c.issuingUnit, c.year, c.serial, c.personId, c.pin, c.at, c.issuedOn, c.validUntil, c.byKind, c.by, c.purpose, JSON.stringify(c.content), c.residenceHash, c.token, c.keyId, c.requestId],
  );
}

/** Records a revocation; false when the confirmation was revoked already. */
export async function insertRevocation(tx: Executor, id: string, by: string, reason: string, at: Date): Promise<boolean> {
  const r = await tx.query('INSERT INTO residence_confirmation_revocation (confirmation_id, revoked_at, revoked_by, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (confirmation_id) DO NOTHING', [id, at, by, reason]);
  return r.rowCount === 1;
}
