import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { citizenLogin, enableTotp, enrolLevel1, facePhoto, lastCode, stepUpBySms } from '../../../test/eid-helpers.js';
import { testContext, type TestContext } from '../../../test/context.js';
import { login, type LoggedIn } from '../../../test/login.js';
import { newHousehold, newPerson } from '../../../test/people-factory.js';
import { seedDemo } from '../../demo.js';
import { totpCode } from '../../kernel/auth/totp.js';
import type { App } from '../../kernel/http.js';
import type { Person } from '../people/index.js';
import { SoftwareAuthenticator } from '../../../test/software-authenticator.js';
import { registryClaims } from './index.js';

let t: TestContext;
let app: App;
let admin: LoggedIn;
/** Logged in afresh: tests move the clock past the console's idle timeout. */
const officer = { get headers() { return officerHeaders; } };
let officerHeaders: Record<string, string> = {};
let phoneSerial = 0;
const newPhone = () => `09${String(12345600 + ++phoneSerial).padStart(8, '0')}`;

beforeAll(async () => {
  t = await testContext({ devMessages: true, rateLimitScale: 100 });
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
});
beforeEach(async () => {
  officerHeaders = (await login(app, 'cb.phuongbadinh')).headers;
  admin = await login(app, 'admin');
});
afterAll(() => t.close());

const ident = (p: Person) => ({ pin: p.pin, fullName: p.fullName, birthDate: p.birthDate });
const accountStatus = async (id: string) => (await t.db.pool.query<{ status: string; level: number }>('SELECT status, level FROM eid_account WHERE id = $1', [id])).rows[0];

async function activeLevel1(p: Person, phone: string, passcode = '482916'): Promise<string> {
  const id = await enrolLevel1(app, t.ctx, ident(p), phone, passcode);
  const review = await app.inject({ method: 'POST', url: `/api/eid/accounts/${id}/review`, headers: officer.headers, payload: { decision: 'approved' } });
  expect(review.statusCode).toBe(200);
  return id;
}

