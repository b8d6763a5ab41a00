import { authorize, inScope } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { conflict, invalid } from '../../kernel/errors.js';
import { publish } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import { getPersonForChange, personNotFound } from './access.js';
import { HouseholdAdjusted, HouseholdSplit, ResidenceClosed, ResidenceRegistered } from './events.js';
import { loadHouseholdInScope, movePermanentResidence, newHouseholdNo } from './household-service.js';
import { HEAD, headAfterLeaving, requireHeadEligible, requireRelation } from './household-rules.js';
import { leaveHousehold } from './membership.js';
import type { ChangeReason, Household, Person, ProcedureAuthority, Residence, ResidenceKind } from './model.js';
import { PEOPLE_WRITE } from './permissions.js';
import * as store from './store.js';

/**
 * Registry changes the residence procedures make on approval (removal, end of temporary
 * residence, split, adjustment). Each comes as `x(ctx, …)` and `xInTx(tx, ctx, …)`, checks
 * scope on every record it touches (unless a procedure's authority says otherwise), closes
 * periods instead of deleting them, and writes audit rows and events in the same transaction.
 */

/**
 * The person and their open period of `kind`, if the period's commune is in the actor's scope
 * (or a procedure authorises it). Out of scope answers like a missing person.
 */
async function personWithOpenPeriod(tx: Executor, ctx: AppContext, actor: Actor, pin: string, kind: ResidenceKind, authority?: ProcedureAuthority): Promise<{ person: Person; period: Residence | undefined }> {
  if (authority) {
    const { person } = await getPersonForChange(tx, actor, pin, authority);
    return { person, period: (await store.openResidences(tx, person.id)).find((r) => r.kind === kind) };
  }
  authorize(actor, PEOPLE_WRITE);
  const found = /^\d{12}$/.test(pin) ? await store.findPersonByAnyPin(tx, pin) : undefined;
  if (!found) throw personNotFound();
  const period = (await store.openResidences(tx, found.person.id)).find((r) => r.kind === kind);
  // The period's commune decides; with no such period, the person's own unit does.
  const where = period ? { communeCode: period.unitCode, provinceCode: (await ctx.units.provinceOfCommune(period.unitCode, tx)) ?? null } : { communeCode: found.person.unitCode, provinceCode: found.person.provinceCode };
  if (!inScope(actor, where)) throw personNotFound();
  return { person: found.person, period };
}

export interface RemovalInput {
  /** Last day of the period; today when absent. */
  validTo?: string | undefined;
  /** When the person is the household head: a remaining member to become head (else the household is headless). */
  newHeadPin?: string | null | undefined;
}

/** Removes a permanent residence (xóa đăng ký thường trú): the period is closed, never deleted, and the person leaves their household. */
export async function removePermanentResidence(ctx: AppContext, actor: Actor, pin: string, input: RemovalInput, change: ChangeReason, authority?: ProcedureAuthority): Promise<Residence[]> {
  return ctx.db.transaction((tx) => removePermanentResidenceInTx(tx, ctx, actor, pin, input, change, authority));
}

/** `removePermanentResidence` inside the caller's transaction. */
export async function removePermanentResidenceInTx(tx: Executor, ctx: AppContext, actor: Actor, pin: string, input: RemovalInput, change: ChangeReason, authority?: ProcedureAuthority): Promise<Residence[]> {
  return closePeriod(tx, ctx, actor, pin, 'permanent', input, change, authority);
}

/** Removes a temporary residence (xóa đăng ký tạm trú): the period is closed on `validTo` (today by default). */
export async function removeTemporaryResidence(ctx: AppContext, actor: Actor, pin: string, input: { validTo?: string | undefined }, change: ChangeReason, authority?: ProcedureAuthority): Promise<Residence[]> {
  return ctx.db.transaction((tx) => removeTemporaryResidenceInTx(tx, ctx, actor, pin, input, change, authority));
}

/** `removeTemporaryResidence` inside the caller's transaction. */
export async function removeTemporaryResidenceInTx(tx: Executor, ctx: AppContext, actor: Actor, pin: string, input: { validTo?: string | undefined }, change: ChangeReason, authority?: ProcedureAuthority): Promise<Residence[]> {
  return closePeriod(tx, ctx, actor, pin, 'temporary', input, change, authority);
}

