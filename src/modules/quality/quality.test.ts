import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenLogin, enrolLevel1 } from '../../../test/eid-helpers.js';
import { testContext, type TestContext } from '../../../test/context.js';
import { login, type LoggedIn } from '../../../test/login.js';
import { newHousehold, newPerson } from '../../../test/people-factory.js';
import { rejection } from '../../../test/rejection.js';
import { seedDemo } from '../../demo.js';
import type { OfficerActor } from '../../kernel/actor.js';
import type { StoredEvent } from '../../kernel/events.js';
import type { App } from '../../kernel/http.js';
import { FREE_NOTICE } from '../../../test/dossier-procedures.js';
import { cardMergeSubscriber } from '../cards/index.js';
import { actOnDossier, dossierMergeSubscriber, submitDossier, type DossierDetails } from '../dossiers/index.js';
import { notifyStay, residenceMergeSubscriber } from '../residence/index.js';
import { changeHouseholdHead, getPerson, getPersonHistory, recordResidence, registerDeath, updatePerson, type Person } from '../people/index.js';
import { saveCandidates, type ScoredPairRow } from './candidates.js';
import { carryOutNextRun } from './runs.js';
import { acceptFinding, checkRecords, listRuns, comparePair, decideNotDuplicate, listCandidates, listFindings, mergePair, qualityChangeSubscriber, qualityReport, runRules, startRun, type RuleCode } from './index.js';

/**
 * The data-quality module on a real registry: rules over records made defective, the resumable
 * run, accepting a finding, candidate pairs and their merge (registry, e-ID login, history),
 * "not a duplicate" remembered, the HTTP routes and the change subscriber.
 */
let t: TestContext;
let app: App;
const badinh: OfficerActor = { kind: 'officer', id: 'o-q-badinh', username: 'q.badinh', role: 'commune_officer', unitLevel: 'commune', unitCode: '00004', provinceCode: '01' };
const ngocha: OfficerActor = { kind: 'officer', id: 'o-q-ngocha', username: 'q.ngocha', role: 'commune_officer', unitLevel: 'commune', unitCode: '00008', provinceCode: '01' };
const nation: OfficerActor = { kind: 'officer', id: 'o-q-nation', username: 'q.nation', role: 'national_officer', unitLevel: 'nation', unitCode: null, provinceCode: null };
const hanoi: OfficerActor = { kind: 'officer', id: 'o-q-hanoi', username: 'q.hanoi', role: 'province_officer', unitLevel: 'province', unitCode: '01', provinceCode: '01' };
const hcm: OfficerActor = { ...hanoi, id: 'o-q-hcm', username: 'q.hcm', unitCode: '79', provinceCode: '79' };
const lookup = { code: 'official_lookup' as const, note: 'kiểm tra chất lượng dữ liệu' };
let phoneSerial = 0;
const newPhone = () => `09${String(71234500 + ++phoneSerial).padStart(8, '0')}`;

beforeAll(async () => {
  t = await testContext({ devMessages: true, rateLimitScale: 100 });
  t.clock.advance(Date.parse('2026-11-23T03:00:00Z') - t.clock.now().getTime());
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
});
afterAll(() => t.close());

interface FindingRow { id: string; rule: RuleCode; state: string; subject_ref: string; detail: Record<string, unknown>; reason: string | null }
const findingsOf = async (subjectId: string): Promise<FindingRow[]> =>
  (await t.db.pool.query<FindingRow>('SELECT id, rule, state, subject_ref, detail, reason FROM quality_finding WHERE subject_id = $1 ORDER BY rule', [subjectId])).rows;
const openRules = async (subjectId: string) => (await findingsOf(subjectId)).filter((f) => f.state === 'open').map((f) => f.rule);
const householdId = async (no: string) => (await t.db.pool.query<{ id: string }>('SELECT id FROM household WHERE household_no = $1', [no])).rows[0]!.id;
const version = async (pin: string) => (await getPerson(t.ctx, badinh, pin, lookup)).person.version;
const pair = (a: Person, b: Person, score = 18): ScoredPairRow => ({ a: a.id, b: b.id, score, probability: 0.999, decision: 'match', contributions: [{ field: 'fullName', level: 'exact', weight: 9 }] });
const candidateState = async (a: Person, b: Person) =>
  (await t.db.pool.query<{ state: string }>('SELECT state FROM duplicate_candidate WHERE (person_a = $1 AND person_b = $2) OR (person_a = $2 AND person_b = $1)', [a.id, b.id])).rows.map((r) => r.state);

