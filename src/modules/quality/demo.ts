import { systemActor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import { runDuplicateDetection } from './dedup-run.js';
import { runRules } from './rules-run.js';

/**
 * The demo's cleaning lists: the generated demo population carries injected duplicates and
 * households without a head (1 % each); the first start runs the rules and the duplicate
 * detection once, so the quality desk has real findings and pairs to work on.
 */
export async function seedDemoQuality(ctx: AppContext): Promise<{ findings: number; pairs: number } | undefined> {
  const done = await ctx.db.pool.query('SELECT 1 FROM quality_run LIMIT 1');
  if (done.rowCount) return undefined;
  const actor = systemActor('demo');
  const rules = await runRules(ctx, actor);
  const dedup = await runDuplicateDetection(ctx, actor, { workers: 1 });
  return { findings: rules.found, pairs: dedup.pairs };
}
