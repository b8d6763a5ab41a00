import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { PDF } from '../../../test/dossier-procedures.js';
import { newHousehold, newPerson } from '../../../test/people-factory.js';
import type { Actor, CitizenActor, OfficerActor } from '../../kernel/actor.js';
import { listAuditEntries } from '../../kernel/audit-service.js';
import { actOnDossier, prepareUpload, storeAttachment, submitDossier, type ActionInput, type DossierDetails } from '../dossiers/index.js';
import { getHousehold, getPerson, recordResidence, removePermanentResidence, type Person } from '../people/index.js';
import { listAbsences, notifyStay, recordRemovalNotice, setFloorArea } from './index.js';
import { rejection } from '../../../test/rejection.js';

/**
 * Every residence procedure from filing to its effect on the registry, through the dossier
 * engine and the people services, on the engine this run uses (PGlite by default, PostgreSQL
 * with DANCU_TEST_DATABASE_URL).
 */
let t: TestContext;
const officerA: OfficerActor = { kind: 'officer', id: 'o-badinh', username: 'cb.badinh', role: 'commune_officer', unitLevel: 'commune', unitCode: '00004', provinceCode: '01' };
const officerB: OfficerActor = { ...officerA, id: 'o-ngocha', username: 'cb.ngocha', unitCode: '00008' };
const national: OfficerActor = { kind: 'officer', id: 'o-national', username: 'cb.quocgia', role: 'national_officer', unitLevel: 'nation', unitCode: null, provinceCode: null };
const citizenOf = (p: Person): CitizenActor => ({ kind: 'citizen', id: `acc-${p.id}`, personId: p.id, pin: p.pin, level: 2 });
const DAY = 86_400_000;
const PURPOSE = { code: 'official_lookup' } as const;

beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());
/** Every test starts on Monday 5 January 2026, 15:00 in Hà Nội. */
beforeEach(() => t.clock.advance(Date.parse('2026-01-05T08:00:00Z') - t.clock.now().getTime()));

let requests = 0;
const requestId = () => `res-${Date.now()}-${++requests}`;
const officerOf = (unit: string) => (unit === '00008' ? officerB : officerA);

async function file(applicant: Person, procedure: string, form: Record<string, unknown>, unit = '00004'): Promise<DossierDetails> {
  return submitDossier(t.ctx, officerOf(unit), { procedure, applicantPin: applicant.pin, unitCode: unit, channel: 'counter', requestId: requestId(), form: form as DossierDetails['form'] });
}

async function attach(d: DossierDetails, actor: Actor = officerOf(d.unitCode)): Promise<void> {
  const input = { documentCode: 'CT01', fileName: 'CT01.pdf' };
  const row = await prepareUpload(t.ctx, actor, d.id, input);
  await storeAttachment(t.ctx, actor, row, input, Readable.from([PDF]));
}

const act = (d: { id: string; lastSeq: number; unitCode: string }, type: ActionInput['type'], payload: ActionInput['payload'] = {}, actor: Actor = officerOf(d.unitCode)) => actOnDossier(t.ctx, actor, d.id, { type, expectedSeq: d.lastSeq, payload });

/** Receive (CT04), fee, review: the dossier is ready for the decision. */
async function toReview(d: DossierDetails): Promise<DossierDetails> {
  if (d.documents.some((x) => x.code === 'CT01' && x.required)) await attach(d);
  d = await act(d, 'receive');
  if (d.state === 'received') d = await act(d, 'pay_fee', { method: 'cash', receiptNo: 'BL-1' });
  return act(d, 'review');
}

/** Approve and give the result (CT08). */
async function approve(d: DossierDetails): Promise<DossierDetails> {
  d = await act(d, 'decide', { outcome: 'approve' });
  expect(d.state).toBe('approved');
  return act(d, 'notify_result');
}

const openOf = async (p: Person, actor: Actor = national) => (await getPerson(t.ctx, actor, p.pin, PURPOSE)).residences.filter((r) => r.validTo === null);
const allOf = async (p: Person, actor: Actor = national) => (await getPerson(t.ctx, actor, p.pin, PURPOSE)).residences;
const heads = (h: Awaited<ReturnType<typeof getHousehold>>) => h.members.filter((m) => m.validTo === null && m.relation === 'chu_ho');