describe('the rules over registry data', () => {
  let wrongPin: Person;
  let deadHead: Person;
  let headlessNo: string;
  let deceasedMember: Person;
  let minor: Person;
  let lodger: Person;
  let clean: Person;

  beforeAll(async () => {
    // A PIN whose birth-year digits disagree with the record: the services refuse to write one, so the record is bent afterwards.
    wrongPin = await newPerson(t.ctx, { fullName: 'Đinh Văn Sai Số', birthDate: '1980-05-17', sex: 'M', birthPlaceCode: '01', originPlaceCode: '01' });
    await t.db.pool.query("UPDATE person SET birth_date = '1983-05-17', birth_year = 1983 WHERE id = $1", [wrongPin.id]);

    // A household whose head died: the death closes the head's membership, the member stays.
    deadHead = await newPerson(t.ctx, { fullName: 'Cao Văn Chủ Hộ', birthDate: '1940-01-01' });
    const son = await newPerson(t.ctx, { fullName: 'Cao Văn Con', birthDate: '1975-01-01' });
    headlessNo = (await newHousehold(t.ctx, deadHead, [{ person: son, relation: 'con' }])).householdNo;
    await registerDeath(t.ctx, badinh, { pin: deadHead.pin, deathDate: '2026-11-01' }, { reasonCode: 'death_registration' });

    // A deceased person still listed in a household (status written by an old system, membership never closed).
    const head2 = await newPerson(t.ctx, { fullName: 'Lương Văn Trưởng', birthDate: '1960-01-01' });
    deceasedMember = await newPerson(t.ctx, { fullName: 'Lương Thị Đã Mất', birthDate: '1930-01-01', sex: 'F' });
    await newHousehold(t.ctx, head2, [{ person: deceasedMember, relation: 'me' }]);
    await t.db.pool.query("UPDATE person SET status = 'deceased' WHERE id = $1", [deceasedMember.id]);

    minor = await newPerson(t.ctx, { fullName: 'Mai Văn Nhỏ', birthDate: '2015-03-03' });

    // A temporary residence that ends before the day the rules run.
    lodger = await newPerson(t.ctx, { fullName: 'Tống Thị Tạm Trú', birthDate: '1995-01-01', sex: 'F' });
    await recordResidence(t.ctx, badinh, lodger.pin, { kind: 'temporary', unitCode: '00004', address: 'Số 1 phố Đội Cấn', validFrom: '2026-01-01', plannedEnd: '2026-12-31' }, { reasonCode: 'residence_registration' });

    // A record every rule passes.
    clean = await newPerson(t.ctx, { fullName: 'Phan Văn Sạch', birthDate: '1988-08-08', birthPlaceCode: '01', originPlaceCode: '01' });
    await newHousehold(t.ctx, clean);

    t.clock.advance(40 * 86_400_000); // 2027-01-02: the temporary residence has expired.
  });

  it('finds each defect under its rule, and nothing on a correct record', async () => {
    const run = await runRules(t.ctx, nation);
    expect(run.status).toBe('done');
    expect(run.found).toBeGreaterThan(0);

    const wrong = (await findingsOf(wrongPin.id)).find((f) => f.rule === 'pin_structure');
    expect(wrong).toMatchObject({ state: 'open', subject_ref: wrongPin.pin, detail: { errors: ['pin_birth_year_mismatch'] } });
    expect(await openRules(await householdId(headlessNo))).toEqual(['household_head']);
    expect(await openRules(deadHead.id)).not.toContain('deceased_listed');
    expect(await openRules(deceasedMember.id)).toContain('deceased_listed');
    expect(await openRules(minor.id)).toContain('minor_parents');
    expect(await openRules(lodger.id)).toContain('temporary_expired');
    expect(await openRules(clean.id)).toEqual([]);

    // The officer's cleaning list shows them by rule, in scope.
    const list = await listFindings(t.ctx, badinh, { rule: 'minor_parents', page: 1, pageSize: 100 });
    expect(list.items.map((f) => f.subjectRef)).toContain(minor.pin);
    const elsewhere = await listFindings(t.ctx, ngocha, { rule: 'minor_parents', page: 1, pageSize: 100 });
    expect(elsewhere.items.map((f) => f.subjectRef)).not.toContain(minor.pin);
  });

  it('closes a finding as fixed once a people service corrects the record', async () => {
    // Correcting the birth date back to what the PIN says, through the service.
    await updatePerson(t.ctx, badinh, wrongPin.pin, { birthDate: '1980-05-17', expectedVersion: await version(wrongPin.pin) }, { reasonCode: 'record_correction', reasonNote: 'năm sinh theo giấy khai sinh' });
    await t.db.transaction((tx) => checkRecords(tx, t.ctx, { people: [wrongPin.id] }));
    expect((await findingsOf(wrongPin.id)).find((f) => f.rule === 'pin_structure')).toMatchObject({ state: 'fixed' });
  });

  it('accepts a finding only with a reason, and keeps it accepted when the rules run again', async () => {
    const f = (await findingsOf(minor.id)).find((x) => x.rule === 'minor_parents')!;
    expect((await rejection(acceptFinding(t.ctx, badinh, f.id, '   '))).code).toBe('reason_required');
    expect((await rejection(acceptFinding(t.ctx, ngocha, f.id, 'không rõ cha mẹ'))).code).toBe('finding_not_found');
    expect(await findingsOf(minor.id)).toContainEqual(expect.objectContaining({ rule: 'minor_parents', state: 'open' }));
    const accepted = await acceptFinding(t.ctx, badinh, f.id, '  Trẻ bị bỏ rơi,   không rõ cha mẹ ');
    expect(accepted).toMatchObject({ state: 'accepted', reason: 'Trẻ bị bỏ rơi, không rõ cha mẹ' });
    await runRules(t.ctx, nation);
    expect((await findingsOf(minor.id)).find((x) => x.rule === 'minor_parents')).toMatchObject({ state: 'accepted', reason: 'Trẻ bị bỏ rơi, không rõ cha mẹ' });
    expect((await rejection(acceptFinding(t.ctx, badinh, f.id, 'lần nữa'))).code).toBe('finding_not_open');
  });

  it('stops after maxBatches and resumes to the same total as a single run', async () => {
    const single = await runRules(t.ctx, nation, { batchSize: 2 });
    const open = async () => (await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM quality_finding WHERE state = 'open'")).rows[0]!.n;
    const openAfterSingle = await open();

    const stopped = await runRules(t.ctx, nation, { batchSize: 2, maxBatches: 1 });
    expect(stopped).toMatchObject({ status: 'stopped', done: 2 });
    expect((await t.db.pool.query('SELECT status FROM quality_run WHERE id = $1', [stopped.runId])).rows[0]).toEqual({ status: 'stopped' });
    const resumed = await runRules(t.ctx, nation, { batchSize: 2, resume: true });
    expect(resumed).toMatchObject({ runId: stopped.runId, status: 'done', done: single.done });
    const row = (await t.db.pool.query<{ status: string; done: number; total: number }>('SELECT status, done, total FROM quality_run WHERE id = $1', [stopped.runId])).rows[0]!;
    expect(row).toEqual({ status: 'done', done: single.done, total: single.done });
    expect(await open()).toBe(openAfterSingle);
    // The runs list shows national runs and the officer's own province's, not another province's.
    await t.db.pool.query(`INSERT INTO quality_run (id, kind, province_code, status, started_at, started_by) VALUES ('01900000-0000-7000-8000-000000000079', 'rules', '79', 'done', now(), 'test')`);
    expect((await listRuns(t.ctx, badinh)).map((r) => r.id)).not.toContain('01900000-0000-7000-8000-000000000079');
    expect((await listRuns(t.ctx, badinh)).map((r) => r.id)).toContain(stopped.runId);
    expect((await listRuns(t.ctx, nation)).map((r) => r.id)).toContain('01900000-0000-7000-8000-000000000079');
    // Nothing left to resume: a new run starts.
    const fresh = await runRules(t.ctx, nation, { resume: true });
    expect(fresh.runId).not.toBe(stopped.runId);
  });

  // Only PostgreSQL has a lease connection to lose (run-lease.ts).
  if (process.env.DANCU_TEST_DATABASE_URL || process.env.DATABASE_URL)
    it('stops when its lease is lost, and resumes from its cursor', async () => {
      let ending: Promise<unknown> | undefined;
      const err = await runRules(t.ctx, nation, {
        batchSize: 1,
        // After the first batch, as a database restart would: the lease's session ends.
        onProgress: () => {
          ending ??= t.db.pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'SELECT pg_try_advisory_lock%'");
        },
      }).catch((e: unknown) => e);
      await ending;
      expect(err).toMatchObject({ code: 'run_lease_lost' });
      const failed = (await t.db.pool.query<{ id: string; status: string; done: number; total: number }>("SELECT id, status, done, total FROM quality_run WHERE kind = 'rules' ORDER BY id DESC LIMIT 1")).rows[0]!;
      expect(failed.status).toBe('failed');
      expect(failed.done).toBeGreaterThan(0);
      expect(failed.done).toBeLessThan(failed.total);
      const resumed = await runRules(t.ctx, nation, { resume: true });
      expect(resumed).toMatchObject({ runId: failed.id, status: 'done', done: failed.total });
    });

  it('queues one run of a kind per scope at a time, however long it has been running', async () => {
    expect(await startRun(t.ctx, nation, 'rules', '79')).toEqual({ started: true, provinceCode: '79' });
    expect((await rejection(startRun(t.ctx, nation, 'rules', '79'))).code).toBe('run_in_progress');
    // Another scope or kind is not held up.
    expect(await startRun(t.ctx, nation, 'duplicates', '79')).toMatchObject({ started: true });
    // Started long ago and still going (a long training, a 100-million-person pass): still in progress.
    await t.db.pool.query("UPDATE quality_run SET status = 'running', started_at = started_at - interval '2 days' WHERE kind = 'rules' AND province_code = '79' AND status = 'queued'");
    t.clock.advance(2 * 86_400_000);
    expect((await rejection(startRun(t.ctx, nation, 'rules', '79'))).code).toBe('run_in_progress');
    await t.db.pool.query("UPDATE quality_run SET status = 'done' WHERE province_code = '79' AND status IN ('queued', 'running')");
    expect(await startRun(t.ctx, nation, 'rules', '79')).toMatchObject({ started: true });
    await t.db.pool.query("UPDATE quality_run SET status = 'done' WHERE province_code = '79' AND status IN ('queued', 'running')");
  });

  it('the runner carries out the run it claimed, not a newer unfinished one of the same scope', async () => {
    await startRun(t.ctx, nation, 'rules', '01');
    const queued = (await t.db.pool.query<{ id: string }>("SELECT id FROM quality_run WHERE kind = 'rules' AND province_code = '01' AND status = 'queued'")).rows[0]!.id;
    // Later, an operator's run of the same scope from the command line, stopped part-way.
    t.clock.advance(60_000);
    const stopped = await runRules(t.ctx, nation, { province: '01', batchSize: 1, maxBatches: 1 });
    expect(stopped.status).toBe('stopped');
    expect(await carryOutNextRun(t.ctx)).toBe(queued);
    const status = async (id: string) => (await t.db.pool.query<{ status: string }>('SELECT status FROM quality_run WHERE id = $1', [id])).rows[0]!.status;
    expect(await status(queued)).toBe('done');
    expect(await status(stopped.runId)).toBe('stopped');
    expect(await carryOutNextRun(t.ctx)).toBeNull();
    await t.db.pool.query("UPDATE quality_run SET status = 'done' WHERE province_code = '01' AND status = 'stopped'");
  });
});

describe('merging two records of one person', () => {
  const passcode = '735184';
  let survivor: Person;
  let dup: Person;
  let child: Person;
  let phone: string;
  let householdNo: string;
  let officer: LoggedIn;
  let dossierCode: string;
  let consentDossier: DossierDetails;

  beforeAll(async () => {
    officer = await login(app, 'cb.phuongbadinh');
    survivor = await newPerson(t.ctx, { fullName: 'Vũ Thị Hằng', birthDate: '1986-06-16', sex: 'F', birthPlaceCode: '01' });
    dup = await newPerson(t.ctx, { fullName: 'Vũ Thị Hằng', birthDate: '1986-06-16', sex: 'F', originPlaceCode: '01' });
    householdNo = (await newHousehold(t.ctx, dup)).householdNo;
    child = await newPerson(t.ctx, { fullName: 'Vũ Minh Con', birthDate: '2012-04-04', motherPin: dup.pin });
    // The citizen's e-ID account is on the duplicate's PIN.
    phone = newPhone();
    const accountId = await enrolLevel1(app, t.ctx, { pin: dup.pin, fullName: dup.fullName, birthDate: dup.birthDate }, phone, passcode);
    const review = await app.inject({ method: 'POST', url: `/api/eid/accounts/${accountId}/review`, headers: officer.headers, payload: { decision: 'approved' } });
    expect(review.statusCode).toBe(200);
    await citizenLogin(app, t.ctx, dup.pin, passcode, phone);
    expect(await saveCandidates(t.db.pool, [pair(survivor, dup)], 'test', t.clock.now())).toBe(1);
    // Records of other modules on the duplicate: a dossier it filed and a stay notified for it.
    dossierCode = (await submitDossier(t.ctx, badinh, { procedure: FREE_NOTICE.code, applicantPin: dup.pin, unitCode: '00004', channel: 'counter', requestId: 'req-merge-dossier-1', form: {} })).code;
    // … and a neighbour's dossier still waiting for the duplicate's consent as owner.
    const neighbour = await newPerson(t.ctx, { fullName: 'Đỗ Văn Láng', birthDate: '1975-03-03' });
    const asked = await submitDossier(t.ctx, badinh, { procedure: FREE_NOTICE.code, applicantPin: neighbour.pin, unitCode: '00004', channel: 'counter', requestId: 'req-merge-consent-1', form: {} });
    consentDossier = await actOnDossier(t.ctx, badinh, asked.id, { type: 'request_consent', expectedSeq: asked.lastSeq, payload: { pin: dup.pin, role: 'owner' } });
    expect(consentDossier.consents).toEqual([expect.objectContaining({ pin: dup.pin, status: 'requested' })]);
    await notifyStay(t.ctx, badinh, { guestPin: dup.pin, unitCode: '00004', address: '12 Phố Đội Cấn', stayFrom: '2026-11-23T05:00:00Z', stayTo: '2026-11-25', reason: 'thăm người thân', requestId: 'stay-merge-0001' });
  });

  it('is hidden from an officer of another commune, like a missing pair', async () => {
    const theirs = await listCandidates(t.ctx, ngocha, { page: 1, pageSize: 100 });
    expect(theirs.items.flatMap((i) => [i.pinA, i.pinB])).not.toContain(dup.pin);
    expect((await rejection(comparePair(t.ctx, ngocha, survivor.pin, dup.pin))).code).toBe('pair_not_found');
    const other = await login(app, 'cb.phuongngocha');
    const res = await app.inject({ method: 'POST', url: `/api/quality/duplicates/${survivor.pin}/${dup.pin}/merge`, headers: other.headers, payload: { survivorPin: survivor.pin, survivorVersion: await version(survivor.pin), mergedVersion: await version(dup.pin) } });
    expect(res.statusCode).toBe(404);
    const missing = await app.inject({ method: 'POST', url: `/api/quality/duplicates/${survivor.pin}/${child.pin}/merge`, headers: other.headers, payload: { survivorPin: survivor.pin, survivorVersion: 1, mergedVersion: 1 } });
    expect(missing.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: missing.json().code });
    expect(await candidateState(survivor, dup)).toEqual(['open']);
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const before = await t.db.pool.query('SELECT id, version FROM person WHERE id = ANY($1::uuid[]) ORDER BY id', [[survivor.id, dup.id]]);
    const res = await app.inject({ method: 'POST', url: `/api/quality/duplicates/${survivor.pin}/${dup.pin}/merge`, headers: officer.headers, payload: { survivorPin: survivor.pin, survivorVersion: await version(survivor.pin), mergedVersion: (await version(dup.pin)) - 1 || 99 } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'version_conflict' });
    expect((await t.db.pool.query('SELECT id, version FROM person WHERE id = ANY($1::uuid[]) ORDER BY id', [[survivor.id, dup.id]])).rows).toEqual(before.rows);
    expect(await candidateState(survivor, dup)).toEqual(['open']);
    expect((await t.db.pool.query('SELECT 1 FROM person_merge WHERE merged_id = $1', [dup.id])).rowCount).toBe(0);
    expect((await getPerson(t.ctx, badinh, dup.pin, lookup)).replacedBy).toBeNull();
  });

  it('folds the duplicate into the survivor: PIN, child, residence, household, history, event, and the e-ID login', async () => {
    const dupVersions = (await t.db.pool.query<{ version: number }>('SELECT version FROM person_version WHERE person_id = $1', [dup.id])).rows.map((r) => r.version);
    const result = await mergePair(t.ctx, badinh, { pinA: dup.pin, pinB: survivor.pin, survivorPin: survivor.pin, survivorVersion: await version(survivor.pin), mergedVersion: await version(dup.pin), note: 'cùng một người, hai lần khai' });
    expect(result).toMatchObject({ survivorPin: survivor.pin, mergedPin: dup.pin, account: 'moved', moved: { household: 'moved', relinkedPeople: [child.pin] } });
    expect(result.moved.residencesMoved).toBeGreaterThanOrEqual(1);

    // The cancelled PIN still finds the person, and says which PIN replaced it.
    const viaOld = await getPerson(t.ctx, badinh, dup.pin, lookup);
    expect(viaOld).toMatchObject({ requestedPin: dup.pin, replacedBy: survivor.pin, person: { pin: survivor.pin, originPlaceCode: '01' } });
    expect(viaOld.pins.find((p) => p.pin === dup.pin)).toMatchObject({ status: 'cancelled', replacedBy: survivor.pin });
    expect(viaOld.household).toMatchObject({ householdNo, relation: 'chu_ho' });
    expect(viaOld.residences.filter((r) => r.kind === 'permanent' && !r.validTo)).toHaveLength(1);
    expect((await getPerson(t.ctx, badinh, child.pin, lookup)).person.motherPin).toBe(survivor.pin);
    expect((await t.db.pool.query('SELECT 1 FROM person WHERE id = $1', [dup.id])).rowCount).toBe(0);

    const merge = await t.db.pool.query('SELECT survivor_id, merged_pin, survivor_pin FROM person_merge WHERE merged_id = $1', [dup.id]);
    expect(merge.rows).toEqual([{ survivor_id: survivor.id, merged_pin: dup.pin, survivor_pin: survivor.pin }]);
    const events = await t.db.pool.query<{ payload: Record<string, unknown> }>("SELECT payload FROM outbox_event WHERE type = 'person.merged' AND subject = $1", [survivor.pin]);
    expect(events.rows).toEqual([{ payload: expect.objectContaining({ survivorPin: survivor.pin, mergedPin: dup.pin, mergedId: dup.id }) }]);
    expect(await candidateState(survivor, dup)).toEqual(['merged']);

    // Both histories stay: the survivor's versions end with the merge, the duplicate's stay under its id.
    const history = await getPersonHistory(t.ctx, badinh, survivor.pin, lookup);
    expect(history.versions.at(-1)!.data).toMatchObject({ mergedFrom: dup.pin });
    const kept = await t.db.pool.query<{ version: number; data: Record<string, unknown> }>('SELECT version, data FROM person_version WHERE person_id = $1 ORDER BY version', [dup.id]);
    expect(kept.rows.map((r) => r.version)).toEqual(expect.arrayContaining(dupVersions.length ? dupVersions : [1]));
    expect(kept.rows.at(-1)!.data).toMatchObject({ mergedInto: survivor.pin, fullName: 'Vũ Thị Hằng' });

    // The citizen logs in with the PIN that stays; the cancelled one no longer opens the account.
    const session = await citizenLogin(app, t.ctx, survivor.pin, passcode, phone);
    const me = await app.inject({ url: '/api/citizen/me', headers: session.headers });
    expect(me.statusCode).toBe(200);
    expect(JSON.stringify(me.json())).toContain(survivor.pin);
    const old = await app.inject({ method: 'POST', url: '/api/citizen/login', payload: { pin: dup.pin, passcode } });
    expect(old.statusCode).not.toBe(200);

    // Every module following person.merged moves the duplicate's records to the survivor.
    const merged = await t.db.pool.query<{ id: number; type: string; subject: string; payload: Record<string, unknown>; occurred_at: Date }>("SELECT id, type, subject, payload, occurred_at FROM outbox_event WHERE type = 'person.merged' AND subject = $1", [survivor.pin]);
    const event: StoredEvent = { id: merged.rows[0]!.id, type: 'person.merged', subject: survivor.pin, payload: merged.rows[0]!.payload, occurredAt: merged.rows[0]!.occurred_at.toISOString() };
    for (const sub of [cardMergeSubscriber(t.ctx), dossierMergeSubscriber(t.ctx), residenceMergeSubscriber(t.ctx)]) await t.db.transaction((tx) => sub.handle(event, tx));
    const dossier = await t.db.pool.query('SELECT applicant_person_id::text AS id, applicant_pin AS pin FROM dossier WHERE code = $1', [dossierCode]);
    expect(dossier.rows).toEqual([{ id: survivor.id, pin: survivor.pin }]);
    expect((await t.db.pool.query('SELECT 1 FROM stay_notice WHERE guest_person_id = $1', [dup.id])).rowCount).toBe(0);
    expect((await t.db.pool.query('SELECT guest_pin FROM stay_notice WHERE guest_person_id = $1', [survivor.id])).rows).toEqual([{ guest_pin: dup.pin }]);
    const follows = await t.db.pool.query<{ action: string }>("SELECT action FROM audit_log WHERE action IN ('dossier.follow_merge', 'residence.follow_merge') AND target_id = $1 ORDER BY action", [survivor.pin]);
    expect(follows.rows.map((r) => r.action)).toEqual(['dossier.follow_merge', 'residence.follow_merge']);
    const citizen = await citizenLogin(app, t.ctx, survivor.pin, passcode, phone);
    const own = await app.inject({ url: '/api/citizen/dossiers', headers: citizen.headers });
    expect(own.statusCode).toBe(200);
    expect(JSON.stringify(own.json())).toContain(dossierCode);

    // The consent asked of the duplicate now waits on the survivor, who finds it and answers it;
    // the subscriber run again (a redelivery) moves nothing more.
    const requestSeq = consentDossier.consents[0]!.requestSeq;
    const inbox = await app.inject({ url: '/api/citizen/consent-requests', headers: citizen.headers });
    expect(inbox.json()).toEqual([expect.objectContaining({ code: consentDossier.code, requestSeq })]);
    await t.db.transaction((tx) => dossierMergeSubscriber(t.ctx).handle(event, tx));
    const transfers = await t.db.pool.query<{ payload: Record<string, unknown> }>("SELECT a.payload FROM dossier_action a WHERE a.dossier_id = $1 AND a.type = 'transfer_consent'", [consentDossier.id]);
    expect(transfers.rows).toEqual([{ payload: { requestSeq, personId: survivor.id, pin: survivor.pin, reason: 'person_merged' } }]);
    const answer = await app.inject({ method: 'POST', url: `/api/citizen/dossiers/${consentDossier.id}/actions`, headers: citizen.headers, payload: { type: 'give_consent', expectedSeq: consentDossier.lastSeq + 1, payload: { requestSeq } } });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().consents).toEqual([expect.objectContaining({ pin: survivor.pin, status: 'accepted' })]);
    expect(answer.json().actions.map((a: { type: string }) => a.type)).toContain('transfer_consent');

    // The pair is decided: a second merge is refused.
    expect((await rejection(mergePair(t.ctx, badinh, { pinA: dup.pin, pinB: survivor.pin, survivorPin: survivor.pin, survivorVersion: 1, mergedVersion: 1 }))).code).toMatch(/not_found|pin_cancelled|pair_already_decided/);
  });
});

