import fs from 'node:fs';
import type { Command } from 'commander';
import { systemActor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import { runDuplicateDetection } from './dedup-run.js';
import { checkFile, pairsCsv } from './file-mode.js';
import { runRules } from './rules-run.js';

type Open = () => Promise<AppContext & { close(): Promise<void> }>;
const err = (s: string) => process.stderr.write(`${s}\n`);

/**
 * `dancu quality rules|duplicates` run the whole-population checks (progress on stderr, a JSON
 * summary on stdout); `dancu dedup file INPUT --out PAIRS.csv` checks a file before it is loaded.
 */
export function registerQualityCommands(program: Command, open: Open): void {
  const quality = program.command('quality').description('data quality: cleaning rules and duplicate detection over the registry');
  quality
    .command('rules')
    .description('run every cleaning rule over the population (or one province), resumable')
    .option('--province <code>', 'two-digit province code')
    .option('--resume', 'continue the last unfinished run of the same scope')
    .option('--batch <n>', 'records per batch', '2000')
    .action(async (opts: { province?: string; resume?: boolean; batch: string }) => {
      const ctx = await open();
      try {
        const r = await runRules(ctx, systemActor('cli-quality'), { province: opts.province ?? null, resume: opts.resume ?? false, batchSize: Number(opts.batch), onProgress: (p) => err(`  ${p.phase}: ${p.done}/${p.total} checked, ${p.found} findings opened`) });
        process.stdout.write(`${JSON.stringify(r)}\n`);
      } finally {
        await ctx.close();
      }
    });
  quality
    .command('duplicates')
    .description('find duplicate records over the registry (learns m/u by EM, scores on worker threads)')
    .option('--province <code>', 'two-digit province code (default: the whole nation, across provinces)')
    .option('--workers <n>', 'worker threads', '2')
    .option('--reuse-model', 'score with the newest stored model instead of learning it again')
    .option('--resume', 'continue the last stopped run of the same scope over the same records (its model and scored blocks are reused)')
    .action(async (opts: { province?: string; workers: string; reuseModel?: boolean; resume?: boolean }) => {
      const ctx = await open();
      try {
        let last = '';
        const r = await runDuplicateDetection(ctx, systemActor('cli-quality'), {
          province: opts.province ?? null,
          workers: Number(opts.workers),
          train: !opts.reuseModel,
          resume: opts.resume ?? false,
          onProgress: (p) => {
            const line = `  ${p.phase}: ${p.done}/${p.total}`;
            if (line !== last && (p.done === p.total || p.done % 50000 < 2000)) err((last = line));
          },
        });
        process.stdout.write(`${JSON.stringify(r)}\n`);
      } finally {
        await ctx.close();
      }
    });

  const dedup = program.command('dedup').description('duplicate detection on files');
  dedup
    .command('file <input>')
    .description('find duplicates in a people file (the import format, CSV or NDJSON) before loading it; writes a,b,score,decision')
    .requiredOption('--out <file>', 'the pairs CSV to write')
    .option('--households <file>', 'the households file, for each person’s commune')
    .option('--against-registry', 'also look each record up in the registry')
    .option('--workers <n>', 'worker threads', '2')
    .action(async (input: string, opts: { out: string; households?: string; againstRegistry?: boolean; workers: string }) => {
      const ctx = opts.againstRegistry ? await open() : undefined;
      try {
        const r = await checkFile(input, { ...(opts.households ? { householdsFile: opts.households } : {}), ...(ctx ? { registry: ctx.db.pool } : {}), workers: Number(opts.workers) });
        fs.writeFileSync(opts.out, pairsCsv(r.pairs));
        for (const x of r.rejected.slice(0, 20)) err(`  line ${x.line}: not read (${x.reason})`);
        process.stdout.write(`${JSON.stringify({ records: r.records, rejected: r.rejected.length, pairs: r.pairs.length, match: r.pairs.filter((p) => p.decision === 'match').length, review: r.pairs.filter((p) => p.decision === 'review').length, out: opts.out })}\n`);
      } finally {
        await ctx?.close();
      }
    });
}
