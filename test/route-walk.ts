import fc from 'fast-check';
import { seedDemo } from '../src/demo.js';
import type { App } from '../src/kernel/http.js';
import { testContext, type TestContext } from './context.js';
import { citizenLogin } from './eid-helpers.js';
import { login } from './login.js';
import { newHousehold, newPerson } from './people-factory.js';
import { ADJUST_MARKS } from './dossier-procedures.js';
import { submitDossier } from '../src/modules/dossiers/index.js';
import { systemActor } from '../src/kernel/actor.js';
import { encodeText, junk, textValue, value, type JsonSchema, type Known } from './schema-arbitrary.js';

/**
 * Walking every route of the OpenAPI document as every kind of caller that matters: the
 * fixture (a database with officers, a citizen with an e-ID account, people and a household),
 * the operations read from the document, and generated requests for them.
 */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface OpenApiOperation {
  parameters?: Operation['params'];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface Operation {
  method: string;
  path: string;
  params: Array<{ name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema }>;
  body: JsonSchema | undefined;
  /** The route reads a streamed upload (bulk import): its body is not generated here. */
  streamed: boolean;
  /** Declared response statuses. */
  statuses: string[];
}

export interface Caller {
  name: string;
  headers(): Record<string, string>;
}

export interface GeneratedRequest {
  url: string;
  payload: string | undefined;
  contentType: string | undefined;
}

/**
 * The bulk import streams NDJSON/CSV uploads, described in the document by media type only:
 * its bodies come from `uploadArbitrary` (rows with hostile text, broken CSV quoting, no body,
 * an empty body, a JSON body, another media type). Dossier attachments are raw files their own
 * tests cover; here they get generated query strings and an empty upload.
 */
const STREAMED = new Set(['POST /api/people:import', 'POST /api/households:import', 'POST /api/dossiers/{id}/attachments', 'POST /api/citizen/dossiers/{id}/attachments']);

/** Routes that end the caller's session or lock the account: walked last for each caller. */
export const ENDS_SESSION = new Set(['POST /api/auth/logout', 'POST /api/citizen/logout', 'POST /api/citizen/sessions/revoke-all', 'POST /api/citizen/lock']);

export interface RouteWalk {
  t: TestContext;
  app: App;
  /** Real values of the database, offered where a schema's pattern or format fits. */
  known: Known;
  /** No session, a citizen portal session, a commune officer, an administrator. */
  callers: Caller[];
  operations: Operation[];
}

export async function routeWalk(): Promise<RouteWalk> {
  const t = await testContext({ devMessages: true, rateLimitScale: 1000 });
  const logins = await seedDemo(t.ctx, { population: false });
  const app = await t.app();
  const head = await newPerson(t.ctx);
  const child = await newPerson(t.ctx, { birthDate: '2015-02-03', fatherPin: head.pin });
  const household = await newHousehold(t.ctx, head, [{ person: child, relation: 'con' }]);
  const elsewhere = await newPerson(t.ctx, { unitCode: '00008' });
  const lan = logins.find((l) => l.role === 'citizen' && l.password !== '—')!;
  const minh = logins.find((l) => l.role === 'citizen' && l.password === '—')!;
  const officer = await login(app, 'cb.phuongbadinh');
  const admin = await login(app, 'admin');
  const citizen = await citizenLogin(app, t.ctx, lan.username, lan.password, '0912000001');
  // A dossier under the tests' procedure, so its routes are walked with a real id and code.
  const dossier = await submitDossier(t.ctx, systemActor('route-walk'), { procedure: ADJUST_MARKS.code, applicantPin: head.pin, unitCode: '00004', channel: 'counter', requestId: 'route-walk-0001', form: { identifyingMarks: 'Sẹo' } });
  const ids = await t.db.pool.query<{ id: string }>('SELECT id::text AS id FROM eid_account UNION ALL SELECT id::text FROM officer');
  const known = [head.pin, child.pin, elsewhere.pin, lan.username, minh.username, household.householdNo, '00004', '00008', '01', '001', '00001', dossier.id, ADJUST_MARKS.code, 'CT01', ...ids.rows.map((r) => r.id)];
  const callers: Caller[] = [
    { name: 'nobody', headers: () => ({}) },
    { name: 'citizen', headers: () => citizen.headers },
    { name: 'commune officer', headers: () => officer.headers },
    { name: 'admin', headers: () => admin.headers },
  ];
  return { t, app, known, callers, operations: operationsOf(app.swagger() as unknown as OpenApiDocument) };
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const m = method.toUpperCase();
      const content = op.requestBody?.content ?? {};
      ops.push({ method: m, path, params: op.parameters ?? [], body: content['application/json']?.schema, streamed: STREAMED.has(`${m} ${path}`), statuses: Object.keys(op.responses ?? {}) });
    }
  }
  return ops.sort((a, b) => Number(ENDS_SESSION.has(`${a.method} ${a.path}`)) - Number(ENDS_SESSION.has(`${b.method} ${b.path}`)));
}

