import { Type } from '@sinclair/typebox';
import { todayInVietnam } from '../../../kernel/clock.js';
import { defineProcedure } from '../../dossiers/index.js';
import { recordResidenceInTx } from '../../people/index.js';
import { checkResidenceDeclaration } from '../model.js';
import { RESIDENCE_DECIDE } from '../permissions.js';
import { applicantDetails } from '../service.js';
import { authorityOf, changeOf, closed, CT01, textField } from './fields.js';

const form = Type.Object(
  {
    address: textField('Nơi ở hiện tại', 'Where the person lives now'),
    circumstances: textField('Lý do không đủ điều kiện đăng ký thường trú, tạm trú', 'Why no permanent or temporary registration is possible', { max: 1000 }),
  },
  closed,
);

/**
 * Declaration of residence information (khai báo thông tin về cư trú), Law on Residence 2020
 * art. 19: for people who can register neither permanent nor temporary residence; the
 * approval records their current place of living (a `current` residence period).
 */
export const RESIDENCE_DECLARATION = defineProcedure({
  code: 'RES.residence-declaration',
  name: { vi: 'Khai báo thông tin về cư trú (người không đủ điều kiện đăng ký)', en: 'Residence declaration (for people who cannot register)' },
  documents: [CT01],
  fee: { counterVnd: 0, onlineVnd: 0 },
  workingDays: 5,
  decidedBy: RESIDENCE_DECIDE,
  channels: ['counter', 'portal', 'mobile_team'],
  form,
  async eligibility(tx, ctx, d) {
    const applicant = await applicantDetails(tx, ctx, d.applicant.pin, d.code);
    const open = applicant.residences.filter((r) => r.validTo === null);
    return checkResidenceDeclaration({ hasPermanent: open.some((r) => r.kind === 'permanent'), hasTemporary: open.some((r) => r.kind === 'temporary'), address: d.form.address });
  },
  async effect(tx, ctx, actor, d) {
    const validFrom = todayInVietnam(ctx.clock);
    await recordResidenceInTx(tx, ctx, actor, d.applicant.pin, { kind: 'current', unitCode: d.unitCode, address: d.form.address, validFrom }, changeOf(d, 'residence_registration'), authorityOf(d));
    return { currentFrom: validFrom };
  },
});
