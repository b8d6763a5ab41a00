import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { systemActor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import { runGenerateCommand } from './generator/index.js';
import { DEFAULT_CHUNK_ROWS, importPeople, type ImportProgress } from './import/importer.js';
import { pinCheckCommand } from './pin.js';

type OpenContext = () => Promise<AppContext & { close(): Promise<void> }>;

function count(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** Finds the people and households files: FILE itself, or people.* and households.ndjson in a directory. */
export function resolveImportFiles(target: string, households: string | undefined): { peopleFile: string; householdsFile: string | undefined } {
  if (fs.statSync(target).isDirectory()) {
    const people = ['people.ndjson', 'people.csv'].map((f) => path.join(target, f)).find((f) => fs.existsSync(f));
    if (!people) throw new Error(`No people.ndjson or people.csv in ${target}`);
    const hh = households ?? path.join(target, 'households.ndjson');
    return { peopleFile: people, householdsFile: fs.existsSync(hh) ? hh : undefined };
  }
  const beside = path.join(path.dirname(target), 'households.ndjson');
  return { peopleFile: target, householdsFile: households ?? (fs.existsSync(beside) ? beside : undefined) };
}

/** `dancu import`, `dancu generate`, `dancu pin check`. */
export function registerPeopleCommands(program: Command, openContext: OpenContext): void {
  program
    .command('import <file>')
    .description('bulk-import people (NDJSON or CSV, the generator format) and their households; rejected rows go to a report')
    .option('--households <file>', 'households.ndjson (default: beside the people file)')
    .option('--report <file>', 'where rejected rows are written (default: <file>.rejected.ndjson)')
    .option('--chunk <n>', 'rows per transaction', count, DEFAULT_CHUNK_ROWS)
    .option('--first-load', 'first load into an empty registry: build secondary indexes after the load (default when the registry is empty; refused when it is not)')
    .option('--no-first-load', 'keep every index in place even when the registry is empty')
    .option('--flag-pin-mismatch', 'load rows whose PIN disagrees with birth year, sex or province, for the quality rules to flag (default: reject them)')
    .action(async (file: string, opts: { households?: string; report?: string; chunk: number; firstLoad?: boolean; flagPinMismatch?: boolean }) => {
      const { peopleFile, householdsFile } = resolveImportFiles(file, opts.households);
      const ctx = await openContext();
      // A live bar on a terminal; one plain line per committed chunk in logs and CI.
      const tty = process.stderr.isTTY === true;
      const bar = new cliProgress.SingleBar(
        { format: '{phase} | {value} dòng/rows | {rate} dòng/giây (rows/s) | nạp/loaded {loaded} · lỗi/rejected {rejected} · đã có/present {present}', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      if (tty) bar.start(0, 0, { phase: 'households', rate: 0, loaded: 0, rejected: 0, present: 0 });
      const onProgress = (p: ImportProgress) => {
        if (p.phase === 'indexes') {
          process.stderr.write(`${tty ? '\n' : ''}chỉ mục/index: ${p.detail ?? ''}\n`);
          return;
        }
        const phase = p.phase === 'people' ? 'công dân/people' : 'hộ/households';
        const rate = Math.round(p.rowsRead / Math.max(p.elapsedMs / 1000, 0.001));
        if (tty) bar.update(p.rowsRead, { phase, rate, loaded: p.loaded, rejected: p.rejected, present: p.alreadyPresent });
        else process.stderr.write(`${phase}: ${p.rowsRead} dòng/rows, ${rate}/s, nạp/loaded ${p.loaded}, lỗi/rejected ${p.rejected}, đã có/present ${p.alreadyPresent}\n`);
      };
      try {
        const summary = await importPeople(ctx, systemActor('cli-import'), { peopleFile, householdsFile, reportFile: opts.report, chunkSize: opts.chunk, onProgress, firstLoad: opts.firstLoad ?? 'auto', pinMismatch: opts.flagPinMismatch ? 'flag' : 'reject' });
        bar.stop();
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        if (summary.people.rejected + summary.households.rejected > 0) process.stderr.write(`Các dòng bị từ chối / rejected rows: ${summary.reportFile}\n`);
      } finally {
        bar.stop();
        await ctx.close();
      }
    });

  program
    .command('generate')
    .description('write a deterministic synthetic Vietnamese population (people.ndjson, households.ndjson, truth.ndjson)')
    .requiredOption('--people <n>', 'how many people', count)
    .option('--seed <seed>', 'seed: the same seed gives the same bytes', 'dancu')
    .option('--provinces <codes>', 'comma-separated province codes to keep, e.g. 01,79')
    .option('--format <format>', 'people file format: ndjson or csv', 'ndjson')
    .option('--defects', 'inject duplicates, wrong PINs and headless households, with truth.ndjson')
    .requiredOption('--out <dir>', 'output directory')
    .action(async (opts: { people: number; seed: string; provinces?: string; format: string; defects?: boolean; out: string }) => {
      if (opts.format !== 'ndjson' && opts.format !== 'csv') throw new InvalidArgumentError('format is ndjson or csv');
      await runGenerateCommand({ people: opts.people, seed: opts.seed, out: opts.out, format: opts.format, defects: opts.defects === true, ...(opts.provinces ? { provinces: opts.provinces.split(',').map((s) => s.trim()) } : {}) });
    });

  program
    .command('pin')
    .description('personal ID numbers')
    .command('check <pin>')
    .description('validate and decode a PIN; prints one JSON object, exits 1 when invalid')
    .option('--dob <date>', 'recorded date of birth: YYYY, YYYY-MM or YYYY-MM-DD')
    .option('--sex <sex>', 'recorded sex: M or F')
    .action((pin: string, opts: { dob?: string; sex?: string }) => {
      const { output, exitCode } = pinCheckCommand(pin, opts);
      process.stdout.write(`${JSON.stringify(output)}\n`);
      process.exitCode = exitCode;
    });
}
