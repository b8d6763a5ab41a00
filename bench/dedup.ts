/**
 * Duplicate detection on a generated population with injected duplicates (docs/generator.md,
 * truth.ndjson): trains the linkage model on the records alone, runs the batch and scores it
 * against the truth. `--people N` (default 1,000,000), `--seed`, `--workers`.
 *
 * A predicted pair is true when it is (duplicate, original) or two duplicates of one original.
 * wall_s is the batch (blocking + scoring); train_s the model's training (u sampling and EM).
 *
 * With `--registry` the product's path is measured too (bench/dedup-registry.ts): the files are
 * imported (PostgreSQL when DATABASE_URL is set, kept for the next run), `runDuplicateDetection`
 * runs over the registry, and the real-time lookup of a new record is timed (realtime_p95_ms).
 *
 * `--realtime-only` (with DATABASE_URL, for 10 million) skips both batches: the files are imported
 * once, every person's blocking keys are stored, the model is learnt on a million-record sample of
 * the registry, and only the real-time lookup is timed. Precision and recall are then null.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { DEFAULT_DEFECT_RATES, loadCommunesForGenerator, writePopulation, type HouseholdRecord, type PersonRecord, type TruthRecord } from '../src/modules/people/generator/index.js';
import { DEFAULT_AMBIGUITY_MARGIN, decide, findDuplicates, settleDecisions, sharesBlock, trainModel, type LinkRecord, type ScoredPair } from '../src/modules/quality/linkage/index.js';
import { args, log, OUT } from './common.js';
import { measureRegistry, type RegistryFigures } from './dedup-registry.js';

const opts = args({ workers: { type: 'string' }, registry: { type: 'boolean', default: false }, 'realtime-only': { type: 'boolean', default: false } });
const people = Number(opts.people);
const seed = String(opts.seed);
const workers = opts.workers === undefined ? undefined : Number(opts.workers);

/** Like common.population(), with defects on; its own folder so other benches' files stay clean. */
async function populationWithDefects(n: number, s: string): Promise<string> {
  const dir = path.join(OUT, `dedup-population-${s}-${n}`);
  if (fs.existsSync(path.join(dir, 'done'))) return dir;
  log(`generating ${n} people with defects into ${dir} …`);
  await writePopulation({ people: n, seed: s, defects: DEFAULT_DEFECT_RATES, communes: loadCommunesForGenerator('data/admin-units') }, dir, (p) => log(`  ${p.people} people`));
  fs.writeFileSync(path.join(dir, 'done'), '');
  return dir;
}

async function* lines<T>(file: string): AsyncGenerator<T> {
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) if (line.length > 0) yield JSON.parse(line) as T;
}

async function loadRecords(dir: string): Promise<LinkRecord[]> {
  const communes = new Map<string, string>();
  for await (const h of lines<HouseholdRecord>(path.join(dir, 'households.ndjson'))) communes.set(h.externalId, h.communeCode);
  const persons: PersonRecord[] = [];
  const names = new Map<string, string>();
  for await (const p of lines<PersonRecord>(path.join(dir, 'people.ndjson'))) {
    persons.push(p);
    names.set(p.externalId, p.fullName);
  }
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? null));
  return persons.map((p) => ({
    id: p.externalId,
    fullName: p.fullName,
    birthDate: p.birthDate,
    sex: p.sex,
    birthProvince: p.birthRegistrationProvinceCode,
    originProvince: p.originProvinceCode,
    fatherName: nameOf(p.fatherExternalId),
    motherName: nameOf(p.motherExternalId),
    oldId: p.oldIdNumber,
    unitCode: communes.get(p.householdExternalId) ?? null,
    householdKey: p.householdExternalId,
  }));
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** True pairs: each duplicate with its original, and duplicates of one original with each other. */
async function truePairs(dir: string): Promise<{ pairs: Map<string, string[]>; mutations: Map<string, string> }> {
  const groups = new Map<string, Array<{ id: string; mutations: string }>>();
  for await (const t of lines<TruthRecord>(path.join(dir, 'truth.ndjson'))) {
    if (t.kind !== 'duplicate') continue;
    const g = groups.get(t.originalExternalId) ?? [];
    g.push({ id: t.externalId, mutations: t.mutations.join('+') });
    groups.set(t.originalExternalId, g);
  }
  const pairs = new Map<string, string[]>();
  const mutations = new Map<string, string>();
  for (const [original, dups] of groups) {
    const members = [original, ...dups.map((d) => d.id)];
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const key = pairKey(members[x]!, members[y]!);
        pairs.set(key, [members[x]!, members[y]!]);
        mutations.set(key, x === 0 ? dups[y - 1]!.mutations : 'dup_dup');
      }
    }
  }
  return { pairs, mutations };
}

