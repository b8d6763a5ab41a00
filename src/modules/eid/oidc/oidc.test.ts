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
import { KEY_PUBLISH_MS, KEY_REFRESH_MS, loadKeys, rotateSigningKeys } from './keys.js';

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
  /** Every cookie value the browser holds (the provider's session cookie among them). */
  values(): string[] {
    return [...this.jar.values()];
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

/** What the interaction page sees (GET …/details with the browser's cookies). */
async function interactionDetails(browser: Browser, interactionUrl: string) {
  const res = await fetch(`${interactionUrl}/details`, { headers: browser.headers() });
  expect(res.status).toBe(200);
  return (await res.json()) as { prompt: string; requiredLevel: number; citizen: { level: number; levelSufficient: boolean; reauthenticate: boolean } | null };
}

const post = (browser: Browser, url: string, csrf: string, body?: object) =>
  fetch(url, { method: 'POST', headers: browser.headers({ 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) }), ...(body ? { body: JSON.stringify(body) } : {}) });

/** The relying party's callback page, reached by following the redirect the interaction step answered. */
async function finish(browser: Browser, step: Response): Promise<Record<string, unknown>> {
  expect(step.status).toBe(200);
  const done = await browser.go(((await step.json()) as { redirectTo: string }).redirectTo, `${base}/eid/interaction/`);
  if (done.url.startsWith(`${base}/eid/interaction/`)) return { interaction: done.url };
  return (await done.res.json()) as Record<string, unknown>;
}

/** Moves the application clock to the real time plus `offsetMs` (the provider and openid-client stamp tokens with the real time). */
function clockToReal(offsetMs = 0): void {
  t.clock.advance(Date.now() + offsetMs - t.clock.now().getTime());
}

