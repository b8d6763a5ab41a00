import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { login } from '../../../test/login.js';
import { buildApp } from '../../app.js';
import { seedDemo } from '../../demo.js';
import type { App } from '../http.js';
import { IDENTIFIER_WINDOW_MS, LOCKOUT_STEPS_MS, MAX_ATTEMPTS_PER_IDENTIFIER, MAX_FAILED_ATTEMPTS } from './lockout.js';
import { setOfficerActive } from './officer-admin.js';
import { createOfficer, totpCode } from './officers.js';
import { OFFICER_SESSION_CACHE_MS } from './session-store.js';

let t: TestContext;
let app: App;
beforeAll(async () => {
  // Many logins from one test address: the per-address limit is not what these tests are about.
  t = await testContext({ rateLimitScale: 100 });
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
});
afterAll(() => t.close());

const PASSWORD = 'demo-password-2026';
const attempt = (username: string, password: string, totp?: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } });
/** The parts of a problem a caller can compare: status, code, field and both messages. */
const answer = (res: { statusCode: number; json(): unknown }) => {
  const { code, field, message } = res.json() as { code: string; field?: string; message: unknown };
  return { status: res.statusCode, code, field, message };
};

let serial = 0;
/** A fresh commune officer (each test its own account: lockouts must not leak between tests). */
async function newOfficer(): Promise<string> {
  const username = `cb.thu${++serial}.${Date.now() % 100000}`;
  await createOfficer(t.ctx, { kind: 'officer', id: '00000000-0000-0000-0000-000000000000', username: 'admin', role: 'admin', unitLevel: 'nation', unitCode: null, provinceCode: null }, { username, displayName: `Cán bộ thử ${serial}`, password: PASSWORD, role: 'commune_officer', unitCode: '00004' });
  return username;
}

const officerRow = async (username: string) =>
  (await t.db.pool.query<{ id: string; failed_logins: number; lockouts: number; locked_until: Date | null; totp_secret: string | null; totp_pending_secret: string | null; totp_enabled: boolean }>('SELECT * FROM officer WHERE username = $1', [username])).rows[0]!;