function quality(predicted: ScoredPair[], truth: Map<string, string[]>) {
  let tp = 0;
  for (const p of predicted) if (truth.has(pairKey(p.a, p.b))) tp++;
  const precision = predicted.length === 0 ? 1 : tp / predicted.length;
  const recall = truth.size === 0 ? 1 : tp / truth.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, precision, recall, f1 };
}

const dir = await populationWithDefects(people, seed);
if (opts['realtime-only']) {
  const rt = await measureRegistry(dir, people, seed, new Map(), workers ?? 2, true);
  console.log(
    JSON.stringify({
      bench: 'dedup',
      source: 'registry',
      people,
      precision: null,
      recall: null,
      f1: null,
      pairs_compared: null,
      wall_s: null,
      registry_engine: rt.engine,
      block_keys: rt.block_keys,
      realtime_p50_ms: Number(rt.realtime_p50_ms.toFixed(1)),
      realtime_p95_ms: Number(rt.realtime_p95_ms.toFixed(1)),
      realtime_samples: rt.realtime_samples,
    }),
  );
  process.exit(0);
}
log('loading records …');
const records = await loadRecords(dir);
const truth = await truePairs(dir);
log(`${records.length} records, ${truth.pairs.size} true pairs`);

const t0 = performance.now();
const model = trainModel(records, { log: (line) => log(`  ${line}`) });
const trainS = (performance.now() - t0) / 1000;
log(`trained in ${trainS.toFixed(1)} s`);
const bits = (m: number, u: number) => Math.log2(m / u).toFixed(1);
for (const f of model.fields) log(`  ${f.field}: ${f.levels.map((l) => (l.m === null ? `${l.level}=0` : `${l.level}=${bits(l.m, l.u!)}/${bits(l.m, l.uSameBirthProvince!)}/${bits(l.m, l.uSameHousehold!)}`)).join(' ')}`);
log(`  prior ${Math.log2(model.lambda / (1 - model.lambda)).toFixed(1)}`);

let lastShown = 0;
const t1 = performance.now();
const result = await findDuplicates(records, model, {
  ...(workers === undefined ? {} : { workers }),
  onProgress: (done, total) => {
    const now = performance.now();
    if (now - lastShown > 2000 || done === total) {
      lastShown = now;
      log(`  scored ${((100 * done) / total).toFixed(0)} % of ${total} block pairs`);
    }
  },
});
const wallS = (performance.now() - t1) / 1000;
log(`batch in ${wallS.toFixed(1)} s: ${result.pairsCompared} pairs compared, ${result.pairs.length} kept, ${result.blocks.splitBlocks} oversized blocks split`);

const indexOf = new Map(records.map((r, i) => [r.id, i]));
let reached = 0;
const missedByMutation = new Map<string, number>();
const totalByMutation = new Map<string, number>();
for (const [key, [a, b]] of truth.pairs) {
  const m = truth.mutations.get(key)!;
  totalByMutation.set(m, (totalByMutation.get(m) ?? 0) + 1);
  if (sharesBlock(result.blocks, indexOf.get(a!)!, indexOf.get(b!)!)) reached++;
  else missedByMutation.set(m, (missedByMutation.get(m) ?? 0) + 1);
}
const pairCompleteness = reached / Math.max(truth.pairs.size, 1);

