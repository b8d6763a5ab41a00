import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { ADJUST_MARKS, FREE_NOTICE, PDF } from '../../../test/dossier-procedures.js';
import { clerk, newPerson } from '../../../test/people-factory.js';
import type { CitizenActor, OfficerActor } from '../../kernel/actor.js';
import type { AppError } from '../../kernel/errors.js';
import { getPerson, getPersonHistory, registerDeath, type Person } from '../people/index.js';
import { ACTION_TYPES, actOnDossier, getDossier, listDossiers, prepareUpload, STATUSES, storeAttachment, submitDossier, TRANSITIONS, type ActionInput, type ActionType, type DossierDetails } from './index.js';
import { rejection } from '../../../test/rejection.js';

/**
 * The dossier engine through its services, on the engine this run uses (PGlite by default,
 * PostgreSQL with DANCU_TEST_DATABASE_URL): the path to the result notice, the stopped clock of
 * a supplement, refusal, the table holding against every skipped step, consents, idempotent and
 * concurrent writes, and the all-or-nothing decision.
 */
let t: TestContext;
const officer: OfficerActor = { kind: 'officer', id: 'o-badinh', username: 'cb.badinh', role: 'commune_officer', unitLevel: 'commune', unitCode: '00004', provinceCode: '01' };
const neighbour: OfficerActor = { ...officer, id: 'o-ngocha', username: 'cb.ngocha', unitCode: '00008' };
const admin: OfficerActor = { kind: 'officer', id: 'o-admin', username: 'admin', role: 'admin', unitLevel: 'nation', unitCode: null, provinceCode: null };
const citizenOf = (p: Person): CitizenActor => ({ kind: 'citizen', id: `acc-${p.id}`, personId: p.id, pin: p.pin, level: 2 });
const DAY = 86_400_000;

beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());
/** Every test starts on Monday 5 January 2026, 15:00 in Hà Nội. */
beforeEach(() => t.clock.advance(Date.parse('2026-01-05T08:00:00Z') - t.clock.now().getTime()));

let requests = 0;
const requestId = () => `req-${Date.now()}-${++requests}`;

async function file(applicant: Person, procedure = ADJUST_MARKS.code, channel: 'counter' | 'mobile_team' = 'counter'): Promise<DossierDetails> {
  return submitDossier(t.ctx, officer, { procedure, applicantPin: applicant.pin, unitCode: '00004', channel, requestId: requestId(), form: procedure === ADJUST_MARKS.code ? { identifyingMarks: 'Nốt ruồi dưới mắt trái' } : {} });
}

async function attachForm(d: DossierDetails): Promise<void> {
  const input = { documentCode: 'CT01', fileName: 'to-khai-CT01.pdf' };
  const row = await prepareUpload(t.ctx, officer, d.id, input);
  await storeAttachment(t.ctx, officer, row, input, Readable.from([PDF]));
}

const act = (d: { id: string; lastSeq: number }, type: ActionInput['type'], payload: ActionInput['payload'] = {}, actor: Parameters<typeof actOnDossier>[1] = officer) => actOnDossier(t.ctx, actor, d.id, { type, expectedSeq: d.lastSeq, payload });

async function counts(code: string) {
  const q = async (sql: string) => (await t.db.pool.query<{ n: number }>(sql, [code])).rows[0]!.n;
  return {
    actions: await q('SELECT count(*)::int AS n FROM dossier_action a JOIN dossier d ON d.id = a.dossier_id WHERE d.code = $1'),
    audit: await q("SELECT count(*)::int AS n FROM audit_log WHERE chain = 'change' AND dossier = $1"),
    events: await q('SELECT count(*)::int AS n FROM outbox_event WHERE subject = $1'),
  };
}