describe('a pair decided "not a duplicate"', () => {
  it('is never proposed again', async () => {
    const a = await newPerson(t.ctx, { fullName: 'Hà Văn Trùng Tên', birthDate: '1970-01-01' });
    const b = await newPerson(t.ctx, { fullName: 'Hà Văn Trùng Tên', birthDate: '1970-01-01' });
    expect(await saveCandidates(t.db.pool, [pair(a, b, 12)], 'test', t.clock.now())).toBe(1);
    expect((await rejection(decideNotDuplicate(t.ctx, ngocha, a.pin, b.pin, null))).code).toBe('pair_not_found');
    const decided = await decideNotDuplicate(t.ctx, badinh, b.pin, a.pin, 'hai anh em sinh đôi');
    expect(decided.state).toBe('not_duplicate');
    // Found again, either way round, with a higher score: stays decided and out of the open list.
    expect(await saveCandidates(t.db.pool, [pair(b, a, 25)], 'test-again', t.clock.now())).toBe(0);
    expect(await candidateState(a, b)).toEqual(['not_duplicate']);
    const score = await t.db.pool.query<{ score: number }>('SELECT score FROM duplicate_candidate WHERE person_a = ANY($1::uuid[]) AND person_b = ANY($1::uuid[])', [[a.id, b.id]]);
    expect(score.rows[0]!.score).toBe(12);
    const open = await listCandidates(t.ctx, badinh, { page: 1, pageSize: 100 });
    expect(open.items.flatMap((i) => [i.pinA, i.pinB])).not.toContain(a.pin);
    const rejected = await listCandidates(t.ctx, badinh, { state: 'not_duplicate', page: 1, pageSize: 100 });
    expect(rejected.items.flatMap((i) => [i.pinA, i.pinB])).toEqual(expect.arrayContaining([a.pin, b.pin]));
    expect((await rejection(decideNotDuplicate(t.ctx, badinh, a.pin, b.pin, null))).code).toBe('pair_already_decided');
  });
});

