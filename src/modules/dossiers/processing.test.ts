import { Readable } from 'node:stream';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { ADJUST_MARKS, FREE_NOTICE, PDF } from '../../../test/dossier-procedures.js';
import { login, type LoggedIn } from '../../../test/login.js';
import { newPerson } from '../../../test/people-factory.js';
import { seedDemo } from '../../demo.js';
import type { CitizenActor, OfficerActor } from '../../kernel/actor.js';
import { createOfficer } from '../../kernel/auth/officers.js';
import { setOfficerActive } from '../../kernel/auth/officer-admin.js';
import { EventRelay } from '../../kernel/events.js';
import type { App } from '../../kernel/http.js';
import { createDemoAccount } from '../eid/index.js';
import type { Person } from '../people/index.js';
import { actOnDossier, dossierFigures, dossierNoticeSubscriber, prepareUpload, storeAttachment, submitDossier, type ActionInput, type DossierDetails } from './index.js';

/**
 * The officer's desk around the queue, on the engine this run uses: whom a dossier can be
 * assigned to, the figures of a period (dossiers moved through their states on a test clock,
 * so on time, late and overdue are exact), the overdue badge, the exports, and the SMS each
 * change sends the applicant through the outbox relay, once per event.
 */
let t: TestContext;
let app: App;
let badinh: LoggedIn;
let hanoi: LoggedIn;
let quocgia: LoggedIn;
const admin: OfficerActor = { kind: 'officer', id: 'o-admin', username: 'admin', role: 'admin', unitLevel: 'nation', unitCode: null, provinceCode: null };
const officer: OfficerActor = { kind: 'officer', id: 'o-test', username: 'cb.test', role: 'commune_officer', unitLevel: 'commune', unitCode: '00004', provinceCode: '01' };
const national: OfficerActor = { kind: 'officer', id: 'o-nation', username: 'cb.nation', role: 'national_officer', unitLevel: 'nation', unitCode: null, provinceCode: null };
const citizenOf = (p: Person): CitizenActor => ({ kind: 'citizen', id: `acc-${p.id}`, personId: p.id, pin: p.pin, level: 2 });
let ids: Record<string, string> = {};
let otherCommune: { code: string; province: string };

/** Sets the test clock to a Vietnam time. */
const at = (iso: string) => t.clock.advance(Date.parse(iso) - t.clock.now().getTime());

beforeAll(async () => {
  t = await testContext({ rateLimitScale: 1000, devMessages: true });
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
  const o = async (username: string, role: OfficerActor['role'], unitCode: string | null) =>
    (await createOfficer(t.ctx, admin, { username, displayName: `Cán bộ ${username}`, password: 'demo-password-2026', role, unitCode })).id;
  ids = {
    second: await o('cb.badinh2', 'commune_officer', '00004'),
    gone: await o('cb.badinh3', 'commune_officer', '00004'),
    ngocha2: await o('cb.ngocha2', 'commune_officer', '00008'),
    province: await o('cb.hanoi2', 'province_officer', '01'),
  };
  await setOfficerActive(t.ctx, admin, ids.gone!, false, 'nghỉ công tác');
  const r = await t.db.pool.query<{ code: string; province_code: string }>("SELECT code, province_code FROM admin_unit WHERE level = 'commune' AND valid_to IS NULL AND province_code <> '01' ORDER BY code LIMIT 1");
  otherCommune = { code: r.rows[0]!.code, province: r.rows[0]!.province_code };
  badinh = await login(app, 'cb.phuongbadinh');
  hanoi = await login(app, 'cb.hanoi');
  quocgia = await login(app, 'cb.quocgia');
});
afterAll(() => t.close());

