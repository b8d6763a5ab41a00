import type { Actor } from '../../kernel/actor.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { newId } from '../../kernel/ids.js';
import { applyChecks, type CheckedSubject } from './finding-store.js';
import { householdFacts, nextIds, personFacts } from './rule-data.js';
import { checkHousehold, checkPerson, HOUSEHOLD_RULES, PERSON_RULES } from './rules.js';
import { recordDailyFigures } from './report.js';
import { leaseAndMark, type RunLease } from './run-lease.js';

/** Checks these records against every rule and writes the findings; returns how many opened. */
export async function checkRecords(
  tx: Executor,
  ctx: AppContext,
  ids: { people?: string[]; households?: string[] },
): Promise<number> {
  const now = ctx.clock.now();
  const today = todayInVietnam(ctx.clock);
  let opened = 0;
  const people = ids.people ?? [];
  if (people.length > 0) {
    const facts = await personFacts(tx, people);
    const found = new Set(facts.map((f) => f.id));
    const subjects: CheckedSubject[] = facts.map((f) => ({
      kind: 'person',
      id: f.id,
      ref: f.pin,
      unitCode: f.unitCode,
      provinceCode: f.provinceCode,
      defects: checkPerson(f, today),
    }));
    opened += await applyChecks(
      tx,
      subjects,
      PERSON_RULES,
      people.filter((id) => !found.has(id)),
      now,
    );
  }
  const households = ids.households ?? [];
  if (households.length > 0) {
    const facts = await householdFacts(tx, households);
    const found = new Set(facts.map((f) => f.id));
    const subjects: CheckedSubject[] = facts.map((f) => ({
      kind: 'household',
      id: f.id,
      ref: f.householdNo,
      unitCode: f.unitCode,
      provinceCode: f.provinceCode,
      defects: checkHousehold(f),
    }));
    opened += await applyChecks(
      tx,
      subjects,
      HOUSEHOLD_RULES,
      households.filter((id) => !found.has(id)),
      now,
    );
  }
  return opened;
}

export interface RunProgress {
  runId: string;
  phase: 'people' | 'households';
  done: number;
  total: number;
  found: number;
}

export interface RunOptions {
  province?: string | null;
  batchSize?: number;
  /** Continue the last unfinished run of the same scope instead of starting again. */
  resume?: boolean;
  /** A run queued through the API (runs.ts) to carry out: exactly this one, whatever else is unfinished. */
  runId?: string;
  onProgress?: (p: RunProgress) => void;
  /** Stops after this many batches (tests of resuming; an operator's Ctrl-C does the same). */
  maxBatches?: number;
}

interface RunRow {
  id: string;
  cursor_person: string | null;
  cursor_household: string | null;
  done: number;
  found: number;
  total: number;
  detail: { phase?: 'people' | 'households' };
}

/**
 * Runs every rule over the whole population (or one province), batch by batch, each batch its
 * own short transaction so the registry is never blocked; the run's cursor is saved with each
 * batch, so a run that stops (crash, Ctrl-C, `maxBatches`) resumes where it was with `resume`.
 */
export async function runRules(
  ctx: AppContext,
  actor: Actor,
  options: RunOptions = {},
): Promise<{ runId: string; status: 'done' | 'stopped'; done: number; found: number }> {
  const province = options.province ?? null;
  const batchSize = options.batchSize ?? 2000;
  const { run, lease } = await startOrResume(ctx, actor, province, options.resume ?? false, options.runId ?? null);
  try {
    return await carryOut(ctx, run, lease, batchSize, options);
  } finally {
    await lease.release();
  }
}

