import type { Command } from 'commander';
import type { AppContext } from '../../kernel/context.js';
import { KEY_PUBLISH_MS, KEY_REFRESH_MS, rotateSigningKeys } from './oidc/keys.js';

type OpenContext = () => Promise<AppContext & { close(): Promise<void> }>;

/** `dancu eid keys-rotate`: a new token-signing key; keys older than the grace period are retired. */
export function registerEidCommands(program: Command, openContext: OpenContext): void {
  const eid = program.command('eid').description('e-ID accounts and the OpenID Connect provider');
  eid
    .command('keys-rotate')
    .description(`add a new signing key (running servers publish it within ${KEY_REFRESH_MS / 1000} s and sign with it after ${KEY_PUBLISH_MS / 1000} s, no restart); retire signing keys older than --retire-days`)
    .option('--retire-days <n>', 'retire signing keys older than this many days', '30')
    .action(async (o: { retireDays: string }) => {
      const days = Number(o.retireDays);
      if (!Number.isFinite(days) || days < 1) throw new Error('--retire-days must be a number of days ≥ 1');
      const ctx = await openContext();
      try {
        const r = await rotateSigningKeys(ctx.db.pool, ctx.keys, ctx.clock.now(), days * 86_400_000);
        process.stdout.write(`${JSON.stringify({ newKid: r.kid, retired: r.retired, signsFrom: r.signsFrom.toISOString() })}\n`);
        process.stderr.write(`Running servers publish the new key within ${KEY_REFRESH_MS / 1000} s and sign with it from ${r.signsFrom.toISOString()}; no restart needed.\n`);
      } finally {
        await ctx.close();
      }
    });
}
