import { Type } from '@sinclair/typebox';
import { todayInVietnam } from '../../../kernel/clock.js';
import type { AppContext } from '../../../kernel/context.js';
import type { Executor } from '../../../kernel/db.js';
import { defineProcedure, type ConsentNeed, type DossierForCheck } from '../../dossiers/index.js';
import { addHouseholdMemberInTx, createHouseholdInTx } from '../../people/index.js';
import { checkPermanentRegistration, type PermanentFacts } from '../model.js';
import { RESIDENCE_DECIDE } from '../permissions.js';
import { applicantDetails, findHouseholdForRules, floorAreaMinimum } from '../service.js';
import { authorityOf, changeOf, choiceField, closed, CT01, householdField, numberField, pinField, relationField, textField } from './fields.js';

const form = Type.Object(
  {
    ground: choiceField('Căn cứ đăng ký', 'Ground for registration', {
      own_dwelling: { vi: 'Chỗ ở hợp pháp thuộc quyền sở hữu của mình', en: 'A lawful dwelling the applicant owns' },
      relatives: { vi: 'Về ở với người thân (vợ, chồng, cha, mẹ, con …)', en: 'Joining relatives (spouse, parent, child …)' },
      rented: { vi: 'Chỗ ở thuê, mượn, ở nhờ', en: 'A rented or borrowed dwelling' },
    }),
    address: Type.Optional(textField('Địa chỉ chỗ ở', 'Address of the dwelling', { help: { vi: 'Khi lập hộ mới; nhập hộ thì lấy địa chỉ của hộ.', en: 'For a new household; joining one uses its address.' } })),
    householdNo: Type.Optional(householdField('Số hộ nhập vào', 'Household joined', { help: { vi: 'Để trống nếu lập hộ mới.', en: 'Leave empty for a new household.' } })),
    relation: Type.Optional(relationField('Quan hệ với chủ hộ', 'Relationship to the household head')),
    ownerPin: Type.Optional(pinField('Số định danh của chủ sở hữu chỗ ở', "Dwelling owner's personal ID", { help: { vi: 'Chủ sở hữu sẽ được hỏi ý kiến đồng ý.', en: 'The owner is asked to consent.' } })),
    floorAreaM2: Type.Optional(numberField('Diện tích sàn (m²)', 'Floor area (m²)', { max: 100_000 })),
    otherOccupants: Type.Optional(numberField('Số người khác đang ở', 'Other people living there', { integer: true, max: 1000 })),
  },
  closed,
);
type Form = DossierForCheck<{ ground: PermanentFacts['ground']; address?: string; householdNo?: string; relation?: string; ownerPin?: string; floorAreaM2?: number; otherOccupants?: number }>;

async function facts(tx: Executor, ctx: AppContext, d: Form) {
  const f = d.form;
  const applicant = await applicantDetails(tx, ctx, d.applicant.pin, d.code);
  const h = await findHouseholdForRules(tx, ctx, f.householdNo, d.code);
  const open = h?.members.filter((m) => m.validTo === null) ?? [];
  const permanent = applicant.residences.find((r) => r.kind === 'permanent' && r.validTo === null);
  const facts: PermanentFacts = {
    ground: f.ground,
    household: h ? { unitCode: h.unitCode, hasHead: !h.headless, memberCount: open.length, isApplicantMember: open.some((m) => m.pin === d.applicant.pin) } : null,
    householdGiven: f.householdNo !== undefined,
    dossierUnit: d.unitCode,
    address: f.address ?? null,
    relation: f.relation ?? null,
    ownerPin: f.ownerPin ?? null,
    floorAreaM2: f.floorAreaM2 ?? null,
    otherOccupants: f.otherOccupants ?? 0,
    minM2PerPerson: await floorAreaMinimum(tx, d.provinceCode),
    applicantPermanent: permanent ? { unitCode: permanent.unitCode, address: permanent.address } : null,
  };
  return { facts, household: h };
}

/**
 * Permanent residence registration (đăng ký thường trú), Law on Residence 2020 art. 20: in
 * the applicant's own dwelling (a new household, applicant as head), joining relatives (the
 * household head's and the owner's consent), or in a rented/borrowed dwelling (the owner's
 * consent and the province's minimum floor area per person). The approval opens the new
 * permanent residence and closes the old one wherever it is: the dossier authorises that.
 */
export const PERMANENT_REGISTRATION = defineProcedure({
  code: 'RES.permanent-registration',
  name: { vi: 'Đăng ký thường trú', en: 'Permanent residence registration' },
  documents: [
    CT01,
    { code: 'proof_of_dwelling', name: { vi: 'Giấy tờ chứng minh chỗ ở hợp pháp', en: 'Proof of a lawful dwelling' }, required: false },
    { code: 'proof_of_relationship', name: { vi: 'Giấy tờ chứng minh quan hệ nhân thân', en: 'Proof of the family relationship' }, required: false, heldByRegistry: true },
  ],
  fee: { counterVnd: 20_000, onlineVnd: 10_000 },
  workingDays: 7,
  decidedBy: RESIDENCE_DECIDE,
  channels: ['counter', 'portal', 'mobile_team'],
  form,
  async consentsNeeded(tx, ctx, d) {
    const { household } = await facts(tx, ctx, d);
    const needs: ConsentNeed[] = [];
    if (household?.headPin && !household.headless) needs.push({ pin: household.headPin, role: 'household_head', note: `Nhập hộ ${household.householdNo}` });
    // The head who also owns the dwelling answers once, for both.
    if (d.form.ground !== 'own_dwelling' && d.form.ownerPin && d.form.ownerPin !== household?.headPin) needs.push({ pin: d.form.ownerPin, role: 'owner', note: 'Chủ sở hữu chỗ ở' });
    return needs;
  },
  async eligibility(tx, ctx, d) {
    return checkPermanentRegistration((await facts(tx, ctx, d)).facts);
  },
  async effect(tx, ctx, actor, d) {
    const today = todayInVietnam(ctx.clock);
    const change = changeOf(d, 'residence_registration');
    if (d.form.householdNo) {
      const h = await addHouseholdMemberInTx(tx, ctx, actor, d.form.householdNo, { pin: d.applicant.pin, relation: d.form.relation!, validFrom: today }, change, authorityOf(d));
      return { householdNo: h.householdNo, joined: true };
    }
    const h = await createHouseholdInTx(tx, ctx, actor, { unitCode: d.unitCode, address: d.form.address!, headPin: d.applicant.pin, members: [], validFrom: today }, change, authorityOf(d));
    return { householdNo: h.householdNo, joined: false };
  },
});