describe('a pair across two communes', () => {
  it('is listed to the officers of either commune and of their province, and to no other province', async () => {
    const here = await newPerson(t.ctx, { fullName: 'Lò Văn Hai Nơi', birthDate: '1969-09-09' });
    const there = await newPerson(t.ctx, { fullName: 'Lò Văn Hai Nơi', birthDate: '1969-09-09', unitCode: '00008' });
    await saveCandidates(t.db.pool, [pair(here, there)], 'test', t.clock.now());
    // Each officer sees the pair; a side outside their scope is listed without its PIN.
    const lists = async (actor: OfficerActor) => (await listCandidates(t.ctx, actor, { page: 1, pageSize: 500 })).items.some((i) => [i.pinA, i.pinB].some((p) => p === here.pin || p === there.pin));
    for (const actor of [badinh, ngocha, hanoi, nation]) expect(await lists(actor), actor.username).toBe(true);
    expect(await lists(hcm)).toBe(false);
    const seenInNgocHa = (await listCandidates(t.ctx, ngocha, { page: 1, pageSize: 500 })).items.find((i) => i.pinA === there.pin || i.pinB === there.pin)!;
    expect([seenInNgocHa.pinA, seenInNgocHa.pinB]).not.toContain(here.pin);
  });
});

describe('clusters of probable duplicates', () => {
  const clusterOf = async (p: Person) => (await t.db.pool.query<{ cluster_id: string }>('SELECT cluster_id::text AS cluster_id FROM duplicate_cluster WHERE person_id = $1', [p.id])).rows[0]?.cluster_id ?? null;
  const membersOf = async (id: string) => (await t.db.pool.query<{ person_id: string }>('SELECT person_id::text AS person_id FROM duplicate_cluster WHERE cluster_id = $1 ORDER BY person_id', [id])).rows.map((r) => r.person_id);

  it('grow as records arrive, keep their ids, join under the older id and split on a decision', async () => {
    const [a, b, c, d, e] = await Promise.all(['An', 'Bình', 'Chi', 'Dũng', 'Em'].map((n, i) => newPerson(t.ctx, { fullName: `Lò Văn ${n}`, birthDate: `1960-03-0${i + 1}` })));
    const ids = [a!, b!, c!, d!, e!].map((p) => p.id);
    await saveCandidates(t.db.pool, [pair(a!, b!)], 'test', t.clock.now());
    const x = (await clusterOf(a!))!;
    expect(x).not.toBeNull();
    expect(await clusterOf(b!)).toBe(x);
    // A new record pairing with one member joins the cluster; nobody's id changes.
    await saveCandidates(t.db.pool, [pair(c!, b!, 9)], 'test', t.clock.now());
    expect(await membersOf(x)).toEqual([a!.id, b!.id, c!.id].sort());
    await saveCandidates(t.db.pool, [pair(d!, e!)], 'test', t.clock.now());
    const y = (await clusterOf(d!))!;
    expect(y).not.toBe(x);
    // A pair across two clusters joins them under the older id.
    await saveCandidates(t.db.pool, [pair(e!, a!, 7)], 'test', t.clock.now());
    expect(await membersOf(x)).toEqual([...ids].sort());
    expect(await membersOf(y)).toEqual([]);
    const listed = await listCandidates(t.ctx, badinh, { page: 1, pageSize: 500 });
    expect(listed.items.find((i) => i.pinA === a!.pin || i.pinB === a!.pin)?.cluster).toEqual({ id: x, size: 5 });
    // "Not a duplicate" on the bridge splits: the larger part keeps the id, the smaller gets a new one.
    await decideNotDuplicate(t.ctx, badinh, a!.pin, e!.pin, 'khác người');
    expect(await membersOf(x)).toEqual([a!.id, b!.id, c!.id].sort());
    const z = (await clusterOf(d!))!;
    expect(z).not.toBe(x);
    expect(await clusterOf(e!)).toBe(z);
    // A record left alone leaves: a cluster of one has no row.
    await decideNotDuplicate(t.ctx, badinh, d!.pin, e!.pin, null);
    expect(await clusterOf(d!)).toBeNull();
    expect(await clusterOf(e!)).toBeNull();
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM person WHERE id = ANY($1::uuid[])', [ids])).rows[0]).toEqual({ n: 5 });
  });
});