/** A request before it is written out: values by place, so one of them can be replaced. */
export interface RequestParts {
  path: string[];
  query: string[][];
  extra: [string, string] | null;
  body: Omit<GeneratedRequest, 'url'>;
  /** The body as a value, when it is JSON generated from the schema. */
  bodyValue?: unknown;
}

/**
 * Requests for an operation: a quarter shaped like the schema throughout (they reach the
 * services), half shaped like it but for one hostile text value (NUL, an unpaired surrogate,
 * very long text, …) in one parameter or body field, a quarter with hostile values at about
 * one node in seven, or a malformed body.
 */
export function requestArbitrary(op: Operation, known: Known): fc.Arbitrary<RequestParts> {
  const clean = partsOf(op, known, 0);
  return fc.oneof(
    { weight: 1, arbitrary: clean },
    { weight: 2, arbitrary: fc.tuple(clean, fc.nat(), fc.constantFrom(...HOSTILE_TEXT)).map(([parts, slot, text]) => withText(parts, slot, text)) },
    { weight: 1, arbitrary: partsOf(op, known, 6) },
  );
}

/** Shaped like the schema, nothing hostile. */
export function cleanRequestArbitrary(op: Operation, known: Known): fc.Arbitrary<RequestParts> {
  return partsOf(op, known, 0);
}

function partsOf(op: Operation, known: Known, hostility: number): fc.Arbitrary<RequestParts> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const pathArb = fc.tuple(...pathParams.map((p) => textValue(p.schema, known, hostility)));
  const queryArb = fc.tuple(...queryParams.map((p) => (p.required && p.schema.default === undefined ? textValue(p.schema, known, hostility).map((v) => [v]) : fc.option(textValue(p.schema, known, hostility), { freq: 2 }).map((v) => (v === null ? [] : [v])))));
  // Unknown and repeated parameters.
  const extraArb: fc.Arbitrary<[string, string] | null> = hostility === 0 ? fc.constant(null) : fc.option(fc.tuple(fc.constantFrom('sudo', 'q', 'page', '\u0000', 'purpose'), fc.constantFrom('1', '\u0000', 'x'.repeat(3000), '-1')), { freq: 4 });
  const none = { body: { payload: undefined, contentType: undefined } };
  const json = (v: unknown) => ({ body: { payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' }, bodyValue: v });
  const raw = (payload: string, contentType = 'application/json') => ({ body: { payload, contentType } });
  const bodyArb: fc.Arbitrary<Pick<RequestParts, 'body' | 'bodyValue'>> = op.streamed
    ? uploadArbitrary(hostility).map(([payload, type]) => (payload === undefined ? none : raw(payload, type)))
    : op.body
      ? hostility === 0
        ? value(op.body, known, 0).map(json)
        : fc.oneof(
            { weight: 10, arbitrary: value(op.body, known, hostility).map(json) },
            { weight: 1, arbitrary: fc.constantFrom('{"a":', '', '[[[[[[[[[[', '{"x":"\\u0000"}', `${'['.repeat(20_000)}${']'.repeat(20_000)}`).map((p) => raw(p)) },
            { weight: 1, arbitrary: fc.constant(raw('a=1', 'application/x-www-form-urlencoded')) },
          )
      : ['GET', 'HEAD'].includes(op.method) || hostility === 0
        ? fc.constant(none)
        : fc.oneof(fc.constant(none), junk.map(json));
  return fc.tuple(pathArb, queryArb, extraArb, bodyArb).map(([path, query, extra, body]) => ({ path, query, extra, ...body }));
}

/** A bulk-import upload: payload (undefined: no body) and media type. */
function uploadArbitrary(hostility: number): fc.Arbitrary<[string | undefined, string]> {
  const text = hostility === 0 ? fc.constantFrom('Nguyễn Văn An', 'Số 1 phố Huế', '00004') : fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ unit: 'grapheme', maxLength: 20 }));
  const field = fc.constantFrom('externalId', 'householdExternalId', 'pin', 'fullName', 'sex', 'birthDate', 'ethnicityCode', 'communeCode', 'addressDetail', 'relationToHead');
  const row = fc.dictionary(field, text, { maxKeys: 6 });
  const ndjson = fc.array(fc.oneof({ weight: 4, arbitrary: row.map((r) => JSON.stringify(r)) }, { weight: 1, arbitrary: fc.constantFrom('{', '[1]', 'null', '', '"\u0000"') }), { maxLength: 4 }).map((l): [string, string] => [l.join('\n'), 'application/x-ndjson']);
  const csvCell = fc.oneof(text, fc.constantFrom('"', '"unclosed', 'a"b', '"x"y', ''));
  const csv = fc.array(fc.array(csvCell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(',')), { maxLength: 4 }).map((l): [string, string] => [['externalId,pin,fullName,sex', ...l].join('\r\n'), 'text/csv']);
  const odd = fc.constantFrom<[string | undefined, string]>([undefined, ''], ['', 'application/x-ndjson'], ['{"rows":[]}', 'application/json'], ['a=1', 'application/x-www-form-urlencoded'], ['"a,b\nx', 'text/csv'], ['\r\n', 'text/csv']);
  return fc.oneof({ weight: 2, arbitrary: ndjson }, { weight: 2, arbitrary: csv }, { weight: 1, arbitrary: odd });
}