describe('level-1 enrolment', () => {
  it('checks the registry, texts a code, waits for the officer, then lets the citizen log in', async () => {
    const p = await newPerson(t.ctx, { fullName: 'Lê Thị Hồng', birthDate: '1990-03-08', sex: 'F' });
    const phone = newPhone();
    const id = await enrolLevel1(app, t.ctx, { pin: p.pin, fullName: 'le thi hong', birthDate: '1990-03-08' }, phone);
    expect(await accountStatus(id)).toEqual({ status: 'pending_verification', level: 1 });

    const early = await app.inject({ method: 'POST', url: '/api/citizen/login', payload: { pin: p.pin, passcode: '482916' } });
    expect(early.json()).toMatchObject({ code: 'account_pending_verification' });

    const queue = await app.inject({ url: '/api/eid/accounts?status=pending_verification', headers: officer.headers });
    expect(queue.json().items.map((a: { id: string }) => a.id)).toContain(id);
    const photo = await app.inject({ url: `/api/eid/accounts/${id}/photo`, headers: officer.headers });
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.rawPayload.equals(Buffer.from(facePhoto(), 'base64'))).toBe(true);

    await app.inject({ method: 'POST', url: `/api/eid/accounts/${id}/review`, headers: officer.headers, payload: { decision: 'approved' } });
    expect(await accountStatus(id)).toEqual({ status: 'active', level: 1 });
    const s = await citizenLogin(app, t.ctx, p.pin, '482916', phone);
    const me = await app.inject({ url: '/api/citizen/me', headers: s.headers });
    expect(me.json().account).toMatchObject({ pin: p.pin, level: 1, status: 'active', fullName: 'Lê Thị Hồng' });
  });

  it('a rejected enrolment can be made again on the same account, keeping its history', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1993-05-19' });
    const phone = newPhone();
    const id = await enrolLevel1(app, t.ctx, ident(p), phone);
    const noReason = await app.inject({ method: 'POST', url: `/api/eid/accounts/${id}/review`, headers: officer.headers, payload: { decision: 'rejected' } });
    expect(noReason.json()).toMatchObject({ code: 'reason_required', field: 'note' });
    await app.inject({ method: 'POST', url: `/api/eid/accounts/${id}/review`, headers: officer.headers, payload: { decision: 'rejected', note: 'Ảnh mờ, không nhận diện được' } });
    expect((await app.inject({ method: 'POST', url: '/api/citizen/login', payload: { pin: p.pin, passcode: '482916' } })).json().code).toBe('account_rejected');
    expect(await enrolLevel1(app, t.ctx, ident(p), phone, '591736')).toBe(id);
    expect(await accountStatus(id)).toEqual({ status: 'pending_verification', level: 1 });
    const decisions = await t.db.pool.query<{ decision: string }>('SELECT decision FROM eid_verification WHERE account_id = $1', [id]);
    expect(decisions.rows.map((r) => r.decision)).toEqual(['rejected']);
  });

  it('answers an unknown PIN and any mismatch alike, without saying which field', async () => {
    const p = await newPerson(t.ctx, { fullName: 'Phạm Văn Khải', birthDate: '1985-11-02' });
    const tries = [
      { pin: '001085999999', fullName: 'Phạm Văn Khải', birthDate: '1985-11-02' },
      { pin: p.pin, fullName: 'Phạm Văn Khai Sai', birthDate: '1985-11-02' },
      { pin: p.pin, fullName: 'Phạm Văn Khải', birthDate: '1985-11-03' },
    ];
    const answers = [];
    for (const body of tries) {
      const res = await app.inject({ method: 'POST', url: '/api/citizen/enrolments', payload: { ...body, phone: newPhone() } });
      expect(res.statusCode).toBe(400);
      const { code, message, field } = res.json();
      answers.push(JSON.stringify({ code, message, field }));
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('identity_mismatch');
    expect((await t.db.pool.query('SELECT 1 FROM eid_code WHERE pin = $1', [p.pin])).rowCount).toBe(0);
  });

  it('refuses a replayed code, an expired code and a guessed code', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1979-01-20' });
    const phone = newPhone();
    const start = async () => (await app.inject({ method: 'POST', url: '/api/citizen/enrolments', payload: { ...ident(p), phone } })).json().enrolmentId as string;
    const confirm = (id: string, code: string) => app.inject({ method: 'POST', url: `/api/citizen/enrolments/${id}/confirm`, payload: { code, passcode: '731946', photo: facePhoto() } });

    // expired: five minutes and a second later
    const e1 = await start();
    const c1 = await lastCode(t.ctx, phone);
    t.clock.advance(5 * 60_000 + 1000);
    expect((await confirm(e1, c1)).json()).toMatchObject({ code: 'code_expired', field: 'code' });

    // guessed: five wrong tries, then even the right code is refused
    const e2 = await start();
    const c2 = await lastCode(t.ctx, phone);
    const wrong = c2 === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await confirm(e2, wrong)).json().code).toBe('code_wrong');
    expect((await confirm(e2, c2)).json().code).toBe('code_attempts_exceeded');

    // replayed: good once
    const e3 = await start();
    const c3 = await lastCode(t.ctx, phone);
    expect((await confirm(e3, c3)).statusCode).toBe(201);
    expect((await confirm(e3, c3)).json().code).toBe('code_already_used');
  });

  it('rejects bad photos and easy passcodes before using up the code', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1992-07-14' });
    const phone = newPhone();
    const id = (await app.inject({ method: 'POST', url: '/api/citizen/enrolments', payload: { ...ident(p), phone } })).json().enrolmentId as string;
    const code = await lastCode(t.ctx, phone);
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(4000)]).toString('base64');
    const bad = [
      [{ passcode: '482916', photo: gif }, 'photo_type'],
      [{ passcode: '123456', photo: facePhoto() }, 'passcode_too_simple'],
      [{ passcode: '140792', photo: facePhoto() }, 'passcode_is_birth_date'],
    ] as const;
    for (const [body, expected] of bad) {
      const res = await app.inject({ method: 'POST', url: `/api/citizen/enrolments/${id}/confirm`, payload: { code, ...body } });
      expect(res.json().code).toBe(expected);
    }
    expect((await t.db.pool.query('SELECT 1 FROM eid_account a JOIN person p ON p.id = a.person_id WHERE p.pin = $1', [p.pin])).rowCount).toBe(0);
  });

  it('validates phone numbers at the edge and rate-limits codes per phone', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1970-02-02' });
    const bad = await app.inject({ method: 'POST', url: '/api/citizen/enrolments', payload: { ...ident(p), phone: '0212345678' } });
    expect(bad.json()).toMatchObject({ code: 'phone_invalid', field: 'phone' });
    const phone = newPhone();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await app.inject({ method: 'POST', url: '/api/citizen/enrolments', payload: { ...ident(p), phone } })).statusCode);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });
});