describe('a dossier from filing to the result notice', () => {
  it('is received with a code and an appointment date, pays its fee, is reviewed, approved (changing the registry in the same transaction) and notified on time', async () => {
    const applicant = await newPerson(t.ctx, { fullName: 'Trần Thị Hoa' });
    let d = await file(applicant);
    expect(d).toMatchObject({ state: 'submitted', lastSeq: 1, channel: 'counter', applicant: { pin: applicant.pin, fullName: 'Trần Thị Hoa' }, fee: { dueVnd: 10_000, paidVnd: null } });
    expect(d.code).toMatch(/^00004-20260105-\d{4}$/);
    expect(d.availableActions).toEqual(['receive', 'request_supplement', 'refuse', 'withdraw', 'assign', 'request_consent']);
    expect(d.documents.find((x) => x.code === 'birth_certificate')).toMatchObject({ heldByRegistry: true, attached: false });

    // Intake: the declaration form must be attached first; the birth certificate is the registry's.
    expect((await rejection(act(d, 'receive'))).code).toBe('documents_missing');
    await attachForm(d);
    d = await act(d, 'receive');
    // Received Monday 5 January 2026 at 15:00 (before the 17:00 cut-off): three working days on.
    expect(d).toMatchObject({ state: 'received', dueDate: '2026-01-08', receivedAt: '2026-01-05T08:00:00.000Z' });
    expect(d.actions.at(-1)).toMatchObject({ type: 'receive', payload: { receipt: 'CT04', receivedOn: '2026-01-05', dueDate: '2026-01-08', workingDays: 3 } });

    d = await act(d, 'pay_fee', { method: 'cash', receiptNo: 'BL-0001' });
    expect(d).toMatchObject({ state: 'fee_paid', fee: { dueVnd: 10_000, paidVnd: 10_000 } });
    // Assignment names real officer accounts only (routes.test.ts assigns a logged-in one).
    expect((await rejection(act(d, 'assign', { officerId: 'no-such-officer' }))).code).toBe('officer_not_found');
    d = await act(d, 'review');
    expect(d.state).toBe('in_review');
    t.clock.advance(DAY);
    d = await act(d, 'decide', { outcome: 'approve' });
    expect(d.state).toBe('approved');
    const decided = d.actions.at(-1)!;
    expect(decided).toMatchObject({ type: 'decide', payload: { outcome: 'approve', effect: { personVersion: 2 } } });

    const person = await getPerson(t.ctx, officer, applicant.pin, { code: 'official_lookup' });
    expect(person.person.identifyingMarks).toBe('Nốt ruồi dưới mắt trái');
    const history = await getPersonHistory(t.ctx, officer, applicant.pin, { code: 'official_lookup' });
    expect(history.versions.at(-1)).toMatchObject({ version: 2, dossier: d.code });

    d = await act(d, 'notify_result');
    expect(d).toMatchObject({ state: 'result_notified', late: false, availableActions: [], overdue: false });
    expect(d.actions.at(-1)).toMatchObject({ type: 'notify_result', payload: { notice: 'CT08', notifiedOn: '2026-01-06', late: false } });

    const events = (await t.db.pool.query<{ type: string }>('SELECT type FROM outbox_event WHERE subject = $1 ORDER BY id', [d.code])).rows.map((r) => r.type);
    expect(events).toEqual(['dossier.submitted', 'dossier.received', 'dossier.fee_paid', 'dossier.review_started', 'dossier.decided', 'dossier.result_notified']);
    const audit = (await t.db.pool.query<{ action: string }>("SELECT action FROM audit_log WHERE chain = 'change' AND dossier = $1 ORDER BY seq", [d.code])).rows.map((r) => r.action);
    expect(audit).toEqual(['dossier.submit', 'dossier.attachment_added', 'dossier.receive', 'dossier.pay_fee', 'dossier.review', 'person.update', 'dossier.decide', 'dossier.notify_result']);
    const cached = (await t.db.pool.query('SELECT state, last_seq, due_date, notified_late FROM dossier WHERE id = $1', [d.id])).rows[0];
    expect(cached).toEqual({ state: 'result_notified', last_seq: d.lastSeq, due_date: '2026-01-08', notified_late: false });
  });

  it('records a free procedure’s fee step as 0 VND at reception instead of skipping it', async () => {
    const applicant = await newPerson(t.ctx);
    let d = await file(applicant, FREE_NOTICE.code);
    d = await act(d, 'receive');
    expect(d.state).toBe('fee_paid');
    expect(d.actions.slice(-2).map((a) => [a.type, a.payload])).toEqual([
      ['receive', expect.objectContaining({ receipt: 'CT04' })],
      ['pay_fee', { amountVnd: 0, method: 'none', receiptNo: null, auto: true }],
    ]);
    expect(d.fee).toEqual({ dueVnd: 0, paidVnd: 0 });
  });

  it('marks a result given after the appointment date as late, and the dossier overdue before that', async () => {
    const applicant = await newPerson(t.ctx);
    let d = await file(applicant, FREE_NOTICE.code);
    d = await act(d, 'receive');
    d = await act(d, 'review');
    d = await act(d, 'decide', { outcome: 'reject', reasons: [{ code: 'not_eligible', vi: 'Không đủ điều kiện', en: 'Not eligible' }] });
    t.clock.advance(10 * DAY);
    const queue = await listDossiers(t.ctx, officer, { state: 'rejected', page: 1, pageSize: 100, purpose: { code: 'dossier_processing', note: 'xem hàng đợi' } });
    expect(queue.items.find((x) => x.id === d.id)).toMatchObject({ overdue: true, dueSoon: false });
    d = await act(d, 'notify_result');
    expect(d).toMatchObject({ state: 'result_notified', late: true, overdue: false });
    expect(d.actions.at(-1)!.payload).toMatchObject({ notice: 'CT06', late: true });
  });
});

