/**
 * `dancu generate --people N --seed S [--provinces 01,79] [--format ndjson|csv] [--defects] --out DIR`
 * (the CLI wiring lives with the lead's cli.ts; this is the command's body).
 */
import { loadCommunesForGenerator } from './communes.js';
import { DEFAULT_DEFECT_RATES } from './records.js';
import { writePopulation, type OutputFormat, type Progress, type WriteSummary } from './write.js';

export interface GenerateCommandOptions {
  people: number;
  seed: string;
  provinces?: string[];
  out: string;
  format?: OutputFormat;
  /** Inject duplicates, wrong PINs and headless households at the default rates, with truth.ndjson. */
  defects?: boolean;
  /** Where units.csv and conversion.csv are; default data/admin-units (relative to the working directory). */
  unitsDir?: string;
}

export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

const vi = new Intl.NumberFormat('vi-VN');
const en = new Intl.NumberFormat('en-US');

function progressLine(p: Progress): string {
  const rate = Math.round(p.people / Math.max(p.elapsedMs / 1000, 1e-3));
  return `Đã tạo ${vi.format(p.people)} người, ${vi.format(rate)} người/giây · generated ${en.format(p.people)} people, ${en.format(rate)} people/s`;
}

/**
 * Generates the population into `opts.out`, printing progress to stderr (at most once a second)
 * and a JSON summary to stdout. Resolves with the summary; throws AppError on bad options.
 */
export async function runGenerateCommand(
  opts: GenerateCommandOptions,
  io: CommandIo = process,
): Promise<WriteSummary> {
  const communes = loadCommunesForGenerator(opts.unitsDir);
  const overwrite = io.stderr.isTTY === true;
  let lastPrint = -Infinity;
  const summary = await writePopulation(
    {
      people: opts.people,
      seed: opts.seed,
      communes,
      format: opts.format ?? 'ndjson',
      ...(opts.provinces && opts.provinces.length > 0 ? { provinces: opts.provinces } : {}),
      ...(opts.defects ? { defects: DEFAULT_DEFECT_RATES } : {}),
    },
    opts.out,
    (progress) => {
      if (progress.elapsedMs - lastPrint < 1000 && progress.people < opts.people) return;
      lastPrint = progress.elapsedMs;
      io.stderr.write(overwrite ? `\r${progressLine(progress)}` : `${progressLine(progress)}\n`);
    },
  );
  if (overwrite) io.stderr.write('\n');
  io.stdout.write(`${JSON.stringify({ seed: opts.seed, format: opts.format ?? 'ndjson', ...summary })}\n`);
  return summary;
}