describe('login', () => {
  it('uses TOTP as second factor once set up, and refuses a replayed TOTP code', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1975-05-05' });
    const phone = newPhone();
    await activeLevel1(p, phone, '369258');
    const s = await citizenLogin(app, t.ctx, p.pin, '369258', phone);
    const setup = { secret: await enableTotp(app, t.ctx, s, phone, (secret) => totpCode(secret, t.clock.now())) };
    t.clock.advance(30_000);

    const start = (await app.inject({ method: 'POST', url: '/api/citizen/login', payload: { pin: p.pin, passcode: '369258' } })).json();
    expect(start.methods).toEqual(['totp']);
    const code = totpCode(setup.secret, t.clock.now());
    const ok = await app.inject({ method: 'POST', url: '/api/citizen/login/verify', payload: { loginToken: start.loginToken, method: 'totp', code } });
    expect(ok.statusCode).toBe(200);
    const again = (await app.inject({ method: 'POST', url: '/api/citizen/login', payload: { pin: p.pin, passcode: '369258' } })).json();
    const replay = await app.inject({ method: 'POST', url: '/api/citizen/login/verify', payload: { loginToken: again.loginToken, method: 'totp', code } });
    expect(replay.json().code).toBe('second_factor_failed');
  });

  it('registers a passkey and logs in with it; a forged assertion counts as a failure', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1984-04-04' });
    const phone = newPhone();
    await activeLevel1(p, phone, '417258');
    const s = await citizenLogin(app, t.ctx, p.pin, '417258', phone);
    await stepUpBySms(app, t.ctx, s, phone);
    const key = new SoftwareAuthenticator(t.ctx.config.publicUrl);
    const regOptions = (await app.inject({ method: 'POST', url: '/api/citizen/passkeys/options', headers: s.headers })).json() as { challenge: string; rp: { id: string } };
    expect(regOptions.rp.id).toBe('localhost');
    const reg = await app.inject({ method: 'POST', url: '/api/citizen/passkeys', headers: s.headers, payload: { name: 'Điện thoại của tôi', response: key.register(regOptions) } });
    expect(reg.statusCode).toBe(201);

    const start = (await app.inject({ method: 'POST', url: '/api/citizen/login', payload: { pin: p.pin, passcode: '417258' } })).json();
    expect(start.methods).toEqual(['passkey']);
    const options = (await app.inject({ method: 'POST', url: '/api/citizen/login/passkey-options', payload: { loginToken: start.loginToken } })).json() as { challenge: string };
    const forged = await app.inject({ method: 'POST', url: '/api/citizen/login/verify', payload: { loginToken: start.loginToken, method: 'passkey', response: key.assert(options, true) } });
    expect(forged.json().code).toBe('passkey_failed');
    const ok = await app.inject({ method: 'POST', url: '/api/citizen/login/verify', payload: { loginToken: start.loginToken, method: 'passkey', response: key.assert(options) } });
    expect(ok.statusCode).toBe(200);
    const failures = await t.db.pool.query("SELECT 1 FROM eid_usage u JOIN eid_account a ON a.id = u.account_id JOIN person p ON p.id = a.person_id WHERE p.pin = $1 AND u.kind = 'login_failed'", [p.pin]);
    expect(failures.rowCount).toBe(1);
  });

  it('lists sessions, signs out everywhere, and refuses portal writes without the CSRF token', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1982-12-12' });
    const phone = newPhone();
    await activeLevel1(p, phone, '802468');
    const a = await citizenLogin(app, t.ctx, p.pin, '802468', phone);
    const b = await citizenLogin(app, t.ctx, p.pin, '802468', phone);
    const list = (await app.inject({ url: '/api/citizen/sessions', headers: a.headers })).json() as Array<{ current: boolean }>;
    expect(list).toHaveLength(2);
    expect(list.filter((x) => x.current)).toHaveLength(1);

    const forged = await app.inject({ method: 'POST', url: '/api/citizen/lock', headers: { cookie: a.cookie }, payload: {} });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('csrf_token_invalid');
    expect((await t.db.pool.query<{ status: string }>('SELECT a.status FROM eid_account a JOIN person p ON p.id = a.person_id WHERE p.pin = $1', [p.pin])).rows[0]!.status).toBe('active');

    const all = await app.inject({ method: 'POST', url: '/api/citizen/sessions/revoke-all', headers: a.headers });
    expect(all.json()).toEqual({ revoked: 2 });
    expect((await app.inject({ url: '/api/citizen/me', headers: b.headers })).statusCode).toBe(401);
  });

  it('lets the citizen lock the account; only an officer unlocks it', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1983-03-03' });
    const phone = newPhone();
    const id = await activeLevel1(p, phone, '713946');
    const s = await citizenLogin(app, t.ctx, p.pin, '713946', phone);
    expect((await app.inject({ method: 'POST', url: '/api/citizen/lock', headers: s.headers, payload: { reasonCode: 'eid_device_lost', reasonNote: 'mất điện thoại' } })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/citizen/me', headers: s.headers })).statusCode).toBe(401);
    // The login form says nothing about the lock (the phone was told by SMS).
    expect((await app.inject({ method: 'POST', url: '/api/citizen/login', payload: { pin: p.pin, passcode: '713946' } })).json().code).toBe('login_failed');
    const unknown = await app.inject({ method: 'POST', url: `/api/eid/accounts/${id}/unlock`, headers: officer.headers, payload: { reasonCode: 'because' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'not_allowed', field: 'reasonCode' });
    const bare = await app.inject({ method: 'POST', url: `/api/eid/accounts/${id}/unlock`, headers: officer.headers, payload: { reasonCode: 'other' } });
    expect(bare.json()).toMatchObject({ code: 'reason_note_required', field: 'reasonNote' });
    const unlock = await app.inject({ method: 'POST', url: `/api/eid/accounts/${id}/unlock`, headers: officer.headers, payload: { reasonCode: 'eid_identity_confirmed', reasonNote: 'công dân đến trụ sở' } });
    expect(unlock.json()).toMatchObject({ status: 'active', lockReason: null, lockNote: null });
    // Both reasons are kept as codes, the words apart.
    const rows = await t.db.pool.query<{ action: string; purpose: string; note: string | null }>("SELECT action, purpose, detail->>'purposeNote' AS note FROM audit_log WHERE target_kind = 'eid_account' AND target_id = $1 AND action LIKE 'eid.account_%' ORDER BY seq", [id]);
    expect(rows.rows).toEqual([
      { action: 'eid.account_locked', purpose: 'eid_device_lost', note: 'mất điện thoại' },
      { action: 'eid.account_unlocked', purpose: 'eid_identity_confirmed', note: 'công dân đến trụ sở' },
    ]);
    expect((await app.inject({ method: 'POST', url: '/api/citizen/login', payload: { pin: p.pin, passcode: '713946' } })).statusCode).toBe(200);
  });
});

