import fs from 'node:fs';
import type { Command } from 'commander';
import type { JSONWebKeySet } from 'jose';
import { systemClock, todayInVietnam } from '../../../kernel/clock.js';
import type { AppContext } from '../../../kernel/context.js';
import { confirmationJwks, rotateConfirmationKey } from './keys.js';
import { tokenFromText } from './model.js';
import { verifyToken } from './token.js';

type Open = () => Promise<AppContext & { close(): Promise<void> }>;

/**
 * `dancu ct07 keys rotate|export` and `dancu ct07 verify TOKEN --keys jwks.json`. Verification
 * reads only the key file: no server, no database (a verifier offline, or another agency).
 * JSON on stdout; exit code 1 unless the answer is genuine.
 */
export function registerConfirmationCommands(program: Command, open: Open): void {
  const ct07 = program.command('ct07').description('confirmations of residence information (CT07): signing keys and offline verification');
  const keys = ct07.command('keys').description('the keys that sign CT07 QR tokens');
  keys
    .command('rotate')
    .description('a new signing key; confirmations signed with older keys keep verifying')
    .action(async () => {
      const ctx = await open();
      try {
        process.stdout.write(`${JSON.stringify({ kid: await rotateConfirmationKey(ctx.db.pool, ctx.keys, ctx.clock.now()) })}\n`);
      } finally {
        await ctx.close();
      }
    });
  keys
    .command('export')
    .description('print the published keys (JWKS) for offline verification')
    .option('--out <file>', 'write them to this file instead of stdout')
    .action(async (opts: { out?: string }) => {
      const ctx = await open();
      try {
        const text = `${JSON.stringify(await confirmationJwks(ctx.db.pool))}\n`;
        if (opts.out) fs.writeFileSync(opts.out, text);
        else process.stdout.write(text);
      } finally {
        await ctx.close();
      }
    });
  ct07
    .command('verify')
    .description('verify a CT07 token (or the scanned QR URL) offline against published keys; revocation needs the online check')
    .argument('<token>', 'the token, or the verification URL the QR code holds')
    .requiredOption('--keys <file>', 'the published keys (JWKS), e.g. saved from /api/public/ct07/jwks.json')
    .option('--date <YYYY-MM-DD>', 'check validity as of this day (default: today in Vietnam)')
    .action(async (text: string, opts: { keys: string; date?: string }) => {
      const jwks = JSON.parse(fs.readFileSync(opts.keys, 'utf8')) as JSONWebKeySet;
      const today = opts.date ?? todayInVietnam(systemClock);
      const r = await verifyToken(tokenFromText(text), jwks, today);
      const out =
        r.status === 'invalid'
          ? { status: r.status, reason: r.reason }
          : { status: r.status, kid: r.kid, number: r.claims.n, pin: r.claims.p, fullName: r.claims.nm, birthDate: r.claims.b, issuedOn: r.claims.is, validUntil: r.claims.vu, residenceHash: r.claims.rh, revocation: 'not checked offline' };
      process.stdout.write(`${JSON.stringify(out)}\n`);
      if (r.status !== 'genuine') process.exitCode = 1;
    });
}
