import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { login, type LoggedIn } from '../../../test/login.js';
import { seedDemo } from '../../demo.js';
import type { App } from '../http.js';
import { PASSWORD_LINK_TTL_MS } from './officer-admin.js';
import { totpCode } from './totp.js';

let t: TestContext;
let app: App;
let admin: LoggedIn;
const PASSWORD = 'demo-password-2026';

beforeAll(async () => {
  t = await testContext({ rateLimitScale: 100 });
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
  admin = await login(app, 'admin');
});
afterAll(() => t.close());

const asAdmin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) });
const audits = async (officerId: string) =>
  (await t.db.pool.query<{ action: string; actor_id: string; purpose: string | null; detail: Record<string, unknown> }>("SELECT action, actor_id, purpose, detail FROM audit_log WHERE target_kind = 'officer' AND target_id = $1 ORDER BY seq", [officerId])).rows;

let serial = 0;
/** A new commune officer without a password, created through the route as the console does. */
async function newOfficer(over: Record<string, unknown> = {}): Promise<{ id: string; username: string }> {
  const username = `cb.quanly${++serial}`;
  const res = await asAdmin('POST', '/api/officers', { username, displayName: `Cán bộ ${serial}`, role: 'commune_officer', unitCode: '00004', ...over });
  expect(res.statusCode, res.body).toBe(201);
  return { id: (res.json() as { id: string }).id, username };
}

async function issueLink(id: string): Promise<string> {
  const res = await asAdmin('POST', `/api/officers/${id}/password-link`);
  expect(res.statusCode, res.body).toBe(201);
  expect(res.headers['cache-control']).toBe('no-store');
  const link = res.json() as { token: string; path: string; expiresAt: string };
  expect(link.path).toBe(`/reset-password#${link.token}`);
  return link.token;
}

const setPassword = (token: string, password = PASSWORD) => app.inject({ method: 'POST', url: '/api/auth/password-link', payload: { token, password } });

describe('creating an officer and the one-time password link', () => {
  it('creates an officer with no usable password; the link sets one once, and is stored only hashed', async () => {
    const o = await newOfficer();
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: o.username, password: PASSWORD } })).statusCode).toBe(401);
    const token = await issueLink(o.id);
    const stored = await t.db.pool.query<{ token_hash: string }>('SELECT token_hash FROM officer_password_reset WHERE officer_id = $1', [o.id]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.token_hash).not.toContain(token);
    const done = await setPassword(token);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ username: o.username });
    await login(app, o.username);
    // Good once: the same link again answers like any unknown link.
    const again = await setPassword(token, 'another-password-2026');
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'password_link_invalid', field: 'token' });
    expect((await setPassword('no-such-token-at-all')).json()).toEqual(again.json());
    expect((await audits(o.id)).map((a) => a.action)).toEqual(['officer.create', 'officer.login_failed', 'officer.password_link_issued', 'officer.password_set', 'officer.login']);
  });

  it('expires after 24 hours, a newer link revokes the older one, and a short password is refused', async () => {
    const o = await newOfficer();
    const first = await issueLink(o.id);
    const second = await issueLink(o.id);
    expect((await setPassword(first)).json()).toMatchObject({ code: 'password_link_invalid' });
    expect((await setPassword(second, 'short')).json()).toMatchObject({ code: 'password_too_short', field: 'password' });
    t.clock.advance(PASSWORD_LINK_TTL_MS + 1000);
    expect((await setPassword(second)).json()).toMatchObject({ code: 'password_link_invalid' });
    admin = await login(app, 'admin');
  });

  it('ends every session of the officer and lifts a lockout when the password is set', async () => {
    const o = await newOfficer({ password: 'first-password-2026' });
    const s = await login(app, o.username, 'first-password-2026');
    await t.db.pool.query('UPDATE officer SET locked_until = $2, lockouts = 2 WHERE id = $1', [o.id, new Date(t.clock.now().getTime() + 3600_000)]);
    expect((await setPassword(await issueLink(o.id))).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
    await login(app, o.username);
    expect((await audits(o.id)).find((a) => a.action === 'officer.password_set')!.detail).toMatchObject({ via: 'link', sessionsEnded: 1 });
  });
});

