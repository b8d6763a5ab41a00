import { Type } from '@sinclair/typebox';
import { todayInVietnam } from '../../../kernel/clock.js';
import { defineProcedure } from '../../dossiers/index.js';
import { adjustHouseholdInTx, changeHouseholdHeadInTx } from '../../people/index.js';
import { checkHeadChange, reason, type Reason } from '../model.js';
import { RESIDENCE_DECIDE } from '../permissions.js';
import { findHouseholdForRules } from '../service.js';
import { changeOf, choiceField, closed, CT01, householdField, pinField, relationField, textField } from './fields.js';

const form = Type.Object(
  {
    householdNo: householdField('Số hộ', 'Household', { prefill: 'applicant.householdNo' }),
    change: choiceField('Nội dung điều chỉnh', 'What changes', {
      head: { vi: 'Thay đổi chủ hộ', en: 'Change of household head' },
      address: { vi: 'Điều chỉnh địa chỉ của hộ', en: 'Adjust the household address' },
    }),
    newHeadPin: Type.Optional(pinField('Chủ hộ mới', 'New head')),
    formerHeadRelation: Type.Optional(relationField('Quan hệ của chủ hộ cũ với chủ hộ mới', "Former head's relationship to the new head")),
    address: Type.Optional(textField('Địa chỉ mới', 'New address', { prefill: 'applicant.permanent.address' })),
  },
  closed,
);

/**
 * Adjustment of household data (điều chỉnh thông tin về cư trú), Law on Residence 2020 art.
 * 26: a change of head (a current member; the household keeps exactly one head) or of the
 * household's address wording. The current head consents when someone else files.
 */
export const HOUSEHOLD_ADJUSTMENT = defineProcedure({
  code: 'RES.household-adjustment',
  name: { vi: 'Điều chỉnh thông tin hộ (kể cả thay đổi chủ hộ)', en: 'Household adjustment (incl. change of head)' },
  documents: [CT01],
  fee: { counterVnd: 0, onlineVnd: 0 },
  workingDays: 3,
  decidedBy: RESIDENCE_DECIDE,
  channels: ['counter', 'portal', 'mobile_team'],
  form,
  async consentsNeeded(tx, ctx, d) {
    const h = await findHouseholdForRules(tx, ctx, d.form.householdNo, d.code);
    return h?.headPin && !h.headless ? [{ pin: h.headPin, role: 'household_head', note: `Điều chỉnh hộ ${h.householdNo}` }] : [];
  },
  async eligibility(tx, ctx, d) {
    const h = await findHouseholdForRules(tx, ctx, d.form.householdNo, d.code);
    if (!h) return [reason('household_not_found')];
    if (h.unitCode !== d.unitCode) return [reason('household_not_in_unit')];
    const open = h.members.filter((m) => m.validTo === null);
    const out: Reason[] = [];
    if (!open.some((m) => m.pin === d.applicant.pin)) out.push(reason('not_household_member'));
    if (d.form.change === 'head') out.push(...checkHeadChange(open, d.form.newHeadPin ?? null));
    else if (!d.form.address || d.form.address.trim().length < 3) out.push(reason('address_required'));
    else if (d.form.address.trim() === h.address) out.push(reason('address_unchanged'));
    return out;
  },
  async effect(tx, ctx, actor, d) {
    const change = changeOf(d, 'household_change');
    if (d.form.change === 'head') {
      const h = await changeHouseholdHeadInTx(tx, ctx, actor, d.form.householdNo, { newHeadPin: d.form.newHeadPin!, formerHeadRelation: d.form.formerHeadRelation ?? 'khac', validFrom: todayInVietnam(ctx.clock) }, change);
      return { householdNo: h.householdNo, headPin: h.headPin, address: null };
    }
    const h = await adjustHouseholdInTx(tx, ctx, actor, d.form.householdNo, { address: d.form.address! }, change);
    return { householdNo: h.householdNo, headPin: h.headPin, address: h.address };
  },
});
