import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { citizenLogin, enableTotp, enrolLevel1, lastCode } from '../../../test/eid-helpers.js';
import { testContext, type TestContext } from '../../../test/context.js';
import { login } from '../../../test/login.js';
import { clerk, newHousehold, newPerson } from '../../../test/people-factory.js';
import { seedDemo } from '../../demo.js';
import { LOCKOUT_STEPS_MS, MAX_ATTEMPTS_PER_IDENTIFIER, MAX_FAILED_ATTEMPTS, IDENTIFIER_WINDOW_MS } from '../../kernel/auth/lockout.js';
import { totpCode } from '../../kernel/auth/totp.js';
import type { App } from '../../kernel/http.js';
import { reestablishPin, type Person } from '../people/index.js';
import { registryClaims } from './index.js';
import { findAccount } from './store.js';

/** Citizen login under attack: guessing limits, identical answers, step-up, sealed secrets, re-established PINs. */
let t: TestContext;
let app: App;
let officerHeaders: Record<string, string> = {};
let phoneSerial = 0;
const newPhone = () => `08${String(22345600 + ++phoneSerial).padStart(8, '0')}`;

beforeAll(async () => {
  // One test address sends every request: the per-address limit is not under test here.
  t = await testContext({ devMessages: true, rateLimitScale: 100 });
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
});
beforeEach(async () => {
  officerHeaders = (await login(app, 'cb.phuongbadinh')).headers;
});
afterAll(() => t.close());

const ident = (p: Person) => ({ pin: p.pin, fullName: p.fullName, birthDate: p.birthDate });

/** An approved level-1 account; its person, phone and account id. */
async function account(passcode = '482916', over: Parameters<typeof newPerson>[1] = {}): Promise<{ person: Person; phone: string; id: string }> {
  const person = await newPerson(t.ctx, { birthDate: '1986-06-16', ...over });
  const phone = newPhone();
  const id = await enrolLevel1(app, t.ctx, ident(person), phone, passcode);
  const review = await app.inject({ method: 'POST', url: `/api/eid/accounts/${id}/review`, headers: officerHeaders, payload: { decision: 'approved' } });
  expect(review.statusCode).toBe(200);
  return { person, phone, id };
}