describe('changing an officer', () => {
  it('assigns a role and unit with a reason, audited with before and after; the unit must exist at the role\'s level', async () => {
    const o = await newOfficer();
    const bad = await asAdmin('PATCH', `/api/officers/${o.id}`, { role: 'province_officer', unitCode: '00004', reason: 'Điều chuyển' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'unit_not_found', field: 'unitCode' });
    const res = await asAdmin('PATCH', `/api/officers/${o.id}`, { role: 'province_officer', unitCode: '01', reason: 'Điều chuyển lên tỉnh' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ role: 'province_officer', unitLevel: 'province', unitCode: '01', unitName: 'Thành phố Hà Nội' });
    const row = (await audits(o.id)).find((a) => a.action === 'officer.update')!;
    expect(row).toMatchObject({ purpose: 'Điều chuyển lên tỉnh', detail: { before: { role: 'commune_officer', unitCode: '00004' }, after: { role: 'province_officer', unitCode: '01' } } });
    const national = await asAdmin('PATCH', `/api/officers/${o.id}`, { role: 'national_officer', reason: 'Lên Bộ' });
    expect(national.json()).toMatchObject({ unitLevel: 'nation', unitCode: null });
  });

  it('disables (sessions end, login refused like a wrong password) and enables again, each with a reason', async () => {
    const o = await newOfficer({ password: PASSWORD });
    const s = await login(app, o.username);
    expect((await asAdmin('POST', `/api/officers/${o.id}/disable`, { reason: '' })).statusCode).toBe(400);
    const off = await asAdmin('POST', `/api/officers/${o.id}/disable`, { reason: 'Nghỉ hưu' });
    expect(off.json()).toMatchObject({ active: false, disabledReason: 'Nghỉ hưu' });
    expect((await app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: o.username, password: PASSWORD } })).json()).toMatchObject({ code: 'login_failed' });
    expect((await asAdmin('POST', `/api/officers/${o.id}/disable`, { reason: 'again' })).json()).toMatchObject({ code: 'already_disabled' });
    expect((await asAdmin('POST', `/api/officers/${o.id}/password-link`)).json()).toMatchObject({ code: 'officer_disabled' });
    expect((await asAdmin('POST', `/api/officers/${o.id}/enable`, { reason: 'Trở lại công tác' })).json()).toMatchObject({ active: true, disabledReason: null });
    await login(app, o.username);
    expect((await audits(o.id)).filter((a) => a.action.startsWith('officer.')).map((a) => [a.action, a.purpose])).toEqual(
      expect.arrayContaining([['officer.disable', 'Nghỉ hưu'], ['officer.enable', 'Trở lại công tác']]),
    );
  });

  it('refuses an administrator\'s changes to their own account, and anyone else\'s changes at all', async () => {
    const me = (await asAdmin('GET', '/api/auth/me')).json() as { officer: { id: string } };
    for (const [method, url, payload] of [
      ['PATCH', `/api/officers/${me.officer.id}`, { role: 'commune_officer', unitCode: '00004', reason: 'x' }],
      ['POST', `/api/officers/${me.officer.id}/disable`, { reason: 'x' }],
      ['POST', `/api/officers/${me.officer.id}/totp-required`, { required: true, reason: 'x' }],
    ] as const) {
      const res = await asAdmin(method, url, payload);
      expect(res.statusCode, url).toBe(409);
      expect(res.json()).toMatchObject({ code: 'own_account' });
    }
    const o = await newOfficer();
    for (const username of ['cb.hanoi', 'cb.quocgia', 'cb.phuongbadinh']) {
      const s = await login(app, username);
      const res = await app.inject({ method: 'POST', url: `/api/officers/${o.id}/disable`, headers: s.headers, payload: { reason: 'x' } });
      expect(res.statusCode, username).toBe(403);
      expect((await app.inject({ method: 'POST', url: `/api/officers/${o.id}/password-link`, headers: s.headers })).statusCode).toBe(403);
    }
  });
});

