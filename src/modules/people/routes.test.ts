import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { login, type LoggedIn } from '../../../test/login.js';
import { seedDemo } from '../../demo.js';
import type { App } from '../../kernel/http.js';

let t: TestContext;
let app: App;
let officer: LoggedIn;
beforeAll(async () => {
  t = await testContext();
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
  officer = await login(app, 'cb.phuongbadinh');
});
afterAll(() => t.close());

const good = { fullName: 'Đặng Thị Mai', birthDate: '1995-06-15', sex: 'F', ethnicity: '01', unitCode: '00004', reasonCode: 'initial_registration' };
const personCount = async () => (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM person')).rows[0]!.n;

describe('people routes', () => {
  it('needs a logged-in officer', async () => {
    const res = await app.inject({ url: '/api/people?q=mai' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'login_required' });
  });

  it('registers, reads, edits with a version check, and shows the history', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/people', headers: officer.headers, payload: good });
    expect(created.statusCode).toBe(201);
    const pin = created.json().pin as string;
    const read = await app.inject({ url: `/api/people/${pin}?purpose=dossier_processing&purposeNote=${encodeURIComponent('xác minh hồ sơ')}`, headers: officer.headers });
    expect(read.json()).toMatchObject({ person: { fullName: 'Đặng Thị Mai', version: 1 }, replacedBy: null });
    const edit = { identifyingMarks: 'Sẹo nhỏ ở cằm', expectedVersion: 1, reasonCode: 'record_correction', reasonNote: 'bổ sung đặc điểm nhận dạng' };
    expect((await app.inject({ method: 'PATCH', url: `/api/people/${pin}`, headers: officer.headers, payload: edit })).statusCode).toBe(200);
    const stale = await app.inject({ method: 'PATCH', url: `/api/people/${pin}`, headers: officer.headers, payload: edit });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', field: 'expectedVersion' });
    const history = await app.inject({ url: `/api/people/${pin}/history`, headers: officer.headers });
    expect(history.json().versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const search = await app.inject({ url: '/api/people?q=dang%20thi%20mai', headers: officer.headers });
    expect(search.json().items.map((h: { pin: string }) => h.pin)).toContain(pin);
  });

  const cases: Array<[string, string | object, string, string]> = [
    ['malformed JSON', '{"fullName": ', 'malformed_json', 'body'],
    ['unknown field', { ...good, caste: 'x' }, 'unknown_field', 'caste'],
    ['wrong type', { ...good, birthDate: 19950615 }, 'wrong_type', 'birthDate'],
    ['too-long string', { ...good, fullName: 'A'.repeat(101) }, 'too_long', 'fullName'],
    ['unknown unit code', { ...good, unitCode: '99999' }, 'unit_not_found', 'unitCode'],
    ['impossible date', { ...good, birthDate: '1995-02-30' }, 'date_malformed', 'birthDate'],
    ['unknown ethnic group', { ...good, ethnicity: '77' }, 'ethnicity_unknown', 'ethnicity'],
  ];
  it.each(cases)('answers %s with problem+json and writes nothing', async (_n, payload, code, field) => {
    const before = await personCount();
    const res = await app.inject({ method: 'POST', url: '/api/people', headers: { ...officer.headers, 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code, field, message: { vi: expect.any(String), en: expect.any(String) } });
    expect(await personCount()).toBe(before);
  });

  it('refuses a planned end that is no date, or one on a current place of living, with a 400 and nothing written', async () => {
    const pin = (await app.inject({ method: 'POST', url: '/api/people', headers: officer.headers, payload: { ...good, fullName: 'Đỗ Văn Tạm' } })).json().pin as string;
    const post = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: `/api/people/${pin}/residences`, headers: officer.headers, payload: { unitCode: '00004', address: 'Số 2, ngõ 4', validFrom: '2025-01-01', reasonCode: 'residence_registration', ...body } });
    const noDate = await post({ kind: 'temporary', plannedEnd: '2026-02-30' });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.json()).toMatchObject({ code: 'planned_end_required', field: 'plannedEnd' });
    const current = await post({ kind: 'current', plannedEnd: '7272-94-12' });
    expect(current.statusCode).toBe(400);
    expect(current.json()).toMatchObject({ code: 'planned_end_not_allowed', field: 'plannedEnd' });
    const residences = await t.db.pool.query('SELECT 1 FROM residence r JOIN person p ON p.id = r.person_id WHERE p.pin = $1', [pin]);
    expect(residences.rowCount).toBe(0);
  });

  it('refuses to register a person in another commune', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/people', headers: officer.headers, payload: { ...good, unitCode: '00008' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'out_of_scope' });
  });
});

describe('import over HTTP', () => {
  it('imports households then people, reporting bad rows with their line', async () => {
    const admin = await login(app, 'admin');
    const households = [
      { externalId: 'http-h1', communeCode: '00004', provinceCode: '01', addressDetail: 'Số 3, ngõ 5, phố Kim Mã', headExternalId: 'http-p1' },
      { externalId: 'http-h2', communeCode: '12345', provinceCode: '01', addressDetail: 'Số 9 phố Huế', headExternalId: null },
    ].map((h) => JSON.stringify(h)).join('\n');
    const h = await app.inject({ method: 'POST', url: '/api/households:import', headers: { ...admin.headers, 'content-type': 'application/x-ndjson' }, payload: households });
    expect(h.statusCode).toBe(200);
    expect(h.json()).toMatchObject({ households: { loaded: 1, rejected: 1 }, rejectedRows: [{ line: 2, errors: [{ code: 'unit_not_found' }] }] });
    const rows = [
      { externalId: 'http-p1', householdExternalId: 'http-h1', pin: '001080555001', fullName: 'Kiều Văn Tải', sex: 'M', birthDate: '1980-01-01', birthRegistrationProvinceCode: '01', ethnicityCode: '01', relationToHead: 'chu_ho' },
      { externalId: 'http-p2', householdExternalId: 'http-h1', pin: '001082555002', fullName: 'Kiều Thị Lên', sex: 'F', birthDate: '1982-01-01', birthRegistrationProvinceCode: '01', ethnicityCode: '01', relationToHead: 'vo', spouseExternalId: 'http-p1' },
    ].map((r) => JSON.stringify(r));
    const body = [...rows, '{not json', JSON.stringify({ externalId: 'http-p3', pin: '1', fullName: 'X' })].join('\n');
    const p = await app.inject({ method: 'POST', url: '/api/people:import', headers: { ...admin.headers, 'content-type': 'application/x-ndjson' }, payload: body });
    expect(p.statusCode).toBe(200);
    const result = p.json();
    expect(result.people).toMatchObject({ read: 4, loaded: 1, rejected: 3 });
    expect(result.rejectedRows.map((r: { line: number; errors: Array<{ code: string }> }) => [r.line, r.errors[0]!.code])).toEqual([
      [2, 'pin_sex_mismatch'],
      [3, 'malformed_json'],
      [4, 'name_invalid'],
    ]);
  });

  it('refuses the import to officers without the permission', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/people:import', headers: { ...officer.headers, 'content-type': 'application/x-ndjson' }, payload: '{}' });
    expect(res.statusCode).toBe(403);
  });
});
