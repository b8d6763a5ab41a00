import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenLogin, enrolLevel1, lastCode } from '../../../../test/eid-helpers.js';
import { testContext, type TestContext } from '../../../../test/context.js';
import { login } from '../../../../test/login.js';
import { newHousehold, newPerson } from '../../../../test/people-factory.js';
import { startRelyingParty, type RelyingParty } from '../../../../test/rp/relying-party.js';
import { seedDemo } from '../../../demo.js';
import type { App } from '../../../kernel/http.js';
import type { Person } from '../../people/index.js';
import { ACR } from '../model.js';

/**
 * The whole OpenID Connect flow over real HTTP: a separate relying-party app (openid-client,
 * code + PKCE) sends the browser to dancu, the citizen logs in and consents on dancu's
 * interaction endpoints, and the relying party receives an ID token whose acr and claims are
 * the registry's. A browser is simulated with a cookie jar and manual redirects.
 */
let t: TestContext;
let app: App;
let base: string;
let officerHeaders: Record<string, string>;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The real clock: the provider stamps tokens with it and openid-client checks them.
  t = await testContext({ devMessages: true, publicUrl: base, rateLimitScale: 100 });
  t.clock.advance(Date.now() - t.clock.now().getTime());
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
  await app.listen({ port, host: '127.0.0.1' });
  officerHeaders = (await login(app, 'cb.phuongbadinh')).headers;
});
afterAll(() => t.close());

/** A browser's cookies (one host, paths ignored) and redirect following that stops at a given origin. */
class Browser {
  private readonly jar = new Map<string, string>();
  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '), ...extra };
  }
  absorb(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }
  addCookie(cookieHeader: string): void {
    for (const part of cookieHeader.split('; ')) {
      const i = part.indexOf('=');
      this.jar.set(part.slice(0, i), part.slice(i + 1));
    }
  }
  /** Follows redirects until a page that is not a redirect, or one under `stopAt`. */
  async go(url: string, stopAt?: string): Promise<{ url: string; res: Response }> {
    let current = url;
    for (let i = 0; i < 10; i++) {
      if (stopAt && current.startsWith(stopAt)) return { url: current, res: new Response(null) };
      const res = await fetch(current, { redirect: 'manual', headers: this.headers() });
      this.absorb(res);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        current = new URL(location, current).href;
        continue;
      }
      return { url: current, res };
    }
    throw new Error('too many redirects');
  }
}

async function approvedLevel1(p: Person, phone: string, passcode: string): Promise<string> {
  const id = await enrolLevel1(app, t.ctx, { pin: p.pin, fullName: p.fullName, birthDate: p.birthDate }, phone, passcode);
  await app.inject({ method: 'POST', url: `/api/eid/accounts/${id}/review`, headers: officerHeaders, payload: { decision: 'approved' } });
  return id;
}

/** Enrols at level 1, is approved, then is raised to level 2 at the counter and activates it. */
async function level2Citizen(fullName: string, phone: string, passcode: string): Promise<Person> {
  const p = await newPerson(t.ctx, { fullName, birthDate: '1986-04-30', sex: 'F' });
  await newHousehold(t.ctx, p);
  const id = await approvedLevel1(p, phone, passcode);
  await app.inject({ method: 'POST', url: '/api/eid/level2', headers: officerHeaders, payload: { pin: p.pin, cardNumber: p.pin, faceMatched: true } });
  const act = await app.inject({ method: 'POST', url: '/api/citizen/activate', payload: { pin: p.pin, code: await lastCode(t.ctx, phone) } });
  expect(act.json()).toMatchObject({ id, level: 2 });
  return p;
}

async function registerRp(rp: RelyingParty, minLevel: 1 | 2, scopes: string[]) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/eid/clients',
    headers: (await login(app, 'admin')).headers,
    payload: { name: `Cổng dịch vụ công thử nghiệm (mức ${minLevel})`, redirectUris: [rp.redirectUri], scopes, minLevel, confidential: true },
  });
  expect(res.statusCode).toBe(201);
  const { clientId, clientSecret } = res.json() as { clientId: string; clientSecret: string };
  rp.useClient(clientId, clientSecret);
  return clientId;
}

/** Runs the interaction as the portal page does: login with the portal session, then consent. */
let lastCsrf = '';
async function loginAndConsent(browser: Browser, interactionUrl: string, citizen: { pin: string; passcode: string; phone: string }): Promise<Response> {
  const s = await citizenLogin(app, t.ctx, citizen.pin, citizen.passcode, citizen.phone);
  lastCsrf = s.csrf;
  browser.addCookie(s.cookie);
  const details = await fetch(`${interactionUrl}/details`, { headers: browser.headers() });
  expect(details.status).toBe(200);
  const login1 = await fetch(`${interactionUrl}/login`, { method: 'POST', headers: browser.headers({ 'x-csrf-token': s.csrf }) });
  if (login1.status !== 200) return login1;
  const consentPage = await browser.go((await login1.json()).redirectTo, `${base}/eid/interaction/`);
  const consent = await fetch(`${consentPage.url}/consent`, { method: 'POST', headers: browser.headers({ 'x-csrf-token': s.csrf }) });
  expect(consent.status).toBe(200);
  return consent;
}

