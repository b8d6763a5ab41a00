import fs from 'node:fs';
import type { Command } from 'commander';
import { systemClock, todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { readChipDir } from './chip/index.js';
import { checkIssue } from './check-issue.js';
import { listCardKeys, revokeDocumentSigner, rotateCsca, rotateDocumentSigner, trustAnchors } from './keys.js';
import { verifyDocument, type DocumentCheck, type Trust } from './verify.js';

type Open = () => Promise<AppContext & { close(): Promise<void> }>;

/** The trust-list file (as /api/cards/trust-list or `dancu card keys export` writes it) as verify.ts wants it. */
function trustFromFile(file: string): Trust {
  const list = JSON.parse(fs.readFileSync(file, 'utf8')) as { keys: Array<{ kind: string; serial: string; revokedAt: string | null; certificatePem: string }> };
  const der = (pem: string) => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
  return {
    cscaCertificatesDer: list.keys.filter((k) => k.kind === 'csca').map((k) => der(k.certificatePem)),
    revokedSignerSerials: list.keys.filter((k) => k.kind === 'ds' && k.revokedAt).map((k) => k.serial),
  };
}

const print = (r: DocumentCheck) => {
  process.stdout.write(`${JSON.stringify({ valid: r.valid, data: r.data, errors: r.errors })}\n`);
  if (!r.valid) process.exitCode = 1;
};

/**
 * `dancu card verify --qr TEXT | --mrz TEXT | --chip DIR` prints one JSON object
 * `{"valid":…,"data":{…},"errors":[{"code":…,"field":…,"message":{vi,en}}]}` and exits 1 when
 * invalid. QR and MRZ need no database; the chip needs the trust list, from `--trust FILE`
 * (offline) or else from the database. `dancu card keys …` manages the CSCA and Document Signers.
 */
export function registerCardCommands(program: Command, open: Open): void {
  const card = program.command('card').description('chip ID cards: verification and signing keys');
  card
    .command('verify')
    .description('check a card offline: its QR payload, its MRZ, or its chip files (EF.DG1.bin, EF.DG2.bin, EF.DG13.bin, EF.SOD.bin in DIR)')
    .option('--qr <text>', 'the QR payload (one line, fields separated by |)')
    .option('--mrz <text>', 'the MRZ: three lines joined by newlines')
    .option('--chip <dir>', 'a directory of chip files')
    .option('--trust <file>', 'the trust list (JSON from /api/cards/trust-list); default: read from the database')
    .option('--date <YYYY-MM-DD>', 'check expiry as of this day (default: today in Vietnam)')
    .action(async (opts: { qr?: string; mrz?: string; chip?: string; trust?: string; date?: string }) => {
      const given = [opts.qr, opts.mrz, opts.chip].filter((x) => x !== undefined).length;
      const today = opts.date ?? todayInVietnam(systemClock);
      if (given !== 1) {
        print({ kind: 'qr', valid: false, data: {}, errors: [checkIssue('one_document', undefined, 'Chọn đúng một trong --qr, --mrz, --chip.', 'Give exactly one of --qr, --mrz, --chip.')] });
        return;
      }
      if (opts.qr !== undefined) return print(await verifyDocument({ kind: 'qr', text: opts.qr }, null, today));
      if (opts.mrz !== undefined) return print(await verifyDocument({ kind: 'mrz', text: opts.mrz.replace(/\\n/g, '\n') }, null, today));
      const files = await readChipDir(opts.chip!);
      if (Array.isArray(files)) return print({ kind: 'chip', valid: false, data: {}, errors: files });
      let trust: Trust;
      if (opts.trust) trust = trustFromFile(opts.trust);
      else {
        const ctx = await open();
        try {
          trust = await trustAnchors(ctx.db.pool);
        } finally {
          await ctx.close();
        }
      }
      return print(await verifyDocument({ kind: 'chip', files: { dg1: files.dg1, dg2: files.dg2 ?? null, dg13: files.dg13, sod: files.sod } }, trust, today, opts.date ? new Date(`${opts.date}T12:00:00+07:00`) : new Date()));
    });

  const keys = card.command('keys').description('the Country Signing CA and the Document Signers that sign chip data');
  const run = (f: (ctx: AppContext) => Promise<unknown>) => async () => {
    const ctx = await open();
    try {
      process.stdout.write(`${JSON.stringify(await f(ctx))}\n`);
    } finally {
      await ctx.close();
    }
  };
  keys.command('list').description('the certificates, public parts only').action(run(async (ctx) => (await listCardKeys(ctx.db.pool)).map(({ certificatePem: _pem, ...k }) => k)));
  keys
    .command('export')
    .description('write the trust list (CSCA and signer certificates, revoked signers) for offline verification')
    .requiredOption('--out <file>', 'the file to write')
    .action(async (opts: { out: string }) => {
      const ctx = await open();
      try {
        fs.writeFileSync(opts.out, `${JSON.stringify({ keys: await listCardKeys(ctx.db.pool) })}\n`);
        process.stdout.write(`${JSON.stringify({ written: opts.out })}\n`);
      } finally {
        await ctx.close();
      }
    });
  keys
    .command('rotate')
    .description('a new Document Signer (with --csca: a new Country Signing CA first); older keys keep verifying what they signed')
    .option('--csca', 'also make a new Country Signing CA')
    .action(async (opts: { csca?: boolean }) =>
      run(async (ctx) => {
        const csca = opts.csca ? await rotateCsca(ctx.db.pool, ctx.keys, ctx.clock.now()) : undefined;
        return { ...(csca ? { csca } : {}), documentSigner: await rotateDocumentSigner(ctx.db.pool, ctx.keys, ctx.clock.now()) };
      })(),
    );
  keys
    .command('revoke')
    .description('revoke a Document Signer: every card it signed fails chip verification from now on')
    .argument('<serial>', 'the signer certificate serial (hex), from `dancu card keys list`')
    .requiredOption('--reason <text>', 'why (key compromise, …)')
    .action(async (serial: string, opts: { reason: string }) =>
      run(async (ctx) => {
        const done = await revokeDocumentSigner(ctx.db.pool, serial, opts.reason, ctx.clock.now());
        if (!done) process.exitCode = 1;
        return { serial, revoked: done };
      })(),
    );
}
