import { Type } from '@sinclair/typebox';
import { defineProcedure, DOSSIERS_DECIDE } from '../src/modules/dossiers/index.js';
import { getPersonInTx, updatePersonInTx } from '../src/modules/people/index.js';

/**
 * Procedures for the engine's tests only: the residence module declares the real ones. The
 * first really changes the registry on approval, through the people module's `…InTx` service
 * inside the decision's transaction (so a failing change rolls the decision back); the second
 * is free and has nothing to attach, to exercise the automatic 0 VND fee step.
 */
const closed = { additionalProperties: false } as const;

export const ADJUST_MARKS = defineProcedure({
  code: 'TEST.adjust-identifying-marks',
  name: { vi: 'Điều chỉnh đặc điểm nhận dạng (thủ tục thử nghiệm)', en: 'Adjust identifying marks (test procedure)' },
  documents: [
    { code: 'CT01', name: { vi: 'Tờ khai thay đổi thông tin cư trú (CT01)', en: 'Residence information change form (CT01)' }, required: true },
    { code: 'photo', name: { vi: 'Ảnh chân dung', en: 'Portrait photo' }, required: false },
    { code: 'birth_certificate', name: { vi: 'Giấy khai sinh', en: 'Birth certificate' }, required: true, heldByRegistry: true },
  ],
  fee: { counterVnd: 10_000, onlineVnd: 5_000 },
  workingDays: 3,
  decidedBy: DOSSIERS_DECIDE,
  channels: ['counter', 'portal', 'mobile_team'],
  form: Type.Object(
    {
      identifyingMarks: Type.String({ minLength: 1, maxLength: 200 }),
      witnesses: Type.Optional(Type.Array(Type.Object({ pin: Type.String({ pattern: '^[0-9]{12}$' }), relation: Type.String({ maxLength: 40 }) }, closed), { maxItems: 5 })),
    },
    closed,
  ),
  async effect(tx, ctx, actor, dossier) {
    const { person } = await getPersonInTx(tx, ctx, actor, dossier.applicant.pin, { code: 'dossier_processing', note: dossier.code });
    const updated = await updatePersonInTx(tx, ctx, actor, person.pin, { identifyingMarks: dossier.form.identifyingMarks, expectedVersion: person.version }, { reasonCode: 'record_correction', dossier: dossier.code });
    return { personVersion: updated.version };
  },
});

export const FREE_NOTICE = defineProcedure({
  code: 'TEST.free-notice',
  name: { vi: 'Thông báo miễn phí (thủ tục thử nghiệm)', en: 'Free notice (test procedure)' },
  documents: [{ code: 'letter', name: { vi: 'Đơn', en: 'Letter' }, required: false }],
  fee: { counterVnd: 0, onlineVnd: 0 },
  workingDays: 2,
  decidedBy: DOSSIERS_DECIDE,
  channels: ['counter', 'portal'],
  form: Type.Object({ note: Type.Optional(Type.String({ maxLength: 200 })) }, closed),
});

/** The smallest real PDF, PNG and JPEG heads (what the type check reads). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
