import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { lastWitnessed, rotateAuditKey, sealPending } from './audit-seal.js';
import { verifyAudit, type VerifiedState } from './audit-verify.js';
import type { AppContext } from './context.js';

type Open = () => Promise<AppContext & { close(): Promise<void> }>;

function readState(file: string | null): VerifiedState | null {
  if (!file || !fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as VerifiedState;
}

function writeState(file: string | null, state: VerifiedState): void {
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written beside, then renamed: an interrupted write never leaves half a state file.
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

/** `dancu audit verify|seal|keys-rotate`: JSON on stdout, progress on stderr. */
export function registerAuditCommands(program: Command, open: Open): void {
  const audit = program.command('audit').description('audit and access log: sealed blocks, signed checkpoints, verification');
  audit
    .command('verify')
    .description('verify the sealed blocks after the last verified one (links, hashes, signatures, every row) and the witness checkpoint; exits 1 and names what is wrong')
    .option('--full', 'start from the first block and also look for rows slipped in outside any block')
    .option('--state <file>', 'where the last verified block is remembered (default: audit-verify-state.json in the keys directory)')
    .option('--witness <file>', 'checkpoints seen outside the database (default: the sequencer\'s witness file)')
    .action(async (opts: { full?: boolean; state?: string; witness?: string }) => {
      const ctx = await open();
      try {
        const stateFile = opts.state ?? (ctx.config.keysDir ? path.join(ctx.config.keysDir, 'audit-verify-state.json') : null);
        const from = opts.full ? null : readState(stateFile);
        // The remembered state is checked even on a full run: a log cut back below it is truncation.
        const remembered = readState(stateFile);
        const result = await verifyAudit(ctx.db.pool, {
          from,
          witness: lastWitnessed(opts.witness ?? ctx.config.auditWitnessFile),
          full: Boolean(opts.full),
          onProgress: (p) => process.stderr.write(`\rblock ${p.blockNo}, ${p.checkedRows} rows checked`),
          onVerified: (state) => writeState(stateFile, state),
        });
        if (opts.full && remembered && result.toBlock < remembered.blockNo) {
          result.problems.push({ reason: 'truncated', blockNo: remembered.blockNo, seq: null, detail: `block ${remembered.blockNo} was verified before; the log now ends at block ${result.toBlock}` });
          result.ok = false;
          result.state = null;
        }
        process.stderr.write('\n');
        process.stdout.write(`${JSON.stringify(result)}\n`);
        if (!result.ok) process.exitCode = 1;
      } finally {
        await ctx.close();
      }
    });
  audit
    .command('seal')
    .description('seal every committed row now (the server does this continuously)')
    .action(async () => {
      const ctx = await open();
      try {
        const r = await sealPending(ctx.db, { keys: ctx.keys, now: () => ctx.clock.now(), witnessFile: ctx.config.auditWitnessFile });
        process.stdout.write(`${JSON.stringify(r)}\n`);
      } finally {
        await ctx.close();
      }
    });
  audit
    .command('keys-rotate')
    .description('a new checkpoint-signing key; blocks signed with older keys keep verifying')
    .action(async () => {
      const ctx = await open();
      try {
        const kid = await rotateAuditKey(ctx.db.pool, ctx.keys, ctx.clock.now());
        process.stdout.write(`${JSON.stringify({ kid })}\n`);
      } finally {
        await ctx.close();
      }
    });
}