describe('level 2 and children', () => {
  it('raises an account to level 2 after the in-person check and the citizen’s activation code', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1980-10-10' });
    const phone = newPhone();
    const id = await activeLevel1(p, phone, '159753');
    const wrongCard = await app.inject({ method: 'POST', url: '/api/eid/level2', headers: officer.headers, payload: { pin: p.pin, cardNumber: '001080000000', faceMatched: true } });
    expect(wrongCard.json().code).toBe('card_number_mismatch');
    const noFace = await app.inject({ method: 'POST', url: '/api/eid/level2', headers: officer.headers, payload: { pin: p.pin, cardNumber: p.pin, faceMatched: false } });
    expect(noFace.json().code).toBe('face_not_matched');
    const v = await app.inject({ method: 'POST', url: '/api/eid/level2', headers: officer.headers, payload: { pin: p.pin, cardNumber: p.pin, faceMatched: true, fingerprintsMatched: true } });
    expect(v.statusCode).toBe(201);
    expect(await accountStatus(id)).toEqual({ status: 'active', level: 1 });
    const act = await app.inject({ method: 'POST', url: '/api/citizen/activate', payload: { pin: p.pin, code: await lastCode(t.ctx, phone) } });
    expect(act.json()).toMatchObject({ level: 2, status: 'active' });
  });

  it('creates a level-2 account for someone with none, who sets a passcode at activation', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1960-06-06' });
    const phone = newPhone();
    const v = await app.inject({ method: 'POST', url: '/api/eid/level2', headers: officer.headers, payload: { pin: p.pin, cardNumber: p.pin, faceMatched: true, phone } });
    expect(v.statusCode).toBe(201);
    const code = await lastCode(t.ctx, phone);
    const noPasscode = await app.inject({ method: 'POST', url: '/api/citizen/activate', payload: { pin: p.pin, code } });
    expect(noPasscode.json().code).toBe('passcode_required');
    const act = await app.inject({ method: 'POST', url: '/api/citizen/activate', payload: { pin: p.pin, code, passcode: '604827' } });
    expect(act.json()).toMatchObject({ level: 2, status: 'active' });
    await citizenLogin(app, t.ctx, p.pin, '604827', phone);
  });

  it('lets a level-2 parent enrol their child under 14, and nobody else’s', async () => {
    const parent = await newPerson(t.ctx, { birthDate: '1985-01-01', sex: 'F' });
    const child = await newPerson(t.ctx, { birthDate: '2018-04-04', motherPin: parent.pin });
    const stranger = await newPerson(t.ctx, { birthDate: '2017-04-04' });
    const phone = newPhone();
    await app.inject({ method: 'POST', url: '/api/eid/level2', headers: officer.headers, payload: { pin: parent.pin, cardNumber: parent.pin, faceMatched: true, phone } });
    await app.inject({ method: 'POST', url: '/api/citizen/activate', payload: { pin: parent.pin, code: await lastCode(t.ctx, phone), passcode: '605938' } });
    const s = await citizenLogin(app, t.ctx, parent.pin, '605938', phone);
    const other = await app.inject({ method: 'POST', url: '/api/citizen/children', headers: s.headers, payload: { childPin: stranger.pin, passcode: '417395' } });
    expect(other.json().code).toBe('not_your_child');
    const ok = await app.inject({ method: 'POST', url: '/api/citizen/children', headers: s.headers, payload: { childPin: child.pin, passcode: '417395' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ level: 1, status: 'active', pin: child.pin });
    const self = await app.inject({ method: 'POST', url: '/api/citizen/enrolments', payload: { ...ident(child), phone: newPhone() } });
    expect(self.json().code).toBe('guardian_required');
  });
});