/** The batches of a leased run, from its cursor, and its final status. */
async function carryOut(ctx: AppContext, run: RunRow, lease: RunLease, batchSize: number, options: RunOptions): Promise<{ runId: string; status: 'done' | 'stopped'; done: number; found: number }> {
  const province = options.province ?? null;
  let { cursor_person: cursorPerson, cursor_household: cursorHousehold, done, found } = run;
  let phase = run.detail.phase ?? 'people';
  let batches = 0;
  try {
    for (;;) {
      lease.assertHeld();
      if (options.maxBatches !== undefined && batches >= options.maxBatches) {
        await ctx.db.pool.query(`UPDATE quality_run SET status = 'stopped' WHERE id = $1`, [run.id]);
        return { runId: run.id, status: 'stopped', done, found };
      }
      const table = phase === 'people' ? 'person' : 'household';
      const ids = await nextIds(
        ctx.db.pool,
        table,
        phase === 'people' ? cursorPerson : cursorHousehold,
        batchSize,
        province,
      );
      if (ids.length === 0) {
        if (phase === 'households') break;
        phase = 'households';
        await ctx.db.pool.query(
          `UPDATE quality_run SET detail = jsonb_set(detail, '{phase}', '"households"') WHERE id = $1`,
          [run.id],
        );
        continue;
      }
      const last = ids[ids.length - 1]!;
      const opened = await ctx.db.transaction(async (tx) => {
        const n = await checkRecords(tx, ctx, phase === 'people' ? { people: ids } : { households: ids });
        await tx.query(
          `UPDATE quality_run SET ${phase === 'people' ? 'cursor_person' : 'cursor_household'} = $2, done = done + $3, found = found + $4 WHERE id = $1`,
          [run.id, last, ids.length, n],
        );
        return n;
      });
      if (phase === 'people') cursorPerson = last;
      else cursorHousehold = last;
      done += ids.length;
      found += opened;
      batches++;
      options.onProgress?.({ runId: run.id, phase, done, total: run.total, found });
    }
  } catch (err) {
    // The cursor of the last committed batch stays: `resume` continues from there.
    await ctx.db.pool.query(`UPDATE quality_run SET status = 'failed' WHERE id = $1`, [run.id]);
    throw err;
  }
  await ctx.db.transaction(async (tx) => {
    await tx.query(`UPDATE quality_run SET status = 'done', finished_at = $2 WHERE id = $1`, [
      run.id,
      ctx.clock.now(),
    ]);
    await recordDailyFigures(tx, todayInVietnam(ctx.clock));
  });
  return { runId: run.id, status: 'done', done, found };
}

/**
 * The run to carry out, with its lease (run-lease.ts) taken before it is marked 'running': with
 * `resume`, the last unfinished run of the scope (409 `run_in_progress` when a live process
 * carries it out), else a new one.
 */
async function startOrResume(ctx: AppContext, actor: Actor, province: string | null, resume: boolean, runId: string | null): Promise<{ run: RunRow; lease: RunLease }> {
  const totals = async () =>
    (
      await ctx.db.pool.query<{ n: number }>(
        `SELECT ((SELECT count(*) FROM person WHERE $1::text IS NULL OR province_code = $1) + (SELECT count(*) FROM household WHERE $1::text IS NULL OR province_code = $1))::int AS n`,
        [province],
      )
    ).rows[0]!.n;
  if (resume || runId) {
    // A stopped or failed run continues from its cursor; a run queued through the API starts here.
    const r = await ctx.db.pool.query<RunRow>(
      `SELECT id, cursor_person, cursor_household, done, found, total, detail FROM quality_run
       WHERE kind = 'rules' AND status IN ('queued', 'running', 'stopped', 'failed') AND province_code IS NOT DISTINCT FROM $1
         AND ($2::uuid IS NULL OR id = $2::uuid)
       ORDER BY started_at DESC LIMIT 1`,
      [province, runId],
    );
    const found = r.rows[0];
    if (found) {
      const lease = await leaseAndMark(ctx, found.id, async () => {
        if (found.total === 0) found.total = await totals();
        await ctx.db.pool.query(`UPDATE quality_run SET status = 'running', total = $2 WHERE id = $1`, [found.id, found.total]);
      });
      return { run: found, lease };
    }
  }
  const run: RunRow = { id: newId(), cursor_person: null, cursor_household: null, done: 0, found: 0, total: await totals(), detail: { phase: 'people' } };
  const lease = await leaseAndMark(ctx, run.id, () =>
    ctx.db.pool.query(
      `INSERT INTO quality_run (id, kind, province_code, status, started_at, started_by, total, detail) VALUES ($1, 'rules', $2, 'running', $3, $4, $5, $6)`,
      [run.id, province, ctx.clock.now(), actor.id, run.total, JSON.stringify(run.detail)],
    ),
  );
  return { run, lease };
}