describe('RES.permanent-registration', () => {
  it('own dwelling in commune B: closes the permanent residence in A in the same transaction, leaves exactly one open, both communes see the dossier', async () => {
    const mover = await newPerson(t.ctx, { fullName: 'Phạm Văn Chuyển' });
    const wife = await newPerson(t.ctx, { fullName: 'Lê Thị Ở Lại', sex: 'F' });
    const hA = await newHousehold(t.ctx, mover, [{ person: wife, relation: 'vo' }], '00004');

    // Commune B's officer may not touch A's residence outside a dossier: it answers like a missing person.
    expect((await rejection(removePermanentResidence(t.ctx, officerB, mover.pin, {}, { reasonCode: 'residence_registration' }))).code).toBe('person_not_found');

    let d = await file(mover, 'RES.permanent-registration', { ground: 'own_dwelling', address: 'Số 5, ngõ 10 phố Ngọc Hà' }, '00008');
    expect(d).toMatchObject({ state: 'submitted', fee: { dueVnd: 20_000 }, consents: [] });
    d = await toReview(d);
    expect(d.dueDate).toBe('2026-01-14'); // 7 working days from Monday 5 January
    d = await approve(d);
    const decided = d.actions.find((a) => a.type === 'decide')!;
    expect(decided.payload).toMatchObject({ outcome: 'approve', effect: { joined: false } });

    const open = (await openOf(mover)).filter((r) => r.kind === 'permanent');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ unitCode: '00008', dossier: d.code });
    // B sees the whole history, the closed A period naming the dossier that closed it.
    const history = (await getPerson(t.ctx, officerB, mover.pin, PURPOSE)).residences.filter((r) => r.kind === 'permanent');
    expect(history).toHaveLength(2);
    expect(history.find((r) => r.unitCode === '00004')).toMatchObject({ validTo: '2026-01-05', endedDossier: d.code });
    const dbOpen = await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM residence WHERE person_id = $1 AND kind = 'permanent' AND valid_to IS NULL", [mover.id]);
    expect(dbOpen.rows[0]!.n).toBe(1);

    // A sees it too: in its audit log (the closure, with the dossier) and in its household.
    const auditA = await listAuditEntries(t.ctx, officerA, { unitCode: '00004', targetId: mover.pin, page: 1, pageSize: 50 });
    expect(auditA.items.find((e) => e.action === 'residence.permanent_closed')).toMatchObject({ dossier: d.code, unitCode: '00004' });
    const householdA = await getHousehold(t.ctx, officerA, hA.householdNo, PURPOSE);
    expect(householdA.members.find((m) => m.pin === mover.pin)).toMatchObject({ validTo: '2026-01-05' });
    // The head left and nobody was named: the household is headless (a defect to fix), never deleted.
    expect(householdA).toMatchObject({ headless: true, headPin: null });
    expect(householdA.members.filter((m) => m.validTo === null).map((m) => m.pin)).toEqual([wife.pin]);
    const events = (await t.db.pool.query<{ type: string }>("SELECT type FROM outbox_event WHERE payload->>'dossier' = $1 ORDER BY id", [d.code])).rows.map((r) => r.type);
    expect(events).toEqual(expect.arrayContaining(['household.member_left', 'household.created', 'residence.registered', 'residence.closed']));
  });

  it('joining relatives asks the head and the owner at submission; the dossier waits (consent_pending) until both consent', async () => {
    const head = await newPerson(t.ctx, { fullName: 'Nguyễn Văn Chủ Hộ' }, undefined);
    const h = await newHousehold(t.ctx, head, [], '00004');
    const owner = await newPerson(t.ctx, { fullName: 'Trần Văn Sở Hữu' });
    const spouse = await newPerson(t.ctx, { fullName: 'Đỗ Thị Về Nhà Chồng', sex: 'F', unitCode: '00008' });
    let d = await file(spouse, 'RES.permanent-registration', { ground: 'relatives', householdNo: h.householdNo, relation: 'vo', ownerPin: owner.pin });
    expect(d.consents.map((c) => [c.pin, c.role, c.status])).toEqual([
      [head.pin, 'household_head', 'requested'],
      [owner.pin, 'owner', 'requested'],
    ]);
    expect(d.actions.filter((a) => a.type === 'request_consent').every((a) => a.actor.kind === 'system')).toBe(true);
    await attach(d);
    expect((await rejection(act(d, 'receive'))).code).toBe('consent_pending');
    d = await act(d, 'give_consent', {}, citizenOf(head));
    d = await act(d, 'give_consent', {}, citizenOf(owner));
    d = await act(d, 'receive');
    d = await act(d, 'pay_fee', { method: 'cash' });
    d = await act(d, 'review');
    // A consent asked during review holds the decision with its own code.
    d = await act(d, 'request_consent', { pin: owner.pin, role: 'guardian' });
    expect((await rejection(act(d, 'decide', { outcome: 'approve' }))).code).toBe('consent_pending');
    d = await act(d, 'give_consent', {}, citizenOf(owner));
    d = await approve(d);
    const after = await getHousehold(t.ctx, officerA, h.householdNo, PURPOSE);
    expect(after.members.filter((m) => m.validTo === null).map((m) => [m.pin, m.relation])).toEqual(expect.arrayContaining([[head.pin, 'chu_ho'], [spouse.pin, 'vo']]));
    expect(heads(after)).toHaveLength(1);
  });

  it('refuses at submission (CT06) with a precise reason: a relation that does not qualify, a floor area below the province minimum', async () => {
    const head = await newPerson(t.ctx);
    const h = await newHousehold(t.ctx, head);
    const friend = await newPerson(t.ctx);
    const d = await file(friend, 'RES.permanent-registration', { ground: 'relatives', householdNo: h.householdNo, relation: 'khac', ownerPin: head.pin });
    expect(d.state).toBe('refused');
    expect(d.actions.at(-1)).toMatchObject({ type: 'refuse', actor: { kind: 'system' }, payload: { notice: 'CT06', reasons: [expect.objectContaining({ code: 'relation_not_eligible' })] } });

    // Hà Nội raises its minimum to 10 m²: 25 m² for two people no longer qualifies (8 m² did).
    const owner = await newPerson(t.ctx);
    const tenant = await newPerson(t.ctx, { unitCode: '00008' });
    const form = { ground: 'rented', address: 'Phòng 3, số 7 phố Đội Cấn', ownerPin: owner.pin, floorAreaM2: 18, otherOccupants: 1 };
    expect((await file(tenant, 'RES.permanent-registration', form)).state).toBe('submitted');
    expect((await rejection(setFloorArea(t.ctx, national, '01', 7.5))).code).toBe('floor_area_below_legal_minimum');
    expect((await rejection(setFloorArea(t.ctx, officerA, '01', 10))).code).toBe('permission_denied');
    expect(await setFloorArea(t.ctx, national, '01', 10)).toMatchObject({ previous: 8, minM2PerPerson: 10 });
    const refused = await file(tenant, 'RES.permanent-registration', form);
    expect(refused.state).toBe('refused');
    expect(refused.actions.at(-1)!.payload).toMatchObject({ reasons: [expect.objectContaining({ code: 'floor_area_below_minimum' })] });
    await setFloorArea(t.ctx, national, '01', 8);
  });

  it('is checked again at the decision: registered meanwhile elsewhere in the same household → not_eligible, then rejected with reasons (CT06)', async () => {
    const head = await newPerson(t.ctx);
    const h = await newHousehold(t.ctx, head);
    const child = await newPerson(t.ctx, { unitCode: '00008' });
    let d = await file(child, 'RES.permanent-registration', { ground: 'relatives', householdNo: h.householdNo, relation: 'con', ownerPin: head.pin });
    d = await act(d, 'give_consent', {}, citizenOf(head));
    d = await toReview(d);
    // Someone else registers the child into the household directly before the decision.
    const other = await file(child, 'RES.permanent-registration', { ground: 'relatives', householdNo: h.householdNo, relation: 'con', ownerPin: head.pin });
    let o = await act(other, 'give_consent', {}, citizenOf(head));
    o = await toReview(o);
    await approve(o);
    const err = await rejection(act(d, 'decide', { outcome: 'approve' }));
    expect([err.code, err.errors.map((e) => e.code)]).toEqual(['not_eligible', ['already_permanent_here']]);
    d = await act(d, 'decide', { outcome: 'reject', reasons: [{ code: 'already_permanent_here', vi: 'Đã thường trú', en: 'Already registered' }] });
    d = await act(d, 'notify_result');
    expect(d.actions.at(-1)!.payload).toMatchObject({ notice: 'CT06' });
  });
});

