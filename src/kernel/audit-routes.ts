import { Type } from '@sinclair/typebox';
import { listAuditEntries, verifyAudit } from './audit-service.js';
import { requireOfficer, type App } from './http.js';
import { PageOf, PageQuery, Problem } from './schemas.js';

const AuditRowView = Type.Object({
  seq: Type.Integer(),
  chain: Type.String(),
  chainSeq: Type.Integer(),
  at: Type.String(),
  actorKind: Type.String(),
  actorId: Type.String(),
  action: Type.String(),
  targetKind: Type.String(),
  targetId: Type.String(),
  unitCode: Type.Union([Type.String(), Type.Null()]),
  purpose: Type.Union([Type.String(), Type.Null()]),
  dossier: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
});

/** Reading the audit log of a unit, and verifying the chain. */
export async function auditRoutes(app: App): Promise<void> {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit and access log entries of an administrative unit, newest first',
        querystring: Type.Object(
          {
            unitCode: Type.Optional(Type.String({ pattern: '^([0-9]{2}|[0-9]{5})$', maxLength: 5 })),
            chain: Type.Optional(Type.Union([Type.Literal('change'), Type.Literal('access')])),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(AuditRowView), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => listAuditEntries(app.ctx, requireOfficer(req), req.query),
  );
  app.post(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain and report broken rows',
        response: {
          200: Type.Object({ ok: Type.Boolean(), checked: Type.Integer(), breaks: Type.Array(Type.Object({ chain: Type.String(), chainSeq: Type.Integer(), seq: Type.Integer(), reason: Type.String() })) }),
          401: Problem,
          403: Problem,
        },
      },
    },
    async (req) => verifyAudit(app.ctx, requireOfficer(req)),
  );
}
