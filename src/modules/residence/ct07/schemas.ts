import { Type, type TProperties } from '@sinclair/typebox';
import { Closed } from '../../../kernel/schemas.js';

/** HTTP shapes of the CT07 routes (response schemas filter what leaves the server). */
/** Closed objects only: the response schema is also what filters output. */
const O = <T extends TProperties>(p: T) => Type.Object(p, Closed);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Sex = Type.Union([Type.Literal('M'), Type.Literal('F')]);
const Line = Type.Union([O({ address: Type.String(), unitName: Nullable(Type.String()), validFrom: Type.String(), plannedEnd: Nullable(Type.String()) }), Type.Null()]);

export const ContentView = O({
  office: O({ unitCode: Type.String(), name: Type.String() }),
  person: O({
    pin: Type.String(),
    fullName: Type.String(),
    birthDate: Type.String(),
    sex: Sex,
    ethnicity: Type.String(),
    religion: Nullable(Type.String()),
    nationality: Type.String(),
    originPlace: Nullable(Type.String()),
  }),
  residences: O({ permanent: Line, temporary: Line, current: Line }),
  household: Type.Union([
    O({
      householdNo: Type.String(),
      relation: Type.String(),
      head: Type.Union([O({ pin: Type.String(), fullName: Type.String() }), Type.Null()]),
      members: Type.Array(O({ pin: Type.String(), fullName: Type.String(), birthDate: Type.String(), sex: Sex, relation: Type.String() })),
    }),
    Type.Null(),
  ]),
});

export const ConfirmationView = O({
  id: Type.String(),
  number: Type.String({ examples: ['00004/2026/000017'] }),
  pin: Type.String(),
  fullName: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  issuedOn: Day,
  validUntil: Day,
  issuingOffice: Type.String(),
  revokedAt: Nullable(Type.String()),
  pdfUrl: Type.String(),
  verificationUrl: Type.String(),
  token: Type.String(),
  content: ContentView,
});

export const VerificationView = O({
  status: Type.Union([Type.Literal('genuine'), Type.Literal('invalid'), Type.Literal('expired'), Type.Literal('revoked'), Type.Literal('superseded')], {
    description: 'genuine; invalid (not a token we signed, or altered); expired; revoked; superseded (the residence data changed since issue, which voids it)',
  }),
  number: Type.Optional(Type.String()),
  issuedOn: Type.Optional(Day),
  validUntil: Type.Optional(Day),
  issuingOffice: Type.Optional(Type.String()),
  revokedAt: Type.Optional(Nullable(Type.String())),
  document: Type.Optional(ContentView),
});

export const Jwks = O({
  keys: Type.Array(O({ kty: Type.String(), crv: Type.String(), x: Type.String(), kid: Type.String(), alg: Type.String(), use: Type.String() })),
});