describe('a supplement request', () => {
  it('stops the clock: the appointment counts from the complete reception, not from the first filing', async () => {
    const applicant = await newPerson(t.ctx);
    let d = await file(applicant);
    d = await act(d, 'request_supplement', { missing: [{ code: 'CT01', vi: 'Tờ khai CT01', en: 'Form CT01' }], note: 'Thiếu tờ khai' });
    expect(d).toMatchObject({ state: 'supplement_requested', dueDate: null, availableActions: ['supplement', 'withdraw', 'assign', 'request_consent'] });
    expect(d.actions.at(-1)).toMatchObject({ type: 'request_supplement', payload: { notice: 'CT05' } });
    expect((await rejection(act(d, 'receive'))).code).toBe('action_not_available');

    t.clock.advance(7 * DAY); // Monday 12 January
    await attachForm(d);
    d = await act(d, 'supplement', { documents: ['CT01'] }, citizenOf(applicant));
    expect(d.state).toBe('submitted');
    d = await act(d, 'receive');
    expect(d).toMatchObject({ state: 'received', dueDate: '2026-01-15' });
  });
});

describe('refusal and the table of available actions', () => {
  it('refuses with reasons (CT06), after which nothing more can happen', async () => {
    const applicant = await newPerson(t.ctx);
    let d = await file(applicant);
    expect((await rejection(act(d, 'refuse'))).code).toBe('payload_field_required');
    d = await act(d, 'refuse', { reasons: [{ code: 'not_resident', vi: 'Không cư trú tại địa bàn', en: 'Not resident here' }] });
    expect(d).toMatchObject({ state: 'refused', availableActions: [], yourActions: [] });
    for (const type of ['receive', 'withdraw', 'supplement', 'notify_result'] as const) {
      const err = await rejection(act(d, type));
      expect([err.code, err.status], type).toEqual(['action_not_available', 409]);
      expect(err.messages.en).toContain('refused');
    }
  });

  it('skips no state: every action the state does not list is a 409 naming the state, and writes nothing', async () => {
    const applicant = await newPerson(t.ctx);
    let d = await file(applicant);
    const tryAll = async (allowed: string[]) => {
      const before = await counts(d.code);
      for (const type of ['receive', 'request_supplement', 'supplement', 'refuse', 'pay_fee', 'review', 'decide', 'notify_result'] as const) {
        if (allowed.includes(type)) continue;
        const err = await rejection(act(d, type, { method: 'cash', outcome: 'approve' }));
        expect([type, err.code]).toEqual([type, 'action_not_available']);
        expect(err.messages.en).toContain(d.state);
      }
      expect(await counts(d.code)).toEqual(before);
    };
    await tryAll(['receive', 'request_supplement', 'refuse']);
    await attachForm(d);
    d = await act(d, 'receive');
    await tryAll(['pay_fee']);
    d = await act(d, 'pay_fee', { method: 'transfer' });
    await tryAll(['review']);
    d = await act(d, 'review');
    await tryAll(['decide']);
    d = await act(d, 'decide', { outcome: 'approve' });
    await tryAll(['notify_result']);
  });
});

