import { Type } from '@sinclair/typebox';
import { latestCheckpoint, listAuditEntries, verifyAudit } from './audit-service.js';
import { requireOfficer, type App } from './http.js';
import { PageQuery, Problem } from './schemas.js';

/** A detail value as the log shows it: a scalar or a list of scalars; anything nested comes as its JSON text. */
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const DetailValue = Type.Union([Scalar, Type.Array(Scalar)]);

const AuditRowView = Type.Object({
  seq: Type.Integer(),
  chain: Type.Union([Type.Literal('change'), Type.Literal('access')]),
  at: Type.String(),
  actorKind: Type.String(),
  actorId: Type.String(),
  action: Type.String(),
  targetKind: Type.String(),
  targetId: Type.String(),
  unitCode: Type.Union([Type.String(), Type.Null()]),
  purpose: Type.Union([Type.String(), Type.Null()]),
  dossier: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), DetailValue, { additionalProperties: false }),
  /** "Nguyễn Văn Bình (cb.phuongbadinh)" when the actor is an officer. */
  actorName: Type.Union([Type.String(), Type.Null()]),
  /** The same for an officer the entry is about (an account change). */
  targetName: Type.Union([Type.String(), Type.Null()]),
}, { additionalProperties: false });
const AuditPage = Type.Object(
  { items: Type.Array(AuditRowView), total: Type.Integer(), totalCapped: Type.Boolean({ description: 'true: there are more matching rows than `total` (counting stops at 10,000)' }), page: Type.Integer(), pageSize: Type.Integer() },
  { additionalProperties: false },
);

const Nullable = <T extends ReturnType<typeof Type.Integer> | ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Checkpoint = Type.Object({ blockNo: Type.Integer(), treeSize: Type.Integer(), blockHash: Type.String(), sealedAt: Type.String(), keyId: Type.String(), signature: Type.String() }, { additionalProperties: false });
const Verification = Type.Object(
  {
    ok: Type.Boolean(),
    fromBlock: Type.Integer(),
    toBlock: Type.Integer(),
    checkedBlocks: Type.Integer(),
    checkedRows: Type.Integer(),
    treeSize: Type.Integer(),
    unsealed: Type.Object({ rows: Type.Integer(), oldestSeq: Nullable(Type.Integer()), oldestAt: Nullable(Type.String()) }, { additionalProperties: false }),
    problems: Type.Array(Type.Object({ reason: Type.String(), blockNo: Nullable(Type.Integer()), seq: Nullable(Type.Integer()), detail: Type.String() }, { additionalProperties: false })),
    state: Type.Union([Type.Object({ blockNo: Type.Integer(), blockHash: Type.String(), treeSize: Type.Integer() }, { additionalProperties: false }), Type.Null()]),
  },
  { additionalProperties: false },
);

/** Reading the audit log of a unit, and verifying the chain. */
export async function auditRoutes(app: App): Promise<void> {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit and access log entries of an administrative unit (a province: its communes too), newest first, filtered by actor, target, action and time',
        querystring: Type.Object(
          {
            unitCode: Type.Optional(Type.String({ pattern: '^([0-9]{2}|[0-9]{5})$', maxLength: 5 })),
            chain: Type.Optional(Type.Union([Type.Literal('change'), Type.Literal('access')])),
            actor: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'an officer username, or an actor id as logged' })),
            targetKind: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$', maxLength: 40 })),
            targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            action: Type.Optional(Type.String({ pattern: '^[a-z0-9_]+(\\.[a-z0-9_]+)*\\.?$', maxLength: 80, description: 'an action, or a family ending in a dot: `officer.`' })),
            from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
            to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: AuditPage, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => listAuditEntries(app.ctx, requireOfficer(req), req.query),
  );
  app.post(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Verify every sealed block of the log (links, hashes, signed checkpoints, each row) and the witness checkpoint; counts rows not sealed yet',
        response: { 200: Verification, 401: Problem, 403: Problem },
      },
    },
    async (req) => verifyAudit(app.ctx, requireOfficer(req)),
  );
  app.get(
    '/api/audit/checkpoint',
    {
      schema: {
        tags: ['audit'],
        summary: 'The newest signed checkpoint of the audit log and the public keys that sign checkpoints (public: keep copies to prove the log is never cut back)',
        response: {
          200: Type.Object(
            { checkpoint: Type.Union([Checkpoint, Type.Null()]), keys: Type.Array(Type.Object({ kid: Type.String(), algorithm: Type.Literal('Ed25519'), publicKey: Type.String() }, { additionalProperties: false })) },
            { additionalProperties: false },
          ),
        },
      },
    },
    async () => latestCheckpoint(app.ctx),
  );
}
