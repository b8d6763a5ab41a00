import { checkChangeReason } from '../../kernel/change-reason.js';
import type { ReadPurpose } from '../../kernel/purposes.js';
import { newId } from '../../kernel/ids.js';
import { authorize, scopeFilter } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import { recordAccess, recordAudit } from '../../kernel/audit.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../kernel/errors.js';
import { publish } from '../../kernel/events.js';
import { HouseholdCreated, HouseholdHeadChanged, ResidenceRegistered } from './events.js';
import { findReplay, rememberResult } from '../../kernel/idempotency.js';
import { inScope } from '../../kernel/access.js';
import { getPersonForChange, getPersonInScope } from './access.js';
import { auditMoveClosures, leaveHousehold } from './membership.js';
import { HEAD, requireHeadEligible, requireRelation } from './household-rules.js';
import type { ChangeReason, Household, ProcedureAuthority, Residence } from './model.js';
import { parsePartialDate, requirePartialDate } from '../../kernel/partial-date.js';
import * as store from './store.js';
import { PEOPLE_READ, PEOPLE_WRITE } from './permissions.js';

const householdNotFound = () => notFound('household_not_found', { vi: 'Không tìm thấy hộ gia đình.', en: 'Household not found.' }, 'householdNo');

function requireDay(text: string, field: string, today: string): string {
  const d = requirePartialDate(text, field, today);
  if (d.day === undefined) throw invalid('date_needs_day', field, { vi: 'Cần ngày đầy đủ (YYYY-MM-DD).', en: 'A full date (YYYY-MM-DD) is needed.' });
  return text;
}

export async function loadHouseholdInScope(tx: Executor, actor: Actor, householdNo: string, permission: typeof PEOPLE_READ | typeof PEOPLE_WRITE, forUpdate = false): Promise<Household> {
  if (actor.kind === 'citizen' || actor.kind === 'client') {
    // A current member may see their own household (the portal, the `household` claim); change it, never.
    if (permission !== PEOPLE_READ) throw forbidden('permission_denied');
    const h = await store.findHousehold(tx, { householdNo });
    const self = actor.kind === 'citizen' ? actor.pin : actor.forPin;
    if (!h || !h.members.some((m) => m.pin === self && m.validTo === null)) throw householdNotFound();
    return h;
  }
  authorize(actor, permission);
  const h = await store.findHousehold(tx, { householdNo }, forUpdate);
  if (!h || !inScope(actor, { communeCode: h.unitCode, provinceCode: h.provinceCode })) throw householdNotFound();
  return h;
}

/** A household with its members (current and past), logged as a read of each member's data before it is returned. */
export async function getHousehold(ctx: AppContext, actor: Actor, householdNo: string, purpose: ReadPurpose): Promise<Household> {
  const h = await ctx.db.transaction((tx) => loadHouseholdInScope(tx, actor, householdNo, PEOPLE_READ));
  await ctx.accessLog.append([householdRead(actor, h, purpose)], ctx.clock.now());
  return h;
}

/** `getHousehold` inside the caller's transaction: the access row commits with it. */
export async function getHouseholdInTx(tx: Executor, ctx: AppContext, actor: Actor, householdNo: string, purpose: ReadPurpose): Promise<Household> {
  const h = await loadHouseholdInScope(tx, actor, householdNo, PEOPLE_READ);
  await recordAccess(tx, householdRead(actor, h, purpose), ctx.clock.now());
  return h;
}

function householdRead(actor: Actor, h: Household, purpose: ReadPurpose) {
  return { actor, action: 'household.read', target: { kind: 'household', id: h.householdNo }, unitCode: h.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, detail: { members: h.members.map((m) => m.pin) } };
}

export interface NewHouseholdInput {
  unitCode: string;
  address: string;
  headPin: string;
  members: Array<{ pin: string; relation: string }>;
  /** Day membership and permanent residence start. */
  validFrom: string;
  minorHeadReason?: string | undefined;
}

/** Household numbers: the commune code and a national serial, `00004-00001234`. */
export async function newHouseholdNo(tx: Executor, unitCode: string): Promise<string> {
  const r = await tx.query<{ n: number }>("SELECT nextval('household_no_seq') AS n");
  return formatHouseholdNo(unitCode, r.rows[0]!.n);
}

