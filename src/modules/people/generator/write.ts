/**
 * Writes a generated population to files: people.ndjson (or people.csv), households.ndjson and,
 * when defects are injected, truth.ndjson. Output is encoded into ~1 MB chunks and respects the
 * streams' back-pressure, so memory stays flat however many people are written.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { householdLine, ndjsonLine, PEOPLE_CSV_HEADER, personCsvRow, personLine } from './format.js';
import { iteratePopulation } from './population.js';
import type { GenerateOptions } from './records.js';

export type OutputFormat = 'ndjson' | 'csv';

export interface WriteOptions extends GenerateOptions {
  format?: OutputFormat;
}

export interface Progress {
  people: number;
  households: number;
  elapsedMs: number;
}

export interface WriteSummary {
  /** Real people written (the requested number). */
  people: number;
  /** Injected duplicate records, written on top of `people`. */
  duplicates: number;
  households: number;
  wrongPins: number;
  headlessHouseholds: number;
  files: string[];
  elapsedMs: number;
  peoplePerSecond: number;
}

const CHUNK = 1 << 20;
const PROGRESS_EVERY = 100_000;

/**
 * A file written through a reusable byte buffer. Text is encoded into the buffer as it comes
 * (so the many small strings of a line die young instead of piling up as one huge rope for the
 * garbage collector), and full ~1 MB chunks go to the stream, which writes them off the main
 * thread. `blocked` tells the caller to await `drain()` when the disk falls behind.
 */
class BufferedFile {
  private chunk = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private readonly stream: WriteStream;
  blocked = false;

  private waiting: Array<() => void> = [];

  constructor(readonly file: string) {
    this.stream = createWriteStream(file);
    // Listen all along: with several files, one may drain while the caller awaits another.
    this.stream.on('drain', () => {
      this.blocked = false;
      for (const resolve of this.waiting.splice(0)) resolve();
    });
  }

  write(text: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    if (this.used + text.length * 3 > CHUNK) {
      this.flush();
      if (text.length * 3 > CHUNK) {
        this.send(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.chunk.write(text, this.used, 'utf8');
  }

  drain(): Promise<void> {
    return this.blocked ? new Promise((resolve) => this.waiting.push(resolve)) : Promise.resolve();
  }

  private flush(): void {
    if (this.used === 0) return;
    const out = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
    this.send(out);
  }

  private send(bytes: Buffer): void {
    if (!this.stream.write(bytes)) this.blocked = true;
  }

  async close(): Promise<void> {
    this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }

  destroy(): void {
    this.stream.destroy();
  }
}

/** Generates and writes the population into `outDir` (created if missing). Same options → same bytes. */
export async function writePopulation(
  options: WriteOptions,
  outDir: string,
  onProgress?: (progress: Progress) => void,
): Promise<WriteSummary> {
  const format = options.format ?? 'ndjson';
  const started = performance.now();
  const population = iteratePopulation(options); // validates options before any file is created
  mkdirSync(outDir, { recursive: true });
  const peopleFile = new BufferedFile(path.join(outDir, format === 'csv' ? 'people.csv' : 'people.ndjson'));
  const householdsFile = new BufferedFile(path.join(outDir, 'households.ndjson'));
  const truthFile = options.defects ? new BufferedFile(path.join(outDir, 'truth.ndjson')) : undefined;
  const files = [peopleFile, householdsFile, ...(truthFile ? [truthFile] : [])];
  const summary = { people: 0, duplicates: 0, households: 0, wrongPins: 0, headlessHouseholds: 0 };
  let nextProgress = PROGRESS_EVERY;
  try {
    if (format === 'csv') peopleFile.write(PEOPLE_CSV_HEADER);
    for (const { household, people, truth } of population) {
      summary.households++;
      householdsFile.write(householdLine(household));
      let lines = '';
      for (const person of people) lines += format === 'csv' ? personCsvRow(person) : personLine(person);
      peopleFile.write(lines);
      summary.people += people.length;
      for (const t of truth) {
        if (t.kind === 'duplicate') summary.duplicates++;
        else if (t.kind === 'wrong_pin') summary.wrongPins++;
        else summary.headlessHouseholds++;
        truthFile?.write(ndjsonLine(t));
      }
      for (const f of files) if (f.blocked) await f.drain();
      if (onProgress && summary.people >= nextProgress) {
        nextProgress += PROGRESS_EVERY;
        onProgress({
          people: summary.people - summary.duplicates,
          households: summary.households,
          elapsedMs: performance.now() - started,
        });
      }
    }
    await Promise.all(files.map((f) => f.close()));
  } catch (error) {
    for (const f of files) f.destroy();
    throw error;
  }
  const elapsedMs = performance.now() - started;
  const people = summary.people - summary.duplicates;
  onProgress?.({ people, households: summary.households, elapsedMs });
  return {
    ...summary,
    people,
    files: files.map((f) => f.file),
    elapsedMs: Math.round(elapsedMs),
    peoplePerSecond: Math.round(people / Math.max(elapsedMs / 1000, 1e-9)),
  };
}
