import { Type } from '@sinclair/typebox';
import { Closed } from '../../kernel/schemas.js';
import { ChangeReasonBody } from '../../kernel/change-reason.js';

/**
 * TypeBox shapes of the people API: validation, types and OpenAPI from one place. Response
 * objects are closed (`additionalProperties: false`): the OpenAPI document says exactly what
 * leaves the server, and the serializer sends nothing else.
 */
export const Pin = Type.String({ pattern: '^[0-9]{12}$', maxLength: 12, description: '12-digit personal ID number', examples: ['001090012345'] });
export const CommuneCode = Type.String({ pattern: '^[0-9]{5}$', maxLength: 5, examples: ['00004'] });
export const UnitCode = Type.String({ pattern: '^([0-9]{2}|[0-9]{5})$', maxLength: 5, examples: ['00004', '01'] });
export const PlaceCode = Type.String({ pattern: '^([0-9]{2}|[0-9]{3}|[0-9]{5})$', maxLength: 5, examples: ['01', '00004'] });
export const PartialDateText = Type.String({ pattern: '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$', maxLength: 10, description: 'YYYY, YYYY-MM or YYYY-MM-DD', examples: ['1990-05-17', '1990'] });
export const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10, examples: ['2024-05-01'] });
export const Sex = Type.Union([Type.Literal('M'), Type.Literal('F')]);
const Text = (max: number) => Type.String({ maxLength: max });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const Change = {
  ...ChangeReasonBody,
  dossier: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'Dossier (application) number' }))),
};
/** A birth or death: the reason defaults to the event's own code (birth_registration, death_registration). */
export const LifeEventChange = {
  ...Change,
  reasonCode: Type.Optional({ ...ChangeReasonBody.reasonCode, description: 'Why; defaults to birth_registration or death_registration' }),
};
export const RequestId = { requestId: Type.Optional(Type.String({ minLength: 8, maxLength: 64, description: 'Client request id: a retry returns the first result' })) };

export const PersonFields = {
  fullName: Type.String({ minLength: 2, maxLength: 100, examples: ['Nguyễn Văn An'] }),
  birthDate: PartialDateText,
  sex: Sex,
  nationality: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', maxLength: 2, examples: ['VN'] })),
  ethnicity: Type.String({ pattern: '^[0-9]{2}$', maxLength: 2, description: 'one of the 54 ethnic groups, 01–54', examples: ['01'] }),
  religion: Type.Optional(Nullable(Text(20))),
  birthPlaceCode: Type.Optional(Nullable(PlaceCode)),
  birthPlace: Type.Optional(Nullable(Text(200))),
  birthFacility: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'Place of birth: the health facility (hospital, clinic)', examples: ['Bệnh viện Phụ sản Hà Nội'] }))),
  birthAddress: Type.Optional(Nullable(Type.String({ maxLength: 300, description: 'Place of birth: the address below the commune', examples: ['Số 929, đường La Thành'] }))),
  birthAddressUnitCode: Type.Optional(Nullable(CommuneCode)),
  originPlaceCode: Type.Optional(Nullable(PlaceCode)),
  originPlace: Type.Optional(Nullable(Text(200))),
  identifyingMarks: Type.Optional(Nullable(Text(200))),
  oldId9: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{9}$', maxLength: 9 }))),
  oldId12: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{12}$', maxLength: 12 }))),
  fatherPin: Type.Optional(Nullable(Pin)),
  motherPin: Type.Optional(Nullable(Pin)),
  spousePin: Type.Optional(Nullable(Pin)),
};

const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const PersonView = Type.Object({
  id: Type.String(),
  pin: Type.String(),
  fullName: Type.String(),
  birthDate: Type.String(),
  sex: Sex,
  nationality: Type.String(),
  ethnicity: Type.String(),
  religion: N(Type.String()),
  birthPlaceCode: N(Type.String()),
  birthPlace: N(Type.String()),
  birthFacility: N(Type.String()),
  birthAddress: N(Type.String()),
  birthAddressUnitCode: N(Type.String()),
  originPlaceCode: N(Type.String()),
  originPlace: N(Type.String()),
  identifyingMarks: N(Type.String()),
  oldId9: N(Type.String()),
  oldId12: N(Type.String()),
  fatherPin: N(Type.String()),
  motherPin: N(Type.String()),
  spousePin: N(Type.String()),
  status: Type.Union([Type.Literal('living'), Type.Literal('deceased'), Type.Literal('missing')]),
  deathDate: N(Type.String()),
  unitCode: N(Type.String()),
  provinceCode: N(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
}, Closed);

export const PinEntryView = Type.Object({
  pin: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('cancelled')]),
  replacedBy: N(Type.String()),
  issuedAt: Type.String(),
  cancelledAt: N(Type.String()),
  cancelReason: N(Type.String()),
}, Closed);