export function formatHouseholdNo(unitCode: string, serial: number): string {
  return `${unitCode}-${String(serial).padStart(8, '0')}`;
}

/**
 * Opens a permanent residence at the household's address and closes the previous one.
 * `unitRecordedOn` is the day the unit code was entered (it is read in that day's tree),
 * not the day the residence starts, which may be years earlier.
 */
export async function movePermanentResidence(tx: Executor, personId: string, to: { unitCode: string; provinceCode: string; address: string; householdId: string | null; validFrom: string; unitRecordedOn: string; dossier: string | null }, at: Date, reason: string): Promise<Residence[]> {
  const closed: Residence[] = [];
  for (const r of await store.openResidences(tx, personId)) {
    if (r.kind === 'permanent') {
      await store.closeResidence(tx, personId, r.id, to.validFrom, reason, to.dossier);
      closed.push(r);
    }
  }
  const open = await store.openResidences(tx, personId);
  await store.insertResidence(tx, { id: newId(), personId, kind: 'permanent', unitCode: to.unitCode, unitRecordedOn: to.unitRecordedOn, address: to.address, householdId: to.householdId, validFrom: to.validFrom, plannedEnd: null, dossier: to.dossier, at });
  // The unit that scopes a person is where they live now: the current residence if recorded.
  if (!open.some((r) => r.kind === 'current')) await store.setPersonUnit(tx, personId, to.unitCode, to.provinceCode);
  return closed;
}

/**
 * Creates a household with its head and members; each moves their permanent residence to
 * the household's address. One head, an adult unless a reason is given; nobody may belong
 * to two households at once.
 */
export async function createHousehold(ctx: AppContext, actor: Actor, input: NewHouseholdInput, change: ChangeReason & { requestId?: string | undefined }): Promise<Household> {
  return ctx.db.transaction((tx) => createHouseholdInTx(tx, ctx, actor, input, change));
}

/** `createHousehold` inside the caller's transaction. */
export async function createHouseholdInTx(tx: Executor, ctx: AppContext, actor: Actor, input: NewHouseholdInput, change: ChangeReason & { requestId?: string | undefined }, authority?: ProcedureAuthority): Promise<Household> {
  const why = checkChangeReason(change);
  const today = todayInVietnam(ctx.clock);
  const validFrom = requireDay(input.validFrom, 'validFrom', today);
  const provinceCode = await ctx.units.provinceOfCommune(input.unitCode, tx);
  if (!provinceCode) throw invalid('unit_not_found', 'unitCode', { vi: 'Không có xã/phường hiện hành với mã này.', en: 'No current commune has this code.' });
  authorize(actor, PEOPLE_WRITE, { communeCode: input.unitCode, provinceCode });
  if (input.address.trim().length < 3) throw invalid('address_required', 'address', { vi: 'Cần địa chỉ chi tiết (số nhà, đường, thôn…).', en: 'A street address is required.' });
  input.members.forEach((m, i) => requireRelation(m.relation, `members.${i}.relation`));
  if (input.members.some((m) => m.relation === HEAD)) throw invalid('second_head', 'members', { vi: 'Hộ chỉ có một chủ hộ.', en: 'A household has exactly one head.' });
  const pins = [input.headPin, ...input.members.map((m) => m.pin)];
  if (new Set(pins).size !== pins.length) throw invalid('member_repeated', 'members', { vi: 'Một người được khai hai lần.', en: 'A person is listed twice.' });
  {
    const replay = await findReplay<Household>(tx, change.requestId, actor, 'household.create');
    if (replay) return replay;
    const now = ctx.clock.now();
    const people = [];
    for (const [i, pin] of pins.entries()) {
      const { person } = await getPersonForChange(tx, actor, pin, authority).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'person_not_found') throw invalid('person_not_found', i === 0 ? 'headPin' : `members.${i - 1}.pin`, e.messages);
        throw e;
      });
      if (person.status !== 'living') throw invalid('person_not_living', i === 0 ? 'headPin' : `members.${i - 1}.pin`, { vi: 'Người này không còn sống.', en: 'This person is not living.' });
      // Under a registration dossier the person leaves their old household (wherever it is) for this one.
      if (!authority && (await store.openMembership(tx, person.id))) {
        throw conflict('already_in_household', { vi: `Công dân ${pin} đang thuộc một hộ khác; cần chuyển khỏi hộ đó trước.`, en: `Person ${pin} belongs to another household; remove them from it first.` }, i === 0 ? 'headPin' : `members.${i - 1}.pin`);
      }
      people.push(person);
    }
    requireHeadEligible(people[0]!.birthDate, today, input.minorHeadReason);
    const id = newId();
    const householdNo = await newHouseholdNo(tx, input.unitCode);
    await store.insertHousehold(tx, { id, householdNo, unitCode: input.unitCode, provinceCode, address: input.address.trim(), unitRecordedOn: today, at: now });
    for (const [i, p] of people.entries()) {
      if (authority) await leaveHousehold(tx, ctx, actor, p, { validTo: validFrom }, change, authority);
      await store.insertMember(tx, { householdId: id, personId: p.id, relation: i === 0 ? HEAD : input.members[i - 1]!.relation, validFrom });
      const closed = await movePermanentResidence(tx, p.id, { unitCode: input.unitCode, provinceCode, address: input.address.trim(), householdId: id, validFrom, unitRecordedOn: today, dossier: change.dossier ?? null }, now, why.code);
      if (authority) await auditMoveClosures(tx, actor, p, closed, validFrom, change, authority, now);
    }
    await recordAudit(tx, { actor, action: 'household.create', target: { kind: 'household', id: householdNo }, unitCode: input.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null, detail: { head: input.headPin, members: input.members } }, now);
    await publish(tx, { type: HouseholdCreated, subject: householdNo, payload: { householdNo, unitCode: input.unitCode, headPin: people[0]!.pin, memberPins: people.slice(1).map((p) => p.pin), dossier: change.dossier ?? null }, actorId: actor.id }, now);
    for (const p of people) {
      await publish(tx, { type: ResidenceRegistered, subject: p.pin, payload: { pin: p.pin, kind: 'permanent', unitCode: input.unitCode, householdNo, validFrom, dossier: change.dossier ?? null }, actorId: actor.id }, now);
    }
    const created = (await store.findHousehold(tx, { id }))!;
    await rememberResult(tx, change.requestId, actor, 'household.create', created, now);
    return created;
  }
}