describe('RES.permanent-removal', () => {
  it('on request closes the period (valid_to + reason, never deleted); the head leaving names a new head, so exactly one remains', async () => {
    const head = await newPerson(t.ctx);
    const son = await newPerson(t.ctx);
    const h = await newHousehold(t.ctx, head, [{ person: son, relation: 'con' }]);
    let d = await file(head, 'RES.permanent-removal', { mode: 'on_request', ground: 'settled_abroad', newHeadPin: son.pin });
    expect(d.fee.dueVnd).toBe(0);
    d = await toReview(d);
    d = await approve(d);
    const all = await allOf(head);
    expect(all.filter((r) => r.kind === 'permanent')).toEqual([expect.objectContaining({ validTo: '2026-01-05', endedReason: 'residence_registration', endedDossier: d.code })]);
    const after = await getHousehold(t.ctx, officerA, h.householdNo, PURPOSE);
    expect(heads(after).map((m) => m.pin)).toEqual([son.pin]);
    expect(after.members.some((m) => m.pin === head.pin && m.validTo === '2026-01-05')).toBe(true);
    const rows = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM residence WHERE person_id = $1', [head.id]);
    expect(rows.rows[0]!.n).toBe(1);
  });

  it('ex officio only 7 days after the notice: earlier the decision is refused with removal_notice_period_running', async () => {
    const p = await newPerson(t.ctx);
    await newHousehold(t.ctx, p);
    const missing = await file(p, 'RES.permanent-removal', { mode: 'ex_officio', ground: 'absent_over_12_months' });
    expect(missing.actions.at(-1)!.payload).toMatchObject({ reasons: [expect.objectContaining({ code: 'removal_notice_missing' })] });
    expect((await rejection(recordRemovalNotice(t.ctx, officerB, { pin: p.pin, ground: 'absent_over_12_months' }))).code).toBe('person_not_found');
    const notice = await recordRemovalNotice(t.ctx, officerA, { pin: p.pin, ground: 'absent_over_12_months', note: 'Vắng mặt từ 2024' });
    expect(notice).toMatchObject({ noticedOn: '2026-01-05', decidableOn: '2026-01-12' });
    let d = await file(p, 'RES.permanent-removal', { mode: 'ex_officio', ground: 'absent_over_12_months' });
    d = await toReview(d);
    const err = await rejection(act(d, 'decide', { outcome: 'approve' }));
    expect(err.code).toBe('removal_notice_period_running');
    expect((await openOf(p)).some((r) => r.kind === 'permanent')).toBe(true);
    t.clock.advance(7 * DAY);
    d = await approve(d);
    expect((await openOf(p)).some((r) => r.kind === 'permanent')).toBe(false);
    expect(d.actions.find((a) => a.type === 'decide')!.payload).toMatchObject({ effect: { noticeId: notice.id } });
  });
});

