import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFECT_RATES, iteratePopulation, loadCommunesForGenerator, type PersonRecord } from '../../people/generator/index.js';
import { blockingKeys, clusterPairs, decide, findDuplicates, scorePair, trainModel, type LinkRecord, type ScoredPair } from './index.js';
import { testRandom } from '../../../../test/test-random.js';
import { workersThatFit } from './batch.js';

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

function f1(found: ScoredPair[], truth: Set<string>) {
  const tp = found.filter((p) => truth.has(key(p.a, p.b))).length;
  const precision = found.length === 0 ? 1 : tp / found.length;
  const recall = tp / truth.size;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

/** 5,000 generated people with the generator's duplicates, as LinkRecords and true pairs. */
function generated(): { records: LinkRecord[]; truth: Set<string> } {
  const people: Array<{ p: PersonRecord; commune: string }> = [];
  const groups = new Map<string, string[]>();
  const communes = loadCommunesForGenerator('data/admin-units');
  for (const item of iteratePopulation({ people: 5000, seed: 'linkage-test', communes, defects: DEFAULT_DEFECT_RATES })) {
    for (const p of item.people) people.push({ p, commune: item.household.communeCode });
    for (const t of item.truth) if (t.kind === 'duplicate') groups.set(t.originalExternalId, [...(groups.get(t.originalExternalId) ?? []), t.externalId]);
  }
  const names = new Map(people.map(({ p }) => [p.externalId, p.fullName]));
  const records = people.map(({ p, commune }) => ({
    id: p.externalId,
    fullName: p.fullName,
    birthDate: p.birthDate,
    sex: p.sex,
    birthProvince: p.birthRegistrationProvinceCode,
    originProvince: p.originProvinceCode,
    fatherName: p.fatherExternalId === null ? null : (names.get(p.fatherExternalId) ?? null),
    motherName: p.motherExternalId === null ? null : (names.get(p.motherExternalId) ?? null),
    oldId: p.oldIdNumber,
    unitCode: commune,
    householdKey: p.householdExternalId,
  }));
  const truth = new Set<string>();
  for (const [original, dups] of groups) {
    const all = [original, ...dups];
    for (let x = 0; x < all.length; x++) for (let y = x + 1; y < all.length; y++) truth.add(key(all[x]!, all[y]!));
  }
  return { records, truth };
}

describe('record linkage on the project generator', () => {
  const { records, truth } = generated();
  const model = trainModel(records, { randomPairs: 200_000 });

  it('finds the injected duplicates (F1 ≥ 0.9) with a JSON-serialisable model', async () => {
    const copy = JSON.parse(JSON.stringify(model)) as typeof model;
    const result = await findDuplicates(records, copy, { workers: 0 });
    const matches = result.pairs.filter((p) => decide(p.weight, copy.thresholds) === 'match');
    expect(f1(matches, truth).f1).toBeGreaterThanOrEqual(0.9);
    expect(clusterPairs(matches).every((c) => c.length >= 2)).toBe(true);
  });

  it('gives the same pairs on a worker thread', async () => {
    const inline = await findDuplicates(records, model, { workers: 0 });
    const threaded = await findDuplicates(records, model, { workers: 1 });
    expect(threaded.pairs.map((p) => key(p.a, p.b))).toEqual(inline.pairs.map((p) => key(p.a, p.b)));
    expect(threaded.pairsCompared).toBe(inline.pairsCompared);
  });

  it('scores symmetrically, and the contributions add up to the weight', () => {
    for (let k = 0; k < 300; k++) {
      const a = records[(k * 7919) % records.length]!;
      const b = records[(k * 104_729 + 13) % records.length]!;
      const ab = scorePair(a, b, model);
      const ba = scorePair(b, a, model);
      expect(ba).toEqual(ab);
      expect(ab.a <= ab.b).toBe(true);
      expect(ab.contributions.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(ab.weight, 9);
    }
  });

  it('gives every record a few short blocking keys', () => {
    for (const r of records.slice(0, 200)) {
      const keys = blockingKeys(r);
      expect(keys.length).toBeGreaterThanOrEqual(3);
      expect(keys.length).toBeLessThanOrEqual(6);
      for (const k of keys) expect(k.length).toBeLessThan(60);
    }
  });
});

/** A second, much simpler population: its own names, its own duplicate mistakes. */
describe('record linkage on data not made by the project generator', () => {
  const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trịnh', 'Mai', 'Tạ', 'Quách'];
  const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Ngọc', 'Minh', 'Thanh', 'Quốc', 'Xuân', 'Thu', 'Bảo', 'Gia', 'Hoài', 'Kim'];
  const GIVEN = ['Hùng', 'Lan', 'Dũng', 'Hương', 'Tuấn', 'Mai', 'Sơn', 'Thảo', 'Phúc', 'Yến', 'Khải', 'Ngân', 'Quyết', 'Trâm', 'Vĩnh', 'Diệp', 'Lộc', 'Nhung', 'Toàn', 'Hạnh', 'Kiên', 'Loan', 'Thắng', 'Xoan'];
  // Its own random source: this population must not share code with the project's generator.
  const { rand, pick } = testRandom(42);
  const pad = (n: number) => String(n).padStart(2, '0');
  const strip = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

  const records: LinkRecord[] = [];
  for (let i = 0; i < 3000; i++) {
    records.push({
      id: `p${i}`,
      fullName: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`,
      birthDate: `${1940 + Math.floor(rand() * 80)}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`,
      sex: rand() < 0.5 ? 'M' : 'F',
      birthProvince: pad(1 + Math.floor(rand() * 20)),
      originProvince: pad(1 + Math.floor(rand() * 20)),
      fatherName: null,
      motherName: null,
      oldId: rand() < 0.3 ? String(100_000_000 + i) : null,
      unitCode: `${pad(1 + Math.floor(rand() * 20))}${String(Math.floor(rand() * 200)).padStart(3, '0')}`,
      householdKey: `h${Math.floor(i / 3)}`,
    });
  }
  const truth = new Set<string>();
  const mutations: Array<(r: LinkRecord) => LinkRecord> = [
    (r) => {
      const [f, m, g] = r.fullName.split(' ');
      return { ...r, fullName: `${f} ${g} ${m}` };
    },
    (r) => ({ ...r, fullName: strip(r.fullName) }),
    (r) => {
      const chars = [...r.fullName];
      const at = 1 + Math.floor(rand() * (chars.length - 2));
      chars[at] = chars[at] === ' ' ? ' ' : 'x';
      return { ...r, fullName: chars.join('') };
    },
    (r) => ({ ...r, birthDate: r.birthDate.slice(0, 4) }),
  ];
  const originals = records.length;
  for (let i = 0; i < originals; i += 25) {
    const original = records[i]!;
    const dup = pick(mutations)({ ...original, id: `d${i}`, oldId: null, householdKey: rand() < 0.5 ? original.householdKey : `hd${i}` });
    records.push(dup);
    truth.add(key(original.id, dup.id));
  }

  it('finds its duplicates with a model learnt from it (F1 ≥ 0.95; 0.974 measured)', async () => {
    const model = trainModel(records, { randomPairs: 200_000 });
    const result = await findDuplicates(records, model, { workers: 0 });
    const matches = result.pairs.filter((p) => decide(p.weight, model.thresholds) !== 'reject');
    const q = f1(matches, truth);
    expect(q.f1).toBeGreaterThanOrEqual(0.95);
  });
});

describe('worker threads at national scale', () => {
  it('get only as many copies of the records as fit in free memory', () => {
    const GiB = 2 ** 30;
    expect(workersThatFit(2, 1_000_000, 8 * GiB)).toBe(2);
    expect(workersThatFit(2, 5_000_000, 8 * GiB)).toBe(1);
    expect(workersThatFit(2, 10_000_000, 8 * GiB)).toBe(0);
    expect(workersThatFit(0, 10, 8 * GiB)).toBe(0);
  });
});