/** Adds a person to a household (moving their permanent residence there). */
export async function addHouseholdMember(ctx: AppContext, actor: Actor, householdNo: string, input: { pin: string; relation: string; validFrom: string }, change: ChangeReason): Promise<Household> {
  return ctx.db.transaction((tx) => addHouseholdMemberInTx(tx, ctx, actor, householdNo, input, change));
}

/** `addHouseholdMember` inside the caller's transaction. */
export async function addHouseholdMemberInTx(tx: Executor, ctx: AppContext, actor: Actor, householdNo: string, input: { pin: string; relation: string; validFrom: string }, change: ChangeReason, authority?: ProcedureAuthority): Promise<Household> {
  const why = checkChangeReason(change);
  const today = todayInVietnam(ctx.clock);
  const validFrom = requireDay(input.validFrom, 'validFrom', today);
  requireRelation(input.relation, 'relation');
  if (input.relation === HEAD) throw invalid('second_head', 'relation', { vi: 'Hộ đã có chủ hộ; dùng thủ tục thay đổi chủ hộ.', en: 'The household has a head; use the change-of-head procedure.' });
  {
    const h = await loadHouseholdInScope(tx, actor, householdNo, PEOPLE_WRITE, true);
    const { person } = await getPersonForChange(tx, actor, input.pin, authority);
    if (person.status !== 'living') throw invalid('person_not_living', 'pin', { vi: 'Người này không còn sống.', en: 'This person is not living.' });
    const membership = await store.openMembership(tx, person.id);
    if (membership?.householdId === h.id) throw conflict('already_member', { vi: 'Người này đã là thành viên của hộ.', en: 'This person is already a member of the household.' }, 'pin');
    if (membership && !authority) throw conflict('already_in_household', { vi: 'Người này đang thuộc một hộ khác.', en: 'This person belongs to another household.' }, 'pin');
    const now = ctx.clock.now();
    if (membership) await leaveHousehold(tx, ctx, actor, person, { validTo: validFrom }, change, authority);
    await store.insertMember(tx, { householdId: h.id, personId: person.id, relation: input.relation, validFrom });
    const closed = await movePermanentResidence(tx, person.id, { unitCode: h.unitCode, provinceCode: h.provinceCode, address: h.address, householdId: h.id, validFrom, unitRecordedOn: h.unitRecordedOn, dossier: change.dossier ?? null }, now, why.code);
    if (authority) await auditMoveClosures(tx, actor, person, closed, validFrom, change, authority, now);
    await store.bumpHouseholdVersion(tx, h.id);
    await recordAudit(tx, { actor, action: 'household.member_added', target: { kind: 'household', id: householdNo }, unitCode: h.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null, detail: { pin: person.pin, relation: input.relation } }, now);
    await publish(tx, { type: ResidenceRegistered, subject: person.pin, payload: { pin: person.pin, kind: 'permanent', unitCode: h.unitCode, householdNo: h.householdNo, validFrom, dossier: change.dossier ?? null }, actorId: actor.id }, now);
    return (await store.findHousehold(tx, { id: h.id }))!;
  }
}

