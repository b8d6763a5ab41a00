import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRandom } from '../../../test/test-random.js';
import { checkFile, pairsCsv } from './file-mode.js';

/**
 * `dancu dedup file` on a file it has never seen, made by a generator written here (its own
 * names, places, households and duplicate mistakes; nothing shared with the project's
 * generator), in the import's CSV format: the model is learnt from the file alone, and the
 * PAIRS.csv it writes is scored against the duplicates this file was made with.
 */
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trịnh', 'Mai', 'Tạ', 'Quách', 'Lương', 'Kiều', 'Châu'];
const MIDDLE_M = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Công', 'Xuân', 'Gia', 'Thành', 'Trọng'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Kim', 'Thanh', 'Bích', 'Hồng', 'Mỹ', 'Diệu', 'Phương'];
const GIVEN_M = ['Hùng', 'Dũng', 'Tuấn', 'Sơn', 'Phúc', 'Khải', 'Quyết', 'Vĩnh', 'Lộc', 'Toàn', 'Kiên', 'Thắng', 'Bình', 'Cường', 'Đạt', 'Hiếu', 'Khoa', 'Long', 'Nam', 'Quân', 'Tài', 'Thịnh', 'Trí', 'Vũ'];
const GIVEN_F = ['Lan', 'Hương', 'Mai', 'Thảo', 'Yến', 'Ngân', 'Trâm', 'Diệp', 'Nhung', 'Hạnh', 'Loan', 'Xoan', 'Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Huyền', 'Linh', 'My', 'Nga', 'Oanh', 'Quyên', 'Vy'];

// Its own random source: this file must not share code with the project's generator.
const { rand, pick } = testRandom(20261201);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const strip = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

interface Row {
  externalId: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  birthRegistrationProvinceCode: string;
  originProvinceCode: string;
  householdExternalId: string;
  fatherExternalId: string;
  motherExternalId: string;
  oldIdNumber: string;
}

/** The mistakes another agency's records make: each returns the duplicate's changed fields. */
const MISTAKES: Array<(r: Row) => Partial<Row>> = [
  (r) => ({ fullName: strip(r.fullName) }),
  (r) => {
    const w = r.fullName.split(' ');
    return { fullName: [w[0], ...w.slice(2)].join(' ') };
  },
  (r) => {
    const [y, m, d] = r.birthDate.split('-');
    if (!m || !d) return {};
    return Number(d) <= 12 ? { birthDate: `${y}-${d}-${m}` } : { birthDate: `${y}-${m}` };
  },
  (r) => ({ birthDate: r.birthDate.slice(0, 4) }),
  (r) => {
    const w = r.fullName.split(' ');
    const g = [...w[w.length - 1]!];
    const at = Math.min(g.length - 1, 1 + Math.floor(rand() * (g.length - 1)));
    g.splice(at, 1);
    return { fullName: [...w.slice(0, -1), g.join('')].join(' ') };
  },
  (r) => ({ birthDate: `${Number(r.birthDate.slice(0, 4)) + (rand() < 0.5 ? 1 : -1)}${r.birthDate.slice(4)}` }),
];

function population(n: number, dupEvery: number): { rows: Row[]; truth: Set<string> } {
  const rows: Row[] = [];
  for (let h = 0; rows.length < n; h++) {
    const family = pick(FAMILY);
    const province = pad(1 + Math.floor(rand() * 30));
    const father: Row = { externalId: `x-${rows.length}`, fullName: `${family} ${pick(MIDDLE_M)} ${pick(GIVEN_M)}`, birthDate: `${1950 + Math.floor(rand() * 30)}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`, sex: 'M', birthRegistrationProvinceCode: province, originProvinceCode: province, householdExternalId: `hh-${h}`, fatherExternalId: '', motherExternalId: '', oldIdNumber: rand() < 0.6 ? String(100_000_000 + rows.length) : '' };
    rows.push(father);
    const mother: Row = { ...father, externalId: `x-${rows.length}`, fullName: `${pick(FAMILY)} ${pick(MIDDLE_F)} ${pick(GIVEN_F)}`, birthDate: `${1952 + Math.floor(rand() * 30)}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`, sex: 'F', birthRegistrationProvinceCode: pad(1 + Math.floor(rand() * 30)), oldIdNumber: rand() < 0.6 ? String(100_000_000 + rows.length) : '' };
    rows.push(mother);
    const children = Math.floor(rand() * 4);
    for (let c = 0; c < children; c++) {
      const sex = rand() < 0.5 ? 'M' : 'F';
      rows.push({ externalId: `x-${rows.length}`, fullName: `${family} ${pick(sex === 'M' ? MIDDLE_M : MIDDLE_F)} ${pick(sex === 'M' ? GIVEN_M : GIVEN_F)}`, birthDate: `${1985 + Math.floor(rand() * 35)}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`, sex, birthRegistrationProvinceCode: province, originProvinceCode: province, householdExternalId: `hh-${h}`, fatherExternalId: father.externalId, motherExternalId: mother.externalId, oldIdNumber: '' });
    }
  }
  const truth = new Set<string>();
  const originals = rows.length;
  for (let i = 0; i < originals; i += dupEvery) {
    const o = rows[i]!;
    // Registered again elsewhere: a new household, no old ID, one or two mistakes.
    let dup: Row = { ...o, externalId: `y-${i}`, householdExternalId: `hy-${i}`, oldIdNumber: '', fatherExternalId: o.fatherExternalId, motherExternalId: o.motherExternalId };
    dup = { ...dup, ...pick(MISTAKES)(dup) };
    if (rand() < 0.3) dup = { ...dup, ...pick(MISTAKES)(dup) };
    rows.push(dup);
    truth.add([o.externalId, dup.externalId].sort().join(' '));
  }
  return { rows, truth };
}

const COLUMNS: Array<keyof Row> = ['externalId', 'fullName', 'birthDate', 'sex', 'birthRegistrationProvinceCode', 'originProvinceCode', 'householdExternalId', 'fatherExternalId', 'motherExternalId', 'oldIdNumber'];
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-dedup-file-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('dedup file mode on a file from another generator', () => {
  it('finds its duplicates with the quality of the benchmark (F1 ≥ 0.95 at the match threshold) and writes PAIRS.csv', async () => {
    const { rows, truth } = population(6000, 40);
    const file = path.join(dir, 'people.csv');
    fs.writeFileSync(file, `${COLUMNS.join(',')}\n${rows.map((r) => COLUMNS.map((c) => r[c]).join(',')).join('\n')}\n`);
    const result = await checkFile(file, { workers: 0 });
    expect(result.rejected).toEqual([]);
    const csv = pairsCsv(result.pairs).trim().split('\n');
    expect(csv[0]).toBe('a,b,score,decision');
    const matches = csv.slice(1).map((l) => l.split(',')).filter((c) => c[3] === 'match');
    const tp = matches.filter(([a, b]) => truth.has([a!, b!].sort().join(' '))).length;
    const precision = tp / matches.length;
    const recall = tp / truth.size;
    const f1 = (2 * precision * recall) / (precision + recall);
    console.log(`dedup file, other generator: ${rows.length} rows, ${truth.size} duplicates, precision ${precision.toFixed(3)} recall ${recall.toFixed(3)} F1 ${f1.toFixed(3)}`);
    expect(f1).toBeGreaterThanOrEqual(0.95);
  });
});