describe('portal: my data, who accessed it, documents', () => {
  it('shows the record and household, and every officer read in "who accessed my data"', async () => {
    const p = await newPerson(t.ctx, { fullName: 'Vũ Minh Châu', birthDate: '1991-09-09', sex: 'F' });
    await newHousehold(t.ctx, p);
    const phone = newPhone();
    await activeLevel1(p, phone, '936271');
    await app.inject({ url: `/api/people/${p.pin}?purpose=identity_verification&purposeNote=${encodeURIComponent('theo đơn số 7')}`, headers: officer.headers });
    const s = await citizenLogin(app, t.ctx, p.pin, '936271', phone);
    const data = (await app.inject({ url: '/api/citizen/my-data', headers: s.headers })).json();
    expect(data.record.person.fullName).toBe('Vũ Minh Châu');
    expect(data.household.headPin).toBe(p.pin);
    const log = (await app.inject({ url: '/api/citizen/access-log', headers: s.headers })).json();
    const read = log.items.find((x: { purpose: string }) => x.purpose === 'identity_verification');
    expect(read).toMatchObject({ accessorKind: 'officer', action: 'person.read', purposeNote: 'theo đơn số 7' });
    expect(read.accessor).toContain('cb.phuongbadinh');
    expect(log.items.some((x: { accessorKind: string }) => x.accessorKind === 'citizen')).toBe(false);
    const usage = (await app.inject({ url: '/api/citizen/usage', headers: s.headers })).json();
    expect(usage.items.map((u: { kind: string }) => u.kind)).toEqual(expect.arrayContaining(['login', 'enrolled', 'activated']));
  });

  it('holds documents signed by their issuer and refuses forged ones', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1987-02-02' });
    const phone = newPhone();
    await activeLevel1(p, phone, '528374');
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const reg = await app.inject({ method: 'POST', url: '/api/eid/document-issuers', headers: admin.headers, payload: { id: 'bhxh', name: 'Bảo hiểm xã hội Việt Nam', kinds: ['health_insurance'], publicJwk: { ...(await exportJWK(publicKey)), alg: 'ES256' } } });
    expect(reg.statusCode).toBe(201);
    const apiKey = reg.json().apiKey as string;
    const sign = async (claims: object, key = privateKey) => new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'ES256' }).sign(key);
    const card = { pin: p.pin, kind: 'health_insurance', number: 'DN4010123456789', title: 'Thẻ bảo hiểm y tế', fields: { 'Nơi ĐKKCB': 'Bệnh viện Bạch Mai' }, validFrom: '2026-01-01', validUntil: '2026-12-31' };
    const add = await app.inject({ method: 'POST', url: '/api/documents', headers: { authorization: `Bearer ${apiKey}` }, payload: { jws: await sign(card) } });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toMatchObject({ kind: 'health_insurance', state: 'valid', issuer: 'Bảo hiểm xã hội Việt Nam' });

    const other = await generateKeyPair('ES256');
    const forged = await app.inject({ method: 'POST', url: '/api/documents', headers: { authorization: `Bearer ${apiKey}` }, payload: { jws: await sign({ ...card, number: 'X1' }, other.privateKey) } });
    expect(forged.json().code).toBe('signature_invalid');
    const wrongKind = await app.inject({ method: 'POST', url: '/api/documents', headers: { authorization: `Bearer ${apiKey}` }, payload: { jws: await sign({ ...card, kind: 'driving_licence' }) } });
    expect(wrongKind.json().code).toBe('kind_not_allowed');
    const noKey = await app.inject({ method: 'POST', url: '/api/documents', payload: { jws: await sign(card) } });
    expect(noKey.statusCode).toBe(401);

    const s = await citizenLogin(app, t.ctx, p.pin, '528374', phone);
    const docs = (await app.inject({ url: '/api/citizen/my-data', headers: s.headers })).json().documents;
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ number: 'DN4010123456789', fields: { 'Nơi ĐKKCB': 'Bệnh viện Bạch Mai' } });
  });
});