/** Makes another living adult member the head; the old head becomes `formerHeadRelation`. */
export async function changeHouseholdHead(ctx: AppContext, actor: Actor, householdNo: string, input: HeadChangeInput, change: ChangeReason): Promise<Household> {
  return ctx.db.transaction((tx) => changeHouseholdHeadInTx(tx, ctx, actor, householdNo, input, change));
}

export interface HeadChangeInput {
  newHeadPin: string;
  formerHeadRelation: string;
  validFrom: string;
  minorHeadReason?: string | undefined;
}

/** `changeHouseholdHead` inside the caller's transaction: exactly one open head before and after. */
export async function changeHouseholdHeadInTx(tx: Executor, ctx: AppContext, actor: Actor, householdNo: string, input: HeadChangeInput, change: ChangeReason): Promise<Household> {
  const why = checkChangeReason(change);
  const today = todayInVietnam(ctx.clock);
  const validFrom = requireDay(input.validFrom, 'validFrom', today);
  requireRelation(input.formerHeadRelation, 'formerHeadRelation');
  {
    const h = await loadHouseholdInScope(tx, actor, householdNo, PEOPLE_WRITE, true);
    const member = h.members.find((m) => m.pin === input.newHeadPin && m.validTo === null);
    if (!member) throw invalid('not_a_member', 'newHeadPin', { vi: 'Người này không phải thành viên hiện tại của hộ.', en: 'This person is not a current member of the household.' });
    if (member.status !== 'living') throw invalid('person_not_living', 'newHeadPin', { vi: 'Người này không còn sống.', en: 'This person is not living.' });
    requireHeadEligible(member.birthDate, today, input.minorHeadReason, 'newHeadPin');
    const now = ctx.clock.now();
    const rewrite = async (pin: string, relation: string) => {
      const { person } = await getPersonInScope(tx, actor, pin, PEOPLE_WRITE);
      await store.closeMembership(tx, person.id, validFrom, why.code);
      await store.insertMember(tx, { householdId: h.id, personId: person.id, relation, validFrom });
    };
    // Close the old head's open membership first: the unique index allows one open head.
    if (h.headPin && h.members.some((m) => m.pin === h.headPin && m.validTo === null)) await rewrite(h.headPin, input.formerHeadRelation);
    await rewrite(member.pin, HEAD);
    await store.bumpHouseholdVersion(tx, h.id);
    await recordAudit(tx, { actor, action: 'household.head_changed', target: { kind: 'household', id: householdNo }, unitCode: h.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null, detail: { from: h.headPin, to: member.pin } }, now);
    await publish(tx, { type: HouseholdHeadChanged, subject: householdNo, payload: { householdNo: h.householdNo, fromPin: h.headPin, toPin: member.pin, dossier: change.dossier ?? null }, actorId: actor.id }, now);
    return (await store.findHousehold(tx, { id: h.id }))!;
  }
}

export interface ResidenceInput {
  kind: 'temporary' | 'current';
  unitCode: string;
  address: string;
  validFrom: string;
  /** Required for temporary residence (at most 2 years, renewable). */
  plannedEnd?: string | undefined;
}

