import { Type } from '@sinclair/typebox';
import { todayInVietnam } from '../../../kernel/clock.js';
import { defineProcedure } from '../../dossiers/index.js';
import { splitHouseholdInTx } from '../../people/index.js';
import { checkSplit, reason } from '../model.js';
import { RESIDENCE_DECIDE } from '../permissions.js';
import { findHouseholdForRules } from '../service.js';
import { changeOf, closed, CT01, householdField, pinField, relationField } from './fields.js';

const form = Type.Object(
  {
    householdNo: householdField('Số hộ tách ra từ', 'Household split from', { prefill: 'applicant.householdNo' }),
    newHeadPin: pinField('Chủ hộ của hộ mới', 'Head of the new household', { prefill: 'applicant.pin' }),
    members: Type.Array(
      Type.Object({ pin: pinField('Số định danh', 'Personal ID'), relation: relationField('Quan hệ với chủ hộ mới', 'Relationship to the new head') }, closed),
      { maxItems: 30, title: 'Thành viên cùng tách hộ', 'x-label-en': 'Members leaving with the new head' },
    ),
  },
  closed,
);

/**
 * Household split (tách hộ), Law on Residence 2020 art. 25: members leave to a new household
 * at the same address with a new head; the head and at least one member stay; the household
 * head consents. The new household gets its own number; everyone's permanent residence moves
 * to it in the same transaction.
 */
export const HOUSEHOLD_SPLIT = defineProcedure({
  code: 'RES.household-split',
  name: { vi: 'Tách hộ', en: 'Household split' },
  documents: [CT01],
  fee: { counterVnd: 10_000, onlineVnd: 5_000 },
  workingDays: 5,
  decidedBy: RESIDENCE_DECIDE,
  channels: ['counter', 'portal', 'mobile_team'],
  form,
  async consentsNeeded(tx, ctx, d) {
    const h = await findHouseholdForRules(tx, ctx, d.form.householdNo, d.code);
    return h?.headPin && !h.headless ? [{ pin: h.headPin, role: 'household_head', note: `Tách hộ khỏi hộ ${h.householdNo}` }] : [];
  },
  async eligibility(tx, ctx, d) {
    const h = await findHouseholdForRules(tx, ctx, d.form.householdNo, d.code);
    if (!h) return [reason('household_not_found')];
    if (h.unitCode !== d.unitCode) return [reason('household_not_in_unit')];
    const open = h.members.filter((m) => m.validTo === null);
    const out = checkSplit(open, [d.form.newHeadPin, ...d.form.members.map((m) => m.pin)]);
    if (!open.some((m) => m.pin === d.applicant.pin)) out.push(reason('not_household_member'));
    return out.filter((r, i) => out.findIndex((x) => x.code === r.code) === i);
  },
  async effect(tx, ctx, actor, d) {
    const { to } = await splitHouseholdInTx(tx, ctx, actor, d.form.householdNo, { newHeadPin: d.form.newHeadPin, members: d.form.members, validFrom: todayInVietnam(ctx.clock) }, changeOf(d, 'household_change'));
    return { householdNo: d.form.householdNo, newHouseholdNo: to.householdNo };
  },
});