describe('temporary residence', () => {
  it('RES.temporary-registration: owner consents, a supplement stops the clock, approval records the period (30 days to 2 years)', async () => {
    const owner = await newPerson(t.ctx, { fullName: 'Hoàng Văn Cho Thuê' });
    const student = await newPerson(t.ctx, { fullName: 'Vũ Thị Sinh Viên', sex: 'F' });
    await newHousehold(t.ctx, student, [], '00004');
    const tooLong = await file(student, 'RES.temporary-registration', { address: 'Phòng 2, số 9 Ngọc Hà', validFrom: '2026-01-05', plannedEnd: '2028-02-01', ownerPin: owner.pin }, '00008');
    expect(tooLong.actions.at(-1)!.payload).toMatchObject({ reasons: [expect.objectContaining({ code: 'temporary_too_long' })] });
    const tooShort = await file(student, 'RES.temporary-registration', { address: 'Phòng 2, số 9 Ngọc Hà', validFrom: '2026-01-05', plannedEnd: '2026-01-20' }, '00008');
    expect(tooShort.actions.at(-1)!.payload).toMatchObject({ reasons: [expect.objectContaining({ code: 'temporary_too_short' })] });

    let d = await file(student, 'RES.temporary-registration', { address: 'Phòng 2, số 9 Ngọc Hà', validFrom: '2026-01-05', plannedEnd: '2026-07-05', ownerPin: owner.pin }, '00008');
    expect(d.fee.dueVnd).toBe(15_000);
    d = await act(d, 'give_consent', {}, citizenOf(owner));
    d = await act(d, 'request_supplement', { missing: [{ code: 'CT01', vi: 'Thiếu tờ khai CT01', en: 'Form CT01 missing' }] });
    t.clock.advance(2 * DAY);
    await attach(d);
    d = await act(d, 'supplement', { documents: ['CT01'] }, citizenOf(student));
    d = await act(d, 'receive');
    expect(d.dueDate).toBe('2026-01-12'); // 3 working days from Wednesday 7 January
    d = await act(d, 'pay_fee', { method: 'transfer' });
    d = await act(d, 'review');
    d = await approve(d);
    const open = await openOf(student);
    expect(open.find((r) => r.kind === 'temporary')).toMatchObject({ unitCode: '00008', plannedEnd: '2026-07-05', dossier: d.code });
    expect(open.find((r) => r.kind === 'permanent')).toMatchObject({ unitCode: '00004' });
  });

  it('RES.temporary-extension: only within the 15 days before expiry; then the new end holds', async () => {
    const p = await newPerson(t.ctx);
    await recordResidence(t.ctx, national, p.pin, { kind: 'temporary', unitCode: '00004', address: 'Số 1 Đội Cấn', validFrom: '2025-03-01', plannedEnd: '2026-02-10' }, { reasonCode: 'residence_registration' });
    const early = await file(p, 'RES.temporary-extension', { plannedEnd: '2026-12-31' });
    expect(early.actions.at(-1)!.payload).toMatchObject({ reasons: [expect.objectContaining({ code: 'extension_window_closed' })] });
    t.clock.advance(20 * DAY); // Sunday 25 January: 16 days before 10 February … still closed
    expect((await file(p, 'RES.temporary-extension', { plannedEnd: '2026-12-31' })).state).toBe('refused');
    t.clock.advance(1 * DAY); // Monday 26 January: 15 days before
    let d = await file(p, 'RES.temporary-extension', { plannedEnd: '2026-12-31' });
    expect(d.state).toBe('submitted');
    d = await toReview(d);
    d = await approve(d);
    const temporary = (await allOf(p)).filter((r) => r.kind === 'temporary');
    expect(temporary).toHaveLength(2);
    expect(temporary.find((r) => r.validTo === null)).toMatchObject({ plannedEnd: '2026-12-31', address: 'Số 1 Đội Cấn' });
  });

  it('RES.temporary-removal closes the temporary period; without one the dossier is refused', async () => {
    const p = await newPerson(t.ctx);
    const none = await file(p, 'RES.temporary-removal', { ground: 'stay_ended' });
    expect(none.actions.at(-1)!.payload).toMatchObject({ reasons: [expect.objectContaining({ code: 'no_temporary_residence_here' })] });
    await recordResidence(t.ctx, national, p.pin, { kind: 'temporary', unitCode: '00004', address: 'Số 3 Đội Cấn', validFrom: '2025-10-01', plannedEnd: '2026-10-01' }, { reasonCode: 'residence_registration' });
    let d = await file(p, 'RES.temporary-removal', { ground: 'stay_ended' });
    d = await act(d, 'receive');
    expect(d.state).toBe('fee_paid');
    d = await act(d, 'review');
    d = await approve(d);
    expect((await allOf(p)).find((r) => r.kind === 'temporary')).toMatchObject({ validTo: '2026-01-05', endedDossier: d.code });
  });
});