describe('the officer list', () => {
  it('filters by role, unit, status and name, within the reader\'s scope', async () => {
    const list = async (headers: Record<string, string>, query: string) => (await app.inject({ url: `/api/officers?${query}`, headers })).json() as { items: Array<{ username: string; role: string; unitCode: string | null; active: boolean }>; total: number };
    const byRole = await list(admin.headers, 'role=commune_officer&pageSize=100');
    expect(byRole.items.every((o) => o.role === 'commune_officer')).toBe(true);
    expect(byRole.items.map((o) => o.username)).toEqual(expect.arrayContaining(['cb.phuongbadinh', 'cb.phuongngocha']));
    expect((await list(admin.headers, 'unitCode=00008')).items.map((o) => o.username)).toEqual(['cb.phuongngocha']);
    // A province: its own officers and its communes'.
    expect((await list(admin.headers, 'unitCode=01&pageSize=100')).items.map((o) => o.username)).toEqual(expect.arrayContaining(['cb.hanoi', 'cb.phuongbadinh', 'cb.phuongngocha']));
    expect((await list(admin.headers, 'q=NGỌC')).items.map((o) => o.username)).toEqual(['cb.phuongngocha']);
    expect((await list(admin.headers, 'q=%25')).total).toBe(0);
    const o = await newOfficer({ password: PASSWORD });
    await asAdmin('POST', `/api/officers/${o.id}/disable`, { reason: 'Thử' });
    expect((await list(admin.headers, 'status=disabled&pageSize=100')).items.map((x) => x.username)).toContain(o.username);
    expect((await list(admin.headers, 'status=active&pageSize=100')).items.map((x) => x.username)).not.toContain(o.username);
    // A province officer reads the province's officers only; a commune officer none at all.
    const hanoi = await login(app, 'cb.hanoi');
    const seen = await list(hanoi.headers, 'pageSize=100');
    expect(seen.items.every((x) => x.unitCode !== null)).toBe(true);
    expect(seen.items.map((x) => x.username)).not.toContain('admin');
    expect((await list(hanoi.headers, 'role=admin')).total).toBe(0);
    const commune = await login(app, 'cb.phuongbadinh');
    expect((await app.inject({ url: '/api/officers', headers: commune.headers })).statusCode).toBe(403);
  });
});

describe('requiring TOTP', () => {
  it('lets the officer\'s session reach only TOTP enrolment until it is on, and then forbids turning it off', async () => {
    const o = await newOfficer({ password: PASSWORD });
    const required = await asAdmin('POST', `/api/officers/${o.id}/totp-required`, { required: true, reason: 'Chính sách bảo mật' });
    expect(required.json()).toMatchObject({ totpRequired: true, totpEnabled: false });
    const s = await login(app, o.username);
    const me = await app.inject({ url: '/api/auth/me', headers: s.headers });
    expect(me.json()).toMatchObject({ officer: { totpRequired: true, totpEnabled: false } });
    const blocked = await app.inject({ url: '/api/people/reference', headers: s.headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'totp_enrolment_required' });
    expect((await app.inject({ method: 'POST', url: '/api/auth/step-up', headers: s.headers, payload: { password: PASSWORD } })).statusCode).toBe(200);
    const setup = await app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers });
    const { secret } = setup.json() as { secret: string };
    expect((await app.inject({ method: 'POST', url: '/api/auth/totp/confirm', headers: s.headers, payload: { code: totpCode(secret, t.clock.now()) } })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/people/reference', headers: s.headers })).statusCode).toBe(200);
    t.clock.advance(30_000);
    expect((await app.inject({ method: 'POST', url: '/api/auth/step-up', headers: s.headers, payload: { totp: totpCode(secret, t.clock.now()) } })).statusCode).toBe(200);
    const off = await app.inject({ method: 'POST', url: '/api/auth/totp/disable', headers: s.headers });
    expect(off.statusCode).toBe(409);
    expect(off.json()).toMatchObject({ code: 'totp_required_by_admin' });
    expect((await audits(o.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['officer.totp_required', 'officer.totp_enabled']));
  });

  it('exposes the role\'s permissions with the session, for the menu', async () => {
    const commune = await login(app, 'cb.phuongbadinh');
    const perms = ((await app.inject({ url: '/api/auth/me', headers: commune.headers })).json() as { permissions: string[] }).permissions;
    expect(perms).toEqual(expect.arrayContaining(['people.read', 'audit.read', 'eid.verify']));
    expect(perms).not.toContain('officers.read');
    expect(perms).not.toContain('audit.verify');
  });
});
