import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runGenerateCommand } from './command.js';
import { PERSON_FIELDS, type PersonRecord } from './records.js';
import { fixtureCommunes } from './test-fixtures.js';
import { writePopulation } from './write.js';

const root = mkdtempSync(path.join(tmpdir(), 'dancu-generator-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const communes = fixtureCommunes();
const DEFECTS = { duplicateRate: 0.02, wrongPinRate: 0.01, headlessHouseholdRate: 0.02 };

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').slice(0, -1);
}

describe('writePopulation', () => {
  it('writes byte-identical files for the same seed and options', async () => {
    const a = path.join(root, 'a');
    const b = path.join(root, 'b');
    const options = { people: 20_000, seed: 'same', communes, defects: DEFECTS };
    const first = await writePopulation(options, a);
    const second = await writePopulation(options, b);
    expect(first.files.map((f) => path.basename(f))).toEqual([
      'people.ndjson',
      'households.ndjson',
      'truth.ndjson',
    ]);
    for (const name of ['people.ndjson', 'households.ndjson', 'truth.ndjson'])
      expect(sha(path.join(a, name))).toBe(sha(path.join(b, name)));
    const { elapsedMs: _a, peoplePerSecond: _b, files: _c, ...counts } = first;
    const { elapsedMs: _d, peoplePerSecond: _e, files: _f, ...again } = second;
    expect(counts).toEqual(again);
    expect(counts.people).toBe(20_000);
    expect(lines(path.join(a, 'people.ndjson'))).toHaveLength(20_000 + counts.duplicates);
    expect(lines(path.join(a, 'households.ndjson'))).toHaveLength(counts.households);
    expect(lines(path.join(a, 'truth.ndjson'))).toHaveLength(
      counts.duplicates + counts.wrongPins + counts.headlessHouseholds,
    );
    const person = JSON.parse(lines(path.join(a, 'people.ndjson'))[0] ?? '{}') as PersonRecord;
    expect(Object.keys(person)).toEqual([...PERSON_FIELDS]);
  });

  it('writes no truth file without defects, and reports progress', async () => {
    const dir = path.join(root, 'clean');
    const seen: number[] = [];
    const summary = await writePopulation({ people: 250_000, seed: 'clean', communes }, dir, (p) =>
      seen.push(p.people),
    );
    expect(existsSync(path.join(dir, 'truth.ndjson'))).toBe(false);
    expect(summary).toMatchObject({ people: 250_000, duplicates: 0, wrongPins: 0, headlessHouseholds: 0 });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toBe(250_000);
  });

  it('writes people.csv with the documented header and the same records as NDJSON', async () => {
    const options = { people: 3000, seed: 'csv', communes, defects: DEFECTS };
    await writePopulation(options, path.join(root, 'json'));
    await writePopulation({ ...options, format: 'csv' }, path.join(root, 'csv'));
    const csv = readFileSync(path.join(root, 'csv', 'people.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe(PERSON_FIELDS.join(','));
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    const records = lines(path.join(root, 'json', 'people.ndjson')).map(
      (l) => JSON.parse(l) as Record<string, string | null>,
    );
    expect(rows).toHaveLength(records.length);
    rows.forEach((row, i) => {
      const record = records[i] ?? {};
      for (const field of PERSON_FIELDS) expect(row[field]).toBe(record[field] ?? '');
    });
    expect(sha(path.join(root, 'csv', 'households.ndjson'))).toBe(
      sha(path.join(root, 'json', 'households.ndjson')),
    );
  });

  it('creates no files when the options are wrong', async () => {
    const dir = path.join(root, 'never');
    await expect(writePopulation({ people: -5, seed: 1, communes }, dir)).rejects.toMatchObject({
      code: 'people_count_invalid',
    });
    expect(existsSync(dir)).toBe(false);
  });
});

describe('runGenerateCommand', () => {
  it('reads the unit table, writes the files, prints progress to stderr and a summary to stdout', async () => {
    const units = path.join(root, 'units');
    mkdirSync(units, { recursive: true });
    writeFileSync(
      path.join(units, 'units.csv'),
      [
        'code,level,name,type,parent_code,province_code,valid_from,valid_to',
        '01,province,Thành phố Hà Nội,Thành phố,,01,2008-08-01,2025-07-01',
        '00004,commune,Phường Trúc Bạch,Phường,001,01,2008-08-01,2025-07-01',
        '28000,commune,Xã Cũ,Xã,800,80,2008-08-01,2025-07-01',
        '01,province,Thành phố Hà Nội,Thành phố,,01,2025-07-01,',
        '00004,commune,Phường Ba Đình,Phường,01,01,2025-07-01,',
        '28001,commune,Xã Mới,Xã,82,82,2025-07-01,',
      ].join('\n'),
    );
    writeFileSync(
      path.join(units, 'conversion.csv'),
      'old_code,new_code,kind,note\n00004,00004,whole,Nhập toàn bộ\n28000,28001,whole,Nhập toàn bộ\n',
    );
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
    };
    const out = path.join(root, 'cmd');
    const summary = await runGenerateCommand(
      { people: 500, seed: 'cmd', out, defects: true, unitsDir: units, provinces: ['01', '82'] },
      io,
    );
    expect(summary.people).toBe(500);
    expect(JSON.parse(stdout)).toMatchObject({ seed: 'cmd', format: 'ndjson', people: 500 });
    expect(stderr).toMatch(/generated 500 people, [0-9,]+ people\/s/);
    expect(stderr).toMatch(/^Đã tạo 500 người/);
    const households = lines(path.join(out, 'households.ndjson')).map(
      (l) => JSON.parse(l) as { communeCode: string },
    );
    expect(new Set(households.map((h) => h.communeCode))).toEqual(new Set(['00004', '28001']));
    const people = lines(path.join(out, 'people.ndjson')).map((l) => JSON.parse(l) as PersonRecord);
    // The new commune 28001 (province 82) came from old commune 28000 (old province 80): PINs say 080.
    const fromOld80 = people.filter((p) => p.birthRegistrationProvinceCode === '80');
    expect(fromOld80.length).toBeGreaterThan(0);
    expect(fromOld80.every((p) => p.pin.startsWith('080'))).toBe(true);
  });
});