describe('households', () => {
  it('RES.household-split: members leave to a new household at the same address; the head consents; at least one member stays', async () => {
    const head = await newPerson(t.ctx);
    const son = await newPerson(t.ctx, { birthDate: '1995-02-02' });
    const daughterInLaw = await newPerson(t.ctx, { sex: 'F', birthDate: '1996-03-03' });
    const h = await newHousehold(t.ctx, head, [
      { person: son, relation: 'con' },
      { person: daughterInLaw, relation: 'con_dau' },
    ]);
    const takesHead = await file(son, 'RES.household-split', { householdNo: h.householdNo, newHeadPin: son.pin, members: [{ pin: head.pin, relation: 'cha' }] });
    expect(takesHead.state).toBe('refused');
    expect(takesHead.actions.at(-1)!.payload).toMatchObject({ reasons: [expect.objectContaining({ code: 'split_takes_head' })] });

    let d = await file(son, 'RES.household-split', { householdNo: h.householdNo, newHeadPin: son.pin, members: [{ pin: daughterInLaw.pin, relation: 'vo' }] });
    expect(d.consents).toEqual([expect.objectContaining({ pin: head.pin, role: 'household_head' })]);
    d = await act(d, 'give_consent', {}, citizenOf(head));
    d = await toReview(d);
    d = await approve(d);
    const newNo = String(d.actions.find((a) => a.type === 'decide')!.payload.effect?.newHouseholdNo);
    const old = await getHousehold(t.ctx, officerA, h.householdNo, PURPOSE);
    const split = await getHousehold(t.ctx, officerA, newNo, PURPOSE);
    expect(old.members.filter((m) => m.validTo === null).map((m) => m.pin)).toEqual([head.pin]);
    expect(split).toMatchObject({ address: old.address, unitCode: old.unitCode, headPin: son.pin });
    expect(split.members.map((m) => [m.pin, m.relation])).toEqual(expect.arrayContaining([[son.pin, 'chu_ho'], [daughterInLaw.pin, 'vo']]));
    expect((await openOf(son)).filter((r) => r.kind === 'permanent')).toEqual([expect.objectContaining({ householdId: split.id })]);
  });

  it('RES.household-adjustment: a change of head keeps exactly one head; an address change keeps the old wording in the audit log', async () => {
    const head = await newPerson(t.ctx);
    const wife = await newPerson(t.ctx, { sex: 'F' });
    const h = await newHousehold(t.ctx, head, [{ person: wife, relation: 'vo' }]);
    const already = await file(head, 'RES.household-adjustment', { householdNo: h.householdNo, change: 'head', newHeadPin: head.pin });
    expect(already.actions.at(-1)!.payload).toMatchObject({ reasons: [expect.objectContaining({ code: 'already_head' })] });

    let d = await file(wife, 'RES.household-adjustment', { householdNo: h.householdNo, change: 'head', newHeadPin: wife.pin, formerHeadRelation: 'chong' });
    d = await act(d, 'give_consent', {}, citizenOf(head));
    d = await toReview(d);
    d = await approve(d);
    expect(d.actions.find((a) => a.type === 'decide')!.payload).toMatchObject({ effect: { headPin: wife.pin } });
    const after = await getHousehold(t.ctx, officerA, h.householdNo, PURPOSE);
    expect(heads(after).map((m) => m.pin)).toEqual([wife.pin]);
    expect(after.members.filter((m) => m.validTo === null).map((m) => [m.pin, m.relation])).toEqual(expect.arrayContaining([[wife.pin, 'chu_ho'], [head.pin, 'chong']]));

    let a = await file(wife, 'RES.household-adjustment', { householdNo: h.householdNo, change: 'address', address: 'Số 12A, phố Đội Cấn' });
    expect(a.consents).toEqual([]); // the applicant is the head now
    a = await toReview(a);
    a = await approve(a);
    expect((await getHousehold(t.ctx, officerA, h.householdNo, PURPOSE)).address).toBe('Số 12A, phố Đội Cấn');
    const audit = await listAuditEntries(t.ctx, officerA, { unitCode: '00004', targetId: h.householdNo, action: 'household.adjusted', page: 1, pageSize: 5 });
    expect(audit.items[0]).toMatchObject({ dossier: a.code, detail: { from: 'Số 12, phố Đội Cấn', to: 'Số 12A, phố Đội Cấn' } });
  });
});