describe('the HTTP routes', () => {
  let officer: LoggedIn;
  beforeAll(async () => {
    officer = await login(app, 'cb.phuongbadinh');
    const a = await newPerson(t.ctx, { fullName: 'Kiều Văn Đôi', birthDate: '1977-07-07' });
    const b = await newPerson(t.ctx, { fullName: 'Kiều Văn Đôi', birthDate: '1977-07-07' });
    await saveCandidates(t.db.pool, [pair(a, b, 15)], 'test', t.clock.now());
    await runRules(t.ctx, nation);
  });

  it('need a login', async () => {
    expect((await app.inject({ url: '/api/quality/findings' })).statusCode).toBe(401);
  });

  it('list findings and duplicates of the unit', async () => {
    const findings = await app.inject({ url: '/api/quality/findings?rule=minor_parents&state=accepted', headers: officer.headers });
    expect(findings.statusCode).toBe(200);
    expect(findings.json()).toMatchObject({ page: 1, total: expect.any(Number) });
    expect(findings.json().items[0]).toMatchObject({ rule: 'minor_parents', state: 'accepted', reason: expect.any(String), detail: {} });
    const open = await app.inject({ url: '/api/quality/findings?rule=household_head', headers: officer.headers });
    expect(open.statusCode).toBe(200);
    expect(open.json().items[0]).toMatchObject({ subjectKind: 'household', detail: { livingHeads: 0 } });
    const dups = await app.inject({ url: '/api/quality/duplicates', headers: officer.headers });
    expect(dups.statusCode).toBe(200);
    expect(dups.json().items).toContainEqual(expect.objectContaining({ state: 'open', decidable: true, a: expect.objectContaining({ fullName: 'Kiều Văn Đôi' }) }));
  });

  it('report the clean rate, and export it as xlsx and csv', async () => {
    const report = await app.inject({ url: '/api/quality/report', headers: officer.headers });
    expect(report.statusCode).toBe(200);
    const body = report.json() as { units: Array<{ unitCode: string; people: number; clean: number }>; totals: { people: number; clean: number; cleanRate: number; byRule: Record<string, number> } };
    expect(body.units.map((u) => u.unitCode)).toEqual(['00004']);
    expect(body.totals.people).toBeGreaterThan(body.totals.clean);
    expect(body.totals.byRule.duplicates).toBeGreaterThanOrEqual(1);
    expect(body.totals).toEqual((await qualityReport(t.ctx, badinh)).totals);

    // A province officer: the figures of the province's communes, and the trend of those
    // communes (the daily snapshot has no province column); another province's: none of them.
    const communesOf = async (province: string) => new Set((await t.db.pool.query<{ code: string }>("SELECT code FROM admin_unit WHERE level = 'commune' AND province_code = $1", [province])).rows.map((r) => r.code));
    const peopleToday = async (communes: Set<string>) =>
      Number((await t.db.pool.query<{ n: string | null }>("SELECT sum(open_count) AS n FROM quality_daily WHERE rule = '*people' AND taken_on = (SELECT max(taken_on) FROM quality_daily) AND unit_code = ANY($1::text[])", [[...communes]])).rows[0]!.n ?? 0);
    const [hanoiCommunes, hcmCommunes] = await Promise.all([communesOf('01'), communesOf('79')]);
    const [inHanoi, inHcm, national] = await Promise.all([qualityReport(t.ctx, hanoi), qualityReport(t.ctx, hcm), qualityReport(t.ctx, nation)]);
    expect(inHanoi.units.map((u) => u.unitCode)).toContain('00004');
    expect(inHanoi.units).toEqual(national.units.filter((u) => hanoiCommunes.has(u.unitCode)));
    expect(inHcm.units).toEqual(national.units.filter((u) => hcmCommunes.has(u.unitCode)));
    expect(inHanoi.trend.at(-1)!.people).toBe(await peopleToday(hanoiCommunes));
    expect(inHanoi.trend.at(-1)!.people).toBeGreaterThan(0);
    expect(inHcm.trend.at(-1)?.people ?? 0).toBe(await peopleToday(hcmCommunes));

    const xlsx = await app.inject({ url: '/api/quality/report/export?format=xlsx&lang=en', headers: officer.headers });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await app.inject({ url: '/api/quality/report/export?format=csv', headers: officer.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('Mã đơn vị');
    expect(csv.body).toContain('00004');
    const list = await app.inject({ url: '/api/quality/findings/export?format=csv&rule=household_head', headers: officer.headers });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Hộ không có đúng một chủ hộ còn sống');
    // The detail reads as words, not as the server's JSON.
    expect(list.body).toMatch(/Số thành viên: \d+; Số chủ hộ còn sống: \d+/);
    expect(list.body).not.toContain('livingHeads');
  });
});

describe('the change subscriber', () => {
  const deliver = async (type: string, subject: string) => {
    const r = await t.db.pool.query<{ id: number; type: string; subject: string; payload: Record<string, unknown>; occurred_at: Date }>('SELECT id, type, subject, payload, occurred_at FROM outbox_event WHERE type = $1 AND subject = $2 ORDER BY id', [type, subject]);
    expect(r.rows.length).toBeGreaterThan(0);
    const sub = qualityChangeSubscriber(t.ctx);
    for (const row of r.rows) {
      const e: StoredEvent = { id: row.id, type: row.type, subject: row.subject, payload: row.payload, occurredAt: row.occurred_at.toISOString() };
      await t.db.transaction((tx) => sub.handle(e, tx));
    }
  };

  it('opens a finding when a head dies and closes it when a new head is named', async () => {
    const head = await newPerson(t.ctx, { fullName: 'Từ Văn Cha', birthDate: '1945-01-01' });
    const daughter = await newPerson(t.ctx, { fullName: 'Từ Thị Gái', birthDate: '1972-01-01', sex: 'F' });
    const h = await newHousehold(t.ctx, head, [{ person: daughter, relation: 'con' }]);
    const hid = await householdId(h.householdNo);
    await registerDeath(t.ctx, badinh, { pin: head.pin, deathDate: '2026-12-20' }, { reasonCode: 'death_registration' });
    expect(await openRules(hid)).toEqual([]);
    await deliver('person.died', head.pin);
    expect(await openRules(hid)).toEqual(['household_head']);

    await changeHouseholdHead(t.ctx, badinh, h.householdNo, { newHeadPin: daughter.pin, formerHeadRelation: 'cha', validFrom: '2027-01-01' }, { reasonCode: 'residence_registration' });
    const types = (await t.db.pool.query<{ type: string; subject: string }>('SELECT DISTINCT type, subject FROM outbox_event WHERE id > (SELECT max(id) FROM outbox_event WHERE type = $1 AND subject = $2)', ['person.died', head.pin])).rows;
    expect(types.length).toBeGreaterThan(0);
    for (const e of types) await deliver(e.type, e.subject);
    expect((await findingsOf(hid)).find((f) => f.rule === 'household_head')).toMatchObject({ state: 'fixed' });
  });
});