const start = (pin: string, passcode: string) => app.inject({ method: 'POST', url: '/api/citizen/login', payload: { pin, passcode } });
const answer = (res: { statusCode: number; json(): unknown }) => {
  const { code, field, message } = res.json() as { code: string; field?: string; message: unknown };
  return { status: res.statusCode, code, field, message };
};
const tally = (xs: Array<{ statusCode: number; json(): unknown }>) => xs.map((r) => JSON.stringify(answer(r))).sort();
const failures = async (accountId: string, factor: string) =>
  (await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM eid_usage WHERE account_id = $1 AND kind = 'login_failed' AND detail->>'factor' = $2", [accountId, factor])).rows[0]!.n;
const lockedUntil = async (accountId: string) => (await t.db.pool.query<{ locked_until: Date | null; lockouts: number }>('SELECT locked_until, lockouts FROM eid_account WHERE id = $1', [accountId])).rows[0]!;
const notices = async (phone: string, template: string) =>
  (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM notification WHERE recipient = $1 AND template = $2', [phone, template])).rows[0]!.n;

describe('guessing limits', () => {
  it(`evaluates exactly ${MAX_FAILED_ATTEMPTS} of 20 parallel wrong passcodes, answers the rest like an unknown PIN, locks the account and texts the phone`, async () => {
    const a = await account('258147');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => start(a.person.pin, String(900000 + i))));
    expect(await failures(a.id, 'passcode')).toBe(MAX_FAILED_ATTEMPTS);
    expect((await lockedUntil(a.id)).locked_until!.getTime()).toBe(t.clock.now().getTime() + LOCKOUT_STEPS_MS[0]);
    expect(await notices(a.phone, 'eid.locked.attempts')).toBe(1);
    const unknown = await Promise.all(Array.from({ length: 20 }, (_, i) => start('001099000077', String(900000 + i))));
    expect(tally(answers)).toEqual(tally(unknown));
    expect(answers.filter((r) => r.statusCode === 401)).toHaveLength(MAX_ATTEMPTS_PER_IDENTIFIER);
    expect(answers.every((r) => r.statusCode === 429 || r.json().code === 'login_failed')).toBe(true);
  });

  it(`evaluates exactly ${MAX_FAILED_ATTEMPTS} of 20 parallel wrong authenticator codes`, async () => {
    const a = await account('364728');
    const s = await citizenLogin(app, t.ctx, a.person.pin, '364728', a.phone);
    const secret = await enableTotp(app, t.ctx, s, a.phone, (x) => totpCode(x, t.clock.now()));
    t.clock.advance(30_000);
    const { loginToken } = (await start(a.person.pin, '364728')).json() as { loginToken: string };
    const good = new Set([-30_000, 0, 30_000].map((d) => totpCode(secret, new Date(t.clock.now().getTime() + d))));
    const wrong = Array.from({ length: 40 }, (_, i) => String((123457 * (i + 3)) % 1_000_000).padStart(6, '0')).filter((c) => !good.has(c)).slice(0, 20);
    const answers = await Promise.all(wrong.map((code) => app.inject({ method: 'POST', url: '/api/citizen/login/verify', payload: { loginToken, method: 'totp', code } })));
    expect(answers.every((r) => r.json().code === 'second_factor_failed')).toBe(true);
    expect(await failures(a.id, 'totp')).toBe(MAX_FAILED_ATTEMPTS);
    expect((await lockedUntil(a.id)).locked_until).not.toBeNull();
    // Locked: even the right code is refused now.
    const right = await app.inject({ method: 'POST', url: '/api/citizen/login/verify', payload: { loginToken, method: 'totp', code: totpCode(secret, t.clock.now()) } });
    expect(right.json().code).toBe('second_factor_failed');
  });

  it('answers an unknown PIN, a wrong passcode, a temporarily locked account and one its owner locked alike, and about as fast', async () => {
    const a = await account('713946');
    const owner = await account('592736');
    const s = await citizenLogin(app, t.ctx, owner.person.pin, '592736', owner.phone);
    expect((await app.inject({ method: 'POST', url: '/api/citizen/lock', headers: s.headers, payload: {} })).statusCode).toBe(204);
    const timed = async (pin: string, passcode: string) => {
      const started = performance.now();
      const res = await start(pin, passcode);
      return { res, ms: performance.now() - started };
    };
    const wrong = [];
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) wrong.push(await timed(a.person.pin, String(800000 + i)));
    const locked = [await timed(a.person.pin, '713946'), await timed(a.person.pin, '713946'), await timed(a.person.pin, '713946')];
    const ownerLocked = [await timed(owner.person.pin, '592736')];
    const unknown = [await timed('001099000088', '713946'), await timed('001099000088', '713946'), await timed('001099000088', '713946')];
    const expected = answer(unknown[0]!.res);
    expect(expected).toMatchObject({ status: 401, code: 'login_failed', field: 'passcode' });
    for (const r of [...wrong, ...locked, ...ownerLocked, ...unknown]) expect(answer(r.res)).toEqual(expected);
    const median = (xs: Array<{ ms: number }>) => xs.map((x) => x.ms).sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    expect(median(locked)).toBeGreaterThan(median(wrong) * 0.4);
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
    // The owner learns why by SMS, not from the form.
    expect(await notices(owner.phone, 'eid.locked.citizen')).toBe(1);
  });

  it('locks for longer each time: 15 minutes, 1 hour, 4 hours', async () => {
    const a = await account('528419');
    for (const [round, duration] of LOCKOUT_STEPS_MS.slice(0, 3).entries()) {
      for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) expect((await start(a.person.pin, String(700000 + i))).json().code).toBe('login_failed');
      expect((await lockedUntil(a.id)).locked_until!.getTime() - t.clock.now().getTime()).toBe(duration);
      expect((await lockedUntil(a.id)).lockouts).toBe(round + 1);
      t.clock.advance(duration - 1000);
      expect((await start(a.person.pin, '528419')).json().code).toBe('login_failed');
      t.clock.advance(Math.max(2000, IDENTIFIER_WINDOW_MS - duration + 2000));
    }
    await citizenLogin(app, t.ctx, a.person.pin, '528419', a.phone);
    expect(await lockedUntil(a.id)).toEqual({ locked_until: null, lockouts: 0 });
  });
});

