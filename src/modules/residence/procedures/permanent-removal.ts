import { Type } from '@sinclair/typebox';
import { todayInVietnam } from '../../../kernel/clock.js';
import { conflict } from '../../../kernel/errors.js';
import { defineProcedure } from '../../dossiers/index.js';
import { headAfterLeaving, removePermanentResidenceInTx } from '../../people/index.js';
import { reason, removalDecidableOn, type Reason } from '../model.js';
import { RESIDENCE_DECIDE } from '../permissions.js';
import { applicantDetails, findHouseholdForRules, findOpenRemovalNotice, useRemovalNotice } from '../service.js';
import { changeOf, choiceField, closed, CT01, pinField } from './fields.js';

const form = Type.Object(
  {
    mode: choiceField('Hình thức', 'How', {
      on_request: { vi: 'Theo đề nghị của công dân, hộ gia đình', en: 'On request of the person or household' },
      ex_officio: { vi: 'Cơ quan đăng ký cư trú xóa (sau thông báo 7 ngày)', en: 'Ex officio by the registration office (after 7 days’ notice)' },
    }),
    ground: choiceField('Căn cứ xóa đăng ký', 'Ground for removal', {
      settled_abroad: { vi: 'Định cư ở nước ngoài', en: 'Settled abroad' },
      absent_over_12_months: { vi: 'Vắng mặt liên tục trên 12 tháng không đăng ký tạm trú nơi khác', en: 'Absent over 12 months without temporary registration elsewhere' },
      lost_nationality: { vi: 'Thôi quốc tịch Việt Nam', en: 'Lost Vietnamese nationality' },
      no_lawful_dwelling: { vi: 'Không còn chỗ ở hợp pháp', en: 'No lawful dwelling any more' },
      registration_revoked: { vi: 'Đăng ký thường trú bị hủy bỏ', en: 'The registration was revoked' },
      moved_elsewhere: { vi: 'Đã chuyển đi nơi khác', en: 'Moved elsewhere' },
    }),
    newHeadPin: Type.Optional(pinField('Chủ hộ mới (nếu người bị xóa là chủ hộ)', 'New head (when the person removed is the head)', { help: { vi: 'Để trống: hộ chưa có chủ hộ cho đến khi điều chỉnh.', en: 'Empty: the household has no head until adjusted.' } })),
  },
  closed,
);

/**
 * Removal of permanent residence (xóa đăng ký thường trú), Law on Residence 2020 art. 24: on
 * request, or ex officio once the 7-day notice (recorded by the commune) has run. The period
 * is closed, never deleted; the person leaves their household, and if they were its head the
 * household gets the new head named here or stays headless (household-rules `headAfterLeaving`).
 */
export const PERMANENT_REMOVAL = defineProcedure({
  code: 'RES.permanent-removal',
  name: { vi: 'Xóa đăng ký thường trú', en: 'Removal of permanent residence' },
  documents: [{ ...CT01, required: false }, { code: 'proof_of_ground', name: { vi: 'Giấy tờ chứng minh căn cứ xóa đăng ký', en: 'Proof of the ground for removal' }, required: false }],
  fee: { counterVnd: 0, onlineVnd: 0 },
  workingDays: 5,
  decidedBy: RESIDENCE_DECIDE,
  channels: ['counter', 'portal', 'mobile_team'],
  form,
  async eligibility(tx, ctx, d) {
    const out: Reason[] = [];
    if (d.form.mode === 'ex_officio' && d.channel === 'portal') out.push(reason('ex_officio_by_officer_only'));
    const applicant = await applicantDetails(tx, ctx, d.applicant.pin, d.code);
    const permanent = applicant.residences.find((r) => r.kind === 'permanent' && r.validTo === null && r.unitCode === d.unitCode);
    if (!permanent) return [...out, reason('no_permanent_residence_here')];
    if (d.form.mode === 'ex_officio' && !(await findOpenRemovalNotice(tx, d.applicant.personId, d.unitCode))) out.push(reason('removal_notice_missing'));
    if (d.form.newHeadPin && applicant.household) {
      const h = await findHouseholdForRules(tx, ctx, applicant.household.householdNo, d.code);
      try {
        headAfterLeaving(h?.members.filter((m) => m.validTo === null) ?? [], [d.applicant.pin], d.form.newHeadPin);
      } catch (err) {
        out.push({ code: (err as { code: string }).code, ...(err as { messages: { vi: string; en: string } }).messages });
      }
    }
    return out;
  },
  async effect(tx, ctx, actor, d) {
    let noticeId: string | null = null;
    if (d.form.mode === 'ex_officio') {
      const notice = (await findOpenRemovalNotice(tx, d.applicant.personId, d.unitCode))!;
      const noticedOn = new Date(Date.parse(notice.noticedAt) + 7 * 3_600_000).toISOString().slice(0, 10);
      const from = removalDecidableOn(noticedOn);
      if (todayInVietnam(ctx.clock) < from) {
        throw conflict('removal_notice_period_running', { vi: `Thông báo xóa đăng ký ngày ${noticedOn}: chỉ quyết định được từ ngày ${from}.`, en: `The removal notice of ${noticedOn} runs 7 days: the removal can be decided from ${from}.` }, 'payload.outcome');
      }
      await useRemovalNotice(tx, notice.id, d.code);
      noticeId = notice.id;
    }
    await removePermanentResidenceInTx(tx, ctx, actor, d.applicant.pin, { newHeadPin: d.form.newHeadPin ?? null }, changeOf(d, 'residence_registration'));
    return { removed: true, ground: d.form.ground, noticeId };
  },
});
