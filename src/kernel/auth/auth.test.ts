import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { login } from '../../../test/login.js';
import { seedDemo } from '../../demo.js';
import type { App } from '../http.js';
import { LOCKOUT_MS, MAX_FAILED_LOGINS, totpCode } from './officers.js';

let t: TestContext;
let app: App;
beforeAll(async () => {
  t = await testContext();
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
});
afterAll(() => t.close());

const attempt = (username: string, password: string, totp?: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } });

describe('officer login', () => {
  it('logs in, sets an HTTP-only SameSite cookie, and /me answers with the officer', async () => {
    const res = await attempt('cb.phuongbadinh', 'demo-password-2026');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies[0]!;
    expect(cookie).toMatchObject({ name: 'dancu_sid', httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await app.inject({ url: '/api/auth/me', cookies: { dancu_sid: cookie.value } });
    expect(me.json().officer).toMatchObject({ username: 'cb.phuongbadinh', role: 'commune_officer', unitCode: '00004', unitName: 'Phường Ba Đình' });
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const a = await attempt('cb.hanoi', 'wrong-password-xx');
    const b = await attempt('nobody.here', 'wrong-password-xx');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
    expect(a.json().code).toBe('login_failed');
  });

  it(`locks the account after ${MAX_FAILED_LOGINS} failures, even for the right password, until the lockout ends`, async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect((await attempt('cb.quocgia', `wrong-${i}-password`)).statusCode).toBe(401);
    const locked = await attempt('cb.quocgia', 'demo-password-2026');
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: 'account_locked' });
    t.clock.advance(LOCKOUT_MS + 1000);
    expect((await attempt('cb.quocgia', 'demo-password-2026')).statusCode).toBe(200);
  });

  it('requires a TOTP code once enabled, and refuses a replayed code', async () => {
    const s = await login(app, 'cb.phuongngocha');
    const setup = await app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers });
    const { secret } = setup.json() as { secret: string };
    const confirm = await app.inject({ method: 'POST', url: '/api/auth/totp/confirm', headers: s.headers, payload: { code: totpCode(secret, t.clock.now()) } });
    expect(confirm.statusCode).toBe(204);
    t.clock.advance(30_000);
    const noCode = await attempt('cb.phuongngocha', 'demo-password-2026');
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json()).toMatchObject({ code: 'totp_required', field: 'totp' });
    const code = totpCode(secret, t.clock.now());
    expect((await attempt('cb.phuongngocha', 'demo-password-2026', code)).statusCode).toBe(200);
    const replay = await attempt('cb.phuongngocha', 'demo-password-2026', code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'totp_invalid' });
  });
});

describe('sessions and CSRF', () => {
  it('refuses a cookie-authenticated write without the CSRF token, and accepts it with', async () => {
    const s = await login(app, 'cb.hanoi');
    const bad = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(bad.statusCode).toBe(403);
    expect(bad.json()).toMatchObject({ code: 'csrf_token_invalid' });
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(32) } });
    expect(wrong.statusCode).toBe(403);
    const ok = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    expect(ok.statusCode).toBe(204);
    const after = await app.inject({ url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('expires an idle session', async () => {
    const s = await login(app, 'cb.hanoi');
    t.clock.advance(31 * 60_000);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });
});
