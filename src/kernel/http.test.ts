import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../test/context.js';
import { login } from '../../test/login.js';
import { newPerson } from '../../test/people-factory.js';
import { seedDemo } from '../demo.js';
import { CSP_DIRECTIVES, cspHeader, type App } from './http.js';

let t: TestContext;
let app: App;
beforeAll(async () => {
  t = await testContext();
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
});
afterAll(() => t.close());

async function counts() {
  const r = await t.db.pool.query<{ officers: number; audit: number }>('SELECT (SELECT count(*)::int FROM officer) AS officers, (SELECT count(*)::int FROM audit_log) AS audit');
  return r.rows[0]!;
}

describe('HTTP kernel', () => {
  it('answers /health, /ready, the OpenAPI document and the docs UI', async () => {
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/ready')).json()).toMatchObject({ status: 'ready', engine: t.db.engine });
    const doc = (await app.inject('/api/openapi.json')).json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/units/search', '/api/units/convert/{code}']));
    const ui = await app.inject('/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).not.toMatch(/https?:\/\/(?!localhost)[a-z0-9.-]+\.(com|net|org|io)\//i);
  });

  it('sets security headers on every answer, the docs page included', async () => {
    for (const url of ['/health', '/api/nothing-here', '/api/docs/']) {
      const res = await app.inject(url);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security'], url).toMatch(/^max-age=\d+/);
      const policy = String(res.headers['content-security-policy']).split(';').map((d) => d.trim());
      expect(policy, url).toEqual(expect.arrayContaining(cspHeader(CSP_DIRECTIVES).split('; ')));
    }
  });

  it('answers an unknown route with problem+json 404', async () => {
    const res = await app.inject('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'route_not_found', status: 404, message: { vi: expect.any(String), en: expect.any(String) } });
  });
});

describe('bad input returns problem+json and writes nothing', () => {
  let admin: Awaited<ReturnType<typeof login>>;
  beforeAll(async () => {
    admin = await login(app, 'admin');
  });
  const good = { username: 'cb.new', displayName: 'Cán bộ mới', password: 'a-long-password-1', role: 'commune_officer', unitCode: '00004' };
  const cases: Array<[string, string | object, string, string | undefined]> = [
    ['malformed JSON', '{"username": "x",', 'malformed_json', 'body'],
    ['unknown field', { ...good, isRoot: true }, 'unknown_field', 'isRoot'],
    ['wrong type', { ...good, displayName: 42 }, 'wrong_type', 'displayName'],
    ['too-long string', { ...good, displayName: 'x'.repeat(201) }, 'too_long', 'displayName'],
    ['unknown unit code', { ...good, unitCode: '99999' }, 'unit_not_found', 'unitCode'],
    ['malformed unit code', { ...good, unitCode: '4' }, 'bad_format', 'unitCode'],
    ['missing field', { username: 'cb.new' }, 'required', 'displayName'],
    ['value not allowed', { ...good, role: 'king' }, 'not_allowed', 'role'],
  ];
  it.each(cases)('%s', async (_name, payload, code, field) => {
    const before = await counts();
    const res = await app.inject({
      method: 'POST',
      url: '/api/officers',
      headers: { ...admin.headers, 'content-type': 'application/json', 'accept-language': 'en' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status: 400, code, field });
    expect(body.message.vi).toBeTruthy();
    expect(body.message.en).toBeTruthy();
    expect(body.detail).toBe(body.message.en);
    expect(await counts()).toEqual(before);
  });

  it('rejects a body over the size limit with 413', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/officers', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: JSON.stringify({ ...good, displayName: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'body_too_large' });
  });

  it('rejects a wrong query parameter type and an unknown query parameter', async () => {
    const a = await app.inject({ url: '/api/officers?page=abc', headers: admin.headers });
    expect(a.statusCode).toBe(400);
    expect(a.json()).toMatchObject({ code: 'wrong_type', field: 'page' });
    const b = await app.inject({ url: '/api/officers?sudo=1', headers: admin.headers });
    expect(b.json()).toMatchObject({ code: 'unknown_field', field: 'sudo' });
  });

  it('creates the officer when the input is good, and audits it', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/officers', headers: admin.headers, payload: good });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'cb.new', unitLevel: 'commune', unitCode: '00004', unitName: 'Phường Ba Đình' });
    const again = await app.inject({ method: 'POST', url: '/api/officers', headers: admin.headers, payload: good });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'duplicate' });
  });
});

