import type { Command } from 'commander';
import type { AppContext } from '../../kernel/context.js';
import { rotateSigningKeys } from './oidc/keys.js';

type OpenContext = () => Promise<AppContext & { close(): Promise<void> }>;

/** `dancu eid keys-rotate`: a new token-signing key; keys older than the grace period are retired. */
export function registerEidCommands(program: Command, openContext: OpenContext): void {
  const eid = program.command('eid').description('e-ID accounts and the OpenID Connect provider');
  eid
    .command('keys-rotate')
    .description('add a new signing key (it signs from the next start); retire signing keys older than --retire-days')
    .option('--retire-days <n>', 'retire signing keys older than this many days', '30')
    .action(async (o: { retireDays: string }) => {
      const days = Number(o.retireDays);
      if (!Number.isFinite(days) || days < 1) throw new Error('--retire-days must be a number of days ≥ 1');
      const ctx = await openContext();
      try {
        const r = await rotateSigningKeys(ctx.db.pool, ctx.clock.now(), days * 86_400_000);
        process.stdout.write(`${JSON.stringify({ newKid: r.kid, retired: r.retired })}\n`);
        process.stderr.write('Restart the server to sign with the new key.\n');
      } finally {
        await ctx.close();
      }
    });
}
