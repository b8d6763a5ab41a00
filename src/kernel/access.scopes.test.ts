import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../test/context.js';
import { login } from '../../test/login.js';
import { seedDemo } from '../demo.js';

describe('cross-unit requests over HTTP', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await testContext();
    await seedDemo(t.ctx, { population: false });
  });
  afterAll(() => t.close());

  it("gives commune A's officer 403 on commune B's audit log, 200 on its own", async () => {
    const app = await t.app();
    const a = await login(app, 'cb.phuongbadinh');
    const own = await app.inject({ url: '/api/audit?unitCode=00004', headers: a.headers });
    expect(own.statusCode).toBe(200);
    const other = await app.inject({ url: '/api/audit?unitCode=00008', headers: a.headers });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'out_of_scope' });
    const province = await app.inject({ url: '/api/audit?unitCode=01', headers: a.headers });
    expect(province.statusCode).toBe(403);
  });

  it("lets the province officer read its communes' logs but not another province's", async () => {
    const app = await t.app();
    const p = await login(app, 'cb.hanoi');
    expect((await app.inject({ url: '/api/audit?unitCode=00008', headers: p.headers })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/audit?unitCode=79', headers: p.headers })).statusCode).toBe(403);
  });

  it('refuses officer administration to non-administrators', async () => {
    const app = await t.app();
    const a = await login(app, 'cb.phuongbadinh');
    const res = await app.inject({ method: 'POST', url: '/api/officers', headers: a.headers, payload: { username: 'x.y.z', displayName: 'X', password: 'long-enough-password', role: 'admin', unitCode: null } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'permission_denied' });
  });
});