describe('who may act', () => {
  it('hides a dossier of another unit exactly like a missing one, and lets an administrator read but not process', async () => {
    const applicant = await newPerson(t.ctx);
    const d = await file(applicant);
    for (const call of [() => getDossier(t.ctx, neighbour, d.id, { code: 'dossier_processing', note: 'xem' }), () => act(d, 'receive', {}, neighbour), () => getDossier(t.ctx, neighbour, '00000000-0000-7000-8000-000000000000', { code: 'dossier_processing', note: 'xem' })]) {
      expect((await rejection(call())).code).toBe('dossier_not_found');
    }
    expect((await getDossier(t.ctx, admin, d.id, { code: 'dossier_processing', note: 'hỗ trợ' })).yourActions).toEqual([]);
    expect((await rejection(act(d, 'receive', {}, admin))).code).toBe('permission_denied');
    // Another citizen learns nothing; the applicant may withdraw but not receive.
    const stranger = await newPerson(t.ctx);
    expect((await rejection(getDossier(t.ctx, citizenOf(stranger), d.id, { code: 'dossier_processing', note: 'xem' }))).code).toBe('dossier_not_found');
    expect((await rejection(act(d, 'receive', {}, citizenOf(applicant)))).code).toBe('permission_denied');
    expect((await getDossier(t.ctx, citizenOf(applicant), d.id, { code: 'dossier_processing', note: 'xem' })).yourActions).toEqual(['withdraw']);
    const withdrawn = await act(d, 'withdraw', { reason: 'Không còn nhu cầu' }, citizenOf(applicant));
    expect(withdrawn.state).toBe('withdrawn');
  });

  it('logs every read of a dossier against each person it names', async () => {
    const applicant = await newPerson(t.ctx);
    const d = await file(applicant);
    await getDossier(t.ctx, officer, d.id, { code: 'dossier_processing', note: 'kiểm tra hồ sơ' });
    await t.ctx.accessLog.drain();
    const rows = (await t.db.pool.query("SELECT target_id, purpose, dossier FROM audit_log WHERE chain = 'access' AND action = 'dossier.read' AND dossier = $1 AND detail->>'purposeNote' = 'kiểm tra hồ sơ'", [d.code])).rows;
    expect(rows).toEqual([{ target_id: applicant.pin, purpose: 'dossier_processing', dossier: d.code }]);
  });
});