describe('OpenID Connect hardening', () => {
  it('a level-2 request never completes on a level-1 login: refused at the login step in a fresh browser, and sent back to the login step (not consent) over a provider session from a level-1 client; a step-up after the upgrade gives acr level 2', async () => {
    clockToReal();
    const phone = '0987000011';
    const passcode = '518273';
    const p = await newPerson(t.ctx, { birthDate: '1991-03-03' });
    await newHousehold(t.ctx, p);
    await approvedLevel1(p, phone, passcode);
    const level1Rp = await startRelyingParty({ issuer: `${base}/oidc`, scope: 'openid profile' });
    const level2Rp = await startRelyingParty({ issuer: `${base}/oidc`, scope: 'openid profile' });
    const askingRp = await startRelyingParty({ issuer: `${base}/oidc`, scope: 'openid profile', acrValues: ACR[2] });
    try {
      await registerRp(level1Rp, 1, ['profile']);
      await registerRp(level2Rp, 2, ['profile']);
      await registerRp(askingRp, 1, ['profile']);

      // Fresh browser, a level-1 client asking acr_values=level2: the login step refuses the level-1 account.
      const fresh = new Browser();
      const first = await fresh.go(`${askingRp.url}/login`, `${base}/eid/interaction/`);
      const refused = await loginAndConsent(fresh, first.url, { pin: p.pin, passcode, phone });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { code: string }).code).toBe('level2_required');
      expect(await finish(fresh, await post(fresh, `${first.url}/abort`, lastCsrf, { reason: 'unmet_authentication_requirements' }))).toMatchObject({ error: 'unmet_authentication_requirements' });

      // The same citizen logs in to a level-1 client: the browser now has a level-1 provider session.
      const browser = new Browser();
      const l1 = await browser.go(`${level1Rp.url}/login`, `${base}/eid/interaction/`);
      const l1Result = await finish(browser, await loginAndConsent(browser, l1.url, { pin: p.pin, passcode, phone }));
      expect(l1Result.idToken).toMatchObject({ acr: ACR[1] });
      const csrf = lastCsrf;

      for (const rp of [level2Rp, askingRp]) {
        const next = await browser.go(`${rp.url}/login`, `${base}/eid/interaction/`);
        expect(next.url).toMatch(/\/eid\/interaction\/[\w-]+$/);
        // The login step again, with the level found wanting; never the consent step.
        expect(await interactionDetails(browser, next.url)).toMatchObject({ prompt: 'login', requiredLevel: 2, citizen: { level: 1, levelSufficient: false } });
        expect((await post(browser, `${next.url}/consent`, csrf)).status).toBe(404);
        const login = await post(browser, `${next.url}/login`, csrf);
        expect(login.status).toBe(403);
        expect(((await login.json()) as { code: string }).code).toBe('level2_required');
        expect(await finish(browser, await post(browser, `${next.url}/abort`, csrf, { reason: 'unmet_authentication_requirements' }))).toMatchObject({ error: 'unmet_authentication_requirements' });
      }

      // Raised to level 2 at the counter: the same provider session is stepped up through the login step.
      await app.inject({ method: 'POST', url: '/api/eid/level2', headers: officerHeaders, payload: { pin: p.pin, cardNumber: p.pin, faceMatched: true } });
      const act = await app.inject({ method: 'POST', url: '/api/citizen/activate', payload: { pin: p.pin, code: await lastCode(t.ctx, phone) } });
      expect(act.json()).toMatchObject({ level: 2 });
      const stepUp = await browser.go(`${level2Rp.url}/login`, `${base}/eid/interaction/`);
      expect(await interactionDetails(browser, stepUp.url)).toMatchObject({ prompt: 'login', citizen: { level: 2, levelSufficient: true } });
      const consentStep = await finish(browser, await post(browser, `${stepUp.url}/login`, csrf));
      const consented = await finish(browser, await post(browser, `${String(consentStep.interaction)}/consent`, csrf));
      expect(consented.idToken).toMatchObject({ acr: ACR[2] });
    } finally {
      await Promise.all([level1Rp.close(), level2Rp.close(), askingRp.close()]);
    }
  });

  it('auth_time is the time of the portal login; max_age and prompt=login force a new login (passcode and second factor) and the ID token carries its time', async () => {
    // The portal login happens two minutes before the citizen uses the service.
    clockToReal(-120_000);
    const phone = '0987000012';
    const passcode = '629384';
    const p = await newPerson(t.ctx, { birthDate: '1988-08-08' });
    await approvedLevel1(p, phone, passcode);
    const portal = await citizenLogin(app, t.ctx, p.pin, passcode, phone);
    const portalLoginAt = Math.floor(t.clock.now().getTime() / 1000);
    clockToReal();

    const plain = await startRelyingParty({ issuer: `${base}/oidc`, scope: 'openid profile' });
    const strict = await startRelyingParty({ issuer: `${base}/oidc`, scope: 'openid profile', maxAge: 60 });
    const fresh = await startRelyingParty({ issuer: `${base}/oidc`, scope: 'openid profile', prompt: 'login' });
    try {
      await registerRp(plain, 1, ['profile']);
      await registerRp(strict, 1, ['profile']);
      await registerRp(fresh, 1, ['profile']);
      const browser = new Browser();
      browser.addCookie(portal.cookie);

      const a = await browser.go(`${plain.url}/login`, `${base}/eid/interaction/`);
      const consentA = await finish(browser, await post(browser, `${a.url}/login`, portal.csrf));
      const resultA = await finish(browser, await post(browser, `${String(consentA.interaction)}/consent`, portal.csrf));
      expect((resultA.idToken as { auth_time: number }).auth_time).toBe(portalLoginAt);

      // max_age=60 with a portal login two minutes old: the provider session does not satisfy it, nor does the portal login.
      const b = await browser.go(`${strict.url}/login`, `${base}/eid/interaction/`);
      expect(b.url).toMatch(/\/eid\/interaction\/[\w-]+$/);
      expect(await interactionDetails(browser, b.url)).toMatchObject({ prompt: 'login', citizen: { reauthenticate: true } });
      const stale = await post(browser, `${b.url}/login`, portal.csrf);
      expect(stale.status).toBe(401);
      expect(((await stale.json()) as { code: string }).code).toBe('reauthentication_required');
      const again = await citizenLogin(app, t.ctx, p.pin, passcode, phone);
      const againAt = Math.floor(t.clock.now().getTime() / 1000);
      browser.addCookie(again.cookie);
      expect(await interactionDetails(browser, b.url)).toMatchObject({ prompt: 'login', citizen: { reauthenticate: false } });
      const consentB = await finish(browser, await post(browser, `${b.url}/login`, again.csrf));
      const resultB = await finish(browser, await post(browser, `${String(consentB.interaction)}/consent`, again.csrf));
      expect((resultB.idToken as { auth_time: number }).auth_time).toBe(againAt);
      expect(againAt).toBeGreaterThan(portalLoginAt + 60);

      // prompt=login: the portal login from before the request does not count, a new one does.
      t.clock.advance(5_000);
      const c = await browser.go(`${fresh.url}/login`, `${base}/eid/interaction/`);
      expect(c.url).toMatch(/\/eid\/interaction\/[\w-]+$/);
      expect(await interactionDetails(browser, c.url)).toMatchObject({ prompt: 'login', citizen: { reauthenticate: true } });
      const old = await post(browser, `${c.url}/login`, again.csrf);
      expect(old.status).toBe(401);
      expect(((await old.json()) as { code: string }).code).toBe('reauthentication_required');
      t.clock.advance(1_000);
      const third = await citizenLogin(app, t.ctx, p.pin, passcode, phone);
      const thirdAt = Math.floor(t.clock.now().getTime() / 1000);
      browser.addCookie(third.cookie);
      const consentC = await finish(browser, await post(browser, `${c.url}/login`, third.csrf));
      const resultC = await finish(browser, await post(browser, `${String(consentC.interaction)}/consent`, third.csrf));
      expect((resultC.idToken as { auth_time: number }).auth_time).toBe(thirdAt);
    } finally {
      await Promise.all([plain.close(), strict.close(), fresh.close()]);
    }
  });

  it('after a full login the database holds no client secret, code, token, provider session cookie or private key in clear; the stored hash is no secret', async () => {
    clockToReal();
    const phone = '0987000013';
    const p = await newPerson(t.ctx, { fullName: 'Vũ Thị Hằng', birthDate: '1979-09-09' });
    await approvedLevel1(p, phone, '731846');
    const rp = await startRelyingParty({ issuer: `${base}/oidc`, scope: 'openid offline_access profile', prompt: 'consent' });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/eid/clients', headers: (await login(app, 'admin')).headers, payload: { name: 'Dịch vụ thử bí mật', redirectUris: [rp.redirectUri], scopes: ['profile'], minLevel: 1, confidential: true } });
      const { clientId, clientSecret } = res.json() as { clientId: string; clientSecret: string };
      rp.useClient(clientId, clientSecret);
      const browser = new Browser();
      const interaction = await browser.go(`${rp.url}/login`, `${base}/eid/interaction/`);
      const uid = interaction.url.split('/').pop()!;
      const result = await finish(browser, await loginAndConsent(browser, interaction.url, { pin: p.pin, passcode: '731846', phone }));
      expect(result.refreshed).toBe(true);
      const issued = result.issued as Record<string, string | null>;

      const keys = await loadKeys(t.db.pool, t.ctx.keys, t.clock.now());
      const secrets: Array<[string, string]> = [
        ['client secret', clientSecret],
        ['interaction id', uid],
        ...Object.entries(issued).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'idToken'),
        ...browser.values().filter((v) => v.length >= 16).map((v): [string, string] => ['browser cookie', v]),
        ...keys.jwks.map((k): [string, string] => [`private key ${k.kid}`, k.d!]),
        ...keys.cookieKeys.map((k): [string, string] => ['cookie key', k]),
      ];
      expect(secrets.length).toBeGreaterThan(8);
      const tables = await t.db.pool.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
      let dump = '';
      for (const { table_name } of tables.rows) {
        const rows = await t.db.pool.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
        dump += rows.rows.map((r) => r.row).join('\n');
      }
      expect(dump).toContain(clientId);
      for (const [what, value] of secrets) expect(dump.includes(value), `${what} is in the database`).toBe(false);

      // Whoever reads the stored hash cannot use it as the secret.
      const stored = await t.db.pool.query<{ secret_hash: string }>('SELECT secret_hash FROM oidc_client WHERE client_id = $1', [clientId]);
      const token = (secret: string) =>
        fetch(`${base}/oidc/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: issued.refreshedRefreshToken ?? issued.refreshToken! }).toString(),
        });
      const withHash = await token(stored.rows[0]!.secret_hash);
      expect(withHash.status).toBe(401);
      expect(((await withHash.json()) as { error: string }).error).toBe('invalid_client');
      expect((await token(clientSecret)).status).toBe(200);
    } finally {
      await rp.close();
    }
  });

  it('a rotated signing key is published by the running server at once and signs after the publication delay, without a restart', async () => {
    clockToReal();
    const kids = async () => ((await (await fetch(`${base}/oidc/jwks`)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
    const before = await kids();
    const { kid } = await rotateSigningKeys(t.db.pool, t.ctx.keys, t.clock.now(), 30 * 86_400_000);
    t.clock.advance(KEY_REFRESH_MS);
    expect(await kids()).toEqual([...before, kid]);

    const phone = '0987000014';
    const p = await newPerson(t.ctx, { birthDate: '1993-12-12' });
    await approvedLevel1(p, phone, '842917');
    const signedWith = async () => {
      const rp = await startRelyingParty({ issuer: `${base}/oidc`, scope: 'openid' });
      try {
        await registerRp(rp, 1, []);
        const browser = new Browser();
        const interaction = await browser.go(`${rp.url}/login`, `${base}/eid/interaction/`);
        const result = await finish(browser, await loginAndConsent(browser, interaction.url, { pin: p.pin, passcode: '842917', phone }));
        expect(result.idToken).toMatchObject({ acr: ACR[1] });
        return result.idTokenKid;
      } finally {
        await rp.close();
      }
    };
    // Until every process has had time to publish it, the old key still signs.
    expect(await signedWith()).toBe(before[0]);
    t.clock.advance(KEY_PUBLISH_MS);
    // The relying party verified this token against /oidc/jwks.
    expect(await signedWith()).toBe(kid);
  });

  it('builds discovery and every endpoint URL from the configured public address, whatever Host the request carries', async () => {
    for (const headers of [{ host: 'evil.example' }, { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }]) {
      const res = await app.inject({ method: 'GET', url: '/oidc/.well-known/openid-configuration', headers });
      expect(res.statusCode).toBe(200);
      const d = res.json() as Record<string, unknown>;
      const urls = Object.entries(d).filter(([, v]) => typeof v === 'string' && /^https?:/.test(v)) as Array<[string, string]>;
      expect(urls.map(([k]) => k)).toEqual(expect.arrayContaining(['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint', 'end_session_endpoint']));
      for (const [k, v] of urls) expect(v.startsWith(`${base}/oidc`), `${k}: ${v}`).toBe(true);
      expect(res.body).not.toContain('evil.example');
    }
    const auth = await app.inject({ method: 'GET', url: '/oidc/auth?client_id=nobody&response_type=code&scope=openid', headers: { host: 'evil.example' } });
    expect(auth.body).not.toContain('evil.example');
  });

  it('answers a token request carrying text PostgreSQL cannot store (a NUL) as a bad grant or client, never a 500', async () => {
    for (const payload of ['grant_type=authorization_code&code=%00&client_id=a%00&redirect_uri=x&code_verifier=y', 'grant_type=refresh_token&refresh_token=ab%00cd&client_id=a', 'token=%00&client_id=a%00']) {
      const res = await app.inject({ method: 'POST', url: payload.startsWith('token=') ? '/oidc/token/revocation' : '/oidc/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
      expect(res.statusCode, `${payload}: ${res.body}`).toBeLessThan(500);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
    }
  });

  it('shows provider errors in Vietnamese with English beside them, with nothing from a CDN', async () => {
    const res = await fetch(`${base}/oidc/auth?client_id=nobody&response_type=code&scope=openid`);
    const html = await res.text();
    expect(html).toContain('Ứng dụng đề nghị đăng nhập chưa được đăng ký');
    expect(html).toContain('The application asking you to log in is not registered');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('describes every answer of the interaction and relying-party routes with a closed schema in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
    const mine = Object.entries(doc.paths).filter(([path]) => path.startsWith('/eid/interaction/') || path.startsWith('/api/eid/clients'));
    expect(mine.map(([path]) => path).sort()).toEqual(['/api/eid/clients', '/api/eid/clients/{clientId}/active', '/eid/interaction/{uid}/abort', '/eid/interaction/{uid}/consent', '/eid/interaction/{uid}/details', '/eid/interaction/{uid}/login']);
    const open = (schema: unknown, at: string): string[] => {
      if (!schema || typeof schema !== 'object') return [];
      const s = schema as Record<string, unknown>;
      const props = s.properties as Record<string, unknown> | undefined;
      // The kernel's problem+json shape is shared by every route and is not this module's to close.
      if (props && 'code' in props && 'detail' in props && 'message' in props) return [];
      const here = s.type === 'object' && s.additionalProperties !== false ? [at] : [];
      return [...here, ...Object.entries(s).flatMap(([k, v]) => (Array.isArray(v) ? v.flatMap((x, i) => open(x, `${at}.${k}[${i}]`)) : typeof v === 'object' ? open(v, `${at}.${k}`) : []))];
    };
    for (const [path, ops] of mine) {
      for (const [method, op] of Object.entries(ops)) {
        const statuses = Object.keys(op.responses);
        expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['500']));
        expect(statuses.some((s) => s.startsWith('2')), `${method} ${path}`).toBe(true);
        for (const [status, r] of Object.entries(op.responses)) {
          const schema = Object.values(r.content ?? {})[0]?.schema;
          expect(schema, `${method} ${path} ${status}`).toBeDefined();
          expect(open(schema, `${method} ${path} ${status}`)).toEqual([]);
        }
      }
    }
  });
});
