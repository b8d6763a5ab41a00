import { Type } from '@sinclair/typebox';
import { todayInVietnam } from '../../../kernel/clock.js';
import { defineProcedure } from '../../dossiers/index.js';
import { recordResidenceInTx } from '../../people/index.js';
import { checkExtension } from '../model.js';
import { RESIDENCE_DECIDE } from '../permissions.js';
import { applicantDetails } from '../service.js';
import { authorityOf, changeOf, closed, CT01, dateField } from './fields.js';

const form = Type.Object({ plannedEnd: dateField('Gia hạn tạm trú đến ngày', 'Extend until', { help: { vi: 'Nộp trong 15 ngày trước khi hết hạn tạm trú.', en: 'File within the 15 days before the temporary residence ends.' } }) }, closed);

const vnDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * Extension of temporary residence (gia hạn tạm trú): filed within the 15 days before it ends
 * (counted on the filing day, so a decision days later is not refused for it). The period is
 * closed on the decision day and a new one opens there, ending on the new date (≤ 2 years).
 */
export const TEMPORARY_EXTENSION = defineProcedure({
  code: 'RES.temporary-extension',
  name: { vi: 'Gia hạn tạm trú', en: 'Extension of temporary residence' },
  documents: [CT01],
  fee: { counterVnd: 0, onlineVnd: 0 },
  workingDays: 3,
  decidedBy: RESIDENCE_DECIDE,
  channels: ['counter', 'portal', 'mobile_team'],
  form,
  async eligibility(tx, ctx, d) {
    const applicant = await applicantDetails(tx, ctx, d.applicant.pin, d.code);
    const current = applicant.residences.find((r) => r.kind === 'temporary' && r.validTo === null && r.unitCode === d.unitCode);
    return checkExtension({ filedOn: vnDay(d.submittedAt), current: current ? { plannedEnd: current.plannedEnd! } : null, newPlannedEnd: d.form.plannedEnd, runsFrom: todayInVietnam(ctx.clock) });
  },
  async effect(tx, ctx, actor, d) {
    const applicant = await applicantDetails(tx, ctx, d.applicant.pin, d.code);
    const current = applicant.residences.find((r) => r.kind === 'temporary' && r.validTo === null && r.unitCode === d.unitCode)!;
    const today = todayInVietnam(ctx.clock);
    await recordResidenceInTx(tx, ctx, actor, d.applicant.pin, { kind: 'temporary', unitCode: d.unitCode, address: current.address, validFrom: today, plannedEnd: d.form.plannedEnd }, changeOf(d, 'residence_registration'), authorityOf(d));
    return { previousEnd: current.plannedEnd, plannedEnd: d.form.plannedEnd };
  },
});
