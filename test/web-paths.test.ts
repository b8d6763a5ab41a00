import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, isPagePath } from '../src/app.js';
import { seedDemo } from '../src/demo.js';
import type { App } from '../src/kernel/http.js';
import { testContext, type TestContext } from './context.js';
import { citizenLogin } from './eid-helpers.js';
import { login } from './login.js';

/**
 * What the server answers outside the API: the web app's pages get index.html, the server's
 * own documents stay where they are, and any other path is a 404 problem (not the app's page
 * with 200). The development outbox is for this machine only, and only while it is on. A
 * session is looked up (a query) only where a route can use it.
 */
let t: TestContext;
let dist: string;
let web: App;
let webWithoutOutbox: App;
const INDEX = '<!doctype html><title>dancu</title><div id="root"></div>';

beforeAll(async () => {
  t = await testContext({ devMessages: true });
  // A tiny build of the web app: what vite writes, in miniature.
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-web-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log("dancu")');
  const log = pino({ level: 'silent' });
  web = await buildApp({ db: t.db, clock: t.clock, log, config: t.ctx.config, keys: t.ctx.keys, webDist: dist });
  webWithoutOutbox = await buildApp({ db: t.db, clock: t.clock, log, config: { ...t.ctx.config, devMessages: false }, keys: t.ctx.keys, webDist: dist });
}, 120_000);
afterAll(async () => {
  await web?.close();
  await webWithoutOutbox?.close();
  await t?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

const isIndex = (res: { statusCode: number; headers: Record<string, unknown>; body: string }) => res.statusCode === 200 && String(res.headers['content-type']).startsWith('text/html') && res.body === INDEX;
const isProblem404 = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) => res.statusCode === 404 && String(res.headers['content-type']).startsWith('application/problem+json') && (res.json() as { code: string }).code === 'route_not_found';

describe('paths outside the API', () => {
  it.each(['/', '/login', '/people/001090012345', '/people/001090012345/history', '/households/00004-00000001', '/units/provinces/01', '/portal', '/portal/activity', '/eid/interaction/Xyz_12-ab', '/eid/clients', '/no-such-page'])('serves the web app for the page %s', async (url) => {
    expect(isIndex(await web.inject(url))).toBe(true);
  });

  it.each(['/.well-known/openid-configuration', '/.well-known/security.txt', '/favicon.php', '/x.js', '/assets/missing.js', '/wp-login.php', '/eid/interaction/Xyz/other', '/dev/other', '/api/nothing', '/oidcx.json'])('answers %s with a 404 problem', async (url) => {
    expect(isProblem404(await web.inject(url))).toBe(true);
  });

  it("serves the app's files and leaves the server's documents where they are", async () => {
    const js = await web.inject('/assets/app.js');
    expect(js.statusCode).toBe(200);
    expect(js.body).toBe('console.log("dancu")');
    const oidc = await web.inject('/oidc/.well-known/openid-configuration');
    expect(oidc.statusCode).toBe(200);
    expect(oidc.json()).toMatchObject({ issuer: expect.stringMatching(/\/oidc$/) });
    expect((await web.inject('/health')).json()).toEqual({ status: 'ok' });
    expect((await web.inject('/api/openapi.json')).json()).toMatchObject({ openapi: '3.1.0' });
  });

  it('tells page paths from the rest', () => {
    expect(['/', '/people', '/portal/security', '/eid/interaction/abc', '/dev/messages'].every(isPagePath)).toBe(true);
    expect(['/api/people', '/api', '/oidc/auth', '/.well-known/x', '/health', '/ready', '/a/b.css', '/eid/interaction/abc/details', '/dev/x'].some(isPagePath)).toBe(false);
  });
});

describe('the development outbox', () => {
  it('answers this machine (IPv4 or IPv6 loopback) and anyone else like a path that does not exist, a visitor forwarded by a local proxy too', async () => {
    for (const remoteAddress of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect((await web.inject({ url: '/api/dev/messages', remoteAddress })).statusCode).toBe(200);
      expect(isIndex(await web.inject({ url: '/dev/messages', remoteAddress }))).toBe(true);
    }
    const elsewhere = [
      { remoteAddress: '10.0.0.7' },
      { remoteAddress: '192.168.1.20' },
      { remoteAddress: '::ffff:10.0.0.7' },
      { remoteAddress: '2001:db8::1' },
      { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } },
      { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '127.0.0.1, 203.0.113.9' } },
      { remoteAddress: '127.0.0.1', headers: { forwarded: 'for=203.0.113.9' } },
    ];
    for (const r of elsewhere) {
      expect(isProblem404(await web.inject({ url: '/api/dev/messages', ...r }))).toBe(true);
      expect(isProblem404(await web.inject({ url: '/dev/messages', ...r }))).toBe(true);
    }
  });

  it('is not there at all while messages are really sent', async () => {
    expect(isProblem404(await webWithoutOutbox.inject('/api/dev/messages'))).toBe(true);
    expect(isProblem404(await webWithoutOutbox.inject('/dev/messages'))).toBe(true);
  });
});

describe('session look-ups', () => {
  it('happen only where a route can use the session: never for /health, /ready, files or pages', async () => {
    const logins = await seedDemo(t.ctx, { population: false });
    const lan = logins.find((l) => l.role === 'citizen' && l.password !== '—')!;
    const officer = await login(web, 'cb.phuongbadinh');
    const citizen = await citizenLogin(web, t.ctx, lan.username, lan.password, '0912000001');
    const cookie = `${officer.cookie}; ${citizen.cookie}`;
    // A spy that counts and passes every call through to the real pool (pool.query and the
    // transactions' pool.connect both go through connect).
    const visit = async (url: string) => {
      const connect = vi.spyOn(t.db.pool, 'connect');
      try {
        const res = await web.inject({ url, headers: { cookie } });
        return { status: res.statusCode, queries: connect.mock.calls.length };
      } finally {
        connect.mockRestore();
      }
    };
    expect(await visit('/health')).toEqual({ status: 200, queries: 0 });
    expect(await visit('/ready')).toEqual({ status: 200, queries: 1 }); // its own SELECT 1
    expect(await visit('/assets/app.js')).toEqual({ status: 200, queries: 0 });
    expect(await visit('/people/001090012345')).toEqual({ status: 200, queries: 0 });
    expect(await visit('/eid/interaction/Xyz_12-ab')).toEqual({ status: 200, queries: 0 });
    expect(await visit('/api/docs/json')).toMatchObject({ queries: 0 });
    // Where a route can use it, the session is there.
    for (const url of ['/api/auth/me', '/api/citizen/me']) {
      const seen = await visit(url);
      expect(seen.status).toBe(200);
      expect(seen.queries).toBeGreaterThan(0);
    }
  });
});