export const ResidenceView = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('permanent'), Type.Literal('temporary'), Type.Literal('current')]),
  unitCode: Type.String(),
  unitRecordedOn: Type.String(),
  address: Type.String(),
  householdId: N(Type.String()),
  validFrom: Type.String(),
  validTo: N(Type.String()),
  plannedEnd: N(Type.String()),
  endedReason: N(Type.String()),
  dossier: N(Type.String()),
  endedDossier: Type.Optional(N(Type.String())),
  unitName: Type.Optional(N(Type.String())),
  currentUnits: Type.Optional(Type.Array(Type.Object({ code: Type.String(), name: Type.String(), provinceName: Type.String() }, Closed))),
  currentExact: Type.Optional(Type.Boolean()),
}, Closed);

export const MemberView = Type.Object({
  pin: Type.String(),
  fullName: Type.String(),
  birthDate: Type.String(),
  sex: Sex,
  status: Type.String(),
  relation: Type.String(),
  validFrom: Type.String(),
  validTo: N(Type.String()),
}, Closed);

export const HouseholdView = Type.Object({
  id: Type.String(),
  householdNo: Type.String(),
  unitCode: Type.String(),
  provinceCode: Type.String(),
  address: Type.String(),
  unitRecordedOn: Type.String(),
  headPin: N(Type.String()),
  headless: Type.Boolean(),
  members: Type.Array(MemberView),
  version: Type.Integer(),
}, Closed);

/**
 * A version's copy of the record (the person without id, version and timestamps). Every field
 * is optional: versions written before a field existed lack it.
 */
export const PersonSnapshotView = Type.Partial(Type.Omit(PersonView, ['id', 'version', 'createdAt', 'updatedAt']), Closed);

export const PersonVersionView = Type.Object(
  {
    version: Type.Integer(),
    data: PersonSnapshotView,
    changedAt: Type.String(),
    changedBy: Type.String({ description: "an officer's id, import:<batch>, or a system job's name" }),
    changedByName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    reason: Type.String({ description: 'a change reason code (shown as its label); free text in versions written before codes' }),
    reasonNote: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    dossier: Type.Union([Type.String(), Type.Null()]),
  },
  Closed,
);

export const PersonSearchView = Type.Object(
  {
    items: Type.Array(Type.Object({ pin: Type.String(), fullName: Type.String(), birthDate: Type.String(), sex: Sex, status: Type.String(), unitCode: Type.Union([Type.String(), Type.Null()]), rank: Type.Integer(), match: Type.Union([Type.Literal('exact'), Type.Literal('marks'), Type.Literal('spacing'), Type.Literal('close'), Type.Literal('prefix')], { description: 'why the person matched: the name as typed, once Telex/VNI keys are read as marks, with spaces put back, within a few edits, or by prefix' }), replacedPin: Type.Optional(Type.String()) }, Closed)),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    mode: Type.String(),
    totalCapped: Type.Boolean(),
  },
  Closed,
);

export const PersonBriefView = Type.Object(
  { pin: Type.String(), fullName: Type.String(), birthDate: Type.String(), sex: Sex, status: Type.Union([Type.Literal('living'), Type.Literal('deceased'), Type.Literal('missing')]) },
  Closed,
);

/** A relative the reader may see, with who they are; or only the fact of one outside the reader's area. */
export const RelativeView = Type.Union([
  Type.Object({ visible: Type.Literal(true), ...PersonBriefView.properties }, Closed),
  Type.Object({ visible: Type.Literal(false) }, Closed),
]);

export const FamilyView = Type.Object(
  {
    pin: Type.String(),
    father: Type.Union([RelativeView, Type.Null()]),
    mother: Type.Union([RelativeView, Type.Null()]),
    spouse: Type.Union([RelativeView, Type.Null()]),
    children: Type.Array(RelativeView),
  },
  Closed,
);
