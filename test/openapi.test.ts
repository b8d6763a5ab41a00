import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonSchema } from './schema-arbitrary.js';
import { cleanRequestArbitrary, describeRequest, routeWalk, send, toRequest, type OpenApiDocument, type RouteWalk } from './route-walk.js';

/**
 * The OpenAPI document is the contract of what leaves the server: every route describes each
 * status it answers with a schema, every object in those schemas is closed, and errors are
 * application/problem+json. Each failure names the route, the status and where in the schema.
 */
let w: RouteWalk;
beforeAll(async () => {
  w = await routeWalk();
}, 240_000);
afterAll(() => w?.t.close());

/** Keywords that say nothing about which values are allowed. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'example', 'default', '$id', 'deprecated', 'readOnly', 'writeOnly']);

/** The document's shared schemas, which `$ref: '#/components/schemas/…'` points into. */
type Components = Record<string, JsonSchema>;

/** Where a schema lets unknown content through: any value, or an object not closed. */
export function openSpots(schema: JsonSchema | boolean, at = '', components: Components = {}): string[] {
  const here = at || '/';
  if (schema === true) return [`${here}: any value (true)`];
  if (schema === false) return [];
  const ref = (schema as { $ref?: string }).$ref;
  if (ref !== undefined) {
    const name = ref.replace('#/components/schemas/', '');
    const target = components[name];
    return target ? openSpots(target, `${at}(${name})`, components) : [`${here}: $ref to a missing schema ${ref}`];
  }
  const s = schema as JsonSchema & { prefixItems?: JsonSchema[] };
  if (Object.keys(s).every((k) => ANNOTATIONS.has(k))) return [`${here}: any value (no constraint)`];
  const out: string[] = [];
  const types = s.type === undefined ? [] : [s.type].flat();
  if (types.includes('object') || s.properties || s.patternProperties || s.additionalProperties !== undefined) {
    if (s.additionalProperties === undefined || s.additionalProperties === true) out.push(`${here}: object open to unknown properties (additionalProperties is not false)`);
    else if (typeof s.additionalProperties === 'object') out.push(...openSpots(s.additionalProperties, `${at}/additionalProperties`, components));
    for (const [k, sub] of Object.entries(s.properties ?? {})) out.push(...openSpots(sub, `${at}/properties/${k}`, components));
    for (const [k, sub] of Object.entries(s.patternProperties ?? {})) out.push(...openSpots(sub, `${at}/patternProperties/${k}`, components));
  }
  if (types.includes('array')) {
    if (!s.items && !s.prefixItems) out.push(`${here}: array of any values`);
    if (s.items) out.push(...openSpots(s.items, `${at}/items`, components));
    (s.prefixItems ?? []).forEach((sub, i) => out.push(...openSpots(sub, `${at}/prefixItems/${i}`, components)));
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) (s[key] ?? []).forEach((sub, i) => out.push(...openSpots(sub, `${at}/${key}/${i}`, components)));
  // Closed objects joined by allOf exclude each other's properties: say it with one object.
  if ((s.allOf ?? []).filter((sub) => sub.properties).length > 1) out.push(`${here}: allOf of objects (describe it as one closed object)`);
  return out;
}

describe('the OpenAPI document', () => {
  it('knows the open schemas it must refuse', () => {
    expect(openSpots({})).toHaveLength(1);
    expect(openSpots({ type: 'object', properties: { a: { type: 'string' } } })).toHaveLength(1);
    expect(openSpots({ type: 'object', additionalProperties: true })).toHaveLength(1);
    expect(openSpots({ type: 'array', items: { type: 'object', properties: {}, additionalProperties: false } })).toEqual([]);
    expect(openSpots({ type: 'object', properties: { d: { type: 'object', patternProperties: { '^(.*)$': {} } } }, additionalProperties: false })).toHaveLength(2);
    expect(openSpots({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toEqual([]);
    const open = { Open: { type: 'object', properties: {} } };
    expect(openSpots({ $ref: '#/components/schemas/Open' } as JsonSchema, '', open)).toHaveLength(1);
    expect(openSpots({ $ref: '#/components/schemas/Gone' } as JsonSchema, '', open)).toHaveLength(1);
  });

  it('gives every route a success schema, a schema for each status and closed objects only, errors as problem+json', () => {
    const doc = w.app.swagger() as unknown as OpenApiDocument;
    const components = doc.components?.schemas ?? {};
    const problems: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const route = `${method.toUpperCase()} ${path}`;
        const responses = op.responses ?? {};
        if (!Object.keys(responses).some((s) => /^[23]/.test(s))) problems.push(`${route}: no success response`);
        for (const [status, response] of Object.entries(responses)) {
          if (status === '204') continue;
          const content = response.content ?? {};
          if (Object.keys(content).length === 0) {
            problems.push(`${route} ${status}: no response schema`);
            continue;
          }
          for (const [media, { schema }] of Object.entries(content)) {
            if (!schema) problems.push(`${route} ${status} ${media}: no schema`);
            else for (const spot of openSpots(schema, '', components)) problems.push(`${route} ${status} ${media} ${spot}`);
          }
          if (Number(status) >= 400 && !content['application/problem+json']) problems.push(`${route} ${status}: not described as application/problem+json`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('describes the errors once, by reference, so the docs page can draw the document quickly', () => {
    const doc = w.app.swagger() as unknown as OpenApiDocument;
    const inline: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          const schema = response.content?.['application/problem+json']?.schema as { $ref?: string } | undefined;
          if (schema && schema.$ref !== '#/components/schemas/Problem') inline.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(inline).toEqual([]);
    // Written out in full the document was 1.5 MB, and Swagger UI took 10 s to show its first
    // operation (30 s in CI, where the browser test timed out); by reference it is 0.7 MB.
    expect(JSON.stringify(doc).length).toBeLessThan(1_000_000);
  });

  it('declares every status a route answers, to each kind of caller', async () => {
    const undeclared: string[] = [];
    const seed = Math.floor(Math.random() * 2 ** 31);
    for (const [ci, caller] of w.callers.entries()) {
      for (const [oi, op] of w.operations.entries()) {
        for (const parts of fc.sample(cleanRequestArbitrary(op, w.known), { numRuns: 1, seed: seed + ci * 7919 + oi })) {
          const req = toRequest(op, parts);
          const res = await send(w.app, op, caller, req);
          if (!op.statuses.includes(String(res.statusCode))) undeclared.push(`${op.method} ${op.path} answered ${res.statusCode} (declared ${op.statuses.join(', ')}) ← ${describeRequest(caller, op, req)}`);
        }
      }
    }
    expect(undeclared, `seed ${seed}`).toEqual([]);
  }, 120_000);
});