let n = 0;
const requestId = () => `proc-${++n}-${Date.now()}`;
const act = (d: DossierDetails, type: ActionInput['type'], payload: ActionInput['payload'] = {}, actor: Parameters<typeof actOnDossier>[1] = officer) => actOnDossier(t.ctx, actor, d.id, { type, expectedSeq: d.lastSeq, payload });
async function fileAt(unitCode: string, applicant: Person, procedure = FREE_NOTICE.code, actor: Parameters<typeof submitDossier>[1] = officer): Promise<DossierDetails> {
  const channel = actor.kind === 'citizen' ? 'portal' : 'counter';
  return submitDossier(t.ctx, actor, { procedure, applicantPin: applicant.pin, unitCode, channel, requestId: requestId(), form: procedure === ADJUST_MARKS.code ? { identifyingMarks: 'Sẹo nhỏ ở trán' } : {} });
}
async function attachForm(d: DossierDetails): Promise<void> {
  const input = { documentCode: 'CT01', fileName: 'CT01.pdf' };
  await storeAttachment(t.ctx, officer, await prepareUpload(t.ctx, officer, d.id, input), input, Readable.from([PDF]));
}
const get = (who: LoggedIn, url: string) => app.inject({ url, headers: who.headers });

describe('assignment', () => {
  it('lists the active officers of the dossier’s commune and province who process dossiers, and assigns only to them', async () => {
    at('2026-01-05T08:00:00Z');
    const d = await fileAt('00004', await newPerson(t.ctx));
    const res = await get(badinh, `/api/dossiers/${d.id}/assignees`);
    expect(res.statusCode).toBe(200);
    const list = res.json() as Array<{ id: string; username: string; unitLevel: string }>;
    const names = list.map((o) => o.username);
    expect(names).toEqual(expect.arrayContaining(['cb.phuongbadinh', 'cb.badinh2', 'cb.hanoi', 'cb.hanoi2']));
    // Not the disabled one, not another commune's, not the nation's or the administrator.
    for (const absent of ['cb.badinh3', 'cb.phuongngocha', 'cb.ngocha2', 'cb.quocgia', 'admin']) expect(names).not.toContain(absent);
    // The commune's own officers come first.
    expect(list.findIndex((o) => o.unitLevel === 'province')).toBeGreaterThan(list.findLastIndex((o) => o.unitLevel === 'commune'));

    const other = await app.inject({ method: 'POST', url: `/api/dossiers/${d.id}/actions`, headers: badinh.headers, payload: { type: 'assign', expectedSeq: d.lastSeq, payload: { officerId: ids.ngocha2 } } });
    expect([other.statusCode, other.json().code]).toEqual([400, 'officer_not_found']);
    const ok = await app.inject({ method: 'POST', url: `/api/dossiers/${d.id}/actions`, headers: badinh.headers, payload: { type: 'assign', expectedSeq: d.lastSeq, payload: { officerId: ids.second } } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ assignedTo: ids.second, assignedName: 'Cán bộ cb.badinh2 (cb.badinh2)' });

    // Another commune's officer is told the dossier does not exist.
    const ngocha = await login(app, 'cb.phuongngocha');
    expect((await get(ngocha, `/api/dossiers/${d.id}/assignees`)).statusCode).toBe(404);
    // "Assigned to me" for the assignee.
    const second = await login(app, 'cb.badinh2');
    const mine = (await get(second, '/api/dossiers?assignedTo=me&pageSize=100')).json() as { items: Array<{ id: string }> };
    expect(mine.items.map((x) => x.id)).toEqual([d.id]);
  });
});

