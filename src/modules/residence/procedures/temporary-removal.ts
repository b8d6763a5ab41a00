import { Type } from '@sinclair/typebox';
import { defineProcedure } from '../../dossiers/index.js';
import { removeTemporaryResidenceInTx } from '../../people/index.js';
import { reason } from '../model.js';
import { RESIDENCE_DECIDE } from '../permissions.js';
import { applicantDetails } from '../service.js';
import { authorityOf, changeOf, choiceField, closed, CT01 } from './fields.js';

const form = Type.Object(
  {
    ground: choiceField('Căn cứ xóa đăng ký tạm trú', 'Ground for removal', {
      stay_ended: { vi: 'Đã chấm dứt việc tạm trú', en: 'The stay ended' },
      registered_permanent: { vi: 'Đã đăng ký thường trú tại nơi tạm trú', en: 'Registered for permanent residence there' },
      no_lawful_dwelling: { vi: 'Không còn chỗ ở hợp pháp', en: 'No lawful dwelling any more' },
      other_by_law: { vi: 'Trường hợp khác theo luật', en: 'Another ground in the law' },
    }),
  },
  closed,
);

/** Removal of temporary residence (xóa đăng ký tạm trú): the period is closed on the decision day, never deleted. */
export const TEMPORARY_REMOVAL = defineProcedure({
  code: 'RES.temporary-removal',
  name: { vi: 'Xóa đăng ký tạm trú', en: 'Removal of temporary residence' },
  documents: [{ ...CT01, required: false }],
  fee: { counterVnd: 0, onlineVnd: 0 },
  workingDays: 2,
  decidedBy: RESIDENCE_DECIDE,
  channels: ['counter', 'portal', 'mobile_team'],
  form,
  async eligibility(tx, ctx, d) {
    const applicant = await applicantDetails(tx, ctx, d.applicant.pin, d.code);
    return applicant.residences.some((r) => r.kind === 'temporary' && r.validTo === null && r.unitCode === d.unitCode) ? [] : [reason('no_temporary_residence_here')];
  },
  async effect(tx, ctx, actor, d) {
    await removeTemporaryResidenceInTx(tx, ctx, actor, d.applicant.pin, {}, changeOf(d, 'residence_registration'), authorityOf(d));
    return { removed: true, ground: d.form.ground };
  },
});
