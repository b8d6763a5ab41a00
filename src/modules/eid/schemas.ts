import { KindGuard, Type, type Static, type TProperties, type TSchema } from '@sinclair/typebox';
import { HouseholdView, PersonView, PinEntryView, ResidenceView } from '../people/index.js';
import { DOCUMENT_KINDS } from './documents.js';

/**
 * Response shapes of the e-ID routes. Every object is closed (`additionalProperties: false`):
 * the response serialiser sends only what is listed here, and the OpenAPI document says
 * exactly what each answer holds.
 */
const closed = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();

/**
 * A copy of a shape (another module's, e.g. people's record) with every object in it closed,
 * so this module's answers are closed whatever the shapes it embeds allow. The static type is
 * unchanged: only extra properties are dropped.
 */
function closedCopy<T extends TSchema>(schema: T): T {
  if (KindGuard.IsObject(schema)) {
    const props: TProperties = {};
    for (const [key, value] of Object.entries(schema.properties)) props[key] = KindGuard.IsOptional(value) ? Type.Optional(closedCopy(value)) : closedCopy(value);
    const { properties: _p, additionalProperties: _a, ...options } = schema;
    return Type.Object(props, { ...options, ...closed }) as unknown as T;
  }
  if (KindGuard.IsArray(schema)) return { ...schema, items: closedCopy(schema.items) } as T;
  if (KindGuard.IsUnion(schema)) return { ...schema, anyOf: schema.anyOf.map(closedCopy) } as T;
  return schema;
}

/** A page of items, closed (the kernel's PageOf is shared with other modules). */
export const PageOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }, closed);

export const AccountView = Type.Object(
  {
    id: Str,
    personId: Str,
    pin: Str,
    level: Type.Union([Type.Literal(1), Type.Literal(2)]),
    status: Type.Union([Type.Literal('pending_verification'), Type.Literal('pending_activation'), Type.Literal('active'), Type.Literal('locked'), Type.Literal('rejected')]),
    phone: Str,
    email: Nullable(Str),
    lockedBy: Nullable(Type.Union([Type.Literal('citizen'), Type.Literal('officer')])),
    lockReason: Nullable(Str),
    lockNote: Nullable(Str),
    totpEnabled: Type.Boolean(),
    passkeys: Type.Integer(),
    guardianAccountId: Nullable(Str),
    createdAt: Str,
    activatedAt: Nullable(Str),
    level2At: Nullable(Str),
  },
  closed,
);

export const AccountListItemView = Type.Object({ ...AccountView.properties, fullName: Str, birthDate: Str, unitCode: Nullable(Str) }, closed);
/** An account's review file (review-detail.ts). */
export const ReviewFileView = Type.Object(
  {
    account: AccountView,
    person: Type.Object({ pin: Str, fullName: Str, birthDate: Str, sex: Str, status: Str, nationality: Str, unitCode: Nullable(Str), address: Nullable(Str), householdNo: Nullable(Str) }, closed),
    attempts: Type.Array(
      Type.Object(
        {
          photoId: Str,
          uploadedAt: Str,
          decision: Nullable(Type.Union([Type.Literal('approved'), Type.Literal('rejected')])),
          note: Nullable(Str),
          decidedAt: Nullable(Str),
          decidedBy: Nullable(Str),
          current: Type.Boolean(),
        },
        closed,
      ),
    ),
    inPerson: Type.Array(Type.Object({ at: Str, officer: Nullable(Str), unitCode: Nullable(Str), fingerprintsMatched: Nullable(Type.Boolean()), note: Nullable(Str) }, closed)),
  },
  closed,
);
export const MyAccountView = Type.Object({ ...AccountView.properties, fullName: Str }, closed);

export const SecondFactorView = Type.Union([Type.Literal('totp'), Type.Literal('passkey'), Type.Literal('sms')]);
export const LoginStartedView = Type.Object({ loginToken: Str, methods: Type.Array(SecondFactorView), phoneMasked: Str }, closed);
export const EnrolmentStartedView = Type.Object({ enrolmentId: Str, phoneMasked: Str, expiresAt: Str }, closed);
export const Level2Result = Type.Object({ accountId: Str, phoneMasked: Str, activationExpiresAt: Str }, closed);
export const TotpSetupView = Type.Object({ secret: Str, otpauthUrl: Str }, closed);
export const StepUpView = Type.Object({ steppedUpUntil: Str }, closed);
export const CodeSentView = Type.Object({ phoneMasked: Str, expiresAt: Str }, closed);

// ---- WebAuthn options as @simplewebauthn produces them (JSON form of the W3C dictionaries)
const CredentialDescriptor = Type.Object({ id: Str, type: Str, transports: Type.Optional(Type.Array(Str)) }, closed);
const Extensions = Type.Object(
  { appid: Type.Optional(Str), credProps: Type.Optional(Type.Boolean()), hmacCreateSecret: Type.Optional(Type.Boolean()), minPinLength: Type.Optional(Type.Boolean()) },
  closed,
);
export const PasskeyRequestOptions = Type.Object(
  {
    challenge: Str,
    timeout: Type.Optional(Type.Number()),
    rpId: Type.Optional(Str),
    allowCredentials: Type.Optional(Type.Array(CredentialDescriptor)),
    userVerification: Type.Optional(Str),
    hints: Type.Optional(Type.Array(Str)),
    extensions: Type.Optional(Extensions),
  },
  closed,
);
export const PasskeyCreationOptions = Type.Object(
  {
    rp: Type.Object({ id: Type.Optional(Str), name: Str }, closed),
    user: Type.Object({ id: Str, name: Str, displayName: Str }, closed),
    challenge: Str,
    pubKeyCredParams: Type.Array(Type.Object({ alg: Type.Number(), type: Str }, closed)),
    timeout: Type.Optional(Type.Number()),
    excludeCredentials: Type.Optional(Type.Array(CredentialDescriptor)),
    authenticatorSelection: Type.Optional(
      Type.Object(
        { authenticatorAttachment: Type.Optional(Str), requireResidentKey: Type.Optional(Type.Boolean()), residentKey: Type.Optional(Str), userVerification: Type.Optional(Str) },
        closed,
      ),
    ),
    hints: Type.Optional(Type.Array(Str)),
    attestation: Type.Optional(Str),
    attestationFormats: Type.Optional(Type.Array(Str)),
    extensions: Type.Optional(Extensions),
  },
  closed,
);

