import { Type, type TSchema } from '@sinclair/typebox';
import { Closed, PageOf } from '../../kernel/schemas.js';

/** Response shapes of the cards API (closed: nothing leaves the server undescribed). */
const Message = Type.Object({ vi: Type.String(), en: Type.String() }, Closed);
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();
const Stage = Type.Union([Type.Literal('approved'), Type.Literal('produced'), Type.Literal('shipped'), Type.Literal('delivered'), Type.Literal('returned')]);
const Status = Type.Union([Type.Literal('pending'), Type.Literal('valid'), Type.Literal('expired'), Type.Literal('revoked'), Type.Literal('replaced')]);
const Sex = Type.Union([Type.Literal('M'), Type.Literal('F')]);
const Reason = Type.Object({ code: Str, vi: Str, en: Str }, Closed);

export const CardView = Type.Object(
  {
    id: Str,
    pin: Str,
    fullName: Str,
    birthDate: Str,
    sex: Sex,
    applicationCase: Str,
    dossier: Type.Object({ id: Str, code: Str, procedure: Str }, Closed),
    unitCode: Str,
    stage: Stage,
    stageName: Message,
    status: Status,
    statusName: Message,
    issueDate: Nullable(Str),
    expiryDate: Nullable(Str),
    batchNumber: Nullable(Str),
    mrz: Nullable(Str),
    qr: Nullable(Str),
    hasPhoto: Type.Boolean(),
    deliveryMethod: Type.Union([Type.Literal('office'), Type.Literal('post')]),
    deliveryAddress: Nullable(Str),
    approvedAt: Str,
    producedAt: Nullable(Str),
    shippedAt: Nullable(Str),
    deliveredAt: Nullable(Str),
    returnedAt: Nullable(Str),
    returnReason: Nullable(Str),
    revokedAt: Nullable(Str),
    revokeReason: Nullable(Str),
    replacedBy: Nullable(Str),
    version: Type.Integer(),
  },
  Closed,
);
export const CardPage = PageOf(CardView);

export const CardCaseView = Type.Object(
  {
    holder: Type.Object({ pin: Str, fullName: Str, birthDate: Str, sex: Sex, status: Str, age: Type.Integer(), version: Type.Integer() }, Closed),
    recordProblems: Type.Array(Reason),
    outcome: Type.Union([
      Type.Object({ procedure: Str, case: Str, mandatory: Type.Boolean(), biometrics: Type.Boolean(), reason: Message }, Closed),
      Type.Object({ refused: Reason }, Closed),
    ]),
    cards: Type.Array(Type.Object({ id: Str, stage: Str, status: Status, issueDate: Nullable(Str), expiryDate: Nullable(Str) }, Closed)),
  },
  Closed,
);

const AbisHit = Type.Object({ personId: Str, pin: Str, kind: Type.Union([Type.Literal('face'), Type.Literal('finger')]), finger: Nullable(Type.Integer()) }, Closed);
export const IntakeView = Type.Object(
  {
    dossierId: Str,
    pin: Str,
    place: Str,
    photo: Nullable(Type.Object({ mime: Str, width: Type.Integer(), height: Type.Integer() }, Closed)),
    fingers: Type.Array(Type.Object({ finger: Type.Integer(), taken: Type.Boolean(), missingReason: Nullable(Str) }, Closed)),
    signature: Type.Boolean(),
    biometricsRequired: Type.Boolean(),
    abis: Type.Object({ system: Str, hits: Type.Array(AbisHit) }, Closed),
    capturedAt: Str,
    capturedBy: Str,
  },
  Closed,
);

export const BatchResult = Type.Object(
  { id: Nullable(Str), number: Nullable(Str), producedOn: Str, cards: Type.Array(Type.Object({ id: Str, pin: Str, fullName: Str, expiryDate: Nullable(Str) }, Closed)) },
  Closed,
);
export const BatchPage = PageOf(Type.Object({ id: Str, number: Str, producedOn: Str, producedAt: Str, producedBy: Str, cardCount: Type.Integer(), signerSerial: Str }, Closed));

