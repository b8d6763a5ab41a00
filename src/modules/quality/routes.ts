import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { authorize } from '../../kernel/access.js';
import { requireOfficer, type App } from '../../kernel/http.js';
import { Closed, PageOf, PageQuery, Problem } from '../../kernel/schemas.js';
import type { ExportFile } from '../../kernel/table-export.js';
import { comparePair, decideNotDuplicate, listCandidates } from './candidates.js';
import { acceptFinding, exportFindings, listFindings } from './findings.js';
import { mergePair } from './merge.js';
import { currentModel, currentThresholds, setThresholds } from './model-store.js';
import { QUALITY_READ, QUALITY_RUN } from './permissions.js';
import { exportQualityReport, qualityReport } from './report.js';
import { RuleCodeSchema } from './schemas.js';
import type { RuleCode } from './rules.js';
import * as schemas from './schemas.js';
import { listRuns, startRun } from './runs.js';
import { DEFAULT_THRESHOLDS } from './linkage/index.js';
import { invalid } from '../../kernel/errors.js';

const TAGS = ['quality'];
const Pin = Type.String({ pattern: '^[0-9]{12}$', maxLength: 12 });
const Unit = Type.String({ pattern: '^([0-9]{2}|[0-9]{5})$', maxLength: 5 });
const Format = Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]);
const Lang = Type.Union([Type.Literal('vi'), Type.Literal('en')]);
const State = Type.Union([Type.Literal('open'), Type.Literal('fixed'), Type.Literal('accepted')]);
const PairState = Type.Union([Type.Literal('open'), Type.Literal('merged'), Type.Literal('not_duplicate'), Type.Literal('superseded')]);
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const FileResponse = { description: 'The list as a file (attachment)', content: { 'text/csv': { schema: Binary }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Binary } } };
const PairParams = Type.Object({ pinA: Pin, pinB: Pin }, Closed);
const Note = Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()]));

function sendFile(reply: FastifyReply, file: ExportFile) {
  return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${file.filename}"`).type(file.contentType).send(file.body);
}