// A record matched with two people who are not one person keeps at most its clearly strongest match (linkage/ambiguity.ts).
const matches = settleDecisions(result.pairs, model.thresholds).filter((p) => p.decision === 'match');
const margins: string[] = [];
for (const margin of [0, 2, DEFAULT_AMBIGUITY_MARGIN, 8]) {
  const s = quality(margin === 0 ? result.pairs.filter((p) => decide(p.weight, model.thresholds) === 'match') : settleDecisions(result.pairs, model.thresholds, { margin }).filter((p) => p.decision === 'match'), truth.pairs);
  margins.push(`${margin === 0 ? 'off' : margin}: P${s.precision.toFixed(4)} R${s.recall.toFixed(4)} F${s.f1.toFixed(4)}`);
}
log(`ambiguity margin: ${margins.join(' | ')}`);
const q = quality(matches, truth.pairs);
const withReview = quality(result.pairs, truth.pairs);
log(`match ≥ ${model.thresholds.match}: ${matches.length} pairs, precision ${q.precision.toFixed(4)} recall ${q.recall.toFixed(4)} F1 ${q.f1.toFixed(4)}`);
log(`review ≥ ${model.thresholds.review}: ${result.pairs.length} pairs, precision ${withReview.precision.toFixed(4)} recall ${withReview.recall.toFixed(4)}`);
log(`pair completeness ${pairCompleteness.toFixed(4)}; unreachable by mutation: ${JSON.stringify(Object.fromEntries(missedByMutation))}`);
// Recall at the match threshold by mutation, and F1 over a range of thresholds (for choosing the defaults).
const found = new Set(matches.map((p) => pairKey(p.a, p.b)));
const missedFound = new Map<string, number>();
for (const [key] of truth.pairs) if (!found.has(key)) missedFound.set(truth.mutations.get(key)!, (missedFound.get(truth.mutations.get(key)!) ?? 0) + 1);
log(`missed at match threshold by mutation (of total): ${[...missedFound].sort((x, y) => y[1] - x[1]).slice(0, 12).map(([m, n]) => `${m} ${n}/${totalByMutation.get(m)}`).join(', ')}`);
if (process.env.DEDUP_SHOW_FALSE) {
  const byId = new Map(records.map((r) => [r.id, r]));
  const fps = matches.filter((p) => !truth.pairs.has(pairKey(p.a, p.b))).slice(0, Number(process.env.DEDUP_SHOW_FALSE));
  for (const p of fps) {
    log(`FP ${p.weight.toFixed(1)} ${JSON.stringify(byId.get(p.a))}\n   ${JSON.stringify(byId.get(p.b))}\n   ${p.contributions.filter((c) => c.weight !== 0).map((c) => `${c.field}:${c.level}=${c.weight.toFixed(1)}`).join(' ')}`);
  }
}
const sweep: string[] = [];
for (let t = -4; t <= 16; t += 2) {
  const s = quality(result.pairs.filter((p) => p.weight >= t), truth.pairs);
  const settled = quality(settleDecisions(result.pairs, { match: t, review: Math.min(t, model.thresholds.review) }).filter((p) => p.decision === 'match'), truth.pairs);
  sweep.push(`${t}: P${s.precision.toFixed(3)} R${s.recall.toFixed(3)} F${s.f1.toFixed(4)} settled F${settled.f1.toFixed(4)}`);
}
log(`threshold sweep: ${sweep.join(' | ')}`);

let registry: RegistryFigures | undefined;
if (opts.registry) {
  registry = await measureRegistry(dir, people, seed, truth.pairs, workers ?? 2);
  log(`registry: ${JSON.stringify(registry)}`);
}

console.log(
  JSON.stringify({
    bench: 'dedup',
    source: 'files',
    people,
    precision: Number(q.precision.toFixed(4)),
    recall: Number(q.recall.toFixed(4)),
    f1: Number(q.f1.toFixed(4)),
    pairs_compared: result.pairsCompared,
    pair_completeness: Number(pairCompleteness.toFixed(4)),
    wall_s: Number(wallS.toFixed(1)),
    train_s: Number(trainS.toFixed(1)),
    ...(registry
      ? {
          registry_engine: registry.engine,
          registry_precision: registry.precision === null ? null : Number(registry.precision.toFixed(4)),
          registry_recall: registry.recall === null ? null : Number(registry.recall.toFixed(4)),
          registry_f1: registry.f1 === null ? null : Number(registry.f1.toFixed(4)),
          registry_wall_s: Number(registry.wall_s.toFixed(1)),
          realtime_p50_ms: Number(registry.realtime_p50_ms.toFixed(1)),
          realtime_p95_ms: Number(registry.realtime_p95_ms.toFixed(1)),
        }
      : // The real-time lookup needs the registry: --registry (or --realtime-only at 10 M) measures it.
        { realtime_p95_ms: null }),
  }),
);