const Counts = Type.Object({ approved: Type.Integer(), produced: Type.Integer(), shipped: Type.Integer(), delivered: Type.Integer(), returned: Type.Integer() }, Closed);
const RateRow = Type.Object({ unitCode: Str, unitName: Str, counts: Counts, rate: Nullable(Type.Number()) }, Closed);
export const DeliveryRates = Type.Object({ level: Type.Union([Type.Literal('commune'), Type.Literal('province')]), rows: Type.Array(RateRow), total: RateRow }, Closed);

export const Team = Type.Object({ id: Str, unitCode: Str, name: Str }, Closed);
export const Slot = Type.Object({ slot: Str, capacity: Type.Integer(), booked: Type.Integer() }, Closed);
export const Appointment = Type.Object(
  { id: Str, unitCode: Str, teamId: Nullable(Str), day: Str, slot: Str, place: Str, address: Nullable(Str), pin: Str, fullName: Str, note: Nullable(Str), bookedAt: Str, cancelledAt: Nullable(Str) },
  Closed,
);
export const DayList = Type.Object({ day: Str, team: Nullable(Team), items: Type.Array(Appointment) }, Closed);

const Issue = Type.Object({ code: Str, field: Type.Optional(Str), message: Message }, Closed);
const Dg13 = Type.Object(
  {
    pin: Str,
    fullName: Str,
    birthDate: Str,
    sex: Sex,
    nationality: Str,
    ethnicity: Str,
    religion: Nullable(Str),
    originPlace: Nullable(Str),
    residencePlace: Nullable(Str),
    identifyingMarks: Nullable(Str),
    issueDate: Str,
    expiryDate: Nullable(Str),
    fatherName: Nullable(Str),
    motherName: Nullable(Str),
    spouseName: Nullable(Str),
    oldId: Nullable(Str),
  },
  Closed,
);
const Signer = Type.Object({ serial: Str, subject: Str, issuer: Str, notBefore: Str, notAfter: Str }, Closed);
export const DocumentData = Type.Object(
  {
    pin: Type.Optional(Str),
    fullName: Type.Optional(Str),
    birthDate: Type.Optional(Str),
    sex: Type.Optional(Sex),
    issueDate: Type.Optional(Str),
    expiryDate: Type.Optional(Nullable(Str)),
    oldId: Type.Optional(Nullable(Str)),
    address: Type.Optional(Str),
    nationality: Type.Optional(Str),
    chip: Type.Optional(Type.Object({ dg13: Dg13, signer: Type.Optional(Signer), mrz: Type.Optional(Str) }, Closed)),
    photo: Type.Optional(Str),
  },
  Closed,
);
export const VerificationAnswer = Type.Object(
  {
    kind: Type.Union([Type.Literal('qr'), Type.Literal('mrz'), Type.Literal('chip')]),
    valid: Type.Boolean(),
    data: DocumentData,
    errors: Type.Array(Issue),
    registry: Nullable(
      Type.Object(
        {
          card: Nullable(Type.Object({ id: Str, status: Status, statusName: Message, issueDate: Nullable(Str), expiryDate: Nullable(Str) }, Closed)),
          holder: Type.Object({ status: Type.Union([Type.Literal('living'), Type.Literal('deceased'), Type.Literal('missing'), Type.Literal('unknown')]) }, Closed),
        },
        Closed,
      ),
    ),
    checkedAt: Str,
    checkedBy: Type.Object({ kind: Str, id: Str }, Closed),
    signed: Str,
  },
  Closed,
);

export const Jwks = Type.Object({ keys: Type.Array(Type.Object({ kty: Str, crv: Str, x: Str, kid: Str, alg: Str, use: Str }, Closed)) }, Closed);
export const TrustList = Type.Object(
  { keys: Type.Array(Type.Object({ serial: Str, kind: Str, issuerSerial: Nullable(Str), subject: Str, notBefore: Str, notAfter: Str, retiredAt: Nullable(Str), revokedAt: Nullable(Str), certificatePem: Str }, Closed)) },
  Closed,
);
