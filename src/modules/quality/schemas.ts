import { Type } from '@sinclair/typebox';
import { Closed } from '../../kernel/schemas.js';
import { PersonView, PinEntryView, ResidenceView } from '../people/index.js';
import { RULE_CODES, type RuleCode } from './rules.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const RuleCodeSchema = Type.Unsafe<RuleCode>(Type.Union(RULE_CODES.map((r) => Type.Literal(r))));
const Counts = Type.Record(Type.String(), Type.Integer());

/** What each rule says about its defect (rules.ts), every field optional: one closed shape for all rules. */
const Strings = Type.Array(Type.String());
export const FindingDetail = Type.Object(
  {
    errors: Type.Optional(Strings),
    fields: Type.Optional(Strings),
    units: Type.Optional(Strings),
    open: Type.Optional(Type.Integer()),
    openResidences: Type.Optional(Type.Integer()),
    inHousehold: Type.Optional(Type.Boolean()),
    plannedEnd: Type.Optional(Type.String()),
    sharedWithAnotherRecord: Type.Optional(Strings),
    noLongerLinked: Type.Optional(Strings),
    members: Type.Optional(Type.Integer()),
    livingHeads: Type.Optional(Type.Integer()),
  },
  Closed,
);

export const FindingView = Type.Object(
  {
    id: Type.String(),
    rule: RuleCodeSchema,
    subjectKind: Type.Union([Type.Literal('person'), Type.Literal('household')]),
    subjectRef: Type.String({ description: 'PIN or household number' }),
    unitCode: Nullable(Type.String()),
    detail: FindingDetail,
    state: Type.Union([Type.Literal('open'), Type.Literal('fixed'), Type.Literal('accepted')]),
    ownerId: Nullable(Type.String()),
    reason: Nullable(Type.String()),
    foundAt: Type.String(),
    closedAt: Nullable(Type.String()),
  },
  Closed,
);

const Side = Nullable(Type.Object({ pin: Type.String(), fullName: Type.String(), birthDate: Type.String(), sex: Type.Union([Type.Literal('M'), Type.Literal('F')]), unitCode: Nullable(Type.String()) }, Closed));
export const CandidateView = Type.Object(
  {
    pinA: Nullable(Type.String()),
    pinB: Nullable(Type.String()),
    score: Type.Number({ description: 'Match weight: log2 of the odds that both records are one person' }),
    probability: Type.Number(),
    decision: Type.Union([Type.Literal('match'), Type.Literal('review')]),
    state: Type.Union([Type.Literal('open'), Type.Literal('merged'), Type.Literal('not_duplicate'), Type.Literal('superseded')]),
    a: Side,
    b: Side,
    otherUnit: Nullable(Type.String({ description: 'The commune of the side outside your scope (a pair across units goes to the level that holds both)' })),
    decidable: Type.Boolean(),
    foundAt: Type.String(),
    cluster: Nullable(Type.Object({ id: Type.String(), size: Type.Integer({ minimum: 2, description: 'Records linked with this pair directly or through others' }) }, Closed)),
  },
  Closed,
);

export const ContributionView = Type.Object({ field: Type.String(), level: Type.String(), weight: Type.Number() }, Closed);
const RecordView = Type.Object(
  {
    person: PersonView,
    requestedPin: Type.String(),
    replacedBy: Nullable(Type.String()),
    pins: Type.Array(PinEntryView),
    residences: Type.Array(ResidenceView),
    household: Nullable(Type.Object({ id: Type.String(), householdNo: Type.String(), relation: Type.String(), validFrom: Type.String() }, Closed)),
  },
  Closed,
);
export const ComparisonView = Type.Object({ pair: CandidateView, contributions: Type.Array(ContributionView), a: RecordView, b: RecordView }, Closed);

export const MergeResultView = Type.Object(
  {
    survivorPin: Type.String(),
    mergedPin: Type.String(),
    moved: Type.Object(
      {
        filledFields: Type.Array(Type.String()),
        relinkedPeople: Type.Array(Type.String()),
        residencesMoved: Type.Integer(),
        residencesClosed: Type.Integer(),
        household: Type.Union([Type.Literal('moved'), Type.Literal('left'), Type.Literal('none')]),
        headlessHouseholdNo: Nullable(Type.String()),
      },
      Closed,
    ),
    account: Type.Union([Type.Literal('none'), Type.Literal('moved'), Type.Literal('kept_survivor'), Type.Literal('locked_duplicate')]),
  },
  Closed,
);

const Figures = Type.Object({ people: Type.Integer(), clean: Type.Integer(), cleanRate: Type.Number(), byRule: Counts }, Closed);
export const ReportView = Type.Object(
  {
    units: Type.Array(Type.Object({ unitCode: Type.String(), people: Type.Integer(), clean: Type.Integer(), cleanRate: Type.Number(), byRule: Counts }, Closed)),
    totals: Figures,
    trend: Type.Array(Type.Object({ day: Type.String(), people: Type.Integer(), clean: Type.Integer(), cleanRate: Type.Number(), open: Type.Integer() }, Closed)),
  },
  Closed,
);

export const RunView = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('rules'), Type.Literal('duplicates')]),
    provinceCode: Nullable(Type.String()),
    status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed'), Type.Literal('stopped')]),
    startedAt: Type.String(),
    finishedAt: Nullable(Type.String()),
    total: Type.Integer(),
    done: Type.Integer(),
    found: Type.Integer(),
  },
  Closed,
);

export const ThresholdsView = Type.Object({ match: Type.Number({ minimum: -50, maximum: 100 }), review: Type.Number({ minimum: -50, maximum: 100 }) }, Closed);