describe('OpenID Connect with a separate relying party', () => {
  it('enrols at level 1, is upgraded to level 2 by an officer, and logs in to the relying party with code + PKCE; the ID token carries acr and registry claims; the token is in the access log', async () => {
    const phone = '0987000001';
    const p = await level2Citizen('Trần Thị Bích Ngọc', phone, '574839');
    const rp = await startRelyingParty({ issuer: `${base}/oidc`, scope: 'openid profile pin address household' });
    try {
      const clientId = await registerRp(rp, 2, ['profile', 'pin', 'address', 'household']);
      const browser = new Browser();
      const interaction = await browser.go(`${rp.url}/login`, `${base}/eid/interaction/`);
      expect(interaction.url).toMatch(/\/eid\/interaction\/[\w-]+$/);
      const consent = await loginAndConsent(browser, interaction.url, { pin: p.pin, passcode: '574839', phone });
      const done = await browser.go((await consent.json()).redirectTo);
      expect(done.url.startsWith(rp.redirectUri)).toBe(true);
      const body = (await done.res.json()) as { idToken: Record<string, unknown>; userinfo: Record<string, unknown> };
      expect(body.idToken).toMatchObject({ acr: ACR[2], name: 'Trần Thị Bích Ngọc', birthdate: '1986-04-30', gender: 'female', pin: p.pin, aud: clientId });
      expect(body.idToken.household).toMatchObject({ head: true, relation_to_head: 'chu_ho' });
      expect((body.idToken.address as { street_address: string }).street_address).toBe('Số 12, phố Đội Cấn');
      expect(body.userinfo).toMatchObject({ pin: p.pin, name: 'Trần Thị Bích Ngọc' });

      const issued = await t.db.pool.query("SELECT 1 FROM audit_log WHERE chain = 'access' AND action = 'eid.token_issued' AND actor_id = $1 AND target_id = $2", [clientId, p.pin]);
      expect(issued.rowCount).toBeGreaterThan(0);
      const usage = await t.db.pool.query<{ kind: string }>("SELECT kind FROM eid_usage u JOIN eid_account a ON a.id = u.account_id JOIN person p ON p.id = a.person_id WHERE p.pin = $1 AND u.client_id = $2", [p.pin, clientId]);
      expect(usage.rows.map((r) => r.kind)).toEqual(expect.arrayContaining(['consent', 'token_issued']));
    } finally {
      await rp.close();
    }
  });

  it('refuses a level-1 login to a client that demands level 2, and tells the relying party why', async () => {
    const phone = '0987000002';
    const p = await newPerson(t.ctx, { birthDate: '1990-01-15' });
    await approvedLevel1(p, phone, '385926');

    const rp = await startRelyingParty({ issuer: `${base}/oidc`, scope: 'openid profile' });
    try {
      await registerRp(rp, 2, ['profile']);
      const browser = new Browser();
      const interaction = await browser.go(`${rp.url}/login`, `${base}/eid/interaction/`);
      const refused = await loginAndConsent(browser, interaction.url, { pin: p.pin, passcode: '385926', phone });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { code: string }).code).toBe('level2_required');
      const abortBody = JSON.stringify({ reason: 'unmet_authentication_requirements' });
      const forged = await fetch(`${interaction.url}/abort`, { method: 'POST', headers: browser.headers({ 'content-type': 'application/json' }), body: abortBody });
      expect(forged.status).toBe(403); // with the portal session, the CSRF token is needed
      const abort = await fetch(`${interaction.url}/abort`, { method: 'POST', headers: browser.headers({ 'content-type': 'application/json', 'x-csrf-token': lastCsrf }), body: abortBody });
      const back = await browser.go(((await abort.json()) as { redirectTo: string }).redirectTo);
      expect(back.url.startsWith(rp.redirectUri)).toBe(true);
      expect(await back.res.json()).toMatchObject({ error: 'unmet_authentication_requirements' });
    } finally {
      await rp.close();
    }
  });

  it('a level-1 client lets a level-1 citizen in with acr level 1, and its refresh token works', async () => {
    const phone = '0987000003';
    const p = await newPerson(t.ctx, { fullName: 'Đỗ Văn Toàn', birthDate: '1977-07-07' });
    await approvedLevel1(p, phone, '396172');
    const rp = await startRelyingParty({ issuer: `${base}/oidc`, scope: 'openid offline_access profile', prompt: 'consent' });
    try {
      await registerRp(rp, 1, ['profile']);
      const browser = new Browser();
      const interaction = await browser.go(`${rp.url}/login`, `${base}/eid/interaction/`);
      const consent = await loginAndConsent(browser, interaction.url, { pin: p.pin, passcode: '396172', phone });
      const done = await browser.go((await consent.json()).redirectTo);
      const body = (await done.res.json()) as { idToken: Record<string, unknown>; refreshed: boolean };
      expect(body.idToken).toMatchObject({ acr: ACR[1], name: 'Đỗ Văn Toàn' });
      expect(body.refreshed).toBe(true);
      expect(body.idToken.pin).toBeUndefined();
    } finally {
      await rp.close();
    }
  });

  it('refuses a redirect URI the client did not register', async () => {
    const rp = await startRelyingParty({ issuer: `${base}/oidc`, scope: 'openid' });
    try {
      const clientId = await registerRp(rp, 1, []);
      const url = new URL(`${base}/oidc/auth`);
      url.search = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: 'https://evil.example/callback', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', state: 'x' }).toString();
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('redirect_uri');
    } finally {
      await rp.close();
    }
  });

  it('publishes discovery with PKCE, the two acr values and the registry scopes, and no CDN on its pages', async () => {
    const d = (await (await fetch(`${base}/oidc/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(d.code_challenge_methods_supported).toEqual(['S256']);
    expect(d.acr_values_supported).toEqual([ACR[1], ACR[2]]);
    expect(d.end_session_endpoint).toBe(`${base}/oidc/session/end`);
    expect(d.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
    expect(d.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'pin', 'address', 'household']));
    const jwks = (await (await fetch(String(d.jwks_uri))).json()) as { keys: Array<{ d?: string }> };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
    const error = await fetch(`${base}/oidc/auth?client_id=nobody`);
    expect(await error.text()).not.toContain('googleapis');
  });
});