/** Records a temporary or current residence (permanent residence goes through households). */
export async function recordResidence(ctx: AppContext, actor: Actor, pin: string, input: ResidenceInput, change: ChangeReason): Promise<Residence[]> {
  return ctx.db.transaction((tx) => recordResidenceInTx(tx, ctx, actor, pin, input, change));
}

/** `recordResidence` inside the caller's transaction. */
export async function recordResidenceInTx(tx: Executor, ctx: AppContext, actor: Actor, pin: string, input: ResidenceInput, change: ChangeReason, authority?: ProcedureAuthority): Promise<Residence[]> {
  const why = checkChangeReason(change);
  const today = todayInVietnam(ctx.clock);
  const validFrom = requireDay(input.validFrom, 'validFrom', today);
  const provinceCode = await ctx.units.provinceOfCommune(input.unitCode, tx);
  if (!provinceCode) throw invalid('unit_not_found', 'unitCode', { vi: 'Không có xã/phường hiện hành với mã này.', en: 'No current commune has this code.' });
  if (input.kind === 'temporary') {
    const end = input.plannedEnd ? parsePartialDate(input.plannedEnd) : undefined;
    if (!input.plannedEnd || end?.day === undefined || input.plannedEnd <= validFrom) {
      throw invalid('planned_end_required', 'plannedEnd', { vi: 'Tạm trú cần ngày kết thúc sau ngày bắt đầu.', en: 'Temporary residence needs an end date after its start.' });
    }
    const twoYears = `${Number(validFrom.slice(0, 4)) + 2}${validFrom.slice(4)}`;
    if (input.plannedEnd > twoYears) throw invalid('temporary_too_long', 'plannedEnd', { vi: 'Tạm trú tối đa 2 năm (có thể gia hạn).', en: 'Temporary residence lasts at most 2 years (renewable).' });
  } else if (input.plannedEnd !== undefined) {
    throw invalid('planned_end_not_allowed', 'plannedEnd', { vi: 'Nơi ở hiện tại không có ngày kết thúc dự kiến.', en: 'A current place of living has no planned end.' });
  }
  {
    const { person } = await getPersonForChange(tx, actor, pin, authority);
    // Recording a residence in another unit is the destination unit's act: check both.
    authorize(actor, PEOPLE_WRITE, { communeCode: input.unitCode, provinceCode });
    if (person.status !== 'living') throw invalid('person_not_living', 'pin', { vi: 'Người này không còn sống.', en: 'This person is not living.' });
    const now = ctx.clock.now();
    for (const r of await store.openResidences(tx, person.id)) {
      if (r.kind === input.kind) await store.closeResidence(tx, person.id, r.id, validFrom, why.code, change.dossier ?? null);
    }
    await store.insertResidence(tx, { id: newId(), personId: person.id, kind: input.kind, unitCode: input.unitCode, unitRecordedOn: today, address: input.address.trim(), householdId: null, validFrom, plannedEnd: input.plannedEnd ?? null, dossier: change.dossier ?? null, at: now });
    if (input.kind === 'current') await store.setPersonUnit(tx, person.id, input.unitCode, provinceCode);
    await recordAudit(tx, { actor, action: `residence.${input.kind}_recorded`, target: { kind: 'person', id: person.pin }, unitCode: input.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null }, now);
    await publish(tx, { type: ResidenceRegistered, subject: person.pin, payload: { pin: person.pin, kind: input.kind, unitCode: input.unitCode, householdNo: null, validFrom, dossier: change.dossier ?? null }, actorId: actor.id }, now);
    return store.listResidences(tx, person.id);
  }
}

/** Households of the actor's unit with no living head; each household shown is logged as read. */
export async function listHeadlessHouseholds(ctx: AppContext, actor: Actor, page: { page: number; pageSize: number }, purpose: ReadPurpose = { code: 'household_review' }) {
  authorize(actor, PEOPLE_READ);
  const r = await store.listHeadlessHouseholds(ctx.db.pool, scopeFilter(actor), { limit: page.pageSize, offset: (page.page - 1) * page.pageSize });
  await ctx.accessLog.append(
    r.items.map((h) => ({ actor, action: 'household.listed', target: { kind: 'household', id: h.householdNo }, unitCode: h.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null })),
    ctx.clock.now(),
  );
  return { ...r, ...page };
}
