import { authorize, inScope } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { notFound } from '../../kernel/errors.js';
import { publish } from '../../kernel/events.js';
import { HouseholdMemberLeft, ResidenceClosed } from './events.js';
import { HEAD, headAfterLeaving, type HeadOutcome } from './household-rules.js';
import type { ChangeReason, Person, ProcedureAuthority, Residence } from './model.js';
import { PEOPLE_WRITE } from './permissions.js';
import * as store from './store.js';

/**
 * Leaving a household and closing residence periods, shared by the household services and
 * the residence procedures' services. Every step is audited in the unit it touches, with the
 * dossier (and the procedure that authorised it, when the actor's scope alone would not).
 */

export interface LeaveOptions {
  validTo: string;
  /** A remaining member who becomes head when the leaving person was the head. */
  newHeadPin?: string | null | undefined;
}

/**
 * Takes the person out of their household (if they are in one), applying the head rule
 * (household-rules.ts `headAfterLeaving`). Without an authority the household must be in the
 * actor's scope; out of scope it answers like a missing household.
 */
export async function leaveHousehold(tx: Executor, ctx: AppContext, actor: Actor, person: Pick<Person, 'id' | 'pin'>, opts: LeaveOptions, change: ChangeReason, authority?: ProcedureAuthority): Promise<{ householdNo: string; unitCode: string; outcome: HeadOutcome } | undefined> {
  const m = await store.openMembership(tx, person.id);
  if (!m) return undefined;
  const h = (await store.findHousehold(tx, { id: m.householdId }, true))!;
  if (!authority) {
    authorize(actor, PEOPLE_WRITE);
    if (!inScope(actor, { communeCode: h.unitCode, provinceCode: h.provinceCode })) throw notFound('household_not_found', { vi: 'Không tìm thấy hộ gia đình.', en: 'Household not found.' }, 'householdNo');
  }
  const open = h.members.filter((x) => x.validTo === null);
  const outcome = headAfterLeaving(open, [person.pin], opts.newHeadPin);
  await store.closeMembership(tx, person.id, opts.validTo, change.reasonCode);
  if (outcome.kind === 'new_head') {
    const next = await store.findPersonByAnyPin(tx, outcome.pin);
    await store.closeMembership(tx, next!.person.id, opts.validTo, change.reasonCode);
    await store.insertMember(tx, { householdId: h.id, personId: next!.person.id, relation: HEAD, validFrom: opts.validTo });
  }
  await store.bumpHouseholdVersion(tx, h.id);
  const now = ctx.clock.now();
  const wasHead = m.relation === HEAD;
  await recordAudit(
    tx,
    {
      actor,
      action: 'household.member_left',
      target: { kind: 'household', id: h.householdNo },
      unitCode: h.unitCode,
      purpose: change.reasonCode,
      dossier: change.dossier ?? null,
      detail: { pin: person.pin, wasHead, outcome: outcome.kind, newHeadPin: outcome.kind === 'new_head' ? outcome.pin : null, authority: authority?.procedure ?? null },
    },
    now,
  );
  await publish(
    tx,
    { type: HouseholdMemberLeft, subject: h.householdNo, payload: { householdNo: h.householdNo, pin: person.pin, wasHead, headless: outcome.kind === 'headless', newHeadPin: outcome.kind === 'new_head' ? outcome.pin : null, dossier: change.dossier ?? null }, actorId: actor.id },
    now,
  );
  return { householdNo: h.householdNo, unitCode: h.unitCode, outcome };
}

/**
 * The permanent residence periods a move under a dossier closed: each is audited in its own
 * commune (whose officers see it in their audit log) with the dossier number and the procedure
 * that authorised it, and published as `residence.closed`.
 */
export async function auditMoveClosures(tx: Executor, actor: Actor, person: Pick<Person, 'pin'>, closed: Residence[], validTo: string, change: ChangeReason, authority: ProcedureAuthority, now: Date): Promise<void> {
  for (const r of closed) {
    await recordAudit(
      tx,
      { actor, action: 'residence.permanent_closed', target: { kind: 'person', id: person.pin }, unitCode: r.unitCode, purpose: change.reasonCode, dossier: authority.dossier, detail: { residenceId: r.id, validTo, authority: authority.procedure } },
      now,
    );
    await publish(tx, { type: ResidenceClosed, subject: person.pin, payload: { pin: person.pin, kind: r.kind, unitCode: r.unitCode, validTo, reason: change.reasonCode, dossier: authority.dossier }, actorId: actor.id }, now);
  }
}
