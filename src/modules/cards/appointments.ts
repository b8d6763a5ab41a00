import { authorize, inScope } from '../../kernel/access.js';
import type { OfficerActor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { AppError, conflict, invalid, notFound, type Message } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { printedDate } from '../../kernel/partial-date.js';
import { findUnstorableText } from '../../kernel/text-input.js';
import { getPersonInTx } from '../people/index.js';
import { CARDS_INTAKE, CARDS_READ } from './permissions.js';

/**
 * Intake appointments: time slots at an office's desk, and a mobile team's visits (homes of
 * the old and sick, factories, schools) — the card campaigns of 2022–2023 ran desks at night and
 * on Sundays, so the evening slots exist every day. A slot holds a fixed number of people per
 * desk or team; a team's day printed in slot order is its route list.
 */
export const DESK_SLOTS = ['07:30', '08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '18:30', '19:00', '19:30', '20:00'] as const;
export const TEAM_SLOTS = ['07:30', '08:30', '09:30', '10:30', '13:30', '14:30', '15:30', '16:30', '18:30', '19:30'] as const;
export const DESK_CAPACITY = 4;
export const TEAM_CAPACITY = 1;
export type Place = 'desk' | 'home' | 'factory' | 'school' | 'other';

export interface Team {
  id: string;
  unitCode: string;
  name: string;
}

export interface Appointment {
  id: string;
  unitCode: string;
  teamId: string | null;
  day: string;
  slot: string;
  place: Place;
  address: string | null;
  pin: string;
  fullName: string;
  note: string | null;
  bookedAt: string;
  cancelledAt: string | null;
}

const duplicate = (code: string, m: Message, field: string) => new AppError('duplicate', code, m, { field });
const DAY_SHAPE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
/** A real calendar day: the shape alone let 2026-13-45 through to the database (a 500). */
const DAY = {
  test(s: string): boolean {
    const at = DAY_SHAPE.test(s) ? new Date(`${s}T00:00:00Z`) : undefined;
    return at !== undefined && !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === s && s >= '1900-01-01';
  },
};

function clean(text: string | undefined | null, field: string, max: number): string | null {
  const t = text?.trim() ?? '';
  if (t === '') return null;
  if (findUnstorableText(t)) throw invalid('text_unstorable', field, { vi: 'Có ký tự không hợp lệ.', en: 'Holds characters that cannot be stored.' });
  if (t.length > max) throw invalid('text_too_long', field, { vi: `Tối đa ${max} ký tự.`, en: `At most ${max} characters.` });
  return t;
}

async function officeOf(ctx: AppContext, actor: OfficerActor, unitCode: string | undefined, tx?: Executor): Promise<string> {
  const unit = unitCode ?? actor.unitCode;
  if (!unit || !/^[0-9]{5}$/.test(unit)) throw invalid('office_required', 'unitCode', { vi: 'Cần chọn cơ quan Công an cấp xã.', en: 'Choose a commune police office.' });
  if (!(await ctx.units.unitName('commune', unit, tx))) throw invalid('unit_not_found', 'unitCode', { vi: 'Không có xã, phường với mã này.', en: 'No commune has this code.' });
  if (!inScope(actor, { communeCode: unit, provinceCode: (await ctx.units.provinceOfCommune(unit, tx)) ?? null })) {
    throw notFound('unit_not_found', { vi: 'Không có xã, phường với mã này.', en: 'No commune has this code.' }, 'unitCode');
  }
  return unit;
}

export async function createTeam(ctx: AppContext, actor: OfficerActor, input: { unitCode?: string | undefined; name: string }): Promise<Team> {
  authorize(actor, CARDS_INTAKE);
  const name = clean(input.name, 'name', 100);
  if (!name || name.length < 3) throw invalid('team_name', 'name', { vi: 'Tên tổ cần ít nhất 3 ký tự.', en: 'A team name needs at least 3 characters.' });
  const unit = await officeOf(ctx, actor, input.unitCode);
  return ctx.db.transaction(async (tx) => {
    const id = newId();
    const r = await tx.query('INSERT INTO card_team (id, unit_code, name, created_at, created_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_code, name) DO NOTHING', [id, unit, name, ctx.clock.now(), actor.id]);
    if ((r.rowCount ?? 0) === 0) throw duplicate('team_exists', { vi: 'Đơn vị đã có tổ với tên này.', en: 'The office already has a team with this name.' }, 'name');
    await recordAudit(tx, { actor, action: 'card_team.create', target: { kind: 'unit', id: unit }, unitCode: unit, detail: { team: name } }, ctx.clock.now());
    return { id, unitCode: unit, name };
  });
}

export async function listTeams(ctx: AppContext, actor: OfficerActor, unitCode?: string): Promise<Team[]> {
  authorize(actor, CARDS_READ);
  const unit = await officeOf(ctx, actor, unitCode);
  const r = await ctx.db.pool.query<{ id: string; unit_code: string; name: string }>('SELECT id, unit_code, name FROM card_team WHERE unit_code = $1 ORDER BY name', [unit]);
  return r.rows.map((t) => ({ id: t.id, unitCode: t.unit_code, name: t.name }));
}

async function findTeam(db: Executor, unit: string, teamId: string): Promise<Team> {
  const r = /^[0-9a-f-]{36}$/i.test(teamId) ? await db.query<{ id: string; unit_code: string; name: string }>('SELECT id, unit_code, name FROM card_team WHERE id = $1 AND unit_code = $2', [teamId, unit]) : { rows: [] };
  const t = r.rows[0];
  if (!t) throw notFound('team_not_found', { vi: 'Không tìm thấy tổ lưu động.', en: 'No such mobile team.' }, 'teamId');
  return { id: t.id, unitCode: t.unit_code, name: t.name };
}

export interface SlotView {
  slot: string;
  capacity: number;
  booked: number;
}

/** A day's slots at a desk (no team) or for a team, with what is booked. */
export async function listSlots(ctx: AppContext, actor: OfficerActor, q: { unitCode?: string | undefined; teamId?: string | undefined; day: string }): Promise<SlotView[]> {
  authorize(actor, CARDS_READ);
  if (!DAY.test(q.day)) throw invalid('day', 'day', { vi: 'Ngày theo dạng YYYY-MM-DD.', en: 'A day as YYYY-MM-DD.' });
  const unit = await officeOf(ctx, actor, q.unitCode);
  if (q.teamId) await findTeam(ctx.db.pool, unit, q.teamId);
  const r = await ctx.db.pool.query<{ slot: string; n: string }>(
    `SELECT slot, count(*) AS n FROM card_appointment WHERE unit_code = $1 AND day = $2 AND cancelled_at IS NULL AND team_id IS NOT DISTINCT FROM $3::uuid GROUP BY slot`,
    [unit, q.day, q.teamId ?? null],
  );
  const booked = new Map(r.rows.map((x) => [x.slot, Number(x.n)]));
  const slots = q.teamId ? TEAM_SLOTS : DESK_SLOTS;
  const capacity = q.teamId ? TEAM_CAPACITY : DESK_CAPACITY;
  return slots.map((slot) => ({ slot, capacity, booked: booked.get(slot) ?? 0 }));
}

export interface BookingInput {
  unitCode?: string | undefined;
  teamId?: string | undefined;
  day: string;
  slot: string;
  place: Place;
  address?: string | undefined;
  pin: string;
  note?: string | undefined;
}

/** Books a slot for a person; a full slot, a past day or a second open booking that day is refused. */
export async function bookAppointment(ctx: AppContext, actor: OfficerActor, input: BookingInput): Promise<Appointment> {
  authorize(actor, CARDS_INTAKE);
  if (!DAY.test(input.day)) throw invalid('day', 'day', { vi: 'Ngày theo dạng YYYY-MM-DD.', en: 'A day as YYYY-MM-DD.' });
  if (input.day < todayInVietnam(ctx.clock)) throw invalid('day_past', 'day', { vi: 'Không đặt lịch cho ngày đã qua.', en: 'A past day cannot be booked.' });
  const teamBooking = input.teamId !== undefined;
  if (teamBooking === (input.place === 'desk')) throw invalid('place_team', 'place', { vi: 'Lịch tại bàn tiếp nhận không có tổ lưu động; lịch lưu động cần chọn tổ và nơi đến.', en: 'A desk appointment has no team; a mobile visit needs a team and a place.' });
  if (!(teamBooking ? (TEAM_SLOTS as readonly string[]) : (DESK_SLOTS as readonly string[])).includes(input.slot)) throw invalid('slot', 'slot', { vi: 'Khung giờ không có trong lịch.', en: 'Not one of the slots.' });
  const address = clean(input.address, 'address', 300);
  if (teamBooking && !address) throw invalid('address_required', 'address', { vi: 'Lịch lưu động cần địa chỉ đến.', en: 'A mobile visit needs the address to go to.' });
  const note = clean(input.note, 'note', 500);
  const unit = await officeOf(ctx, actor, input.unitCode);
  return ctx.db.transaction(async (tx) => {
    if (input.teamId) await findTeam(tx, unit, input.teamId);
    // The office's row for the day serialises bookings of the same slot (no overbooking under concurrency).
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`card-slot:${unit}:${input.day}:${input.teamId ?? 'desk'}`]);
    const person = (await getPersonInTx(tx, ctx, actor, input.pin, { code: 'card_issuance' })).person;
    if (person.status !== 'living') throw conflict('person_not_living', { vi: 'Công dân đã mất hoặc mất tích.', en: 'The person is deceased or missing.' }, 'pin');
    const taken = await tx.query<{ n: string }>(`SELECT count(*) AS n FROM card_appointment WHERE unit_code = $1 AND day = $2 AND slot = $3 AND cancelled_at IS NULL AND team_id IS NOT DISTINCT FROM $4::uuid`, [unit, input.day, input.slot, input.teamId ?? null]);
    if (Number(taken.rows[0]!.n) >= (teamBooking ? TEAM_CAPACITY : DESK_CAPACITY)) throw conflict('slot_full', { vi: `Khung giờ ${input.slot} ngày ${printedDate(input.day)} đã kín.`, en: `The ${input.slot} slot on ${input.day} is full.` }, 'slot');
    const same = await tx.query('SELECT 1 FROM card_appointment WHERE person_id = $1 AND day = $2 AND cancelled_at IS NULL', [person.id, input.day]);
    if (same.rows.length > 0) throw duplicate('appointment_exists', { vi: 'Công dân đã có lịch hẹn trong ngày này.', en: 'The person already has an appointment that day.' }, 'pin');
    const id = newId();
    const now = ctx.clock.now();
    await tx.query(
      `INSERT INTO card_appointment (id, unit_code, team_id, day, slot, place, address, person_id, pin, full_name, note, booked_at, booked_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [id, unit, input.teamId ?? null, input.day, input.slot, input.place, address, person.id, person.pin, person.fullName, note, now, actor.id],
    );
    await recordAudit(tx, { actor, action: 'card_appointment.book', target: { kind: 'person', id: person.pin }, unitCode: unit, detail: { day: input.day, slot: input.slot, place: input.place, team: input.teamId ?? null } }, now);
    return { id, unitCode: unit, teamId: input.teamId ?? null, day: input.day, slot: input.slot, place: input.place, address, pin: person.pin, fullName: person.fullName, note, bookedAt: now.toISOString(), cancelledAt: null };
  });
}

interface AppointmentDb {
  id: string;
  unit_code: string;
  team_id: string | null;
  day: string;
  slot: string;
  place: Place;
  address: string | null;
  pin: string;
  full_name: string;
  note: string | null;
  booked_at: Date;
  cancelled_at: Date | null;
}
const toAppointment = (a: AppointmentDb): Appointment => ({ id: a.id, unitCode: a.unit_code, teamId: a.team_id, day: String(a.day).slice(0, 10), slot: a.slot, place: a.place, address: a.address, pin: a.pin, fullName: a.full_name, note: a.note, bookedAt: new Date(a.booked_at).toISOString(), cancelledAt: a.cancelled_at && new Date(a.cancelled_at).toISOString() });

export async function cancelAppointment(ctx: AppContext, actor: OfficerActor, id: string): Promise<Appointment> {
  authorize(actor, CARDS_INTAKE);
  return ctx.db.transaction(async (tx) => {
    const r = /^[0-9a-f-]{36}$/i.test(id) ? await tx.query<AppointmentDb>('SELECT id, unit_code, team_id, day::text AS day, slot, place, address, pin, full_name, note, booked_at, cancelled_at FROM card_appointment WHERE id = $1 FOR UPDATE', [id]) : { rows: [] };
    const a = r.rows[0];
    if (!a || !inScope(actor, { communeCode: a.unit_code, provinceCode: (await ctx.units.provinceOfCommune(a.unit_code, tx)) ?? null })) throw notFound('appointment_not_found', { vi: 'Không tìm thấy lịch hẹn.', en: 'No such appointment.' }, 'id');
    if (a.cancelled_at) throw conflict('appointment_cancelled', { vi: 'Lịch hẹn đã huỷ trước đó.', en: 'The appointment was cancelled already.' }, 'id');
    const now = ctx.clock.now();
    await tx.query('UPDATE card_appointment SET cancelled_at = $2 WHERE id = $1', [id, now]);
    await recordAudit(tx, { actor, action: 'card_appointment.cancel', target: { kind: 'person', id: a.pin }, unitCode: a.unit_code, detail: { day: String(a.day).slice(0, 10), slot: a.slot } }, now);
    return toAppointment({ ...a, cancelled_at: now });
  });
}

/** A day's appointments at an office (desk and teams) or one team's route list, in slot order; the names shown are access-logged. */
export async function dayList(ctx: AppContext, actor: OfficerActor, q: { unitCode?: string | undefined; teamId?: string | undefined; day: string }): Promise<{ day: string; team: Team | null; items: Appointment[] }> {
  authorize(actor, CARDS_READ);
  if (!DAY.test(q.day)) throw invalid('day', 'day', { vi: 'Ngày theo dạng YYYY-MM-DD.', en: 'A day as YYYY-MM-DD.' });
  const unit = await officeOf(ctx, actor, q.unitCode);
  const team = q.teamId ? await findTeam(ctx.db.pool, unit, q.teamId) : null;
  const r = await ctx.db.pool.query<AppointmentDb>(
    `SELECT id, unit_code, team_id, day::text AS day, slot, place, address, pin, full_name, note, booked_at, cancelled_at FROM card_appointment
      WHERE unit_code = $1 AND day = $2 AND cancelled_at IS NULL AND ($3::uuid IS NULL OR team_id = $3) ORDER BY slot, team_id NULLS FIRST, booked_at`,
    [unit, q.day, q.teamId ?? null],
  );
  const items = r.rows.map(toAppointment);
  await ctx.accessLog.append(items.map((a) => ({ actor, action: 'card_appointment.list', target: { kind: 'person', id: a.pin }, unitCode: unit, purpose: 'card_issuance' })), ctx.clock.now());
  return { day: q.day, team, items };
}
