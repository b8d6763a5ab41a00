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
  // Changes nothing of the applicant's record: a level-1 account may file it.
  minEidLevel: 1,
  form: Type.Object({ note: Type.Optional(Type.String({ maxLength: 200 })) }, closed),
});

const label = (vi: string, en: string) => ({ title: vi, 'x-label-en': en });

/**
 * A test procedure shaped like a temporary-residence registration, its form annotated by the
 * form convention (docs/procedure-forms.md), so the portal, the counter page and the browser
 * test have a real form to render before the residence module declares its procedures. It
 * needs e-ID level 2 (the default); the owner's consent is asked with the request_consent action.
 */
export const STAY_TEST = defineProcedure({
  code: 'TEST.temporary-stay',
  name: { vi: 'Đăng ký lưu trú dài ngày (thủ tục thử nghiệm)', en: 'Long stay registration (test procedure)' },
  documents: [
    { code: 'proof_of_dwelling', name: { vi: 'Giấy tờ chứng minh chỗ ở hợp pháp', en: 'Proof of a lawful dwelling' }, required: true },
    { code: 'lease', name: { vi: 'Hợp đồng thuê nhà', en: 'Lease' }, required: false },
    { code: 'citizen_id', name: { vi: 'Thẻ căn cước', en: 'Identity card' }, required: true, heldByRegistry: true },
  ],
  fee: { counterVnd: 15_000, onlineVnd: 7_000 },
  workingDays: 3,
  decidedBy: DOSSIERS_DECIDE,
  channels: ['counter', 'portal'],
  form: Type.Object(
    {
      address: Type.String({ minLength: 3, maxLength: 300, ...label('Địa chỉ nơi ở', 'Address of the dwelling'), 'x-widget': 'textarea', 'x-help': { vi: 'Số nhà, ngõ, đường phố', en: 'House number, lane, street' } }),
      unitCode: Type.String({ pattern: '^[0-9]{5}$', ...label('Xã, phường', 'Commune or ward'), 'x-widget': 'unit' }),
      dwelling: Type.Union([Type.Literal('own'), Type.Literal('rented'), Type.Literal('relatives')], {
        ...label('Chỗ ở', 'Dwelling'),
        'x-option-labels': { own: { vi: 'Nhà của mình', en: 'My own' }, rented: { vi: 'Nhà thuê, mượn', en: 'Rented or lent' }, relatives: { vi: 'Ở nhờ người thân', en: 'With relatives' } },
      }),
      ownerPin: Type.Optional(Type.String({ pattern: '^[0-9]{12}$', ...label('Số định danh của chủ nhà', 'Personal ID of the owner'), 'x-widget': 'pin', 'x-help': { vi: 'Chủ nhà sẽ được đề nghị đồng ý trên tài khoản của mình', en: 'The owner is asked to consent in their own account' } })),
      plannedEnd: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', ...label('Ở đến ngày', 'Staying until'), 'x-widget': 'date' }),
      months: Type.Integer({ minimum: 1, maximum: 24, ...label('Số tháng', 'Months'), 'x-widget': 'number' }),
      permanentAddress: Type.Optional(Type.String({ maxLength: 300, ...label('Nơi thường trú', 'Permanent residence'), 'x-prefill': 'applicant.permanent.address' })),
      householdNo: Type.Optional(Type.String({ maxLength: 20, ...label('Số hộ', 'Household number'), 'x-widget': 'household', 'x-prefill': 'applicant.householdNo' })),
      members: Type.Optional(
        Type.Array(
          Type.Object(
            {
              pin: Type.String({ pattern: '^[0-9]{12}$', ...label('Số định danh', 'Personal ID'), 'x-widget': 'pin' }),
              relation: Type.String({ maxLength: 40, ...label('Quan hệ với chủ hộ', 'Relation to the household head'), 'x-widget': 'relation' }),
            },
            closed,
          ),
          { maxItems: 10, ...label('Người cùng đăng ký', 'People registering with you') },
        ),
      ),
      note: Type.Optional(Type.String({ maxLength: 500, ...label('Ghi chú', 'Note'), 'x-widget': 'textarea' })),
    },
    closed,
  ),
});

/** The smallest real PDF, PNG and JPEG heads (what the type check reads). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
