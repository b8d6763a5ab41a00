import { Type, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Closed } from '../../kernel/schemas.js';
import type { ActionType } from './model.js';

/** The shapes of the dossier API: every object closed, so the OpenAPI document says all that leaves the server. */
const Str = Type.String();
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
// Literal unions written out: the type provider reads these structurally, not Type.Unsafe,
// and a union over a mapped array would type as never (see units/routes.ts).
const L = Type.Literal;
export const Message = Type.Object({ vi: Str, en: Str }, Closed);
export const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10 });

export const ChannelSchema = Type.Union([L('counter'), L('portal'), L('mobile_team')]);
export const StatusSchema = Type.Union([L('submitted'), L('supplement_requested'), L('received'), L('fee_paid'), L('in_review'), L('approved'), L('rejected'), L('result_notified'), L('refused'), L('withdrawn')]);
const ACTION_LITERALS = [L('request_supplement'), L('supplement'), L('receive'), L('refuse'), L('pay_fee'), L('assign'), L('review'), L('decide'), L('notify_result'), L('withdraw'), L('request_consent'), L('give_consent'), L('refuse_consent')] as const;
/** The action types a caller may send (submission has its own route). */
export const ActionInputTypeSchema = Type.Union([...ACTION_LITERALS]);
export const ActionTypeSchema = Type.Union([L('submit'), ...ACTION_LITERALS, L('transfer_consent')]);
export const ConsentRoleSchema = Type.Union([L('household_head'), L('owner'), L('guardian'), L('other')]);
export const ReasonSchema = Type.Object(
  { code: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', maxLength: 64 }), vi: Type.String({ minLength: 1, maxLength: 500 }), en: Type.String({ minLength: 1, maxLength: 500 }) },
  Closed,
);

/**
 * A procedure's form as the dossier keeps and shows it: flat values, lists of them, or lists
 * of flat objects (household members). Procedures declare forms that fit (checked at filing).
 */
const Scalar = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean(), Type.Null()]);
const FlatObject = Type.Record(Type.String(), Scalar, Closed);
export const FormValue = Type.Union([Scalar, Type.Array(Scalar, { maxItems: 200 }), Type.Array(FlatObject, { maxItems: 200 })]);
export const FormSchema = Type.Record(Type.String({ maxLength: 64 }), FormValue, { ...Closed, maxProperties: 200 });
export const formShape = TypeCompiler.Compile(FormSchema);

const OptionalNote = Nullable(Str);
const ActionStatusSchema = Type.Union([L('requested'), L('accepted'), L('rejected')]);
/** One action of the log: its payload's shape follows its type. */
function actionOf<T extends ActionType, P extends TSchema>(type: T, payload: P) {
  return Type.Object({ seq: Type.Integer(), type: L(type), status: ActionStatusSchema, actor: Type.Object({ kind: Str, id: Str, name: Nullable(Str) }, Closed), at: Str, payload }, Closed);
}
export const ActionView = Type.Union([
  actionOf('submit', Type.Object({ channel: ChannelSchema }, Closed)),
  actionOf('request_supplement', Type.Object({ missing: Type.Array(ReasonSchema), note: OptionalNote, notice: L('CT05') }, Closed)),
  actionOf('supplement', Type.Object({ documents: Type.Array(Str), note: OptionalNote }, Closed)),
  actionOf('receive', Type.Object({ receivedAt: Str, receivedOn: Str, dueDate: Str, workingDays: Type.Integer(), receipt: L('CT04') }, Closed)),
  actionOf('refuse', Type.Object({ reasons: Type.Array(ReasonSchema), notice: L('CT06') }, Closed)),
  actionOf('pay_fee', Type.Object({ amountVnd: Type.Integer(), method: Type.Union([L('cash'), L('transfer'), L('online'), L('none')]), receiptNo: OptionalNote, auto: Type.Boolean() }, Closed)),
  actionOf('assign', Type.Object({ officerId: Str }, Closed)),
  actionOf('review', Type.Object({ note: OptionalNote }, Closed)),
  actionOf('decide', Type.Object({ outcome: Type.Union([L('approve'), L('reject')]), reasons: Type.Array(ReasonSchema), note: OptionalNote, effect: Nullable(Type.Record(Type.String(), Scalar, Closed)) }, Closed)),
  actionOf('notify_result', Type.Object({ notice: Type.Union([L('CT08'), L('CT06')]), notifiedOn: Str, late: Type.Boolean() }, Closed)),
  actionOf('withdraw', Type.Object({ reason: OptionalNote }, Closed)),
  actionOf('request_consent', Type.Object({ personId: Str, pin: Str, role: ConsentRoleSchema, note: OptionalNote }, Closed)),
  actionOf('give_consent', Type.Object({ requestSeq: Type.Integer(), note: OptionalNote }, Closed)),
  actionOf('refuse_consent', Type.Object({ requestSeq: Type.Integer(), note: OptionalNote }, Closed)),
  actionOf('transfer_consent', Type.Object({ requestSeq: Type.Integer(), personId: Str, pin: Str, reason: L('person_merged') }, Closed)),
]);

