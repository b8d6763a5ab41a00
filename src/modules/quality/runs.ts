import { authorize, scopeFilter } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import { conflict, invalid } from '../../kernel/errors.js';
import { systemActor } from '../../kernel/actor.js';
import { newId } from '../../kernel/ids.js';
import { runDuplicateDetection } from './dedup-run.js';
import { QUALITY_READ, QUALITY_RUN } from './permissions.js';
import { runRules } from './rules-run.js';
import { forEachOrphan, isRunInProgress } from './run-lease.js';

export interface RunSummary {
  id: string;
  kind: 'rules' | 'duplicates';
  provinceCode: string | null;
  status: 'queued' | 'running' | 'done' | 'failed' | 'stopped';
  startedAt: string;
  finishedAt: string | null;
  total: number;
  done: number;
  found: number;
}

/** The last runs the officer's scope sees: national ones and their own province's (a commune officer's too). */
export async function listRuns(ctx: AppContext, actor: Actor): Promise<RunSummary[]> {
  authorize(actor, QUALITY_READ);
  const province = scopeFilter(actor) && actor.kind === 'officer' ? actor.provinceCode : null;
  const r = await ctx.db.pool.query<{ id: string; kind: RunSummary['kind']; province_code: string | null; status: RunSummary['status']; started_at: Date; finished_at: Date | null; total: number; done: number; found: number }>(
    'SELECT id, kind, province_code, status, started_at, finished_at, total, done, found FROM quality_run WHERE $1::text IS NULL OR province_code IS NULL OR province_code = $1 ORDER BY started_at DESC LIMIT 20',
    [province],
  );
  return r.rows.map((x) => ({ id: x.id, kind: x.kind, provinceCode: x.province_code, status: x.status, startedAt: x.started_at.toISOString(), finishedAt: x.finished_at?.toISOString() ?? null, total: x.total, done: x.done, found: x.found }));
}

/**
 * Queues a whole-population run and answers at once; the server's runner (`startQualityRunner`)
 * carries it out and `listRuns` shows its progress. A province officer runs their own province;
 * a national one any, or the nation.
 */
export async function startRun(ctx: AppContext, actor: Actor, kind: 'rules' | 'duplicates', province: string | null): Promise<{ started: true; provinceCode: string | null }> {
  authorize(actor, QUALITY_RUN);
  const scope = scopeFilter(actor);
  if (scope?.level === 'commune') throw invalid('run_scope', 'provinceCode', { vi: 'Chỉ cấp tỉnh trở lên được chạy rà soát toàn bộ.', en: 'Only province or national officers run the whole-population checks.' });
  const target = scope ? scope.code : province;
  // However old: a run left 'running' by a dead process is queued again and resumed by the
  // runner (requeueOrphanedRuns), so a queued or running run always ends.
  const running = await ctx.db.pool.query(`SELECT 1 FROM quality_run WHERE kind = $1 AND status IN ('queued', 'running') AND province_code IS NOT DISTINCT FROM $2`, [kind, target]);
  if (running.rowCount) throw conflict('run_in_progress', { vi: 'Đang có một lượt rà soát cùng loại cho phạm vi này.', en: 'A run of this kind is already in progress for this scope.' });
  await ctx.db.pool.query(`INSERT INTO quality_run (id, kind, province_code, status, started_at, started_by) VALUES ($1, $2, $3, 'queued', $4, $5)`, [newId(), kind, target, ctx.clock.now(), actor.id]);
  return { started: true, provinceCode: target };
}

/**
 * Queues again the runs left 'running' whose process is gone (a server stopped or killed
 * under them: their lease is free, run-lease.ts), so the runner carries them on: a rules run
 * from its cursor, a duplicates run from its scored tasks. Returns their ids.
 */
export async function requeueOrphanedRuns(ctx: AppContext): Promise<string[]> {
  const running = await ctx.db.pool.query<{ id: string }>(`SELECT id FROM quality_run WHERE status = 'running' ORDER BY started_at`);
  const requeued = await forEachOrphan(ctx, running.rows.map((r) => r.id), async (id) => {
    const r = await ctx.db.pool.query(`UPDATE quality_run SET status = 'queued' WHERE id = $1 AND status = 'running'`, [id]);
    return r.rowCount === 1;
  });
  if (requeued.length) ctx.log.warn({ runs: requeued }, 'quality runs whose process is gone queued again');
  return requeued;
}

/**
 * One tick of the runner: queues again the runs whose process is gone, then carries out the
 * oldest queued run — that run, not another unfinished one of its scope. Returns its id, or
 * null when nothing is queued.
 */
export async function carryOutNextRun(ctx: AppContext): Promise<string | null> {
  await requeueOrphanedRuns(ctx);
  const claimed = await ctx.db.pool.query<{ id: string; kind: 'rules' | 'duplicates'; province_code: string | null; started_by: string }>(
    `SELECT id, kind, province_code, started_by FROM quality_run WHERE status = 'queued' ORDER BY started_at LIMIT 1`,
  );
  const run = claimed.rows[0];
  if (!run) return null;
  const actor = systemActor(`quality-run:${run.started_by}`);
  if (run.kind === 'rules') await runRules(ctx, actor, { province: run.province_code, runId: run.id });
  // A duplicates run the server's restart stopped is continued from its scored blocks.
  else await runDuplicateDetection(ctx, actor, { province: run.province_code, runId: run.id, resume: true });
  return run.id;
}

/**
 * Carries out queued runs one at a time, in the server process (started beside the event
 * relay): a run never holds an HTTP request, and a run whose process died is queued again
 * and resumed — a rules run from its cursor, a duplicates run from its scored tasks.
 */
export function startQualityRunner(ctx: AppContext, everyMs = 2000): { stop(): Promise<void> } {
  let busy: Promise<unknown> | undefined;
  let stopped = false;
  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = carryOutNextRun(ctx)
      .catch((err: unknown) => {
        // Taken up meanwhile by another process (a resume from the command line): its own run.
        if (isRunInProgress(err)) ctx.log.info({ err }, 'quality run carried out elsewhere');
        else ctx.log.error({ err }, 'quality run failed');
      })
      .finally(() => {
        busy = undefined;
      });
  }, everyMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await busy;
    },
  };
}