describe('consents', () => {
  it('keep the dossier waiting until given; a refused one forbids approval', async () => {
    const applicant = await newPerson(t.ctx);
    const owner = await newPerson(t.ctx, { fullName: 'Lê Văn Chủ', unitCode: '00008' });
    let d = await file(applicant);
    await attachForm(d);
    d = await act(d, 'request_consent', { pin: owner.pin, role: 'owner', note: 'Chủ sở hữu chỗ ở' });
    expect(d.consents).toEqual([{ requestSeq: d.lastSeq, pin: owner.pin, fullName: owner.fullName, role: 'owner', status: 'requested' }]);
    expect(d.availableActions).not.toContain('receive');
    expect((await rejection(act(d, 'receive'))).code).toBe('consent_pending');
    // The owner sees the dossier they are asked about and answers it; others may not answer for them.
    expect((await getDossier(t.ctx, citizenOf(owner), d.id, { code: 'dossier_processing', note: 'xem yêu cầu đồng ý' })).yourActions).toEqual(['give_consent', 'refuse_consent']);
    expect((await rejection(act(d, 'give_consent', {}, citizenOf(applicant)))).code).toBe('permission_denied');
    d = await act(d, 'give_consent', {}, citizenOf(owner));
    expect(d.consents[0]!.status).toBe('accepted');
    d = await act(d, 'receive');
    d = await act(d, 'pay_fee', { method: 'cash' });
    d = await act(d, 'request_consent', { pin: owner.pin, role: 'household_head' });
    d = await act(d, 'refuse_consent', { requestSeq: d.lastSeq, note: 'Không đồng ý' }, citizenOf(owner));
    d = await act(d, 'review');
    expect((await rejection(act(d, 'decide', { outcome: 'approve' }))).code).toBe('consent_refused');
    d = await act(d, 'decide', { outcome: 'reject', reasons: [{ code: 'consent_refused', vi: 'Chủ hộ không đồng ý', en: 'The household head refused' }] });
    expect(d.state).toBe('rejected');
    const events = (await t.db.pool.query<{ type: string }>("SELECT type FROM outbox_event WHERE subject = $1 AND type LIKE 'dossier.consent%' ORDER BY id", [d.code])).rows.map((r) => r.type);
    expect(events).toEqual(['dossier.consent_requested', 'dossier.consent_given', 'dossier.consent_requested', 'dossier.consent_refused']);
  });
});