async function closePeriod(tx: Executor, ctx: AppContext, actor: Actor, pin: string, kind: 'permanent' | 'temporary', input: RemovalInput, change: ChangeReason, authority?: ProcedureAuthority): Promise<Residence[]> {
  const { person, period } = await personWithOpenPeriod(tx, ctx, actor, pin, kind, authority);
  if (!period) {
    throw conflict(`no_${kind}_residence`, kind === 'permanent' ? { vi: 'Người này không có nơi thường trú đang hiệu lực.', en: 'This person has no open permanent residence.' } : { vi: 'Người này không có nơi tạm trú đang hiệu lực.', en: 'This person has no open temporary residence.' }, 'pin');
  }
  const validTo = input.validTo ?? todayInVietnam(ctx.clock);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(validTo) || validTo < period.validFrom) throw invalid('valid_to_before_start', 'validTo', { vi: 'Ngày kết thúc không được trước ngày bắt đầu.', en: 'The end cannot be before the start.' });
  const now = ctx.clock.now();
  await store.closeResidence(tx, person.id, period.id, validTo, change.reasonCode, change.dossier ?? null);
  // A permanent residence is the household membership's ground: without it, the person leaves.
  if (kind === 'permanent') await leaveHousehold(tx, ctx, actor, person, { validTo, newHeadPin: input.newHeadPin }, change, authority);
  await recordAudit(tx, { actor, action: `residence.${kind}_removed`, target: { kind: 'person', id: person.pin }, unitCode: period.unitCode, purpose: change.reasonCode, dossier: change.dossier ?? null, detail: { residenceId: period.id, validTo, authority: authority?.procedure ?? null } }, now);
  await publish(tx, { type: ResidenceClosed, subject: person.pin, payload: { pin: person.pin, kind, unitCode: period.unitCode, validTo, reason: change.reasonCode, dossier: change.dossier ?? null }, actorId: actor.id }, now);
  return store.listResidences(tx, person.id);
}

export interface SplitInput {
  /** The head of the new household: a current member, an adult unless a reason is given. */
  newHeadPin: string;
  /** The other members who leave with them, each with their relation to the new head. */
  members: Array<{ pin: string; relation: string }>;
  validFrom: string;
  minorHeadReason?: string | undefined;
}

/** Splits a household (tách hộ): some members form a new household at the same address with their own head; at least one member and the head stay. */
export async function splitHousehold(ctx: AppContext, actor: Actor, householdNo: string, input: SplitInput, change: ChangeReason): Promise<{ from: Household; to: Household }> {
  return ctx.db.transaction((tx) => splitHouseholdInTx(tx, ctx, actor, householdNo, input, change));
}