describe('declarations', () => {
  it('RES.absence-declaration gives a CT03 slip in one working day', async () => {
    const p = await newPerson(t.ctx);
    await newHousehold(t.ctx, p);
    let d = await file(p, 'RES.absence-declaration', { validFrom: '2026-01-10', validTo: '2026-06-30', destination: 'Thành phố Hồ Chí Minh', reason: 'military_age' });
    d = await toReview(d);
    expect(d.dueDate).toBe('2026-01-06');
    d = await approve(d);
    expect(d.actions.find((a) => a.type === 'decide')!.payload).toMatchObject({ effect: { slipNo: `CT03-${d.code}`, notice: 'CT03' } });
    expect(await listAbsences(t.db.pool, p.id)).toEqual([{ validFrom: '2026-01-10', validTo: '2026-06-30', destination: 'Thành phố Hồ Chí Minh', slipNo: `CT03-${d.code}`, dossier: d.code }]);
  });

  it('RES.residence-declaration records a current residence for someone who cannot register; refused for someone who can', async () => {
    const registered = await newPerson(t.ctx);
    await newHousehold(t.ctx, registered);
    const refused = await file(registered, 'RES.residence-declaration', { address: 'Gầm cầu Long Biên', circumstances: 'Không có chỗ ở hợp pháp' });
    expect(refused.actions.at(-1)!.payload).toMatchObject({ reasons: [expect.objectContaining({ code: 'has_residence' })] });

    const homeless = await newPerson(t.ctx, { unitCode: '00008' });
    let d = await file(homeless, 'RES.residence-declaration', { address: 'Lán tạm ven sông, tổ 5', circumstances: 'Không có chỗ ở hợp pháp, không thuê được nhà' });
    d = await toReview(d);
    d = await approve(d);
    expect(await openOf(homeless)).toEqual([expect.objectContaining({ kind: 'current', unitCode: '00004', address: 'Lán tạm ven sông, tổ 5', dossier: d.code })]);
  });
});

