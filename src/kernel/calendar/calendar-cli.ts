import os from 'node:os';
import type { Command } from 'commander';
import { systemActor } from '../actor.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { parseInstant } from './working-days.js';
import { addCalendarDay, dueDate, listCalendarYear, removeCalendarDay, setOfficeCutoff, type CalendarDayKind } from './calendar-service.js';

type Open = () => Promise<AppContext & { close(): Promise<void> }>;

/** Runs one command: its result as one JSON line on stdout, an error as `{"error":…}` and exit 1. */
async function run(open: Open, work: (ctx: AppContext) => Promise<unknown>): Promise<void> {
  let ctx: (AppContext & { close(): Promise<void> }) | undefined;
  try {
    ctx = await open();
    process.stdout.write(`${JSON.stringify(await work(ctx))}\n`);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    process.stdout.write(`${JSON.stringify({ error: { code: err.code, field: err.field ?? null, message: err.messages } })}\n`);
    process.exitCode = 1;
  } finally {
    await ctx?.close();
  }
}

const operator = () => systemActor(`cli:${os.userInfo().username}`);

/** `dancu calendar deadline|list|holiday|workday|cutoff`: the working-day calendar deadlines count in. */
export function registerCalendarCommands(program: Command, open: Open): void {
  const calendar = program.command('calendar').description('working-day calendar: statutory deadlines, public holidays, make-up working days');
  calendar
    .command('deadline')
    .description('the due date N working days after reception (the reception day not counted; after the office cut-off, the next working day)')
    .requiredOption('--from <instant>', 'when the complete dossier was received, ISO 8601 with offset, e.g. 2026-02-12T10:00+07:00')
    .requiredOption('--days <n>', 'statutory limit in working days')
    .option('--unit <code>', 'the receiving commune (its own cut-off time, if it has one)')
    .action((opts: { from: string; days: string; unit?: string }) =>
      run(open, async (ctx) => {
        const from = parseInstant(opts.from);
        if (!from) throw new AppError('invalid', 'time_invalid', { vi: 'Thời điểm có dạng 2026-02-12T10:00+07:00.', en: 'The time is written like 2026-02-12T10:00+07:00.' }, { field: 'from' });
        const days = /^\d+$/.test(opts.days) ? Number(opts.days) : Number.NaN;
        return dueDate(ctx, from, days, opts.unit ?? null);
      }),
    );
  calendar
    .command('list')
    .description('the official days of a year')
    .option('--year <year>', 'default: this year')
    .action((opts: { year?: string }) => run(open, (ctx) => listCalendarYear(ctx, opts.year === undefined ? Number(new Date().toISOString().slice(0, 4)) : Number(opts.year))));

  const dayCommands = (kind: CalendarDayKind, name: string, description: string) => {
    const group = calendar.command(name).description(description);
    group
      .command('add')
      .argument('<date>', 'YYYY-MM-DD')
      .option('--name <name>', 'what the day is, e.g. "Tết Nguyên đán (mùng 1)"')
      .option('--source <text>', 'the decision or announcement it comes from')
      .option('--provisional', 'not announced yet; to be confirmed')
      .action((day: string, opts: { name?: string; source?: string; provisional?: boolean }) =>
        run(open, (ctx) => addCalendarDay(ctx, operator(), { day, kind, name: opts.name, source: opts.source, provisional: opts.provisional })),
      );
    group
      .command('remove')
      .argument('<date>', 'YYYY-MM-DD')
      .requiredOption('--reason <text>', 'why (kept in the audit log)')
      .action((day: string, opts: { reason: string }) => run(open, (ctx) => removeCalendarDay(ctx, operator(), day, opts.reason)));
  };
  dayCommands('holiday', 'holiday', 'public holidays and days off in lieu (weekdays)');
  dayCommands('workday', 'workday', 'make-up working days (a Saturday or Sunday worked)');

  calendar
    .command('cutoff')
    .description("set an office's cut-off time for receiving dossiers (default for all offices without --unit)")
    .argument('<time>', 'HH:MM, 24-hour Vietnam time')
    .option('--unit <code>', 'the commune whose office it is')
    .action((time: string, opts: { unit?: string }) => run(open, (ctx) => setOfficeCutoff(ctx, operator(), opts.unit ?? '', time)));
}