describe('officer tools', () => {
  it('lists several pending enrolments at once, each person written to the access log', async () => {
    const people = [await newPerson(t.ctx, { birthDate: '1971-01-11' }), await newPerson(t.ctx, { birthDate: '1972-02-12' }), await newPerson(t.ctx, { birthDate: '1973-03-13' })];
    const ids = [];
    for (const p of people) ids.push(await enrolLevel1(app, t.ctx, ident(p), newPhone()));
    const queue = await app.inject({ url: '/api/eid/accounts?status=pending_verification&pageSize=100', headers: officer.headers });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(ids));
    const logged = await t.db.pool.query<{ target_id: string }>("SELECT target_id FROM audit_log WHERE chain = 'access' AND action = 'eid.account.listed' AND target_id = ANY($1::text[])", [people.map((p) => p.pin)]);
    expect(new Set(logged.rows.map((r) => r.target_id))).toEqual(new Set(people.map((p) => p.pin)));
  });

  it('changes the phone number only at an in-person check (card and face recorded), audited with the officer and both numbers masked, and tells the old number', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1981-01-21' });
    const oldPhone = newPhone();
    const newOne = newPhone();
    const id = await activeLevel1(p, oldPhone, '730462');
    const noFace = await app.inject({ method: 'POST', url: '/api/eid/level2', headers: officer.headers, payload: { pin: p.pin, cardNumber: p.pin, faceMatched: false, phone: newOne } });
    expect(noFace.json().code).toBe('face_not_matched');
    expect((await t.db.pool.query<{ phone: string }>('SELECT phone FROM eid_account WHERE id = $1', [id])).rows[0]!.phone).toBe(oldPhone);

    const v = await app.inject({ method: 'POST', url: '/api/eid/level2', headers: officer.headers, payload: { pin: p.pin, cardNumber: p.pin, faceMatched: true, phone: newOne } });
    expect(v.statusCode).toBe(201);
    const verification = await t.db.pool.query<{ card_number: string; face_matched: boolean; officer_id: string }>("SELECT card_number, face_matched, officer_id FROM eid_verification WHERE account_id = $1 AND kind = 'level2_in_person'", [id]);
    expect(verification.rows).toHaveLength(1);
    expect(verification.rows[0]).toMatchObject({ card_number: p.pin, face_matched: true });
    const audit = await t.db.pool.query<{ actor_kind: string; actor_id: string; detail: Record<string, string> }>("SELECT actor_kind, actor_id, detail FROM audit_log WHERE action = 'eid.phone_changed' AND target_id = $1", [id]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ actor_kind: 'officer', actor_id: verification.rows[0]!.officer_id, detail: { oldPhone: `${oldPhone.slice(0, 2)}******${oldPhone.slice(-2)}`, newPhone: `${newOne.slice(0, 2)}******${newOne.slice(-2)}`, officer: 'cb.phuongbadinh' } });
    expect(JSON.stringify(audit.rows[0]!.detail)).not.toContain(oldPhone);
    const told = await t.db.pool.query<{ template: string }>('SELECT template FROM notification WHERE recipient = $1', [oldPhone]);
    expect(told.rows.map((r) => r.template)).toContain('eid.phone_changed');
    // The activation code goes to the new number.
    expect(await lastCode(t.ctx, newOne)).toMatch(/^\d{6}$/);
  });
});

