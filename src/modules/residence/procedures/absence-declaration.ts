import { Type } from '@sinclair/typebox';
import { defineProcedure } from '../../dossiers/index.js';
import { checkAbsence } from '../model.js';
import { RESIDENCE_DECIDE } from '../permissions.js';
import { applicantDetails, recordAbsenceInTx } from '../service.js';
import { choiceField, closed, CT01, dateField, textField } from './fields.js';

const form = Type.Object(
  {
    validFrom: dateField('Tạm vắng từ ngày', 'Absent from'),
    validTo: dateField('Tạm vắng đến ngày', 'Absent until'),
    destination: textField('Nơi đến', 'Destination'),
    reason: choiceField('Trường hợp khai báo', 'Why declared', {
      supervised: { vi: 'Đang bị áp dụng biện pháp ngăn chặn, quản chế, thử thách… rời xã từ 1 ngày', en: 'On bail, probation or supervision, leaving the commune for a day or more' },
      military_age: { vi: 'Trong độ tuổi nghĩa vụ quân sự, vắng từ 3 tháng', en: 'Of military-service age, away 3 months or more' },
      long_absence: { vi: 'Vắng khỏi nơi thường trú từ 12 tháng, chưa đăng ký tạm trú nơi khác', en: 'Away from permanent residence 12 months or more, not registered elsewhere' },
      voluntary: { vi: 'Khai báo tự nguyện', en: 'Declared voluntarily' },
    }),
  },
  closed,
);

/**
 * Absence declaration (khai báo tạm vắng), Law on Residence 2020 art. 31: declared at the
 * commune of residence; the result is the CT03 slip. Residence periods do not change: the
 * absence is the residence module's own record (residence_absence), audited and published.
 */
export const ABSENCE_DECLARATION = defineProcedure({
  code: 'RES.absence-declaration',
  name: { vi: 'Khai báo tạm vắng', en: 'Absence declaration' },
  documents: [CT01],
  fee: { counterVnd: 0, onlineVnd: 0 },
  workingDays: 1,
  decidedBy: RESIDENCE_DECIDE,
  channels: ['counter', 'portal', 'mobile_team'],
  form,
  async eligibility(tx, ctx, d) {
    const applicant = await applicantDetails(tx, ctx, d.applicant.pin, d.code);
    const residentHere = applicant.residences.some((r) => (r.kind === 'permanent' || r.kind === 'temporary') && r.validTo === null && r.unitCode === d.unitCode);
    return checkAbsence({ validFrom: d.form.validFrom, validTo: d.form.validTo, residentHere });
  },
  async effect(tx, ctx, actor, d) {
    const { slipNo } = await recordAbsenceInTx(tx, ctx, actor, { personId: d.applicant.personId, pin: d.applicant.pin, unitCode: d.unitCode, validFrom: d.form.validFrom, validTo: d.form.validTo, destination: d.form.destination, reason: d.form.reason, dossier: d.code });
    return { slipNo, notice: 'CT03' };
  },
});
