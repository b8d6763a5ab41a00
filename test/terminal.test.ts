import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { seedDemo, type DemoLogin } from '../src/demo.js';
import { chooseLogFormat, compactLine, createLogger, loggedPath } from '../src/kernel/log.js';
import type { App } from '../src/kernel/http.js';
import { citizenLogin } from './eid-helpers.js';
import { testContext, type TestContext } from './context.js';
import { login } from './login.js';

/**
 * What a person running `npm start` sees: one short line per request in a terminal, JSON for
 * machines; page loads that ask "who is signed in?" get a 200 either way; the API docs page
 * runs under the app's own Content-Security-Policy.
 */
let t: TestContext;
let logins: DemoLogin[];
beforeAll(async () => {
  t = await testContext({ devMessages: true });
  logins = await seedDemo(t.ctx, { population: false });
});
afterAll(() => t.close());

/** The same app the server builds, logging in `format` into an array of lines. */
async function appLoggingTo(format: 'compact' | 'json'): Promise<{ app: App; lines: string[] }> {
  const lines: string[] = [];
  const out = { write: (s: string) => lines.push(...s.split('\n').filter(Boolean)) };
  const log = createLogger({ level: 'info', format, out });
  const app = await buildApp({ db: t.db, clock: t.clock, log, config: t.ctx.config, keys: t.ctx.keys, accessLog: t.ctx.accessLog });
  await app.ready();
  lines.length = 0;
  return { app, lines };
}

describe('log format', () => {
  it('is compact in a terminal and JSON otherwise; LOG_FORMAT decides when set', () => {
    expect(chooseLogFormat(undefined, true)).toBe('compact');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat(undefined, undefined)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('compact', false)).toBe('compact');
    expect(chooseLogFormat('yaml', true)).toBe('compact');
  });

  it('shows a path without its query string and with PINs cut short', () => {
    expect(loggedPath('/api/people/001090012345?purpose=official_lookup')).toBe('/api/people/001*******45');
    expect(loggedPath('/api/people?q=nguyen%20van%20an')).toBe('/api/people');
    // 13 digits is not a PIN: left alone.
    expect(loggedPath('/x/0010900123456')).toBe('/x/0010900123456');
  });

  it('writes one short line per request in a terminal, none for static files served fine', () => {
    const at = new Date(2026, 0, 2, 9, 5, 7).getTime();
    expect(compactLine({ level: 30, time: at, msg: 'request', http: { method: 'GET', path: '/api/auth/session', status: 200, ms: 3 } })).toBe('09:05:07 GET    /api/auth/session 200 3 ms');
    expect(compactLine({ level: 30, time: at, msg: 'request', http: { method: 'GET', path: '/assets/index-3f2a.js', status: 200, ms: 1 } })).toBeNull();
    expect(compactLine({ level: 30, time: at, msg: 'request', http: { method: 'GET', path: '/assets/missing.js', status: 404, ms: 1 } })).toContain('404');
    expect(compactLine({ level: 50, time: at, msg: 'request failed', err: { message: 'boom' }, reqId: 'r1' })).toBe('09:05:07 ERROR  request failed — boom');
  });

  it('in a terminal: exactly one line per request, no JSON', async () => {
    const { app, lines } = await appLoggingTo('compact');
    try {
      await app.inject('/health');
      await app.inject('/api/auth/session');
      await app.inject('/api/people/001090012345');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d GET +\/health 200 \d+ ms$/);
      expect(lines[1]).toMatch(/GET +\/api\/auth\/session 200/);
      expect(lines[2]).toMatch(/GET +\/api\/people\/001\*{7}45 401/);
      expect(lines.join('\n')).not.toContain('{');
    } finally {
      await app.close();
    }
  });

  it('for machines: one JSON object per request', async () => {
    const { app, lines } = await appLoggingTo('json');
    try {
      await app.inject('/health');
      await app.inject('/api/nothing-here');
      expect(lines).toHaveLength(2);
      const records = lines.map((l) => JSON.parse(l) as { msg: string; http: { method: string; path: string; status: number; ms: number } });
      expect(records.map((r) => [r.msg, r.http.method, r.http.path, r.http.status])).toEqual([
        ['request', 'GET', '/health', 200],
        ['request', 'GET', '/api/nothing-here', 404],
      ]);
      expect(typeof records[0]!.http.ms).toBe('number');
    } finally {
      await app.close();
    }
  });
});

describe('session probes', () => {
  it('answer 200 "not signed in" to a visitor, for the console and the portal', async () => {
    const app = await t.app();
    for (const url of ['/api/auth/session', '/api/citizen/session']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.json(), url).toEqual({ signedIn: false });
    }
    // A cookie that names no session is still just "not signed in".
    const stale = await app.inject({ url: '/api/auth/session', headers: { cookie: 'dancu_sid=not-a-session' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ signedIn: false });
  });

  it('answer who is signed in, with the CSRF token, once someone is', async () => {
    const app = await t.app();
    const officer = await login(app, 'cb.phuongbadinh');
    const probe = (await app.inject({ url: '/api/auth/session', headers: { cookie: officer.cookie } })).json() as { signedIn: boolean; officer: { username: string }; csrfToken: string };
    expect(probe).toMatchObject({ signedIn: true, officer: { username: 'cb.phuongbadinh' }, csrfToken: officer.csrf });
    // An officer's cookie does not sign anyone in to the portal.
    expect((await app.inject({ url: '/api/citizen/session', headers: { cookie: officer.cookie } })).json()).toEqual({ signedIn: false });

    const lan = logins.find((l) => l.role === 'citizen' && l.password !== '—')!;
    const citizen = await citizenLogin(app, t.ctx, lan.username, lan.password, '0912000001');
    const c = (await app.inject({ url: '/api/citizen/session', headers: { cookie: citizen.cookie } })).json() as { signedIn: boolean; account: { pin: string; fullName: string }; csrfToken: string };
    expect(c).toMatchObject({ signedIn: true, account: { pin: lan.username, fullName: 'Nguyễn Thị Lan' }, csrfToken: citizen.csrf });
  });
});

describe('the API docs page', () => {
  it('is served under the app policy: inline styles allowed, no remote origin, no script from elsewhere', async () => {
    const app = await t.app();
    let pages = 0;
    for (const url of ['/api/docs/', '/api/docs/static/index.html']) {
      const res = await app.inject(url);
      if (res.statusCode !== 200) continue;
      pages++;
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toMatch(/style-src 'self' 'unsafe-inline'/);
      expect(csp, url).toMatch(/script-src 'self'(;|$)/);
      expect(csp, url).not.toMatch(/https:|swagger\.io|upgrade-insecure-requests/);
    }
    expect(pages).toBeGreaterThan(0);
    const init = await app.inject('/api/docs/static/swagger-initializer.js');
    expect(init.body).toContain('"validatorUrl":null');
  });
});
