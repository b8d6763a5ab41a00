import { Type } from '@sinclair/typebox';
import { defineProcedure } from '../../dossiers/index.js';
import { recordResidenceInTx } from '../../people/index.js';
import { checkTemporaryRegistration } from '../model.js';
import { RESIDENCE_DECIDE } from '../permissions.js';
import { applicantDetails } from '../service.js';
import { authorityOf, changeOf, closed, CT01, dateField, pinField, textField } from './fields.js';

const form = Type.Object(
  {
    address: textField('Địa chỉ nơi tạm trú', 'Address of the temporary residence'),
    validFrom: dateField('Tạm trú từ ngày', 'From'),
    plannedEnd: dateField('Tạm trú đến ngày', 'Until', { help: { vi: 'Từ 30 ngày đến tối đa 2 năm.', en: 'From 30 days up to 2 years.' } }),
    ownerPin: Type.Optional(pinField('Số định danh của chủ sở hữu chỗ ở', "Dwelling owner's personal ID", { help: { vi: 'Chỗ ở thuê, mượn: chủ sở hữu được hỏi ý kiến đồng ý.', en: 'Rented or borrowed: the owner is asked to consent.' } })),
  },
  closed,
);

/** Temporary residence registration (đăng ký tạm trú): a stay of 30 days to 2 years, with the owner's consent for a rented or borrowed dwelling. */
export const TEMPORARY_REGISTRATION = defineProcedure({
  code: 'RES.temporary-registration',
  name: { vi: 'Đăng ký tạm trú', en: 'Temporary residence registration' },
  documents: [CT01, { code: 'proof_of_dwelling', name: { vi: 'Giấy tờ chứng minh chỗ ở hợp pháp', en: 'Proof of a lawful dwelling' }, required: false }],
  fee: { counterVnd: 15_000, onlineVnd: 7_000 },
  workingDays: 3,
  decidedBy: RESIDENCE_DECIDE,
  channels: ['counter', 'portal', 'mobile_team'],
  form,
  async consentsNeeded(_tx, _ctx, d) {
    return d.form.ownerPin ? [{ pin: d.form.ownerPin, role: 'owner', note: 'Chủ sở hữu chỗ ở tạm trú' }] : [];
  },
  async eligibility(tx, ctx, d) {
    const applicant = await applicantDetails(tx, ctx, d.applicant.pin, d.code);
    const permanentHere = applicant.residences.some((r) => r.kind === 'permanent' && r.validTo === null && r.unitCode === d.unitCode);
    return checkTemporaryRegistration({ validFrom: d.form.validFrom, plannedEnd: d.form.plannedEnd, permanentHere });
  },
  async effect(tx, ctx, actor, d) {
    await recordResidenceInTx(tx, ctx, actor, d.applicant.pin, { kind: 'temporary', unitCode: d.unitCode, address: d.form.address, validFrom: d.form.validFrom, plannedEnd: d.form.plannedEnd }, changeOf(d, 'residence_registration'), authorityOf(d));
    return { validFrom: d.form.validFrom, plannedEnd: d.form.plannedEnd };
  },
});