const summaryFields = {
  id: Str,
  code: Str,
  procedure: Type.Object({ code: Str, name: Message }, Closed),
  unitCode: Str,
  channel: ChannelSchema,
  applicant: Type.Object({ pin: Str, fullName: Str }, Closed),
  state: StatusSchema,
  lastSeq: Type.Integer(),
  submittedAt: Str,
  receivedAt: Nullable(Str),
  dueDate: Nullable(Str),
  assignedTo: Nullable(Str),
  assignedName: Nullable(Str),
  overdue: Type.Boolean(),
  dueSoon: Type.Boolean(),
  late: Nullable(Type.Boolean()),
};
export const DossierSummaryView = Type.Object(summaryFields, Closed);

export const AttachmentView = Type.Object(
  { id: Str, documentCode: Str, fileName: Str, mediaType: Str, sizeBytes: Type.Integer(), sha256: Str, uploadedBy: Str, uploadedAt: Str },
  Closed,
);

export const DossierView = Type.Object(
  {
    ...summaryFields,
    form: FormSchema,
    fee: Type.Object({ dueVnd: Type.Integer(), paidVnd: Nullable(Type.Integer()) }, Closed),
    documents: Type.Array(Type.Object({ code: Str, name: Message, required: Type.Boolean(), heldByRegistry: Type.Boolean(), attached: Type.Boolean() }, Closed)),
    consents: Type.Array(Type.Object({ requestSeq: Type.Integer(), pin: Str, fullName: Nullable(Str), role: ConsentRoleSchema, status: ActionStatusSchema }, Closed)),
    availableActions: Type.Array(ActionTypeSchema),
    yourActions: Type.Array(ActionTypeSchema),
    actions: Type.Array(ActionView),
    attachments: Type.Array(AttachmentView),
    officerNames: Type.Record(Type.String(), Str, Closed),
  },
  Closed,
);

/**
 * A procedure form's JSON Schema as the API sends it, described as closed objects so the
 * OpenAPI document says what comes out: the keywords TypeBox writes for the form convention
 * (flat values, enums, lists of flat objects) and the x-
 * annotations of docs/procedure-forms.md. A keyword not listed here is not sent.
 */