describe('writes that race or repeat', () => {
  it('returns the same dossier for a retried submission, even when the retries run at once', async () => {
    const applicant = await newPerson(t.ctx);
    const input = { procedure: FREE_NOTICE.code, applicantPin: applicant.pin, unitCode: '00004', channel: 'counter' as const, requestId: requestId(), form: {} };
    const answers = await Promise.all(Array.from({ length: 6 }, () => submitDossier(t.ctx, officer, input)));
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    const again = await submitDossier(t.ctx, officer, input);
    expect(again.id).toBe(answers[0]!.id);
    expect(await counts(again.code)).toEqual({ actions: 1, audit: 1, events: 1 });
    expect((await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM dossier WHERE applicant_person_id = $1', [applicant.id])).rows[0]!.n).toBe(1);
    // The same id for something else is refused, not silently answered with the first dossier.
    expect((await rejection(submitDossier(t.ctx, officer, { ...input, procedure: ADJUST_MARKS.code, form: { identifyingMarks: 'x' } }))).code).toBe('request_id_reused');
  });

  it('lets one of two concurrent actions win; the other is told the dossier changed', async () => {
    const applicant = await newPerson(t.ctx);
    const d = await file(applicant, FREE_NOTICE.code);
    const results = await Promise.allSettled([act(d, 'receive'), act(d, 'refuse', { reasons: [{ code: 'x', vi: 'x', en: 'x' }] })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((lost.reason as AppError).code).toBe('dossier_changed');
    expect((await rejection(act({ id: d.id, lastSeq: 1 }, 'withdraw'))).code).toBe('dossier_changed');
  });

  it('rolls the whole decision back when the procedure’s registry change fails: no action, audit row or event', async () => {
    const applicant = await newPerson(t.ctx);
    let d = await file(applicant);
    await attachForm(d);
    d = await act(d, 'receive');
    d = await act(d, 'pay_fee', { method: 'cash' });
    d = await act(d, 'review');
    // The applicant dies before the decision: the record is locked, so the change fails.
    await registerDeath(t.ctx, clerk, { pin: applicant.pin, deathDate: '2026-01-05' }, { reasonCode: 'death_registration' });
    const before = await counts(d.code);
    const personChanges = async () => (await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.update' AND target_id = $1", [applicant.pin])).rows[0]!.n;
    const changesBefore = await personChanges();
    expect((await rejection(act(d, 'decide', { outcome: 'approve' }))).code).toBe('person_deceased');
    expect(await counts(d.code)).toEqual(before);
    expect(await personChanges()).toBe(changesBefore);
    expect((await getDossier(t.ctx, officer, d.id, { code: 'dossier_processing', note: 'xem' })).state).toBe('in_review');
  });

  it('keeps actions and attachments append-only in the database', async () => {
    const applicant = await newPerson(t.ctx);
    const d = await file(applicant);
    await attachForm(d);
    for (const sql of ["UPDATE dossier_action SET type = 'refuse'", 'DELETE FROM dossier_action', "UPDATE dossier_attachment SET sha256 = repeat('0', 64)", 'DELETE FROM dossier_attachment']) {
      await expect(t.db.pool.query(sql), sql).rejects.toMatchObject({ code: '42501' });
    }
  });
});

describe('action sequences generated from the table, through the service', () => {
  const payloadFor = (type: ActionType, d: DossierDetails, pick: number, consenters: string[]): ActionInput['payload'] => {
    // A person already asked and not yet answering cannot be asked twice: ask the next one.
    const consentPin = consenters.find((pin) => !d.consents.some((c) => c.pin === pin && c.status === 'requested')) ?? consenters[0]!;
    const reason = [{ code: 'r', vi: 'lý do', en: 'reason' }];
    switch (type) {
      case 'request_supplement':
        return { missing: reason };
      case 'refuse':
        return { reasons: reason };
      case 'pay_fee':
        return { method: 'cash' };
      case 'decide':
        return pick % 2 || d.consents.some((c) => c.status === 'rejected') ? { outcome: 'reject', reasons: reason } : { outcome: 'approve' };
      case 'request_consent':
        return { pin: consentPin, role: pick % 2 ? 'owner' : 'household_head' };
      case 'give_consent':
      case 'refuse_consent':
        return { requestSeq: d.consents.find((c) => c.status === 'requested')!.requestSeq };
      default:
        return {};
    }
  };

  it('reaches only states of the table, and accepts no action outside it (writing nothing for it)', async () => {
    const consenters: string[] = [];
    for (let i = 0; i < 9; i++) consenters.push((await newPerson(t.ctx)).pin);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...ACTION_TYPES.filter((x) => x !== 'submit' && x !== 'assign'))), { minLength: 1, maxLength: 9 }), async (steps) => {
        const applicant = await newPerson(t.ctx);
        let d = await file(applicant);
        await attachForm(d);
        for (const [choice, pick, stray] of steps) {
          expect(STATUSES).toContain(d.state);
          expect(d.availableActions.every((x) => TRANSITIONS[d.state].includes(x))).toBe(true);
          if (!d.availableActions.includes(stray)) {
            const before = await counts(d.code);
            const err = await rejection(act(d, stray, payloadFor(stray === 'give_consent' || stray === 'refuse_consent' ? 'withdraw' : stray, d, pick, consenters)));
            expect(['action_not_available', 'consent_not_pending', 'consent_pending']).toContain(err.code);
            expect(await counts(d.code)).toEqual(before);
          }
          const choices = d.availableActions.filter((x) => x !== 'assign');
          if (choices.length === 0) break;
          const type = choices[choice % choices.length]!;
          const next = await act(d, type, payloadFor(type, d, pick, consenters));
          expect(next.lastSeq).toBeGreaterThan(d.lastSeq);
          expect(next.actions.at(-1)!.seq).toBe(next.lastSeq);
          d = next;
        }
        const cached = (await t.db.pool.query<{ state: string; last_seq: number }>('SELECT state, last_seq FROM dossier WHERE id = $1', [d.id])).rows[0]!;
        expect(cached).toEqual({ state: d.state, last_seq: d.lastSeq });
      }),
      { numRuns: Number(process.env.DANCU_DOSSIER_RUNS ?? 12) },
    );
  }, 180_000);
});
