import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { newHousehold, newPerson } from '../../../test/people-factory.js';
import { systemActor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import { seedDemoPopulation } from '../people/index.js';
import { newId } from '../../kernel/ids.js';
import { scorePair, type LinkRecord } from './linkage/index.js';
import { linkRecordsByIds } from './linkage-source.js';
import { currentModel, currentThresholds, setThresholds } from './model-store.js';
import { checkFile } from './file-mode.js';
import { candidatesFor, storeBlockKeys } from './realtime.js';
import { runDuplicateDetection, type DedupProgress } from './index.js';
import { requeueOrphanedRuns } from './runs.js';
import { leaseRun } from './run-lease.js';
import { runRules } from './rules-run.js';

/**
 * A duplicate-detection run over the registry stopped in its comparison continues from the
 * block tasks it had scored, with its model, and finds what an uninterrupted run finds; a
 * registry changed meanwhile starts over. The demo population: 4,000 people, 1 % duplicates.
 */
let t: TestContext;
const actor = systemActor('test-dedup');
const count = async (sql: string, params: unknown[] = []) => (await t.db.pool.query<{ n: number }>(sql, params)).rows[0]!.n;

beforeAll(async () => {
  t = await testContext();
  await seedDemoPopulation(t.ctx);
}, 120_000);
afterAll(() => t.close());

/**
 * The context with each kept task written 20 ms late, as on a loaded database server: a run
 * that stops has keeping still under way.
 */
function slowKeeping(): AppContext {
  const pool = t.db.pool;
  const query = async (...args: Parameters<typeof pool.query>) => {
    if (typeof args[0] === 'string' && args[0].startsWith('INSERT INTO quality_run_task')) await new Promise((resolve) => setTimeout(resolve, 20));
    // pg.Pool's query has many overloads; the arguments pass through unchanged.
    return (pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
  };
  return { ...t.ctx, db: { ...t.db, pool: Object.assign(Object.create(pool) as typeof pool, { query }) } };
}

/** A run that stops (as a kill would) half-way through its comparison. */
async function stoppedRun(): Promise<string> {
  const stop = new Error('stopped by the test');
  const err = await runDuplicateDetection(slowKeeping(), actor, {
    workers: 0,
    onProgress: (p: DedupProgress) => {
      if (p.phase === 'compare' && p.done >= p.total / 2 && p.done < p.total) throw stop;
    },
  }).catch((e: unknown) => e);
  expect(err).toBe(stop);
  const id = (await t.db.pool.query<{ id: string }>("SELECT id FROM quality_run WHERE kind = 'duplicates' AND status = 'failed' ORDER BY id DESC LIMIT 1")).rows[0]!.id;
  // The run wrote its last row before it failed: no kept task of it lands later, as none would
  // after a kill (a late one would outlive the clean-up of the run that supersedes it).
  const kept = () => count('SELECT count(*)::int AS n FROM quality_run_task WHERE run_id = $1', [id]);
  const atFailure = await kept();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await kept()).toBe(atFailure);
  return id;
}

describe('a duplicate-detection run stopped in its comparison', () => {
  it('continues from its scored tasks with its model and finds what a whole run finds', async () => {
    const models = await count('SELECT count(*)::int AS n FROM duplicate_model');
    const stopped = await stoppedRun();
    const kept = await count('SELECT count(*)::int AS n FROM quality_run_task WHERE run_id = $1', [stopped]);
    expect(kept).toBeGreaterThan(0);
    expect(await count("SELECT count(*)::int AS n FROM quality_run WHERE id = $1 AND status = 'failed' AND input_digest IS NOT NULL AND model_id IS NOT NULL", [stopped])).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM duplicate_model')).toBe(models + 1);

    // Marked, to see below that the kept tasks are taken over, not scored again.
    await t.db.pool.query('UPDATE quality_run_task SET compared = compared + 1000000 WHERE run_id = $1 AND task = (SELECT min(task) FROM quality_run_task WHERE run_id = $1)', [stopped]);
    const phases: DedupProgress[] = [];
    const resumed = await runDuplicateDetection(t.ctx, actor, { workers: 0, resume: true, onProgress: (p) => phases.push(p) });
    expect(resumed.resumed).toEqual({ from: stopped, tasks: kept });
    // No training: the stopped run's model is reused; the comparison starts past the kept tasks.
    expect(phases.some((p) => p.phase === 'train')).toBe(false);
    expect(await count('SELECT count(*)::int AS n FROM duplicate_model')).toBe(models + 1);
    expect(phases.find((p) => p.phase === 'compare')!.done).toBeGreaterThan(0);
    const runs = await t.db.pool.query<{ id: string; status: string }>("SELECT id, status FROM quality_run WHERE id = ANY($1::uuid[])", [[stopped, resumed.runId]]);
    expect(Object.fromEntries(runs.rows.map((r) => [r.id, r.status]))).toEqual({ [stopped]: 'stopped', [resumed.runId]: 'done' });
    // The kept tasks are gone once the run is done.
    expect(await count('SELECT count(*)::int AS n FROM quality_run_task')).toBe(0);

    // The same model over every block (workers this time): the same pairs.
    const whole = await runDuplicateDetection(t.ctx, actor, { workers: 2, train: false });
    expect(whole.resumed).toBeNull();
    expect({ pairs: resumed.pairs, matches: resumed.matches, compared: resumed.pairsCompared }).toEqual({ pairs: whole.pairs, matches: whole.matches, compared: whole.pairsCompared + 1_000_000 });
    expect(whole.pairs).toBeGreaterThan(10);
    // Nothing left to continue: a resume starts a run of its own.
    expect((await runDuplicateDetection(t.ctx, actor, { workers: 0, train: false, resume: true })).resumed).toBeNull();
  }, 180_000);

  it('is queued again by the server as soon as its process is gone, and continues its own tasks', async () => {
    const crashed = await stoppedRun();
    const kept = await count('SELECT count(*)::int AS n FROM quality_run_task WHERE run_id = $1', [crashed]);
    // As a kill leaves it: still 'running', its lease gone with its process (no time passes).
    await t.db.pool.query("UPDATE quality_run SET status = 'running' WHERE id = $1", [crashed]);
    const running = async () => (await t.db.pool.query<{ id: string }>("INSERT INTO quality_run (id, kind, status, started_at, started_by) VALUES (gen_random_uuid(), 'rules', 'running', $1, 'test') RETURNING id", [t.clock.now()])).rows[0]!.id;
    // A run of this process, silent for hours (a long training): its lease says it is alive.
    const live = await running();
    const liveLease = await leaseRun(t.ctx, live);
    t.clock.advance(6 * 3600_000);
    // On PostgreSQL, a run of another process: its lease is a lock of another session.
    const elsewhere = t.db.engine === 'postgres' ? await running() : undefined;
    const other = elsewhere ? await t.db.pool.connect() : undefined;
    try {
      if (other) await other.query('SELECT pg_advisory_lock(7400641, hashtext($1))', [elsewhere]);
      expect(await requeueOrphanedRuns(t.ctx)).toEqual([crashed]);
      const statuses = await t.db.pool.query<{ id: string; status: string }>('SELECT id, status FROM quality_run WHERE id = ANY($1::uuid[])', [[crashed, live, elsewhere ?? live]]);
      expect(Object.fromEntries(statuses.rows.map((r) => [r.id, r.status]))).toEqual({ [crashed]: 'queued', [live]: 'running', ...(elsewhere ? { [elsewhere]: 'running' } : {}) });
      // Neither live run is resumed by another process: the rules run answers 409, and a
      // duplicates resume would not take over a live run's tasks (the stopped run is this one).
      await expect(runRules(t.ctx, actor, { resume: true })).rejects.toMatchObject({ code: 'run_in_progress' });
    } finally {
      if (other) {
        await other.query('SELECT pg_advisory_unlock_all()');
        other.release();
      }
      await liveLease.release();
    }
    // Their processes gone, they are queued again too.
    expect((await requeueOrphanedRuns(t.ctx)).sort()).toEqual([live, ...(elsewhere ? [elsewhere] : [])].sort());
    await t.db.pool.query("UPDATE quality_run SET status = 'done' WHERE kind = 'rules'");
    // What the runner does with a queued duplicates run.
    const resumed = await runDuplicateDetection(t.ctx, actor, { runId: crashed, resume: true, workers: 0 });
    expect(resumed).toMatchObject({ runId: crashed, resumed: { from: crashed, tasks: kept } });
    expect((await t.db.pool.query('SELECT status FROM quality_run WHERE id = $1', [crashed])).rows[0]).toEqual({ status: 'done' });
  }, 180_000);

  it('does not take over the tasks of a run another process carries out', async () => {
    const stopped = await stoppedRun();
    await t.db.pool.query("UPDATE quality_run SET status = 'running' WHERE id = $1", [stopped]);
    const lease = await leaseRun(t.ctx, stopped);
    try {
      const run = await runDuplicateDetection(t.ctx, actor, { workers: 0, resume: true, train: false });
      expect(run.resumed).toBeNull();
      expect((await t.db.pool.query('SELECT status FROM quality_run WHERE id = $1', [stopped])).rows[0]).toEqual({ status: 'running' });
    } finally {
      await lease.release();
    }
    // Out of the way of the next tests' resumes.
    await t.db.pool.query("UPDATE quality_run SET status = 'stopped' WHERE id = $1", [stopped]);
    await t.db.pool.query('DELETE FROM quality_run_task WHERE run_id = $1', [stopped]);
  }, 180_000);

  it('starts over when the thresholds changed after the stop', async () => {
    const stopped = await stoppedRun();
    const model = (await currentModel(t.db.pool))!;
    await setThresholds(t.db.pool, { ...model.thresholds, review: model.thresholds.review - 1 }, 'test', t.clock.now());
    const run = await runDuplicateDetection(t.ctx, actor, { workers: 0, resume: true });
    expect(run.resumed).toBeNull();
    expect((await t.db.pool.query('SELECT status FROM quality_run WHERE id = $1', [stopped])).rows[0]).toEqual({ status: 'failed' });
    await t.db.pool.query("DELETE FROM quality_setting WHERE key = 'thresholds'");
  }, 180_000);

  it('starts over when the registry changed after the stop', async () => {
    const stopped = await stoppedRun();
    expect(await count('SELECT count(*)::int AS n FROM quality_run_task WHERE run_id = $1', [stopped])).toBeGreaterThan(0);
    await newHousehold(t.ctx, await newPerson(t.ctx, { fullName: 'Lê Thị Mới Đến', sex: 'F' }));
    const phases: string[] = [];
    const run = await runDuplicateDetection(t.ctx, actor, { workers: 0, resume: true, onProgress: (p) => phases.push(p.phase) });
    expect(run.resumed).toBeNull();
    expect(phases).toContain('train');
    // The stopped run is left as it was (its tasks were of other records), and its kept tasks,
    // superseded, are gone.
    expect((await t.db.pool.query('SELECT status FROM quality_run WHERE id = $1', [stopped])).rows[0]).toEqual({ status: 'failed' });
    expect(await count('SELECT count(*)::int AS n FROM quality_run_task')).toBe(0);
  }, 180_000);
});

describe('the real-time lookup of a new record', () => {
  it('matches a record with its registry twin, and a vague one with neither of two namesakes', async () => {
    const model = (await currentModel(t.db.pool))!;
    const thresholds = await currentThresholds(t.db.pool, model);
    // Two men of one name and year, born months apart: not one person.
    const x = await newPerson(t.ctx, { fullName: 'Trương Văn Khoa', birthDate: '1973-02-03', birthPlaceCode: '01' });
    const y = await newPerson(t.ctx, { fullName: 'Trương Văn Khoa', birthDate: '1973-09-21', birthPlaceCode: '01' });
    const [rx, ry] = await linkRecordsByIds(t.db.pool, [x.id, y.id]).then((rs) => [rs.find((r) => r.id === x.id)!, rs.find((r) => r.id === y.id)!]);
    await storeBlockKeys(t.db.pool, [rx!, ry!]);
    expect(scorePair(rx!, ry!, model).weight).toBeLessThan(thresholds.review);

    // X entered again, word for word: X is its match.
    const twin: LinkRecord = { ...rx!, id: newId() };
    const forTwin = await candidatesFor(t.db.pool, twin, model, thresholds);
    expect(forTwin.filter((p) => p.decision === 'match').map((p) => (p.a === twin.id ? p.b : p.a))).toEqual([x.id]);

    // Only the name and the year: as strong a match for X as for Y on its own, so neither is
    // kept as a match; both go to review (one record is one person).
    const vague: LinkRecord = { ...rx!, id: newId(), birthDate: '1973', fatherName: null, motherName: null };
    expect(scorePair(vague, rx!, model).weight).toBeGreaterThanOrEqual(thresholds.match);
    expect(scorePair(vague, ry!, model).weight).toBeGreaterThanOrEqual(thresholds.match);
    const forVague = await candidatesFor(t.db.pool, vague, model, thresholds);
    const decisions = Object.fromEntries(forVague.filter((p) => [x.id, y.id].includes(p.a === vague.id ? p.b : p.a)).map((p) => [p.a === vague.id ? p.b : p.a, p.decision]));
    expect(decisions).toEqual({ [x.id]: 'review', [y.id]: 'review' });
  }, 60_000);
});

describe('a province file checked against the registry', () => {
  it('pairs each row copied from a registered person with that person, by external id, and leaves strangers alone', async () => {
    const sample = (
      await t.db.pool.query<{ external_id: string; full_name: string; birth_date: string; sex: string; birth_place_code: string | null; unit_code: string }>(
        "SELECT external_id, full_name, birth_date, sex, birth_place_code, unit_code FROM person WHERE external_id LIKE 'g-demo%' ORDER BY external_id LIMIT 60",
      )
    ).rows;
    const rows = [
      ...sample.map((p, i) => ({ externalId: `copy-${i}`, fullName: p.full_name, birthDate: p.birth_date, sex: p.sex, birthRegistrationProvinceCode: p.birth_place_code, communeCode: p.unit_code })),
      ...Array.from({ length: 20 }, (_, i) => ({ externalId: `stranger-${i}`, fullName: `Quách Ưng Xíu ${'ABCDEFGHIJKLMNOPQRST'[i]}`, birthDate: `19${30 + i}-0${1 + (i % 9)}-1${i % 10}`, sex: 'M', communeCode: '00004' })),
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-filecheck-'));
    try {
      const file = path.join(dir, 'people.ndjson');
      fs.writeFileSync(file, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
      const result = await checkFile(file, { registry: t.db.pool, workers: 0 });
      const registryPairs = result.pairs.filter((p) => p.b.startsWith('g-demo') || p.a.startsWith('g-demo'));
      const matched = new Map(registryPairs.filter((p) => p.decision === 'match').map((p) => [p.a, p.b]));
      const right = sample.filter((p, i) => matched.get(`copy-${i}`) === p.external_id).length;
      // A few demo people have an injected duplicate in the registry: their copy is then one of two.
      expect(right).toBeGreaterThanOrEqual(sample.length * 0.9);
      expect(registryPairs.filter((p) => p.a.startsWith('stranger-'))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