describe('text PostgreSQL cannot store is refused at the edge, before any handler', () => {
  let officer: Awaited<ReturnType<typeof login>>;
  let pin: string;
  let version: number;
  beforeAll(async () => {
    officer = await login(app, 'cb.phuongbadinh');
    const p = await newPerson(t.ctx);
    pin = p.pin;
    version = p.version;
  });
  async function written() {
    const r = await t.db.pool.query<{ n: string }>("SELECT (SELECT count(*) FROM audit_log) || '/' || (SELECT count(*) FROM person_version) || '/' || (SELECT count(*) FROM household) || '/' || (SELECT max(version) FROM person) AS n");
    return r.rows[0]!.n;
  }
  const cases: Array<[string, () => { method: 'GET' | 'PATCH' | 'POST'; url: string; payload?: string }, string, string]> = [
    ["a read's purpose (query string)", () => ({ method: 'GET', url: `/api/people/${pin}?purpose=tra%20c%E1%BB%A9u%00x` }), 'nul_character', 'purpose'],
    ['identifyingMarks (body)', () => ({ method: 'PATCH', url: `/api/people/${pin}`, payload: JSON.stringify({ identifyingMarks: 'Nốt ruồi\u0000', expectedVersion: version, reasonCode: 'record_correction' }) }), 'nul_character', 'identifyingMarks'],
    ["a change's reason (body)", () => ({ method: 'PATCH', url: `/api/people/${pin}`, payload: JSON.stringify({ identifyingMarks: 'Nốt ruồi', expectedVersion: version, reasonCode: 'record_correction', reasonNote: 'cập nhật\u0000' }) }), 'nul_character', 'reasonNote'],
    ['a nested field (body)', () => ({ method: 'POST', url: '/api/households', payload: JSON.stringify({ unitCode: '00004', address: 'Số 1 phố Huế', headPin: pin, members: [{ pin, relation: 'con\u0000' }], validFrom: '2024-01-01', reasonCode: 'residence_registration' }) }), 'nul_character', 'members.0.relation'],
    ['an object key (body)', () => ({ method: 'PATCH', url: `/api/people/${pin}`, payload: JSON.stringify({ ['bad\u0000key']: 1, expectedVersion: version, reasonCode: 'record_correction' }) }), 'nul_character', 'bad\\u0000key'],
    ['an unpaired surrogate (body)', () => ({ method: 'PATCH', url: `/api/people/${pin}`, payload: JSON.stringify({ identifyingMarks: 'Sẹo \ud800', expectedVersion: version, reasonCode: 'record_correction' }) }), 'invalid_unicode', 'identifyingMarks'],
    ['a path parameter', () => ({ method: 'GET', url: '/api/people/00108%0012345' }), 'nul_character', 'pin'],
    ['the query of a route that reads none', () => ({ method: 'GET', url: '/api/auth/me?x=%00' }), 'nul_character', 'x'],
  ];
  it.each(cases)('%s: 400 problem+json with the code, the field and both languages; nothing written', async (_name, request, code, field) => {
    const before = await written();
    const res = await app.inject({ ...request(), headers: { ...officer.headers, 'content-type': 'application/json', 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status: 400, code, field, errors: [{ field, code }] });
    expect(body.message.vi).toContain(field);
    expect(body.detail).toBe(body.message.en);
    expect(await written()).toBe(before);
  });

  it('finds NUL at the bottom of a deeply nested body quickly, and names its path by its start', async () => {
    const started = performance.now();
    const res = await app.inject({ method: 'PATCH', url: `/api/people/${pin}`, headers: { ...officer.headers, 'content-type': 'application/json' }, payload: `${'['.repeat(200_000)}"\\u0000"${']'.repeat(200_000)}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'nul_character', field: expect.stringMatching(/^0\.0\.0\..*…$/) });
    expect(res.json().field.length).toBeLessThan(210);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
