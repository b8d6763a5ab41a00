import type { Executor } from '../../kernel/db.js';
import { FLOOR_AREA_LEGAL_MINIMUM } from './model.js';

/** SQL of the residence module's own tables (migration 0130). */

export async function floorAreaMinimum(db: Executor, provinceCode: string): Promise<number> {
  const r = await db.query<{ m: string }>('SELECT min_m2_per_person::text AS m FROM residence_floor_area WHERE province_code = $1', [provinceCode]);
  return r.rows[0] ? Number(r.rows[0].m) : FLOOR_AREA_LEGAL_MINIMUM;
}

export async function listFloorAreas(db: Executor): Promise<Array<{ provinceCode: string; minM2PerPerson: number; setAt: string; setBy: string }>> {
  const r = await db.query<{ province_code: string; m: string; set_at: Date; set_by: string }>('SELECT province_code, min_m2_per_person::text AS m, set_at, set_by FROM residence_floor_area ORDER BY province_code');
  return r.rows.map((x) => ({ provinceCode: x.province_code, minM2PerPerson: Number(x.m), setAt: x.set_at.toISOString(), setBy: x.set_by }));
}

export async function setFloorArea(db: Executor, provinceCode: string, m2: number, at: Date, by: string): Promise<number | null> {
  const before = await db.query<{ m: string }>('SELECT min_m2_per_person::text AS m FROM residence_floor_area WHERE province_code = $1 FOR UPDATE', [provinceCode]);
  await db.query(
    `INSERT INTO residence_floor_area (province_code, min_m2_per_person, set_at, set_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (province_code) DO UPDATE SET min_m2_per_person = EXCLUDED.min_m2_per_person, set_at = EXCLUDED.set_at, set_by = EXCLUDED.set_by`,
    [provinceCode, m2, at, by],
  );
  return before.rows[0] ? Number(before.rows[0].m) : null;
}

export interface RemovalNoticeRow {
  id: string;
  personId: string;
  pin: string;
  unitCode: string;
  ground: string;
  noticedAt: string;
  usedByDossier: string | null;
}

export async function insertRemovalNotice(db: Executor, n: { id: string; personId: string; pin: string; unitCode: string; provinceCode: string; ground: string; note: string | null; at: Date; by: string }): Promise<void> {
  await db.query(
    `INSERT INTO residence_removal_notice (id, person_id, pin, unit_code, province_code, ground, note, noticed_at, noticed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [n.id, n.personId, n.pin, n.unitCode, n.provinceCode, n.ground, n.note, n.at, n.by],
  );
}

/** The earliest notice not yet used for this person in this commune (the one a removal counts its 7 days from). */
export async function findOpenRemovalNotice(db: Executor, personId: string, unitCode: string): Promise<RemovalNoticeRow | undefined> {
  const r = await db.query<{ id: string; person_id: string; pin: string; unit_code: string; ground: string; noticed_at: Date; used_by_dossier: string | null }>(
    'SELECT id::text AS id, person_id::text AS person_id, pin, unit_code, ground, noticed_at, used_by_dossier FROM residence_removal_notice WHERE person_id = $1 AND unit_code = $2 AND used_by_dossier IS NULL ORDER BY noticed_at LIMIT 1',
    [personId, unitCode],
  );
  const x = r.rows[0];
  return x && { id: x.id, personId: x.person_id, pin: x.pin, unitCode: x.unit_code, ground: x.ground, noticedAt: x.noticed_at.toISOString(), usedByDossier: x.used_by_dossier };
}

export async function useRemovalNotice(db: Executor, id: string, dossier: string): Promise<void> {
  await db.query('UPDATE residence_removal_notice SET used_by_dossier = $2 WHERE id = $1 AND used_by_dossier IS NULL', [id, dossier]);
}

export async function insertAbsence(db: Executor, a: { id: string; personId: string; pin: string; unitCode: string; validFrom: string; validTo: string; destination: string; reason: string; dossier: string; slipNo: string; at: Date }): Promise<void> {
  await db.query(
    `INSERT INTO residence_absence (id, person_id, pin, unit_code, valid_from, valid_to, destination, reason, dossier, slip_no, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [a.id, a.personId, a.pin, a.unitCode, a.validFrom, a.validTo, a.destination, a.reason, a.dossier, a.slipNo, a.at],
  );
}

export async function listAbsences(db: Executor, personId: string): Promise<Array<{ validFrom: string; validTo: string; destination: string; slipNo: string; dossier: string }>> {
  const r = await db.query<{ valid_from: string; valid_to: string; destination: string; slip_no: string; dossier: string }>(
    'SELECT valid_from::text AS valid_from, valid_to::text AS valid_to, destination, slip_no, dossier FROM residence_absence WHERE person_id = $1 ORDER BY valid_from',
    [personId],
  );
  return r.rows.map((x) => ({ validFrom: x.valid_from, validTo: x.valid_to, destination: x.destination, slipNo: x.slip_no, dossier: x.dossier }));
}

export interface StayNoticeRow {
  id: string;
  guestPin: string;
  unitCode: string;
  address: string;
  stayFrom: string;
  stayTo: string;
  reason: string;
  notifiedAt: string;
  deadline: string;
  onTime: boolean;
}

type StayDbRow = { id: string; guest_pin: string; unit_code: string; address: string; stay_from: Date; stay_to: string; reason: string; notified_at: Date; deadline: Date; on_time: boolean };
const STAY_COLUMNS = 'id::text AS id, guest_pin, unit_code, address, stay_from, stay_to::text AS stay_to, reason, notified_at, deadline, on_time';
const toStay = (x: StayDbRow): StayNoticeRow => ({ id: x.id, guestPin: x.guest_pin, unitCode: x.unit_code, address: x.address, stayFrom: x.stay_from.toISOString(), stayTo: x.stay_to, reason: x.reason, notifiedAt: x.notified_at.toISOString(), deadline: x.deadline.toISOString(), onTime: x.on_time });

/** Inserts a stay notice unless the host already sent this request id; returns the stored one either way. */
export async function insertStayNotice(
  db: Executor,
  s: { id: string; requestId: string; guestPersonId: string; guestPin: string; unitCode: string; provinceCode: string; address: string; stayFrom: Date; stayTo: string; reason: string; hostKind: string; hostId: string; at: Date; deadline: Date; onTime: boolean },
): Promise<{ row: StayNoticeRow; created: boolean }> {
  const ins = await db.query<StayDbRow>(
    `INSERT INTO stay_notice (id, request_id, guest_person_id, guest_pin, unit_code, province_code, address, stay_from, stay_to, reason, host_kind, host_id, notified_at, deadline, on_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (host_kind, host_id, request_id) DO NOTHING RETURNING ${STAY_COLUMNS}`,
    [s.id, s.requestId, s.guestPersonId, s.guestPin, s.unitCode, s.provinceCode, s.address, s.stayFrom, s.stayTo, s.reason, s.hostKind, s.hostId, s.at, s.deadline, s.onTime],
  );
  if (ins.rows[0]) return { row: toStay(ins.rows[0]), created: true };
  const r = await db.query<StayDbRow>(`SELECT ${STAY_COLUMNS} FROM stay_notice WHERE host_kind = $1 AND host_id = $2 AND request_id = $3`, [s.hostKind, s.hostId, s.requestId]);
  return { row: toStay(r.rows[0]!), created: false };
}
