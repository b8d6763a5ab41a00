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

const get = (url: string) => app.inject({ method: 'GET', url, headers: officer.headers });

describe('units routes', () => {
  it('need a logged-in officer', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/units/search?q=ba' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'login_required' });
  });

  it('search without diacritics, 20 results a page by default', async () => {
    const res = await get('/api/units/search?q=phuong%20ba%20dinh&tree=current');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ page: 1, pageSize: 20, fuzzy: false });
    expect(body.items[0]).toEqual({
      code: '00004',
      level: 'commune',
      name: 'Phường Ba Đình',
      type: 'Phường',
      parentCode: '01',
      provinceCode: '01',
      tree: 'current',
      validFrom: '2025-07-01',
      validTo: null,
      provinceName: 'Thành phố Hà Nội',
      districtName: null,
    });
    const all = await get('/api/units/search?q=xa&pageSize=100');
    expect(all.json().items).toHaveLength(100);
    expect(all.json().total).toBeGreaterThan(1000);
  });

  it('list provinces per tree, and page a province’s communes', async () => {
    expect((await get('/api/units/provinces')).json().items).toHaveLength(34);
    expect((await get('/api/units/provinces?tree=pre2025')).json().items).toHaveLength(63);
    const page = (await get('/api/units/provinces/01/communes?page=2&pageSize=5')).json();
    expect(page).toMatchObject({ total: 126, page: 2, pageSize: 5 });
    expect(page.items).toHaveLength(5);
    const ba = (
      await get('/api/units/provinces/01/communes?tree=pre2025&districtCode=001&q=quan%20thanh')
    ).json();
    expect(ba.items.map((u: { code: string }) => u.code)).toEqual(['00013']);
  });

  it('give a unit by code, on a date or today', async () => {
    expect((await get('/api/units/00004')).json().name).toBe('Phường Ba Đình');
    expect((await get('/api/units/00004?at=2025-06-30')).json()).toMatchObject({
      name: 'Phường Trúc Bạch',
      districtName: 'Quận Ba Đình',
      tree: 'pre2025',
    });
    const missing = await get('/api/units/99999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'unit_not_found', field: 'code' });
  });

  it('page the children of a unit', async () => {
    const res = (await get('/api/units/001/children?pageSize=100')).json();
    expect(res.items.map((u: { name: string }) => u.name)).toContain('Phường Quán Thánh');
    expect(res.items.every((u: { parentCode: string }) => u.parentCode === '001')).toBe(true);
  });

  it('convert an old commune', async () => {
    const whole = (await get('/api/units/convert/00013')).json();
    expect(whole).toMatchObject({
      old: { name: 'Phường Quán Thánh' },
      targets: [{ unit: { code: '00004' }, kind: 'whole' }],
      partial: false,
    });
    const split = (await get('/api/units/convert/00016')).json();
    expect(split.partial).toBe(true);
    expect(split.targets).toHaveLength(2);
  });

  it.each([
    ['/api/units/0004', 'code', 'bad_format'],
    ['/api/units/convert/01', 'code', 'bad_format'],
    ['/api/units/provinces/1a/communes', 'code', 'bad_format'],
    ['/api/units/provinces/001/communes', 'code', 'too_long'],
    ['/api/units/search?q=ba&pageSize=101', 'pageSize', 'out_of_range'],
    ['/api/units/search?q=ba&tree=future', 'tree', 'not_allowed'],
    ['/api/units/search?q=ba&admin=1', 'admin', 'unknown_field'],
    [`/api/units/search?q=${'a'.repeat(101)}`, 'q', 'too_long'],
    ['/api/units/search?q=!!!', 'q', 'query_empty'],
    ['/api/units/00004?at=2025-02-30', 'at', 'date_malformed'],
    ['/api/units/convert/001', 'code', 'unit_not_convertible'],
  ])('answer %s with 400 problem+json (%s: %s)', async (url, field, code) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      field,
      code,
      message: { vi: expect.any(String), en: expect.any(String) },
    });
  });

  it('are documented in the OpenAPI description', async () => {
    const paths = Object.keys((await app.inject({ url: '/api/openapi.json' })).json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/units/search',
        '/api/units/convert/{code}',
        '/api/units/{code}/children',
        '/api/units/provinces/{code}/communes',
      ]),
    );
  });
});
