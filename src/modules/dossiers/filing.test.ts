import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { FREE_NOTICE, STAY_TEST } from '../../../test/dossier-procedures.js';
import { citizenLogin, enrolLevel1, type CitizenLogin } from '../../../test/eid-helpers.js';
import { login, type LoggedIn } from '../../../test/login.js';
import { clerk, newHousehold, newPerson } from '../../../test/people-factory.js';
import { seedDemo } from '../../demo.js';
import type { App } from '../../kernel/http.js';
import { notificationDispatcher } from '../../server.js';
import { createDemoAccount } from '../eid/index.js';
import { recordResidence, type Person } from '../people/index.js';
import { defineProcedure, DOSSIERS_DECIDE, remindPendingConsents } from './index.js';

/**
 * Online filing as the portal and the counter call it: procedures with their annotated form
 * schema, filing as the signed-in citizen (idempotent, e-ID level checked), the registry
 * prefill (access-logged), the consent inbox (only the consenter's own requests) and the
 * reminder of unanswered consents through the notification outbox.
 */
const COUNTER_ONLY = defineProcedure({
  code: 'TEST.counter-only',
  name: { vi: 'Chỉ nộp tại quầy (thử nghiệm)', en: 'Counter only (test)' },
  documents: [],
  fee: { counterVnd: 0, onlineVnd: 0 },
  workingDays: 1,
  decidedBy: DOSSIERS_DECIDE,
  channels: ['counter'],
  form: Type.Object({}, { additionalProperties: false }),
});

let t: TestContext;
let app: App;
let badinh: LoggedIn;
let ngocha: LoggedIn;
let phoneSeq = 0;

beforeAll(async () => {
  t = await testContext({ rateLimitScale: 1000, devMessages: true });
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
  badinh = await login(app, 'cb.phuongbadinh');
  ngocha = await login(app, 'cb.phuongngocha');
});
afterAll(() => t.close());

interface Citizen {
  person: Person;
  phone: string;
  session: CitizenLogin;
}

/** A person with a level-2 e-ID account, logged in to the portal. */
async function level2(fullName: string): Promise<Citizen> {
  const person = await newPerson(t.ctx, { fullName });
  const phone = `09130000${String(++phoneSeq).padStart(2, '0')}`;
  await createDemoAccount(t.ctx, person.pin, phone, '135790');
  return { person, phone, session: await citizenLogin(app, t.ctx, person.pin, '135790', phone) };
}