const auditCount = async (officerId: string, actions: string[]) =>
  (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE target_kind = $1 AND target_id = $2 AND action = ANY($3::text[])', ['officer', officerId, actions])).rows[0]!.n;

describe('officer login', () => {
  it('logs in, sets an HTTP-only SameSite cookie, and /me answers with the officer', async () => {
    const res = await attempt('cb.phuongbadinh', PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies[0]!;
    expect(cookie).toMatchObject({ name: 'dancu_sid', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeFalsy();
    const me = await app.inject({ url: '/api/auth/me', cookies: { dancu_sid: cookie.value } });
    expect(me.json().officer).toMatchObject({ username: 'cb.phuongbadinh', role: 'commune_officer', unitCode: '00004', unitName: 'Phường Ba Đình' });
  });

  it('answers an unknown user, a wrong password and a locked account alike, and takes about as long', async () => {
    const username = await newOfficer();
    const timed = async (u: string, p: string) => {
      const started = performance.now();
      const res = await attempt(u, p);
      return { res, ms: performance.now() - started };
    };
    const wrong = [];
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) wrong.push(await timed(username, `wrong-${i}-password`));
    const locked = [await timed(username, PASSWORD), await timed(username, PASSWORD), await timed(username, PASSWORD)];
    const unknown = [await timed('nobody.here', 'wrong-password-xx'), await timed('nobody.here', 'wrong-password-xx'), await timed('nobody.here', 'wrong-password-xx')];
    const expected = answer(unknown[0]!.res);
    expect(expected).toMatchObject({ status: 401, code: 'login_failed' });
    for (const r of [...wrong, ...locked, ...unknown]) expect(answer(r.res)).toEqual(expected);
    // A locked account and an unknown user still compute a password hash: no fast answer tells them apart.
    const median = (xs: Array<{ ms: number }>) => xs.map((x) => x.ms).sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(locked)).toBeGreaterThan(median(wrong) * 0.4);
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
    expect((await officerRow(username)).locked_until).not.toBeNull();
  });

  it(`evaluates exactly ${MAX_FAILED_ATTEMPTS} of 20 parallel wrong passwords, refuses the rest alike, and locks the account`, async () => {
    const username = await newOfficer();
    const { id } = await officerRow(username);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(username, `parallel-wrong-${i}`)));
    // Each evaluated failure leaves one audit row (the last one the lock).
    expect(await auditCount(id, ['officer.login_failed', 'officer.locked'])).toBe(MAX_FAILED_ATTEMPTS);
    expect(await auditCount(id, ['officer.locked'])).toBe(1);
    const row = await officerRow(username);
    expect(row.locked_until!.getTime()).toBe(t.clock.now().getTime() + LOCKOUT_STEPS_MS[0]);
    // The per-username limit answers the rest; an unknown username gets exactly the same answers.
    const ghost = `ghost.${Date.now()}`;
    const ghosts = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(ghost, `parallel-wrong-${i}`)));
    const tally = (xs: typeof answers) => xs.map((r) => JSON.stringify(answer(r))).sort();
    expect(tally(answers)).toEqual(tally(ghosts));
    expect(answers.filter((r) => r.statusCode === 401)).toHaveLength(MAX_ATTEMPTS_PER_IDENTIFIER);
    expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(20 - MAX_ATTEMPTS_PER_IDENTIFIER);
  });

  it('locks for longer each time (15 minutes, 1 hour, 4 hours) and forgets it after a good login', async () => {
    const username = await newOfficer();
    for (const [round, duration] of LOCKOUT_STEPS_MS.slice(0, 3).entries()) {
      for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) expect((await attempt(username, `wrong-${round}-${i}`)).statusCode).toBe(401);
      const row = await officerRow(username);
      expect(row.locked_until!.getTime() - t.clock.now().getTime()).toBe(duration);
      expect(row.lockouts).toBe(round + 1);
      // Still locked a second before the end, even for the right password.
      t.clock.advance(duration - 1000);
      expect((await attempt(username, PASSWORD)).json().code).toBe('login_failed');
      t.clock.advance(Math.max(2000, IDENTIFIER_WINDOW_MS - duration + 2000));
    }
    expect((await attempt(username, PASSWORD)).statusCode).toBe(200);
    expect(await officerRow(username)).toMatchObject({ lockouts: 0, failed_logins: 0, locked_until: null });
  });

  it('requires a TOTP code once enabled, and refuses a replayed code', async () => {
    const username = await newOfficer();
    const s = await login(app, username);
    expect((await app.inject({ method: 'POST', url: '/api/auth/step-up', headers: s.headers, payload: { password: PASSWORD } })).statusCode).toBe(200);
    const setup = await app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers });
    const { secret } = setup.json() as { secret: string };
    const confirm = await app.inject({ method: 'POST', url: '/api/auth/totp/confirm', headers: s.headers, payload: { code: totpCode(secret, t.clock.now()) } });
    expect(confirm.statusCode).toBe(204);
    t.clock.advance(30_000);
    const noCode = await attempt(username, PASSWORD);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json()).toMatchObject({ code: 'totp_required', field: 'totp' });
    const code = totpCode(secret, t.clock.now());
    expect((await attempt(username, PASSWORD, code)).statusCode).toBe(200);
    const replay = await attempt(username, PASSWORD, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'totp_invalid' });
  });

  it('lets only one of two parallel logins use the same TOTP code (the replay guard is in the login transaction)', async () => {
    const username = await newOfficer();
    const s = await login(app, username);
    await app.inject({ method: 'POST', url: '/api/auth/step-up', headers: s.headers, payload: { password: PASSWORD } });
    const { secret } = (await app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers })).json() as { secret: string };
    await app.inject({ method: 'POST', url: '/api/auth/totp/confirm', headers: s.headers, payload: { code: totpCode(secret, t.clock.now()) } });
    t.clock.advance(60_000);
    const code = totpCode(secret, t.clock.now());
    const both = await Promise.all([attempt(username, PASSWORD, code), attempt(username, PASSWORD, code)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });
});