/** Text that must never reach the database unchecked, or that tests a limit; NUL first. */
export const HOSTILE_TEXT = ['a\u0000b', '\u0000', 'Nguyễn\u0000Văn', 'x\ud800', '\udfff', 'x'.repeat(5_000), "'\"\\;--", '😀'.repeat(300)];

/**
 * The places a text value can go: each path parameter, each query parameter (given or not)
 * and each string or null in a JSON body.
 */
export function textSlots(parts: RequestParts): number {
  return parts.path.length + parts.query.length + (parts.bodyValue === undefined ? 0 : stringSetters(structuredClone(parts.bodyValue)).length);
}

/** The request with the text in slot `slot` (modulo the number of slots) replaced. */
export function withText(parts: RequestParts, slot: number, text: string): RequestParts {
  const n = textSlots(parts);
  if (n === 0) return parts;
  let i = slot % n;
  if (i < parts.path.length) return { ...parts, path: parts.path.map((v, j) => (j === i ? text : v)) };
  i -= parts.path.length;
  if (i < parts.query.length) return { ...parts, query: parts.query.map((v, j) => (j === i ? [text] : v)) };
  i -= parts.query.length;
  const body = structuredClone(parts.bodyValue);
  stringSetters(body)[i]!(text);
  return { ...parts, bodyValue: body, body: { payload: JSON.stringify(body), contentType: 'application/json' } };
}

function stringSetters(root: unknown): Array<(text: string) => void> {
  const out: Array<(text: string) => void> = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => (typeof x === 'string' ? out.push((t) => (v[i] = t)) : visit(x)));
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        if (typeof o[k] === 'string' || o[k] === null) out.push((t) => (o[k] = t));
        else visit(o[k]);
      }
    }
  };
  visit(root);
  return out;
}

export function toRequest(op: Operation, parts: RequestParts): GeneratedRequest {
  let path = op.path;
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  pathParams.forEach((p, i) => {
    path = path.replace(`{${p.name}}`, encodeText(parts.path[i]!));
  });
  const pairs: string[] = [];
  queryParams.forEach((p, i) => {
    for (const v of parts.query[i]!) pairs.push(`${encodeText(p.name)}=${encodeText(v)}`);
  });
  if (parts.extra) pairs.push(`${encodeText(parts.extra[0])}=${encodeText(parts.extra[1])}`);
  return { url: pairs.length ? `${path}?${pairs.join('&')}` : path, ...parts.body };
}

export async function send(app: App, op: Operation, caller: Caller, req: GeneratedRequest) {
  const headers: Record<string, string> = { ...caller.headers(), ...(req.contentType ? { 'content-type': req.contentType } : {}) };
  return app.inject({ method: op.method as 'GET', url: req.url, headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
}

/** A request as one line for a failure message (long values cut). */
export function describeRequest(caller: Caller, op: Operation, req: GeneratedRequest): string {
  const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);
  return `${caller.name}: ${op.method} ${cut(req.url)}${req.payload === undefined ? '' : ` ${cut(req.payload)}`}`;
}
