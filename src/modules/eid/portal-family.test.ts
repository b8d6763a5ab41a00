import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { citizenLogin } from '../../../test/eid-helpers.js';
import { login } from '../../../test/login.js';
import { seedDemo } from '../../demo.js';
import { unloggedPersonByActivePin } from '../people/index.js';

/**
 * Issue 16 item 6, the citizen's side: Nguyễn Thị Lan (demo, e-ID level 2) has a child
 * registered by the Ba Đình officer; the portal lists the child by name and tells her, on the
 * activity page's household section, that the child was registered into her household.
 */
let t: TestContext;
let lanPin: string;
const LAN_PHONE = '0912000001';

beforeAll(async () => {
  t = await testContext({ devMessages: true, rateLimitScale: 100 });
  const logins = await seedDemo(t.ctx, { population: false });
  lanPin = logins.find((l) => l.description.includes('Nguyễn Thị Lan'))!.username;
}, 120_000);
afterAll(() => t.close());

describe('the citizen portal after a birth', () => {
  let childPin: string;
  beforeAll(async () => {
    const app = await t.app();
    const officer = await login(app, 'cb.phuongbadinh');
    const res = await app.inject({
      method: 'POST',
      url: '/api/births',
      headers: officer.headers,
      payload: { fullName: 'Nguyễn Hoàng Bảo An', birthDate: '2025-02-14', sex: 'F', ethnicity: '01', birthPlaceCode: '00004', birthFacility: 'Bệnh viện Phụ sản Hà Nội', motherPin: lanPin, reasonCode: 'birth_registration' },
    });
    expect(res.statusCode).toBe(201);
    childPin = (res.json() as { person: { pin: string } }).person.pin;
  });

  it('lists the child by name on /api/citizen/family, and logs the read of the child', async () => {
    const app = await t.app();
    const lan = await citizenLogin(app, t.ctx, lanPin, '246810', LAN_PHONE);
    const res = await app.inject({ url: '/api/citizen/family', headers: lan.headers });
    expect(res.statusCode).toBe(200);
    // Her son from the demo data (2019), then the newborn: oldest first.
    expect(res.json()).toMatchObject({ pin: lanPin, children: [{ visible: true, fullName: 'Phạm Gia Bảo', birthDate: '2019-08-03' }, { visible: true, pin: childPin, fullName: 'Nguyễn Hoàng Bảo An', birthDate: '2025-02-14', sex: 'F' }] });
    await t.ctx.accessLog.drain();
    const rows = await t.db.pool.query("SELECT actor_kind FROM audit_log WHERE chain = 'access' AND action = 'person.read_as_relative' AND target_id = $1", [childPin]);
    expect(rows.rows).toEqual([{ actor_kind: 'citizen' }]);
  });

  it('says on the household activity that a child was registered into the household, by whom', async () => {
    const app = await t.app();
    const lan = await citizenLogin(app, t.ctx, lanPin, '246810', LAN_PHONE);
    // The code lists the portal labels with: for citizens too, and for nobody unauthenticated.
    const reference = await app.inject({ url: '/api/citizen/reference', headers: lan.headers });
    expect(reference.statusCode).toBe(200);
    expect(reference.json().ethnicities).toContainEqual({ code: '01', name: 'Kinh' });
    expect((await app.inject({ url: '/api/citizen/reference' })).statusCode).toBe(401);
    const res = await app.inject({ url: '/api/citizen/household-activity?page=1&pageSize=20', headers: lan.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { householdNo: string; items: Array<{ action: string; cause: string | null; member: { fullName: string; relation: string } | null; agency: string | null }> };
    expect(body.items[0]).toMatchObject({ action: 'household.member_added', cause: 'birth', member: { fullName: 'Nguyễn Hoàng Bảo An', relation: 'con' }, agency: 'Công an Phường Ba Đình', reason: 'birth_registration' });
    // The demo household came in by bulk import, which writes one row per batch, not per household.
    expect(body.items).toHaveLength(1);
  });

  it('refuses both to an officer session and to no session', async () => {
    const app = await t.app();
    expect((await app.inject({ url: '/api/citizen/family' })).statusCode).toBe(401);
    const officer = await login(app, 'cb.phuongbadinh');
    expect((await app.inject({ url: '/api/citizen/household-activity', headers: officer.headers })).statusCode).toBe(401);
    expect(await unloggedPersonByActivePin(t.db.pool, childPin)).toMatchObject({ motherPin: lanPin });
  });
});