describe('second factors: step-up, replacement, sealing', () => {
  it('needs a fresh step-up to set up TOTP, keeps the old TOTP until the new one is confirmed, and stores no plaintext secret', async () => {
    const username = await newOfficer();
    const s = await login(app, username);
    const early = await app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers });
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('step_up_required');
    const badStep = await app.inject({ method: 'POST', url: '/api/auth/step-up', headers: s.headers, payload: { password: 'not-my-password' } });
    expect(badStep.json()).toMatchObject({ code: 'step_up_failed', field: 'password' });
    expect((await app.inject({ method: 'POST', url: '/api/auth/step-up', headers: s.headers, payload: { password: PASSWORD } })).statusCode).toBe(200);
    const first = (await app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers })).json() as { secret: string };
    await app.inject({ method: 'POST', url: '/api/auth/totp/confirm', headers: s.headers, payload: { code: totpCode(first.secret, t.clock.now()) } });
    const stored = await officerRow(username);
    expect(stored.totp_secret).toMatch(/^sealed:v1:/);
    const rowText = (await t.db.pool.query<{ t: string }>('SELECT o::text AS t FROM officer o WHERE username = $1', [username])).rows[0]!.t;
    expect(rowText).not.toContain(first.secret);

    // The step-up is good for five minutes; then replacing TOTP needs the current TOTP code (not the password).
    t.clock.advance(5 * 60_000 + 1000);
    expect((await app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers })).json().code).toBe('step_up_required');
    const byPassword = await app.inject({ method: 'POST', url: '/api/auth/step-up', headers: s.headers, payload: { password: PASSWORD } });
    expect(byPassword.json()).toMatchObject({ code: 'totp_required', field: 'totp' });
    expect((await app.inject({ method: 'POST', url: '/api/auth/step-up', headers: s.headers, payload: { totp: totpCode(first.secret, t.clock.now()) } })).statusCode).toBe(200);
    const second = (await app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: s.headers })).json() as { secret: string };

    // Until the new secret is confirmed, the old one is the one that logs in.
    t.clock.advance(30_000);
    expect((await attempt(username, PASSWORD, totpCode(first.secret, t.clock.now()))).statusCode).toBe(200);
    expect((await officerRow(username)).totp_pending_secret).toMatch(/^sealed:v1:/);
    expect((await app.inject({ method: 'POST', url: '/api/auth/totp/confirm', headers: s.headers, payload: { code: totpCode(second.secret, t.clock.now()) } })).statusCode).toBe(204);
    t.clock.advance(30_000);
    expect((await attempt(username, PASSWORD, totpCode(first.secret, t.clock.now()))).json().code).toBe('totp_invalid');
    expect((await attempt(username, PASSWORD, totpCode(second.secret, t.clock.now()))).statusCode).toBe(200);
  });

  it('seals a TOTP secret stored in plaintext before sealing existed: at start, and on use', async () => {
    const plain = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const [a, b] = [await newOfficer(), await newOfficer()];
    await t.db.pool.query('UPDATE officer SET totp_secret = $2, totp_enabled = true WHERE username = ANY($1::text[])', [[a, b], plain]);
    // On use: the login works with the old plaintext secret and leaves it sealed.
    expect((await attempt(a, PASSWORD, totpCode(plain, t.clock.now()))).statusCode).toBe(200);
    expect((await officerRow(a)).totp_secret).toMatch(/^sealed:v1:/);
    // At start: a new app over the same database seals what is left.
    expect((await officerRow(b)).totp_secret).toBe(plain);
    const second = await buildApp({ db: t.db, clock: t.clock, log: t.ctx.log, config: t.ctx.config, keys: t.ctx.keys });
    await second.close();
    expect((await officerRow(b)).totp_secret).toMatch(/^sealed:v1:/);
    expect((await attempt(b, PASSWORD, totpCode(plain, new Date(t.clock.now().getTime() + 30_000)))).statusCode).toBe(200);
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

  it('writes an audit row when an officer logs out', async () => {
    const username = await newOfficer();
    const { id } = await officerRow(username);
    const s = await login(app, username);
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers })).statusCode).toBe(204);
    expect(await auditCount(id, ['officer.logout'])).toBe(1);
  });

  it('expires an idle session', async () => {
    const s = await login(app, 'cb.hanoi');
    t.clock.advance(31 * 60_000);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('touches last_seen_at once for 32 parallel requests of one session', async () => {
    const s = await login(app, 'cb.hanoi');
    t.clock.advance(2 * 60_000);
    const pool = t.db.pool;
    const query = pool.query;
    let touches = 0;
    // Counts the statements sent to the real database; nothing is answered in its place.
    pool.query = ((...args: Parameters<typeof query>) => {
      if (typeof args[0] === 'string' && args[0].startsWith('UPDATE officer_session SET last_seen_at')) touches++;
      return (query as (...a: unknown[]) => unknown).apply(pool, args);
    }) as typeof query;
    try {
      const answers = await Promise.all(Array.from({ length: 32 }, () => app.inject({ url: '/api/auth/me', headers: { cookie: s.cookie } })));
      expect(answers.every((r) => r.statusCode === 200)).toBe(true);
    } finally {
      pool.query = query;
    }
    expect(touches).toBe(1);
    const seen = await t.db.pool.query<{ last_seen_at: Date }>("SELECT last_seen_at FROM officer_session WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')", [s.cookie.replace('dancu_sid=', '')]);
    expect(seen.rows[0]!.last_seen_at.getTime()).toBe(t.clock.now().getTime());
  });
});

