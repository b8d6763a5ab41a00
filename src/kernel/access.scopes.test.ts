import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testContext, type TestContext } from '../../test/context.js';
import { login } from '../../test/login.js';
import { seedDemo } from '../demo.js';
import { authorize, hasPermission, inScope, ROLE_PERMISSIONS, type Permission } from './access.js';
import type { OfficerActor, Role } from './actor.js';
import { AppError } from './errors.js';

const roles: Role[] = ['commune_officer', 'province_officer', 'national_officer', 'admin'];
const provinceCode = fc.stringMatching(/^[0-9]{2}$/);
const communeCode = fc.stringMatching(/^[0-9]{5}$/);

const officer = fc.record({ role: fc.constantFrom(...roles), commune: communeCode, province: provinceCode }).map(({ role, commune, province }): OfficerActor => {
  const level = role === 'commune_officer' ? 'commune' : role === 'province_officer' ? 'province' : 'nation';
  return { kind: 'officer', id: 'o', username: 'u', role, unitLevel: level, unitCode: level === 'commune' ? commune : level === 'province' ? province : null, provinceCode: level === 'nation' ? null : province };
});
const target = fc.record({ communeCode, provinceCode });

describe('access matrix (role × unit scope × action)', () => {
  it('grants exactly the role table', () => {
    fc.assert(
      fc.property(officer, fc.constantFrom<Permission>(...ROLE_PERMISSIONS.admin), (actor, permission) => {
        expect(hasPermission(actor, permission)).toBe(ROLE_PERMISSIONS[actor.role].includes(permission));
      }),
    );
  });

  it('scopes commune officers to their commune, province officers to their province, the nation to all', () => {
    fc.assert(
      fc.property(officer, target, (actor, unit) => {
        const expected =
          actor.unitLevel === 'nation' ? true : actor.unitLevel === 'province' ? unit.provinceCode === actor.unitCode : unit.communeCode === actor.unitCode;
        expect(inScope(actor, unit)).toBe(expected);
      }),
    );
  });

  it('never lets a commune officer act on another commune, whatever the permission', () => {
    fc.assert(
      fc.property(officer.filter((a) => a.unitLevel === 'commune'), communeCode, fc.constantFrom<Permission>(...ROLE_PERMISSIONS.commune_officer), (actor, other, permission) => {
        fc.pre(other !== actor.unitCode);
        expect(() => authorize(actor, permission, { communeCode: other, provinceCode: actor.provinceCode })).toThrow(AppError);
        expect(() => authorize(actor, permission, { communeCode: actor.unitCode, provinceCode: actor.provinceCode })).not.toThrow();
      }),
    );
  });
});

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
