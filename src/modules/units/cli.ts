import type { Command } from 'commander';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import * as units from './service.js';
import type { Tree } from './model.js';

type OpenContext = () => Promise<Pick<AppContext, 'db' | 'clock'> & { close(): Promise<void> }>;

export interface CliIo {
  /** Where JSON results and JSON errors go (stdout). */
  out(text: string): void;
  /** Sets the exit code; tests capture it instead of the process's. */
  fail(): void;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  fail: () => {
    process.exitCode = 1;
  },
};

/**
 * `dancu units convert CODE` and `dancu units search TEXT`: one JSON document on stdout;
 * on bad input or an unknown code, a JSON `{ error }` and exit code 1.
 */
export function registerUnitsCommands(
  program: Command,
  openContext: OpenContext,
  io: CliIo = processIo,
): void {
  const group = program.command('units').description('administrative units (đơn vị hành chính)');

  group
    .command('convert')
    .description('where a pre-July-2025 commune went in the 2025 reorganisation')
    .argument('<code>', '5-digit old commune code (leading zeros included)')
    .action((code: string) => run(openContext, io, (ctx) => units.convertOldCommune(ctx, code)));

  group
    .command('search')
    .description('find units by name, with or without diacritics')
    .argument('<text>', 'name or part of it, e.g. "phuong ba dinh"')
    .option('--tree <tree>', 'current (default: both trees) or pre2025')
    .option('--limit <n>', 'how many results, 1–100', '20')
    .action((text: string, opts: { tree?: string; limit: string }) =>
      run(openContext, io, async (ctx) => {
        // An unknown tree or a bad limit reaches the service as given, so it answers with a JSON error.
        const page = await units.searchUnits(ctx, {
          q: text,
          tree: opts.tree as Tree | undefined,
          pageSize: Number(opts.limit),
        });
        return page;
      }),
    );
}

async function run<T>(
  openContext: OpenContext,
  io: CliIo,
  fn: (ctx: Pick<AppContext, 'db' | 'clock'>) => Promise<T>,
): Promise<void> {
  const ctx = await openContext();
  try {
    io.out(`${JSON.stringify(await fn(ctx), null, 2)}\n`);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    io.out(
      `${JSON.stringify({ error: { kind: err.kind, code: err.code, field: err.field, message: err.messages } }, null, 2)}\n`,
    );
    io.fail();
  } finally {
    await ctx.close();
  }
}