/** `splitHousehold` inside the caller's transaction. */
export async function splitHouseholdInTx(tx: Executor, ctx: AppContext, actor: Actor, householdNo: string, input: SplitInput, change: ChangeReason): Promise<{ from: Household; to: Household }> {
  const today = todayInVietnam(ctx.clock);
  input.members.forEach((m, i) => requireRelation(m.relation, `members.${i}.relation`));
  if (input.members.some((m) => m.relation === HEAD)) throw invalid('second_head', 'members', { vi: 'Hộ mới chỉ có một chủ hộ.', en: 'The new household has exactly one head.' });
  const h = await loadHouseholdInScope(tx, actor, householdNo, PEOPLE_WRITE, true);
  const open = h.members.filter((m) => m.validTo === null);
  const leaving = [input.newHeadPin, ...input.members.map((m) => m.pin)];
  if (new Set(leaving).size !== leaving.length) throw invalid('member_repeated', 'members', { vi: 'Một người được khai hai lần.', en: 'A person is listed twice.' });
  const stranger = leaving.findIndex((pin) => !open.some((m) => m.pin === pin));
  if (stranger >= 0) throw invalid('not_household_member', stranger === 0 ? 'newHeadPin' : `members.${stranger - 1}.pin`, { vi: 'Người này không phải thành viên hiện tại của hộ.', en: 'This person is not a current member of the household.' });
  const outcome = headAfterLeaving(open, leaving);
  if (outcome.kind === 'empty') throw invalid('split_leaves_empty_household', 'members', { vi: 'Phải có ít nhất một thành viên ở lại hộ cũ.', en: 'At least one member must stay in the household.' });
  if (outcome.kind === 'headless') throw invalid('split_takes_head', 'members', { vi: 'Chủ hộ ở lại hộ cũ; muốn chủ hộ tách đi, hãy thay đổi chủ hộ trước.', en: 'The head stays; to split the head off, change the head first.' });
  const newHead = open.find((m) => m.pin === input.newHeadPin)!;
  if (newHead.status !== 'living') throw invalid('person_not_living', 'newHeadPin', { vi: 'Người này không còn sống.', en: 'This person is not living.' });
  requireHeadEligible(newHead.birthDate, today, input.minorHeadReason, 'newHeadPin');
  const validFrom = input.validFrom;
  const now = ctx.clock.now();
  const id = newId();
  const newNo = await newHouseholdNo(tx, h.unitCode);
  await store.insertHousehold(tx, { id, householdNo: newNo, unitCode: h.unitCode, provinceCode: h.provinceCode, address: h.address, unitRecordedOn: today, at: now });
  for (const [i, pin] of leaving.entries()) {
    const { person } = (await store.findPersonByAnyPin(tx, pin))!;
    await store.closeMembership(tx, person.id, validFrom, change.reasonCode);
    await store.insertMember(tx, { householdId: id, personId: person.id, relation: i === 0 ? HEAD : input.members[i - 1]!.relation, validFrom });
    await movePermanentResidence(tx, person.id, { unitCode: h.unitCode, provinceCode: h.provinceCode, address: h.address, householdId: id, validFrom, unitRecordedOn: today, dossier: change.dossier ?? null }, now, change.reasonCode);
    await publish(tx, { type: ResidenceRegistered, subject: person.pin, payload: { pin: person.pin, kind: 'permanent', unitCode: h.unitCode, householdNo: newNo, validFrom, dossier: change.dossier ?? null }, actorId: actor.id }, now);
  }
  await store.bumpHouseholdVersion(tx, h.id);
  await recordAudit(tx, { actor, action: 'household.split', target: { kind: 'household', id: h.householdNo }, unitCode: h.unitCode, purpose: change.reasonCode, dossier: change.dossier ?? null, detail: { newHouseholdNo: newNo, head: input.newHeadPin, members: input.members } }, now);
  await publish(tx, { type: HouseholdSplit, subject: h.householdNo, payload: { householdNo: h.householdNo, newHouseholdNo: newNo, headPin: input.newHeadPin, memberPins: input.members.map((m) => m.pin), dossier: change.dossier ?? null }, actorId: actor.id }, now);
  return { from: (await store.findHousehold(tx, { id: h.id }))!, to: (await store.findHousehold(tx, { id }))! };
}

/** Adjusts household data other than the head (the address wording); the old value stays in the audit log. */
export async function adjustHousehold(ctx: AppContext, actor: Actor, householdNo: string, input: { address: string }, change: ChangeReason): Promise<Household> {
  return ctx.db.transaction((tx) => adjustHouseholdInTx(tx, ctx, actor, householdNo, input, change));
}

/** `adjustHousehold` inside the caller's transaction. */
export async function adjustHouseholdInTx(tx: Executor, ctx: AppContext, actor: Actor, householdNo: string, input: { address: string }, change: ChangeReason): Promise<Household> {
  const address = input.address.trim();
  if (address.length < 3) throw invalid('address_required', 'address', { vi: 'Cần địa chỉ chi tiết (số nhà, đường, thôn…).', en: 'A street address is required.' });
  const h = await loadHouseholdInScope(tx, actor, householdNo, PEOPLE_WRITE, true);
  if (address === h.address) throw invalid('nothing_to_change', 'address', { vi: 'Địa chỉ mới trùng địa chỉ đang ghi.', en: 'The new address is the one recorded.' });
  const now = ctx.clock.now();
  await store.setHouseholdAddress(tx, h.id, address);
  await recordAudit(tx, { actor, action: 'household.adjusted', target: { kind: 'household', id: h.householdNo }, unitCode: h.unitCode, purpose: change.reasonCode, dossier: change.dossier ?? null, detail: { field: 'address', from: h.address, to: address } }, now);
  await publish(tx, { type: HouseholdAdjusted, subject: h.householdNo, payload: { householdNo: h.householdNo, fields: ['address'], dossier: change.dossier ?? null }, actorId: actor.id }, now);
  return (await store.findHousehold(tx, { id: h.id }))!;
}