export const PasskeyView = Type.Object({ id: Str, name: Str, createdAt: Str, lastUsedAt: Nullable(Str) }, closed);
export const SessionView = Type.Object({ id: Str, createdAt: Str, lastSeenAt: Str, ip: Nullable(Str), userAgent: Nullable(Str), amr: Type.Array(Str), current: Type.Boolean() }, closed);

/**
 * What a usage-history row may carry, by kind (see recordUsage calls): the vocabulary is
 * closed, so nothing written for the audit's sake alone reaches the portal by accident.
 */
export const UsageDetail = Type.Object(
  {
    factor: Type.Optional(Str),
    locked: Type.Optional(Type.Boolean()),
    stepUp: Type.Optional(Type.Boolean()),
    sessionId: Type.Optional(Str),
    sessions: Type.Optional(Type.Integer()),
    by: Type.Optional(Str),
    reason: Type.Optional(Nullable(Str)),
    until: Type.Optional(Str),
    review: Type.Optional(Str),
    note: Type.Optional(Nullable(Str)),
    level: Type.Optional(Type.Integer()),
    guardian: Type.Optional(Str),
    childPin: Type.Optional(Str),
    demo: Type.Optional(Type.Boolean()),
    name: Type.Optional(Str),
    id: Type.Optional(Str),
    replaced: Type.Optional(Type.Boolean()),
    oldPhone: Type.Optional(Str),
    newPhone: Type.Optional(Str),
    verificationId: Type.Optional(Nullable(Str)),
    grantId: Type.Optional(Nullable(Str)),
    scope: Type.Optional(Nullable(Str)),
    scopes: Type.Optional(Type.Array(Str)),
  },
  closed,
);
export type UsageDetail = Static<typeof UsageDetail>;

export const UsageView = Type.Object(
  { at: Str, kind: Str, clientId: Nullable(Str), clientName: Nullable(Str), ip: Nullable(Str), userAgent: Nullable(Str), detail: UsageDetail },
  closed,
);

export const AccessEntryView = Type.Object(
  { at: Str, action: Str, accessorKind: Str, accessor: Str, agency: Nullable(Str), purpose: Nullable(Str), purposeNote: Nullable(Str) },
  closed,
);

export const ConsentView = Type.Object({ grantId: Str, clientId: Str, clientName: Str, scopes: Type.Array(Str), expiresAt: Nullable(Str) }, closed);

export const DocumentView = Type.Object(
  {
    id: Str,
    kind: Type.String({ description: `One of ${DOCUMENT_KINDS.join(', ')}` }),
    number: Str,
    title: Str,
    issuer: Str,
    fields: Type.Record(Str, Str, { description: 'Labelled fields as the issuer signed them (label → text)' }),
    validFrom: Str,
    validUntil: Nullable(Str),
    state: Type.Union([Type.Literal('valid'), Type.Literal('expired'), Type.Literal('not_yet_valid'), Type.Literal('revoked')]),
    addedAt: Str,
  },
  closed,
);

export const MyDataView = Type.Object(
  {
    account: AccountView,
    record: Type.Object(
      {
        person: closedCopy(PersonView),
        requestedPin: Str,
        replacedBy: Nullable(Str),
        pins: Type.Array(closedCopy(PinEntryView)),
        residences: Type.Array(closedCopy(ResidenceView)),
        household: Nullable(Type.Object({ id: Str, householdNo: Str, relation: Str, validFrom: Str }, closed)),
      },
      closed,
    ),
    household: Nullable(closedCopy(HouseholdView)),
    documents: Type.Array(DocumentView),
  },
  closed,
);

export const DevMessageView = Type.Object({ id: Str, channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]), recipient: Str, subject: Str, body: Str, sentAt: Str }, closed);

export const IssuerCreated = Type.Object({ id: Str, apiKey: Str }, closed);

/** The enrolment face photo: the image itself, not JSON. */
export const PhotoResponse = {
  description: 'The face photo (JPEG or PNG as uploaded)',
  content: {
    'image/jpeg': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
    'image/png': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
  },
};

export { FamilyView } from '../people/index.js';

export const HouseholdActivityView = Type.Object(
  {
    householdNo: Nullable(Str),
    items: Type.Array(
      Type.Object(
        {
          at: Str,
          action: Str,
          cause: Nullable(Str),
          member: Nullable(Type.Object({ pin: Str, fullName: Str, relation: Str }, closed)),
          agency: Nullable(Str),
          reason: Nullable(Str),
          reasonNote: Nullable(Str),
        },
        closed,
      ),
    ),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  },
  closed,
);