describe('figures of a period', () => {
  let baseline: Awaited<ReturnType<typeof dossierFigures>>;

  it('count filed, online, received, decided, days to decision, on time, late and overdue exactly', async () => {
    // Counted from a clean slate: what the other tests filed is subtracted.
    at('2026-01-12T03:00:00Z');
    baseline = await dossierFigures(t.ctx, officer, { from: '2026-01-01', to: '2026-01-31' });

    at('2026-01-05T08:00:00Z'); // Monday 5 January, 15:00 in Hà Nội
    // A: at the counter, received today (due Thursday 8), approved and notified Tuesday 6: on time.
    let a = await fileAt('00004', await newPerson(t.ctx), ADJUST_MARKS.code);
    await attachForm(a);
    a = await act(a, 'receive');
    a = await act(a, 'pay_fee', { method: 'cash' });
    a = await act(a, 'review');
    // B: online, free, received today (due Wednesday 7), rejected and notified Friday 9: late.
    const citizen = await newPerson(t.ctx);
    let b = await fileAt('00004', citizen, FREE_NOTICE.code, citizenOf(citizen));
    b = await act(b, 'receive');
    b = await act(b, 'review');
    // C: received today (due Wednesday 7) and left open: overdue by the 12th.
    const c = await fileAt('00004', await newPerson(t.ctx));
    await act(c, 'receive');
    // D: in Ngọc Hà, filed only. E: in another province, received.
    await fileAt('00008', await newPerson(t.ctx), FREE_NOTICE.code, national);
    const e = await fileAt(otherCommune.code, await newPerson(t.ctx), FREE_NOTICE.code, national);
    await act(e, 'receive', {}, national);

    at('2026-01-06T02:00:00Z');
    a = await act(a, 'decide', { outcome: 'approve' });
    a = await act(a, 'notify_result');
    expect(a).toMatchObject({ late: false });
    at('2026-01-09T02:00:00Z');
    b = await act(b, 'decide', { outcome: 'reject', reasons: [{ code: 'not_eligible', vi: 'Không đủ điều kiện', en: 'Not eligible' }] });
    b = await act(b, 'notify_result');
    expect(b).toMatchObject({ late: true });
    const kept = await t.db.pool.query('SELECT decided_on, decision_working_days FROM dossier WHERE id = ANY($1::uuid[]) ORDER BY decided_on', [[a.id, b.id]]);
    expect(kept.rows).toEqual([{ decided_on: '2026-01-06', decision_working_days: 1 }, { decided_on: '2026-01-09', decision_working_days: 4 }]);

    at('2026-01-12T03:00:00Z'); // Monday 12 January
    const f = await dossierFigures(t.ctx, officer, { from: '2026-01-01', to: '2026-01-31' });
    expect(f.by).toBe('commune');
    expect(f.rows.map((r) => r.code)).toEqual(['00004']);
    const row = f.rows[0]!;
    const was = baseline.rows[0] ?? baseline.total;
    expect({
      filed: row.filed - was.filed,
      filedOnline: row.filedOnline - was.filedOnline,
      received: row.received - was.received,
      decided: row.decided - was.decided,
      resultsGiven: row.resultsGiven - was.resultsGiven,
      onTime: row.onTime - was.onTime,
      late: row.late - was.late,
      overdueNow: row.overdueNow - was.overdueNow,
    }).toEqual({ filed: 3, filedOnline: 1, received: 3, decided: 2, resultsGiven: 2, onTime: 1, late: 1, overdueNow: 1 });
    expect(was.decided).toBe(0);
    expect(row).toMatchObject({ avgWorkingDays: 2.5, avgCalendarDays: 2.5, onTimeShare: 0.5 });
    expect(f.total).toMatchObject({ filed: row.filed, overdueNow: row.overdueNow });

    // A month with nothing filed, received or decided still shows what is overdue now.
    const feb = await dossierFigures(t.ctx, officer, { from: '2026-02-01', to: '2026-02-28' });
    expect(feb.rows[0]).toMatchObject({ filed: 0, received: 0, decided: 0, resultsGiven: 0, onlineShare: null, avgWorkingDays: null, overdueNow: row.overdueNow });
  });

  it('give a province officer a row per commune and the nation a sortable row per province, over the API', async () => {
    // Sessions from before the clock moved on have expired: sign in again today.
    [badinh, hanoi, quocgia] = [await login(app, 'cb.phuongbadinh'), await login(app, 'cb.hanoi'), await login(app, 'cb.quocgia')];
    const province = (await get(hanoi, '/api/dossiers/figures?from=2026-01-01&to=2026-01-31')).json();
    expect(province.by).toBe('commune');
    expect(province.rows.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['00004', '00008']));
    expect(province.rows.find((r: { code: string }) => r.code === '00008')).toMatchObject({ name: 'Phường Ngọc Hà', filed: 1, received: 0 });

    const nation = (await get(quocgia, '/api/dossiers/figures?from=2026-01-01&to=2026-01-31')).json();
    expect(nation.by).toBe('province');
    expect(nation.rows.length).toBe(34);
    const hn = nation.rows.find((r: { code: string }) => r.code === '01');
    expect(hn.filed).toBe(province.total.filed);
    expect(nation.rows.find((r: { code: string }) => r.code === otherCommune.province)).toMatchObject({ filed: 1, received: 1, overdueNow: 1 });
    expect(nation.total.filed).toBe(province.total.filed + 1);

    // A national officer opens one province; a commune officer cannot look at another unit.
    const one = (await get(quocgia, `/api/dossiers/figures?from=2026-01-01&to=2026-01-31&unitCode=${otherCommune.province}`)).json();
    expect(one.rows.map((r: { code: string }) => r.code)).toEqual([otherCommune.code]);
    const refused = await get(badinh, '/api/dossiers/figures?unitCode=00008');
    expect([refused.statusCode, refused.json().code]).toEqual([400, 'unit_not_found']);
    const backwards = await get(badinh, '/api/dossiers/figures?from=2026-02-01&to=2026-01-01');
    expect([backwards.statusCode, backwards.json().code]).toEqual([400, 'period_invalid']);

    const xlsx = await get(quocgia, '/api/dossiers/figures/export?from=2026-01-01&to=2026-01-31&format=xlsx&lang=en');
    expect(xlsx.statusCode).toBe(200);
    const rows = (await readXlsxFile(xlsx.rawPayload))[0]!.data;
    expect(rows[0]!.slice(0, 4)).toEqual(['Code', 'Unit', 'Filed', 'Filed online']);
    expect(rows.length).toBe(34 + 2);
    expect(rows.at(-1)![1]).toBe('Total');
  });

  it('count a decision on the evening of a reception that counts from the next working day as 0 days, not -1', async () => {
    at('2026-01-20T12:00:00Z'); // Tuesday 20 January, 19:00 in Vietnam: after the 17:00 cut-off
    let d = await fileAt(otherCommune.code, await newPerson(t.ctx), FREE_NOTICE.code, national);
    d = await act(d, 'receive', {}, national);
    expect(d.actions.find((a) => a.type === 'receive')!.payload).toMatchObject({ receivedOn: '2026-01-21' });
    d = await act(d, 'review', {}, national);
    await act(d, 'decide', { outcome: 'approve' }, national);
    const f = await dossierFigures(t.ctx, national, { from: '2026-01-01', to: '2026-01-31', unitCode: otherCommune.code });
    expect(f.rows[0]).toMatchObject({ code: otherCommune.code, decided: 1, avgWorkingDays: 0, avgCalendarDays: 0 });
    at('2026-01-12T03:00:00Z');
  });

  it('count the overdue dossiers for the menu badge, and list and export exactly them', async () => {
    const count = (await get(badinh, '/api/dossiers/overdue-count')).json() as { overdue: number; mine: number };
    const listed = (await get(badinh, '/api/dossiers?overdue=true&pageSize=100')).json() as { total: number; items: Array<{ overdue: boolean; code: string }> };
    expect(count.overdue).toBeGreaterThanOrEqual(1);
    expect(listed.total).toBe(count.overdue);
    expect(listed.items.every((d) => d.overdue)).toBe(true);
    const ngocha = (await get(await login(app, 'cb.phuongngocha'), '/api/dossiers/overdue-count')).json();
    expect(ngocha).toEqual({ overdue: 0, mine: 0 });

    const purpose = 'rà soát hồ sơ quá hạn';
    const csv = await get(badinh, `/api/dossiers/export?overdue=true&format=csv&purposeNote=${encodeURIComponent(purpose)}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="ho-so-00004-2026-01-12\.csv"$/);
    const lines = csv.rawPayload.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('STT,Mã hồ sơ,Thủ tục,Người nộp,Số định danh cá nhân,Kênh nộp,Trạng thái,Ngày nộp,Ngày hẹn trả,Cảnh báo,Cán bộ được phân công');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(listed.items.map((d) => d.code));
    expect(lines.slice(1).every((l) => l.includes(',Quá hạn,'))).toBe(true);
    const logged = await t.db.pool.query<{ dossier: string }>("SELECT dossier FROM audit_log WHERE action = 'dossier.exported' AND detail->>'purposeNote' = $1", [purpose]);
    expect(logged.rows.map((r) => r.dossier).sort()).toEqual(listed.items.map((d) => d.code).sort());
    expect((await get(badinh, '/api/dossiers/export?format=csv')).statusCode).toBe(400);
  });
});

describe('notices to the applicant', () => {
  it('texts the applicant once per change with the code, state and appointment date, and the person asked to consent, however often the relay delivers', async () => {
    at('2026-01-05T08:00:00Z');
    const applicant = await newPerson(t.ctx, { fullName: 'Lê Thị Nhắn' });
    const owner = await newPerson(t.ctx, { fullName: 'Phạm Văn Chủ' });
    const silent = await newPerson(t.ctx);
    await createDemoAccount(t.ctx, applicant.pin, '0912000001', '135790');
    await createDemoAccount(t.ctx, owner.pin, '0912000002', '135790');
    let d = await fileAt('00004', applicant);
    d = await act(d, 'request_consent', { pin: owner.pin, role: 'owner' });
    // The officer's dossier page names the person asked, not only the number.
    expect(d.consents).toEqual([expect.objectContaining({ pin: owner.pin, fullName: 'Phạm Văn Chủ', role: 'owner', status: 'requested' })]);
    d = await act(d, 'give_consent', {}, citizenOf(owner));
    d = await act(d, 'receive');
    d = await act(d, 'assign', { officerId: ids.second });
    d = await act(d, 'review');
    d = await act(d, 'decide', { outcome: 'approve' });
    d = await act(d, 'notify_result');
    // Someone without an e-ID account gets no SMS; it is recorded as such.
    await fileAt('00004', silent);

    // Two relays at once (two processes): each event is handled once.
    const relays = [new EventRelay(t.db), new EventRelay(t.db)];
    for (const r of relays) r.subscribe(dossierNoticeSubscriber(t.ctx));
    await Promise.all(relays.map((r) => r.drain()));
    await relays[0]!.drain();

    const sms = async (phone: string) =>
      (
        await t.db.pool.query<{ template: string; body: string }>(
          "SELECT n.template, n.params->>'body' AS body FROM notification n JOIN dossier_notice dn ON dn.notification_id = n.id WHERE n.recipient = $1 ORDER BY dn.event_id",
          [phone],
        )
      ).rows;
    const toApplicant = await sms('0912000001');
    expect(toApplicant.map((m) => m.template)).toEqual([
      'dossier.submitted',
      'dossier.consent_requested',
      'dossier.consent_given',
      'dossier.received',
      'dossier.review_started',
      'dossier.decided',
      'dossier.result_notified',
    ]);
    expect(toApplicant.find((m) => m.template === 'dossier.received')!.body).toBe(`dancu: Hồ sơ ${d.code} (Thông báo miễn phí (thủ tục thử nghiệm)): đã nộp lệ phí, chờ thẩm định. Ngày hẹn trả kết quả: 07/01/2026.`);
    expect(toApplicant.find((m) => m.template === 'dossier.submitted')!.body).toContain('chờ kiểm tra tiếp nhận');
    expect(toApplicant.at(-1)!.body).toBe(`dancu: Hồ sơ ${d.code} (Thông báo miễn phí (thủ tục thử nghiệm)): đã trả kết quả.`);
    const toOwner = await sms('0912000002');
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]!.body).toContain(`về hồ sơ ${d.code}`);
    expect(toOwner[0]!.body).toContain('Lê Thị Nhắn');

    const notices = await t.db.pool.query<{ recipient_pin: string; outcome: string; n: number }>('SELECT recipient_pin, outcome, count(*)::int AS n FROM dossier_notice GROUP BY 1, 2');
    expect(notices.rows.find((r) => r.recipient_pin === silent.pin)).toMatchObject({ outcome: 'no_contact', n: 1 });
    expect(notices.rows.find((r) => r.recipient_pin === applicant.pin)).toMatchObject({ outcome: 'queued', n: 7 });

    // A redelivery of an event (after a crash, the cursor not saved) sends nothing again.
    const event = (await t.db.pool.query("SELECT id, type, subject, payload, occurred_at FROM outbox_event WHERE subject = $1 AND type = 'dossier.decided'", [d.code])).rows[0];
    await t.db.transaction((tx) => dossierNoticeSubscriber(t.ctx).handle({ id: Number(event.id), type: event.type, subject: event.subject, payload: event.payload, occurredAt: event.occurred_at.toISOString() }, tx));
    expect(await sms('0912000001')).toHaveLength(7);
  });
});