describe('stay notification (no dossier)', () => {
  it('is on time before 23:00 on the arrival day, and until 08:00 next day for an arrival from 23:00; retries record nothing twice', async () => {
    const host = await newPerson(t.ctx);
    const guest = await newPerson(t.ctx);
    const base = { guestPin: guest.pin, unitCode: '00004', address: 'Số 12, phố Đội Cấn', stayTo: '2026-01-08', reason: 'Thăm người thân' };
    // Now: 15:00 on 5 January. Arrival at 10:00 the same day: deadline 23:00 → on time.
    const onTime = await notifyStay(t.ctx, citizenOf(host), { ...base, stayFrom: '2026-01-05T03:00:00Z', requestId: 'stay-00000001' });
    expect(onTime).toMatchObject({ onTime: true, deadline: '2026-01-05T16:00:00.000Z' });
    expect(await notifyStay(t.ctx, citizenOf(host), { ...base, stayFrom: '2026-01-05T03:00:00Z', requestId: 'stay-00000001' })).toEqual(onTime);
    // Arrival at 23:30 on 3 January: deadline 08:00 on 4 January → late now.
    const late = await notifyStay(t.ctx, officerA, { ...base, stayFrom: '2026-01-03T16:30:00Z', requestId: 'stay-00000002' });
    expect(late).toMatchObject({ onTime: false, deadline: '2026-01-04T01:00:00.000Z' });
    expect((await rejection(notifyStay(t.ctx, officerB, { ...base, stayFrom: '2026-01-05T03:00:00Z', requestId: 'stay-00000003' }))).code).toBe('out_of_scope');
    const events = (await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox_event WHERE type = 'residence.stay_notified' AND subject = $1", [guest.pin])).rows[0]!.n;
    expect(events).toBe(2);
  });
});