const stayForm = (over: Record<string, unknown> = {}) => ({ address: 'Số 5, ngõ 12 phố Kim Mã', unitCode: '00004', dwelling: 'rented', plannedEnd: '2026-12-31', months: 11, members: [], ...over });
const fileOnline = (c: Citizen, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/citizen/dossiers', headers: c.session.headers, payload });

describe('online filing', () => {
  it('lists procedures with their annotated form schema; citizens see only those filed online', async () => {
    const officerList = (await app.inject({ url: '/api/dossiers/procedures', headers: badinh.headers })).json() as Array<{ code: string; form: { properties: Record<string, Record<string, unknown>> }; minEidLevel: number }>;
    const stay = officerList.find((p) => p.code === STAY_TEST.code)!;
    expect(stay.minEidLevel).toBe(2);
    expect(stay.form.properties.address).toMatchObject({ title: 'Địa chỉ nơi ở', 'x-label-en': 'Address of the dwelling', 'x-widget': 'textarea', 'x-help': { vi: 'Số nhà, ngõ, đường phố' } });
    expect(stay.form.properties.dwelling!['x-option-labels']).toMatchObject({ rented: { vi: 'Nhà thuê, mượn', en: 'Rented or lent' } });
    expect(stay.form.properties.householdNo).toMatchObject({ 'x-prefill': 'applicant.householdNo' });
    expect(officerList.find((p) => p.code === FREE_NOTICE.code)!.minEidLevel).toBe(1);
    expect(officerList.map((p) => p.code)).toContain(COUNTER_ONLY.code);
    const c = await level2('Trần Thị Nộp');
    const citizenList = (await app.inject({ url: '/api/citizen/procedures', headers: c.session.headers })).json() as Array<{ code: string }>;
    expect(citizenList.map((p) => p.code)).toContain(STAY_TEST.code);
    expect(citizenList.map((p) => p.code)).not.toContain(COUNTER_ONLY.code);
    expect((await app.inject({ url: '/api/citizen/procedures' })).statusCode).toBe(401);
  });

  it('files for the signed-in citizen through the portal, once per request id; the form errors name their fields', async () => {
    const c = await level2('Lê Văn Trực');
    const payload = { procedure: STAY_TEST.code, unitCode: '00004', requestId: 'portal-file-0001', form: stayForm() };
    const first = await fileOnline(c, payload);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ state: 'submitted', channel: 'portal', applicant: { pin: c.person.pin }, fee: { dueVnd: 7_000 }, procedure: { code: STAY_TEST.code } });
    const retry = await fileOnline(c, payload);
    expect([retry.statusCode, retry.json().id]).toEqual([201, first.json().id]);
    const rows = await t.db.pool.query('SELECT id FROM dossier WHERE applicant_person_id = $1', [c.person.id]);
    expect(rows.rows).toHaveLength(1);
    const own = (await app.inject({ url: '/api/citizen/dossiers', headers: c.session.headers })).json();
    expect(own.items.map((d: { id: string }) => d.id)).toEqual([first.json().id]);
    // Someone else's PIN cannot be slipped in: the applicant is the session's person.
    const smuggled = await fileOnline(c, { ...payload, requestId: 'portal-file-0002', applicantPin: '001088000001' });
    expect(smuggled.statusCode).toBe(400);
    const bad = await fileOnline(c, { ...payload, requestId: 'portal-file-0003', form: stayForm({ months: 30, dwelling: 'castle' }) });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'form_invalid']);
    const fields = (bad.json().errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toContain('form.months');
    expect(fields).toContain('form.dwelling');
    const counterOnly = await fileOnline(c, { procedure: COUNTER_ONLY.code, unitCode: '00004', requestId: 'portal-file-0004', form: {} });
    expect([counterOnly.statusCode, counterOnly.json().code]).toEqual([400, 'channel_not_offered']);
  });

  it('refuses a level-1 account where the procedure needs level 2, to file or to consent, and accepts it where level 1 is enough', async () => {
    const p = await newPerson(t.ctx, { fullName: 'Phạm Thị Một', birthDate: '1991-02-03', sex: 'F' });
    const phone = '0913999001';
    const id = await enrolLevel1(app, t.ctx, { pin: p.pin, fullName: p.fullName, birthDate: p.birthDate }, phone, '864213');
    const review = await app.inject({ method: 'POST', url: `/api/eid/accounts/${id}/review`, headers: badinh.headers, payload: { decision: 'approved' } });
    expect(review.statusCode).toBe(200);
    const session = await citizenLogin(app, t.ctx, p.pin, '864213', phone);
    const c: Citizen = { person: p, phone, session };
    const refused = await fileOnline(c, { procedure: STAY_TEST.code, unitCode: '00004', requestId: 'level-one-0001', form: stayForm() });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'eid_level_too_low']);
    expect((await t.db.pool.query('SELECT 1 FROM dossier WHERE applicant_person_id = $1', [p.id])).rows).toHaveLength(0);
    const allowed = await fileOnline(c, { procedure: FREE_NOTICE.code, unitCode: '00004', requestId: 'level-one-0002', form: { note: 'Thông báo' } });
    expect(allowed.statusCode).toBe(201);

    // Asked to consent to a level-2 procedure, the level-1 account cannot answer either way.
    const applicant = await level2('Đỗ Văn Nhờ');
    const filed = (await fileOnline(applicant, { procedure: STAY_TEST.code, unitCode: '00004', requestId: 'level-one-0003', form: stayForm({ ownerPin: p.pin }) })).json();
    const asked = await app.inject({ method: 'POST', url: `/api/dossiers/${filed.id}/actions`, headers: badinh.headers, payload: { type: 'request_consent', expectedSeq: 1, payload: { pin: p.pin, role: 'owner' } } });
    expect(asked.statusCode).toBe(200);
    for (const type of ['give_consent', 'refuse_consent']) {
      const answer = await app.inject({ method: 'POST', url: `/api/citizen/dossiers/${filed.id}/actions`, headers: session.headers, payload: { type, expectedSeq: 2, payload: { requestSeq: 2 } } });
      expect([answer.statusCode, answer.json().code]).toEqual([403, 'eid_level_too_low']);
    }
    expect((await app.inject({ url: `/api/dossiers/${filed.id}`, headers: badinh.headers })).json().consents).toEqual([expect.objectContaining({ pin: p.pin, status: 'requested' })]);
  });

  it('prefills from the registry, for the citizen and for a counter officer in scope, each read access-logged', async () => {
    const c = await level2('Đỗ Văn Chủ');
    const spouse = await newPerson(t.ctx, { fullName: 'Vũ Thị Vợ', sex: 'F' });
    const h = await newHousehold(t.ctx, c.person, [{ person: spouse, relation: 'vo' }]);
    await recordResidence(t.ctx, clerk, c.person.pin, { kind: 'temporary', unitCode: '00004', address: 'Phòng 3, số 9 phố Liễu Giai', validFrom: '2025-06-01', plannedEnd: '2026-06-01' }, { reasonCode: 'residence_registration' });
    const mine = await app.inject({ url: '/api/citizen/prefill', headers: c.session.headers });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual({
      person: { pin: c.person.pin, fullName: 'Đỗ Văn Chủ' },
      values: {
        'applicant.pin': c.person.pin,
        'applicant.permanent.unitCode': '00004',
        'applicant.permanent.address': 'Số 12, phố Đội Cấn',
        'applicant.householdNo': h.householdNo,
        'applicant.temporary.unitCode': '00004',
        'applicant.temporary.address': 'Phòng 3, số 9 phố Liễu Giai',
        'applicant.temporary.plannedEnd': '2026-06-01',
        'applicant.head.pin': c.person.pin,
      },
    });
    const logged = async (actorId: string, purpose: string) =>
      (await t.db.pool.query<{ action: string }>("SELECT action FROM audit_log WHERE chain = 'access' AND actor_id = $1 AND purpose = $2 AND target_id = ANY($3::text[]) ORDER BY seq", [actorId, purpose, [c.person.pin, h.householdNo]])).rows.map((r) => r.action);
    const accountId = (await t.db.pool.query<{ id: string }>('SELECT id::text AS id FROM eid_account WHERE person_id = $1', [c.person.id])).rows[0]!.id;
    expect(await logged(accountId, 'citizen_self_view')).toEqual(expect.arrayContaining(['person.read', 'household.read']));

    // The spouse's values at the counter: the head's PIN comes from the household.
    const counter = await app.inject({ url: `/api/dossiers/prefill?pin=${spouse.pin}`, headers: badinh.headers });
    expect(counter.json().values).toMatchObject({ 'applicant.pin': spouse.pin, 'applicant.head.pin': c.person.pin, 'applicant.temporary.address': null });
    const officerId = (await app.inject({ url: '/api/auth/me', headers: badinh.headers })).json().officer.id as string;
    const spouseRead = await t.db.pool.query("SELECT 1 FROM audit_log WHERE chain = 'access' AND actor_id = $1 AND purpose = 'dossier_processing' AND target_id = $2 AND action = 'person.read'", [officerId, spouse.pin]);
    expect(spouseRead.rows).toHaveLength(1);
    // Another commune's officer: like an unknown PIN.
    const outside = await app.inject({ url: `/api/dossiers/prefill?pin=${spouse.pin}`, headers: ngocha.headers });
    expect(outside.statusCode).toBe(404);
  });
});