describe('audit of sign-outs and second factors', () => {
  it('audits logout, signing out one session or all, removing a passkey and turning the authenticator off', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1978-08-18' });
    const phone = newPhone();
    const id = await activeLevel1(p, phone, '685203');
    const a = await citizenLogin(app, t.ctx, p.pin, '685203', phone);
    const b = await citizenLogin(app, t.ctx, p.pin, '685203', phone);

    const sessions = (await app.inject({ url: '/api/citizen/sessions', headers: a.headers })).json() as Array<{ id: string; current: boolean }>;
    expect((await app.inject({ method: 'DELETE', url: `/api/citizen/sessions/${sessions.find((x) => !x.current)!.id}`, headers: a.headers })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/citizen/me', headers: b.headers })).statusCode).toBe(401);

    await stepUpBySms(app, t.ctx, a, phone);
    const key = new SoftwareAuthenticator(t.ctx.config.publicUrl);
    const regOptions = (await app.inject({ method: 'POST', url: '/api/citizen/passkeys/options', headers: a.headers })).json() as { challenge: string; rp: { id: string } };
    const reg = await app.inject({ method: 'POST', url: '/api/citizen/passkeys', headers: a.headers, payload: { name: 'Khoá thử', response: key.register(regOptions) } });
    expect(reg.statusCode).toBe(201);
    const { secret } = (await app.inject({ method: 'POST', url: '/api/citizen/totp/setup', headers: a.headers })).json() as { secret: string };
    expect((await app.inject({ method: 'POST', url: '/api/citizen/totp/confirm', headers: a.headers, payload: { code: totpCode(secret, t.clock.now()) } })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/api/citizen/passkeys/${encodeURIComponent(reg.json().id as string)}`, headers: a.headers })).statusCode).toBe(204);
    expect((await app.inject({ method: 'POST', url: '/api/citizen/totp/disable', headers: a.headers })).statusCode).toBe(204);
    // Without a fresh step-up, neither is allowed.
    t.clock.advance(5 * 60_000 + 1000);
    expect((await app.inject({ method: 'POST', url: '/api/citizen/totp/disable', headers: a.headers })).json().code).toBe('step_up_required');
    expect((await app.inject({ method: 'POST', url: '/api/citizen/sessions/revoke-all', headers: a.headers })).statusCode).toBe(200);

    // Past the phone's message window, a new login, and a logout.
    t.clock.advance(15 * 60_000);
    const c = await citizenLogin(app, t.ctx, p.pin, '685203', phone);
    expect((await app.inject({ method: 'POST', url: '/api/citizen/logout', headers: c.headers })).statusCode).toBe(204);

    const actions = (await t.db.pool.query<{ action: string }>("SELECT action FROM audit_log WHERE target_kind = 'eid_account' AND target_id = $1", [id])).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['eid.session_revoked', 'eid.logout', 'eid.passkey_removed', 'eid.totp_disabled', 'eid.sessions_revoked', 'eid.step_up']));
    const usage = (await t.db.pool.query<{ kind: string }>('SELECT kind FROM eid_usage WHERE account_id = $1', [id])).rows.map((r) => r.kind);
    expect(usage).toEqual(expect.arrayContaining(['session_revoked', 'logout', 'passkey_removed', 'totp_disabled', 'sessions_revoked', 'step_up']));
  });
});

describe('who accessed my data: the agency', () => {
  it('names the officer’s unit, and a service by its registered name', async () => {
    const p = await newPerson(t.ctx, { birthDate: '1969-09-19' });
    const phone = newPhone();
    const id = await activeLevel1(p, phone, '571938');
    await app.inject({ url: `/api/people/${p.pin}?purpose=residence_verification`, headers: officer.headers });
    const province = await login(app, 'cb.hanoi');
    await app.inject({ url: `/api/people/${p.pin}?purpose=data_cleaning`, headers: province.headers });
    const client = await app.inject({ method: 'POST', url: '/api/eid/clients', headers: admin.headers, payload: { name: 'Cổng Dịch vụ công Quốc gia', redirectUris: ['https://dichvucong.example.vn/cb'], scopes: ['profile'], minLevel: 1, confidential: true } });
    expect(client.statusCode).toBe(201);
    await registryClaims(t.ctx, { kind: 'client', id: client.json().clientId as string, forPersonId: (await t.db.pool.query<{ person_id: string }>('SELECT person_id FROM eid_account WHERE id = $1', [id])).rows[0]!.person_id, forPin: p.pin }, new Set(['profile']));

    const s = await citizenLogin(app, t.ctx, p.pin, '571938', phone);
    const items = ((await app.inject({ url: '/api/citizen/access-log', headers: s.headers })).json() as { items: Array<{ purpose: string | null; accessorKind: string; accessor: string; agency: string | null }> }).items;
    expect(items.find((x) => x.purpose === 'residence_verification')).toMatchObject({ accessorKind: 'officer', agency: 'Công an Phường Ba Đình' });
    expect(items.find((x) => x.purpose === 'data_cleaning')).toMatchObject({ accessorKind: 'officer', agency: 'Công an Thành phố Hà Nội' });
    expect(items.find((x) => x.accessorKind === 'client')).toMatchObject({ accessor: 'Cổng Dịch vụ công Quốc gia', agency: 'Cổng Dịch vụ công Quốc gia' });
    expect(items.every((x) => !('unitCode' in x))).toBe(true);
  });
});

describe('response schemas', () => {
  /** Every object in a success response names its properties and allows no others; a map names the type of its values. */
  function openParts(schema: unknown, path: string, out: string[]): void {
    if (!schema || typeof schema !== 'object') return;
    const s = schema as Record<string, unknown>;
    const typedMap = s.patternProperties !== undefined || (typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties as object).length > 0);
    if (s.type === 'object' && !typedMap && s.additionalProperties !== false) out.push(path);
    for (const [k, v] of Object.entries(s)) {
      if (Array.isArray(v)) v.forEach((x, i) => openParts(x, `${path}.${k}[${i}]`, out));
      else if (typeof v === 'object') openParts(v, `${path}.${k}`, out);
    }
  }

  it('closes every response of the e-ID routes (bar the OIDC ones) and of the officer login routes, and describes the photo as an image', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };
    const mine = Object.entries(doc.paths).filter(([path]) => /^\/api\/(citizen|eid|documents|auth|officers|dev)\b/.test(path) && !path.startsWith('/api/eid/clients'));
    expect(mine.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const [path, ops] of mine) {
      for (const [method, op] of Object.entries(ops)) {
        const responses = op.responses ?? {};
        if (!Object.keys(responses).some((status) => status.startsWith('2'))) problems.push(`${method} ${path}: no success response`);
        // Error answers are the kernel's problem+json, described by the kernel.
        for (const [status, r] of Object.entries(responses).filter(([status]) => status.startsWith('2'))) {
          if (status !== '204' && !r.content) problems.push(`${method} ${path} ${status}: no schema`);
          for (const [type, c] of Object.entries(r.content ?? {})) openParts(c.schema, `${method} ${path} ${status} ${type}`, problems);
        }
      }
    }
    expect(problems).toEqual([]);
    const photo = doc.paths['/api/eid/accounts/{id}/photo']!.get!.responses!['200']!.content!;
    expect(Object.keys(photo).sort()).toEqual(['image/jpeg', 'image/png']);
  });
});