describe('cookies on https', () => {
  it('marks the session cookie Secure when the public URL is https', async () => {
    const https = await testContext({ publicUrl: 'https://dinhdanh.example.vn' });
    try {
      await createOfficer(https.ctx, { kind: 'officer', id: '00000000-0000-0000-0000-000000000000', username: 'admin', role: 'admin', unitLevel: 'nation', unitCode: null, provinceCode: null }, { username: 'cb.hanoi', displayName: 'Cán bộ Hà Nội', password: PASSWORD, role: 'province_officer', unitCode: '01' });
      const res = await (await https.app()).inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'cb.hanoi', password: PASSWORD } });
      expect(res.statusCode).toBe(200);
      expect(res.cookies[0]).toMatchObject({ name: 'dancu_sid', secure: true, httpOnly: true });
    } finally {
      await https.close();
    }
  });
});

describe('the officer session cache', () => {
  const admin = { kind: 'officer' as const, id: '00000000-0000-0000-0000-000000000000', username: 'admin', role: 'admin' as const, unitLevel: 'nation' as const, unitCode: null, provinceCode: null };
  const me = (cookie: string) => app.inject({ url: '/api/auth/me', headers: { cookie } });

  it('loads a session from the database once for a burst of requests', async () => {
    const s = await login(app, await newOfficer());
    const pool = t.db.pool;
    const query = pool.query;
    let loads = 0;
    // Counts the session lookups sent to the real database; nothing is answered in its place.
    pool.query = ((...args: Parameters<typeof query>) => {
      const first = args[0] as unknown;
      if (typeof first === 'object' && first !== null && (first as { name?: string }).name === 'officer_session.load') loads++;
      return (query as (...a: unknown[]) => unknown).apply(pool, args);
    }) as typeof query;
    try {
      for (let i = 0; i < 20; i++) expect((await me(s.cookie)).statusCode).toBe(200);
    } finally {
      pool.query = query;
    }
    // One load per second at most (the cache's life); twenty without the cache.
    expect(loads).toBeGreaterThanOrEqual(1);
    expect(loads).toBeLessThan(10);
  });

  it('forgets a session at once on logout and when the officer is disabled, and within a second when another process revokes it', async () => {
    const out = await login(app, await newOfficer());
    expect((await me(out.cookie)).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: out.headers })).statusCode).toBeLessThan(300);
    expect((await me(out.cookie)).statusCode).toBe(401);

    const username = await newOfficer();
    const off = await login(app, username);
    expect((await me(off.cookie)).statusCode).toBe(200);
    await setOfficerActive(t.ctx, admin, (await officerRow(username)).id, false, 'nghỉ việc');
    expect((await me(off.cookie)).statusCode).toBe(401);

    // Another process (here: the database directly) revokes a session this process has cached.
    const elsewhere = await login(app, await newOfficer());
    expect((await me(elsewhere.cookie)).statusCode).toBe(200);
    await t.db.pool.query("UPDATE officer_session SET revoked_at = $2 WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')", [elsewhere.cookie.replace('dancu_sid=', ''), t.clock.now()]);
    await new Promise((resolve) => setTimeout(resolve, OFFICER_SESSION_CACHE_MS + 100));
    expect((await me(elsewhere.cookie)).statusCode).toBe(401);
  });
});