/** Data quality over HTTP: cleaning lists, duplicate review and merge, the report, runs. One service call per handler. */
export async function qualityRoutes(app: App): Promise<void> {
  const ctx = app.ctx;

  app.get('/api/quality/findings', {
    schema: { tags: TAGS, summary: 'The cleaning list of your unit: records failing a rule, oldest first (PINs shown are access-logged)', querystring: Type.Object({ rule: Type.Optional(RuleCodeSchema), state: Type.Optional(State), unitCode: Type.Optional(Unit), ...PageQuery }, Closed), response: { 200: PageOf(schemas.FindingView), ...errors } },
  }, async (req) => listFindings(ctx, requireOfficer(req), { ...req.query, rule: req.query.rule as RuleCode | undefined }));

  app.get('/api/quality/findings/export', {
    schema: { tags: TAGS, summary: 'The cleaning list as CSV or Excel', querystring: Type.Object({ rule: Type.Optional(RuleCodeSchema), state: Type.Optional(State), unitCode: Type.Optional(Unit), format: Format, lang: Type.Optional(Lang) }, Closed), response: { 200: FileResponse, ...errors } },
  }, async (req, reply) => {
    const { format, lang, ...q } = req.query;
    return sendFile(reply, await exportFindings(ctx, requireOfficer(req), { ...q, rule: q.rule as RuleCode | undefined }, format, lang ?? 'vi'));
  });

  app.post('/api/quality/findings/:id/accept', {
    schema: { tags: TAGS, summary: 'Accept a finding as correct (checked against documents), with the reason', params: Type.Object({ id: Type.String({ format: 'uuid' }) }, Closed), body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, Closed), response: { 200: schemas.FindingView, ...errors } },
  }, async (req) => acceptFinding(ctx, requireOfficer(req), req.params.id, req.body.reason));

  app.get('/api/quality/duplicates', {
    schema: { tags: TAGS, summary: 'Suspected duplicate pairs with a record in your unit, best score first (names shown are access-logged)', querystring: Type.Object({ state: Type.Optional(PairState), decision: Type.Optional(Type.Union([Type.Literal('match'), Type.Literal('review')])), ...PageQuery }, Closed), response: { 200: PageOf(schemas.CandidateView), ...errors } },
  }, async (req) => listCandidates(ctx, requireOfficer(req), req.query));

  app.get('/api/quality/duplicates/:pinA/:pinB', {
    schema: { tags: TAGS, summary: 'Both records side by side with each field’s weight (two logged reads)', params: PairParams, response: { 200: schemas.ComparisonView, ...errors } },
  }, async (req) => comparePair(ctx, requireOfficer(req), req.params.pinA, req.params.pinB));

  app.post('/api/quality/duplicates/:pinA/:pinB/not-duplicate', {
    schema: { tags: TAGS, summary: 'Not the same person: remembered, never proposed again', params: PairParams, body: Type.Object({ note: Note }, Closed), response: { 200: schemas.CandidateView, ...errors } },
  }, async (req) => decideNotDuplicate(ctx, requireOfficer(req), req.params.pinA, req.params.pinB, req.body.note?.trim() || null));

  app.post('/api/quality/duplicates/:pinA/:pinB/merge', {
    schema: {
      tags: TAGS,
      summary: 'Merge the pair: the survivor keeps both histories, the other PIN is cancelled and points to it; households, residence and the e-ID account move over in one transaction',
      params: PairParams,
      body: Type.Object({ survivorPin: Pin, survivorVersion: Type.Integer({ minimum: 1 }), mergedVersion: Type.Integer({ minimum: 1 }), note: Note }, Closed),
      response: { 200: schemas.MergeResultView, ...errors },
    },
  }, async (req) => mergePair(ctx, requireOfficer(req), { ...req.params, ...req.body }));

  app.get('/api/quality/report', {
    schema: { tags: TAGS, summary: 'Open findings per unit and rule, the clean rate (people passing every rule and in no open pair), and the trend', querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })) }, Closed), response: { 200: schemas.ReportView, ...errors } },
  }, async (req) => qualityReport(ctx, requireOfficer(req), req.query.days));

  app.get('/api/quality/report/export', {
    schema: { tags: TAGS, summary: 'The quality report as CSV or Excel', querystring: Type.Object({ format: Format, lang: Type.Optional(Lang) }, Closed), response: { 200: FileResponse, ...errors } },
  }, async (req, reply) => sendFile(reply, await exportQualityReport(ctx, requireOfficer(req), req.query.format, req.query.lang ?? 'vi')));

  app.get('/api/quality/runs', {
    schema: { tags: TAGS, summary: 'The latest whole-population runs with their progress', response: { 200: Type.Array(schemas.RunView), ...errors } },
  }, async (req) => listRuns(ctx, requireOfficer(req)));

  app.post('/api/quality/runs', {
    schema: { tags: TAGS, summary: 'Start the rules or duplicate detection over your province (or, nationally, the nation); answers at once, progress in GET /api/quality/runs', body: Type.Object({ kind: Type.Union([Type.Literal('rules'), Type.Literal('duplicates')]), provinceCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })) }, Closed), response: { 202: Type.Object({ started: Type.Literal(true), provinceCode: Type.Union([Type.String(), Type.Null()]) }, Closed), ...errors } },
  }, async (req, reply) => reply.code(202).send(await startRun(ctx, requireOfficer(req), req.body.kind, req.body.provinceCode ?? null)));

  app.get('/api/quality/thresholds', {
    schema: { tags: TAGS, summary: 'Match weights at or above which a pair is a match, or goes to review (below: rejected)', response: { 200: schemas.ThresholdsView, ...errors } },
  }, async (req) => {
    authorize(requireOfficer(req), QUALITY_READ);
    const model = await currentModel(ctx.db.pool);
    return model ? currentThresholds(ctx.db.pool, model) : DEFAULT_THRESHOLDS;
  });

  app.put('/api/quality/thresholds', {
    schema: { tags: TAGS, summary: 'Set the thresholds for automatic link and review', body: schemas.ThresholdsView, response: { 200: schemas.ThresholdsView, ...errors } },
  }, async (req) => {
    const actor = requireOfficer(req);
    authorize(actor, QUALITY_RUN);
    if (req.body.match < req.body.review) throw invalid('thresholds_order', 'match', { vi: 'Ngưỡng khớp phải lớn hơn hoặc bằng ngưỡng cần xem xét.', en: 'The match threshold must be at least the review threshold.' });
    await setThresholds(ctx.db.pool, req.body, actor.id, ctx.clock.now());
    return req.body;
  });
}