function formNode(depth: number): TSchema {
  const leaf = {
    type: Type.Optional(Type.String()),
    title: Type.Optional(Str),
    description: Type.Optional(Str),
    'x-label-en': Type.Optional(Str),
    'x-widget': Type.Optional(Str),
    'x-prefill': Type.Optional(Str),
    'x-help': Type.Optional(Message),
    'x-option-labels': Type.Optional(Type.Record(Type.String(), Message, Closed)),
    // Enum options are string literals (their labels are keyed by them).
    const: Type.Optional(Str),
    format: Type.Optional(Str),
    pattern: Type.Optional(Str),
    minLength: Type.Optional(Type.Integer()),
    maxLength: Type.Optional(Type.Integer()),
    minimum: Type.Optional(Type.Number()),
    maximum: Type.Optional(Type.Number()),
    exclusiveMinimum: Type.Optional(Type.Number()),
    exclusiveMaximum: Type.Optional(Type.Number()),
    multipleOf: Type.Optional(Type.Number()),
    minItems: Type.Optional(Type.Integer()),
    maxItems: Type.Optional(Type.Integer()),
    uniqueItems: Type.Optional(Type.Boolean()),
    maxProperties: Type.Optional(Type.Integer()),
    required: Type.Optional(Type.Array(Str)),
    additionalProperties: Type.Optional(Type.Boolean()),
  };
  if (depth === 0) return Type.Object(leaf, Closed);
  const child = formNode(depth - 1);
  // Enum options are leaves (literals, null); only properties and list items nest.
  return Type.Object({ ...leaf, properties: Type.Optional(Type.Record(Type.String(), child, Closed)), items: Type.Optional(child), anyOf: Type.Optional(Type.Array(formNode(0))) }, Closed);
}
/** The form → a field → a list's item → its field. */
export const FormJsonSchemaView = formNode(3);

export const ProcedureView = Type.Object(
  {
    code: Str,
    name: Message,
    documents: Type.Array(Type.Object({ code: Str, name: Message, required: Type.Boolean(), heldByRegistry: Type.Boolean() }, Closed)),
    fee: Type.Object({ counterVnd: Type.Integer(), onlineVnd: Type.Integer() }, Closed),
    workingDays: Type.Integer(),
    decidedBy: Str,
    channels: Type.Array(ChannelSchema),
    minEidLevel: Type.Union([L(1), L(2)]),
    form: FormJsonSchemaView,
  },
  Closed,
);

export const OfficerChoiceView = Type.Object(
  { id: Str, username: Str, displayName: Str, role: Str, unitLevel: Str, unitCode: Nullable(Str) },
  Closed,
);

const NullableNum = Nullable(Type.Number());
export const FigureRowView = Type.Object(
  {
    code: Str,
    name: Str,
    filed: Type.Integer(),
    filedOnline: Type.Integer(),
    onlineShare: NullableNum,
    received: Type.Integer(),
    decided: Type.Integer(),
    avgWorkingDays: NullableNum,
    avgCalendarDays: NullableNum,
    resultsGiven: Type.Integer(),
    onTime: Type.Integer(),
    late: Type.Integer(),
    onTimeShare: NullableNum,
    overdueNow: Type.Integer(),
  },
  Closed,
);
export const FiguresView = Type.Object(
  { from: Str, to: Str, asOf: Str, by: Type.Union([L('province'), L('commune')]), unitCode: Nullable(Str), rows: Type.Array(FigureRowView), total: FigureRowView },
  Closed,
);

/** What a caller says with an action (the engine computes codes, dates and amounts itself). */
export const ActionBody = Type.Object(
  {
    type: ActionInputTypeSchema,
    expectedSeq: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    payload: Type.Optional(
      Type.Object(
        {
          missing: Type.Optional(Type.Array(ReasonSchema, { minItems: 1, maxItems: 50 })),
          reasons: Type.Optional(Type.Array(ReasonSchema, { minItems: 1, maxItems: 50 })),
          note: Type.Optional(Type.String({ maxLength: 1000 })),
          documents: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
          method: Type.Optional(Type.Union([L('cash'), L('transfer'), L('online')])),
          receiptNo: Type.Optional(Type.String({ maxLength: 64 })),
          officerId: Type.Optional(Type.String({ maxLength: 64 })),
          outcome: Type.Optional(Type.Union([L('approve'), L('reject')])),
          pin: Type.Optional(Type.String({ pattern: '^[0-9]{12}$', maxLength: 12 })),
          role: Type.Optional(ConsentRoleSchema),
          requestSeq: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
          reason: Type.Optional(Type.String({ maxLength: 1000 })),
        },
        Closed,
      ),
    ),
  },
  Closed,
);