describe('changing second factors needs a fresh proof of a current one', () => {
  it('asks for an SMS step-up before the first authenticator app, then the app itself; the old app works until the new one is confirmed', async () => {
    const a = await account('619374');
    const s = await citizenLogin(app, t.ctx, a.person.pin, '619374', a.phone);
    for (const url of ['/api/citizen/totp/setup', '/api/citizen/passkeys/options']) {
      const early = await app.inject({ method: 'POST', url, headers: s.headers });
      expect(early.statusCode).toBe(403);
      expect(early.json().code).toBe('step_up_required');
    }
    const first = await enableTotp(app, t.ctx, s, a.phone, (x) => totpCode(x, t.clock.now()));
    const rowText = (await t.db.pool.query<{ t: string }>('SELECT a::text AS t FROM eid_account a WHERE id = $1', [a.id])).rows[0]!.t;
    expect(rowText).not.toContain(first);
    expect(rowText).toContain('sealed:v1:');

    // Five minutes later the step-up is spent; an SMS no longer proves anything once the app is on.
    t.clock.advance(5 * 60_000 + 1000);
    expect((await app.inject({ method: 'POST', url: '/api/citizen/totp/setup', headers: s.headers })).json().code).toBe('step_up_required');
    expect((await app.inject({ method: 'POST', url: '/api/citizen/step-up/sms', headers: s.headers })).json().code).toBe('step_up_method_unavailable');
    expect((await app.inject({ method: 'POST', url: '/api/citizen/step-up', headers: s.headers, payload: { method: 'sms', code: '123456' } })).json().code).toBe('step_up_method_unavailable');
    const stepUp = await app.inject({ method: 'POST', url: '/api/citizen/step-up', headers: s.headers, payload: { method: 'totp', code: totpCode(first, t.clock.now()) } });
    expect(stepUp.statusCode).toBe(200);
    const second = (await app.inject({ method: 'POST', url: '/api/citizen/totp/setup', headers: s.headers })).json() as { secret: string };

    // Starting a new setup switches nothing off: the old app still logs in.
    t.clock.advance(30_000);
    const before = (await start(a.person.pin, '619374')).json() as { loginToken: string; methods: string[] };
    expect(before.methods).toEqual(['totp']);
    expect((await app.inject({ method: 'POST', url: '/api/citizen/login/verify', payload: { loginToken: before.loginToken, method: 'totp', code: totpCode(first, t.clock.now()) } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/citizen/totp/confirm', headers: s.headers, payload: { code: totpCode(second.secret, t.clock.now()) } })).statusCode).toBe(204);
    t.clock.advance(30_000);
    const after = (await start(a.person.pin, '619374')).json() as { loginToken: string };
    expect((await app.inject({ method: 'POST', url: '/api/citizen/login/verify', payload: { loginToken: after.loginToken, method: 'totp', code: totpCode(first, t.clock.now()) } })).json().code).toBe('second_factor_failed');
    expect((await app.inject({ method: 'POST', url: '/api/citizen/login/verify', payload: { loginToken: after.loginToken, method: 'totp', code: totpCode(second.secret, t.clock.now()) } })).statusCode).toBe(200);
  });

  it('counts wrong step-up proofs towards the lockout, and ends the session that made them', async () => {
    const a = await account('375914');
    const s = await citizenLogin(app, t.ctx, a.person.pin, '375914', a.phone);
    const secret = await enableTotp(app, t.ctx, s, a.phone, (x) => totpCode(x, t.clock.now()));
    t.clock.advance(60_000);
    const good = new Set([-30_000, 0, 30_000].map((d) => totpCode(secret, new Date(t.clock.now().getTime() + d))));
    const wrong = Array.from({ length: 10 }, (_, i) => String((654321 * (i + 7)) % 1_000_000).padStart(6, '0')).filter((c) => !good.has(c)).slice(0, MAX_FAILED_ATTEMPTS);
    for (const code of wrong) {
      const res = await app.inject({ method: 'POST', url: '/api/citizen/step-up', headers: s.headers, payload: { method: 'totp', code } });
      expect(res.json().code).toBe('second_factor_failed');
    }
    expect((await lockedUntil(a.id)).locked_until).not.toBeNull();
    expect((await app.inject({ url: '/api/citizen/me', headers: s.headers })).statusCode).toBe(401);
  });

  it('seals a plaintext TOTP secret from before sealing on first use', async () => {
    const a = await account('846271');
    const plain = 'KRUGS4ZANFZSAYJAONSWG4TFOQQQ';
    await t.db.pool.query('UPDATE eid_account SET totp_secret = $2, totp_enabled = true WHERE id = $1', [a.id, plain]);
    const { loginToken } = (await start(a.person.pin, '846271')).json() as { loginToken: string };
    expect((await app.inject({ method: 'POST', url: '/api/citizen/login/verify', payload: { loginToken, method: 'totp', code: totpCode(plain, t.clock.now()) } })).statusCode).toBe(200);
    const stored = (await t.db.pool.query<{ totp_secret: string }>('SELECT totp_secret FROM eid_account WHERE id = $1', [a.id])).rows[0]!.totp_secret;
    expect(stored).toMatch(/^sealed:v1:/);
  });
});

describe('a re-established PIN', () => {
  it('logs in with the new PIN (not the old one); my data, the household claim and enrolling a child keep working', async () => {
    const a = await account('493817', { sex: 'F', birthDate: '1987-07-07' });
    await newHousehold(t.ctx, a.person);
    const child = await newPerson(t.ctx, { birthDate: '2019-03-03', motherPin: a.person.pin });
    // Level 2, so the parent may enrol the child.
    await app.inject({ method: 'POST', url: '/api/eid/level2', headers: officerHeaders, payload: { pin: a.person.pin, cardNumber: a.person.pin, faceMatched: true } });
    expect((await app.inject({ method: 'POST', url: '/api/citizen/activate', payload: { pin: a.person.pin, code: await lastCode(t.ctx, a.phone) } })).statusCode).toBe(200);

    const { newPin, oldPin } = await reestablishPin(t.ctx, clerk, a.person.pin, { expectedVersion: (await findPersonVersion(a.person.pin)), sex: 'M' }, { reasonCode: 'pin_reestablishment' });
    expect(newPin).not.toBe(oldPin);

    expect((await start(oldPin, '493817')).json().code).toBe('login_failed');
    const s = await citizenLogin(app, t.ctx, newPin, '493817', a.phone);
    const me = (await app.inject({ url: '/api/citizen/me', headers: s.headers })).json() as { account: { pin: string } };
    expect(me.account.pin).toBe(newPin);
    const data = (await app.inject({ url: '/api/citizen/my-data', headers: s.headers })).json() as { household: { headPin: string } | null };
    expect(data.household?.headPin).toBe(newPin);

    // The OpenID Connect household claim reads through the account row, keyed by the person.
    const row = (await findAccount(t.db.pool, { id: a.id }))!;
    expect(row.pin).toBe(newPin);
    const claims = await registryClaims(t.ctx, { kind: 'client', id: 'test-rp', forPersonId: row.person_id, forPin: row.pin }, new Set(['household', 'pin']));
    expect(claims).toMatchObject({ pin: newPin, household: { head: true } });

    const enrolled = await app.inject({ method: 'POST', url: '/api/citizen/children', headers: s.headers, payload: { childPin: child.pin, passcode: '518364' } });
    expect(enrolled.statusCode).toBe(201);
    expect(enrolled.json()).toMatchObject({ pin: child.pin, guardianAccountId: a.id });
  });
});

async function findPersonVersion(pin: string): Promise<number> {
  const r = await t.db.pool.query<{ version: number }>('SELECT version FROM person WHERE pin = $1', [pin]);
  return r.rows[0]!.version;
}

describe('cookies on https', () => {
  it('marks the citizen cookie Secure when the public URL is https', async () => {
    const https = await testContext({ devMessages: true, rateLimitScale: 100, publicUrl: 'https://dinhdanh.example.vn' });
    try {
      const httpsApp = await https.app();
      await seedDemo(https.ctx, { population: false });
      const p = await newPerson(https.ctx, { birthDate: '1990-01-02' });
      const phone = newPhone();
      const id = await enrolLevel1(httpsApp, https.ctx, ident(p), phone, '482916');
      const officer = await login(httpsApp, 'cb.phuongbadinh');
      const officerCookie = (await httpsApp.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'cb.phuongbadinh', password: 'demo-password-2026' } })).cookies[0];
      expect(officerCookie).toMatchObject({ name: 'dancu_sid', secure: true });
      await httpsApp.inject({ method: 'POST', url: `/api/eid/accounts/${id}/review`, headers: officer.headers, payload: { decision: 'approved' } });
      const begun = (await httpsApp.inject({ method: 'POST', url: '/api/citizen/login', payload: { pin: p.pin, passcode: '482916' } })).json() as { loginToken: string };
      const done = await httpsApp.inject({ method: 'POST', url: '/api/citizen/login/verify', payload: { loginToken: begun.loginToken, method: 'sms', code: await lastCode(https.ctx, phone) } });
      expect(done.cookies[0]).toMatchObject({ name: 'dancu_cit', secure: true, httpOnly: true, sameSite: 'Lax' });
    } finally {
      await https.close();
    }
  });
});

