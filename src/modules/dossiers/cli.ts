import type { Command } from 'commander';
import type { AppContext } from '../../kernel/context.js';
import { remindPendingConsents } from './filing-service.js';

type OpenContext = () => Promise<AppContext & { close(): Promise<void> }>;

/** `dancu dossiers remind-consents`: re-texts everyone asked to consent who has not answered for some days. */
export function registerDossierCommands(program: Command, openContext: OpenContext): void {
  const dossiers = program.command('dossiers').description('dossiers under administrative procedures');
  dossiers
    .command('remind-consents')
    .description('text a reminder (notification outbox) to each person asked to consent who has not answered for --days days since the request or the last reminder; prints {"reminded":n,"skipped":n}')
    .option('--days <n>', 'days without an answer before a reminder', '3')
    .action(async (o: { days: string }) => {
      const days = Number(o.days);
      if (!Number.isFinite(days) || days < 0) throw new Error('--days must be a number of days ≥ 0');
      const ctx = await openContext();
      try {
        process.stdout.write(`${JSON.stringify(await remindPendingConsents(ctx, { olderThanDays: days }))}\n`);
      } finally {
        await ctx.close();
      }
    });
}