describe('consent inbox', () => {
  it('shows a consenter only the requests made of them, with what they need to decide; they answer through the actions route', async () => {
    const applicant = await level2('Ngô Văn Thuê');
    const owner = await level2('Hoàng Thị Chủ Nhà');
    const stranger = await level2('Lý Văn Lạ');
    const filed = (await fileOnline(applicant, { procedure: STAY_TEST.code, unitCode: '00004', requestId: 'consent-0001', form: stayForm({ ownerPin: owner.person.pin, permanentAddress: 'Số 12, phố Đội Cấn' }) })).json();
    const asked = await app.inject({ method: 'POST', url: `/api/dossiers/${filed.id}/actions`, headers: badinh.headers, payload: { type: 'request_consent', expectedSeq: 1, payload: { pin: owner.person.pin, role: 'owner', note: 'Chủ nhà cho thuê' } } });
    expect(asked.statusCode).toBe(200);

    const inbox = await app.inject({ url: '/api/citizen/consent-requests', headers: owner.session.headers });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json()).toEqual([
      {
        dossierId: filed.id,
        code: filed.code,
        procedure: { code: STAY_TEST.code, name: STAY_TEST.name },
        applicantName: 'Ngô Văn Thuê',
        address: expect.stringContaining('Số 5, ngõ 12 phố Kim Mã'),
        role: 'owner',
        requestSeq: 2,
        requestedAt: expect.any(String),
        note: 'Chủ nhà cho thuê',
        lastSeq: 2,
      },
    ]);
    // Nothing but that: no PIN of the applicant, no form, not the applicant's own address.
    expect(inbox.body).not.toContain(applicant.person.pin);
    expect(inbox.body).not.toContain('Số 12, phố Đội Cấn');
    expect((await app.inject({ url: '/api/citizen/consent-requests', headers: stranger.session.headers })).json()).toEqual([]);
    expect((await app.inject({ url: '/api/citizen/consent-requests', headers: applicant.session.headers })).json()).toEqual([]);
    const ownerAccount = (await t.db.pool.query<{ id: string }>('SELECT id::text AS id FROM eid_account WHERE person_id = $1', [owner.person.id])).rows[0]!.id;
    const seen = await t.db.pool.query("SELECT 1 FROM audit_log WHERE chain = 'access' AND actor_id = $1 AND purpose = 'dossier_consent' AND target_id = $2 AND dossier = $3", [ownerAccount, applicant.person.pin, filed.code]);
    expect(seen.rows).toHaveLength(1);

    // A stranger cannot answer; the owner can, once.
    const strangerAnswer = await app.inject({ method: 'POST', url: `/api/citizen/dossiers/${filed.id}/actions`, headers: stranger.session.headers, payload: { type: 'give_consent', expectedSeq: 2 } });
    expect(strangerAnswer.statusCode).toBe(404);
    const given = await app.inject({ method: 'POST', url: `/api/citizen/dossiers/${filed.id}/actions`, headers: owner.session.headers, payload: { type: 'give_consent', expectedSeq: 2, payload: { requestSeq: 2 } } });
    expect(given.statusCode).toBe(200);
    expect(given.json().consents).toEqual([{ requestSeq: 2, pin: owner.person.pin, fullName: 'Hoàng Thị Chủ Nhà', role: 'owner', status: 'accepted' }]);
    expect((await app.inject({ url: '/api/citizen/consent-requests', headers: owner.session.headers })).json()).toEqual([]);
  });

  it('reminds a consenter who has not answered after N days, through the outbox, and not again before N more days', async () => {
    const applicant = await level2('Tạ Văn Chờ');
    const head = await level2('Mai Thị Chủ Hộ');
    const filed = (await fileOnline(applicant, { procedure: STAY_TEST.code, unitCode: '00004', requestId: 'remind-0001', form: stayForm() })).json();
    await app.inject({ method: 'POST', url: `/api/dossiers/${filed.id}/actions`, headers: badinh.headers, payload: { type: 'request_consent', expectedSeq: 1, payload: { pin: head.person.pin, role: 'household_head' } } });
    const sms = async () => (await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM notification WHERE recipient = $1 AND template = 'dossier.consent_reminder'", [head.phone])).rows[0]!.n;
    expect(await remindPendingConsents(t.ctx, { olderThanDays: 3 })).toMatchObject({ reminded: 0 });
    t.clock.advance(3 * 86_400_000 + 60_000);
    expect((await remindPendingConsents(t.ctx, { olderThanDays: 3 })).reminded).toBeGreaterThanOrEqual(1);
    expect(await sms()).toBe(1);
    expect(await remindPendingConsents(t.ctx, { olderThanDays: 3 })).toMatchObject({ reminded: 0 });
    t.clock.advance(3 * 86_400_000 + 60_000);
    await remindPendingConsents(t.ctx, { olderThanDays: 3 });
    expect(await sms()).toBe(2);
    await notificationDispatcher(t.ctx).dispatchDue();
    const delivered = await t.db.pool.query<{ body: string }>('SELECT body FROM dev_message WHERE recipient = $1 ORDER BY sent_at DESC LIMIT 1', [head.phone]);
    expect(delivered.rows[0]!.body).toContain(filed.code);
    // Answered (a fresh login: days went by): no more reminders.
    const session = await citizenLogin(app, t.ctx, head.person.pin, '135790', head.phone);
    const [request] = (await app.inject({ url: '/api/citizen/consent-requests', headers: session.headers })).json() as Array<{ lastSeq: number }>;
    const refused = await app.inject({ method: 'POST', url: `/api/citizen/dossiers/${filed.id}/actions`, headers: session.headers, payload: { type: 'refuse_consent', expectedSeq: request!.lastSeq } });
    expect([refused.statusCode, refused.body]).toEqual([200, expect.anything()]);
    t.clock.advance(4 * 86_400_000);
    await remindPendingConsents(t.ctx, { olderThanDays: 3 });
    expect(await sms()).toBe(2);
  });
});
