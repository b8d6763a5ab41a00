/**
 * Name/PIN search on a generated population: `npm run bench -- search [--people N] [--queries N]
 * [--per-class N]`. Times the service call an officer's search makes (query expansion, index
 * lookups and the access-log rows for every person shown) over two sets of questions:
 * - the base mix (exact names, folded names with a swap, province-scoped with birth year, PINs);
 * - the typo mix: per class (transposition, deletion, insertion, substitution, Telex/VNI residue,
 *   no diacritics, spacing) `--per-class` people, each searched by their name with one mistake of
 *   that class and their birth year, as an officer with the person in front of them would, at
 *   national scope, ten results a page.
 * A question is answered when the first ten results hold the person or someone the question
 * cannot tell apart from them (same name and birth year; for Telex/VNI, which carries the marks,
 * the same name with its diacritics, otherwise the same name folded). recall_at_10 is over the misspellings;
 * an edit that spells another name word ("lan" → "an") asks for that other name, whose people
 * rightly come first, so it is counted apart (spelled_other_name, and within recall_at_10_all).
 * person_recall_at_10 counts only the person themself; the "exact" class (the right name,
 * folded) shows the ceiling namesakes leave. Prints one JSON object as the last line of stdout.
 */
import path from 'node:path';
import { systemActor, type OfficerActor } from '../src/kernel/actor.js';
import { foldName } from '../src/kernel/fold.js';
import { Prng } from '../src/modules/people/generator/prng.js';
import { importPeople, searchPeople } from '../src/modules/people/index.js';
import { args, freshDatabase, log, population } from './common.js';
import { TYPO_CLASSES, typo, type TypoClass } from './typos.js';

const opts = args({ queries: { type: 'string', default: '600' }, 'per-class': { type: 'string', default: '200' }, db: { type: 'string' } });
const people = Number(opts.people);
const queries = Number(opts.queries);
const perClass = Number(opts['per-class']);
const dir = await population(people, String(opts.seed));
const bench = await freshDatabase(opts.db as string | undefined);

interface Sampled {
  full_name: string;
  birth_year: number;
  pin: string;
  unit_code: string;
  province_code: string;
}

const percentile = (times: number[], p: number) => {
  const sorted = [...times].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2));
};
const ratio = (n: number, of: number) => Number((of ? n / of : 0).toFixed(3));

try {
  if (bench.loaded) log(`reusing database ${String(opts.db)}`);
  else log(`loading ${people} people on ${bench.engine} …`);
  if (!bench.loaded) await importPeople(bench.ctx, systemActor('bench'), { peopleFile: path.join(dir, 'people.ndjson'), householdsFile: path.join(dir, 'households.ndjson'), reportFile: path.join(dir, 'bench.rejected.ndjson') });
  await bench.db.pool.query('ANALYZE');
  const wanted = queries + perClass * (TYPO_CLASSES.length + 1) * 2;
  const percent = Math.min(100, (100 * wanted) / Math.max(people, 1));
  const sample = (await bench.db.pool.query<Sampled>(
    `SELECT full_name, birth_year, pin, unit_code, province_code FROM person TABLESAMPLE BERNOULLI (${percent.toFixed(4)}) REPEATABLE (7) WHERE birth_year IS NOT NULL`,
  )).rows;
  const rng = new Prng(`search-bench-${String(opts.seed)}`);
  for (let i = sample.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [sample[i], sample[j]] = [sample[j]!, sample[i]!];
  }
  const dictionary = new Set((await bench.db.pool.query<{ token: string }>('SELECT token FROM name_token')).rows.map((r) => r.token));

  // The base mix, as before the typo mix existed, so its latency stays comparable.
  const swap = (s: string) => {
    const words = s.split(' ');
    const w = words[words.length - 1]!;
    if (w.length >= 3) words[words.length - 1] = w[0]! + w[2]! + w[1]! + w.slice(3);
    return words.join(' ');
  };
  const national = systemActor('bench-search');
  const provincial = (code: string): OfficerActor => ({ kind: 'officer', id: 'bench-province', username: 'bench', role: 'province_officer', unitLevel: 'province', unitCode: code, provinceCode: code });
  const baseTimes: number[] = [];
  let baseHits = 0;
  const base = sample.slice(0, queries);
  for (let i = 0; i < base.length; i++) {
    const s = base[i]!;
    const kind = i % 4;
    const q = kind === 0 ? s.full_name : kind === 1 ? swap(foldName(s.full_name)) : kind === 2 ? foldName(s.full_name) : s.pin;
    const actor = kind === 2 ? provincial(s.province_code) : national;
    const t0 = performance.now();
    const r = await searchPeople(bench.ctx, actor, { q, ...(kind === 2 ? { birthYear: s.birth_year } : {}), page: 1, pageSize: 20, purpose: { code: 'official_lookup', note: 'benchmark' } });
    if (i >= 20) baseTimes.push(performance.now() - t0); // the first 20 warm caches
    if (r.items.some((h) => h.pin === s.pin) || r.total > 20) baseHits++;
  }
  log(`base mix: ${baseHits}/${base.length} searches found the sampled person (or a full page of namesakes)`);

  // The typo mix: each class asks about different people, drawn in turn from the rest of the sample.
  const classes: Array<TypoClass | 'exact'> = ['exact', ...TYPO_CLASSES];
  const stats = new Map(classes.map((c) => [c, { asked: 0, misspelt: 0, recalled: 0, person: 0, spellsWord: 0, spellsWordRecalled: 0, times: [] as number[], missed: [] as string[] }]));
  let next = queries;
  for (const kind of classes) {
    const st = stats.get(kind)!;
    while (st.asked < perClass && next < sample.length) {
      const s = sample[next++]!;
      const q = kind === 'exact' ? foldName(s.full_name) : typo(rng, s.full_name, kind);
      if (q === undefined) continue;
      const spellsWord = ['transposition', 'deletion', 'insertion', 'substitution'].includes(kind) && q.split(' ').every((w) => dictionary.has(w));
      const t0 = performance.now();
      const r = await searchPeople(bench.ctx, national, { q, birthYear: s.birth_year, page: 1, pageSize: 10, purpose: { code: 'official_lookup', note: 'benchmark' } });
      st.times.push(performance.now() - t0);
      // Typed in Telex/VNI, the question carries the marks, so Lân is not Lan's namesake there.
      const asWritten = (name: string) => (kind === 'telex_vni' ? name.normalize('NFC').toLowerCase() : foldName(name));
      const target = asWritten(s.full_name);
      const recalled = r.items.some((h) => h.pin === s.pin || asWritten(h.fullName) === target);
      st.asked++;
      if (spellsWord) {
        st.spellsWord++;
        if (recalled) st.spellsWordRecalled++;
      } else {
        st.misspelt++;
        if (recalled) st.recalled++;
        else if (st.missed.length < 5) st.missed.push(`${q} (${s.full_name} ${s.birth_year})`);
        if (r.items.some((h) => h.pin === s.pin)) st.person++;
      }
    }
  }
  const typoTimes: number[] = [];
  for (const [kind, st] of stats) {
    typoTimes.push(...st.times);
    log(`${kind.padEnd(14)} recall@10 ${ratio(st.recalled, st.misspelt)} (${st.recalled}/${st.misspelt}), person ${ratio(st.person, st.misspelt)}, p95 ${percentile(st.times, 95)} ms` +
      (st.spellsWord ? `; the edit spelled another name word ${st.spellsWord}× (that person still in the first ten ${st.spellsWordRecalled}×)` : '') +
      (st.missed.length ? `; missed e.g. ${st.missed.join(' · ')}` : ''));
  }
  const all = [...baseTimes, ...typoTimes];
  const perClassFigure = (f: (st: (typeof stats extends Map<unknown, infer V> ? V : never)) => number) => Object.fromEntries([...stats].map(([k, st]) => [k, f(st)]));
  process.stdout.write(`${JSON.stringify({
    bench: 'search',
    engine: bench.engine,
    people,
    queries: all.length,
    p50_ms: percentile(all, 50),
    p95_ms: percentile(all, 95),
    p99_ms: percentile(all, 99),
    found_ratio: ratio(baseHits, base.length),
    recall_at_10: perClassFigure((st) => ratio(st.recalled, st.misspelt)),
    person_recall_at_10: perClassFigure((st) => ratio(st.person, st.misspelt)),
    recall_at_10_all: perClassFigure((st) => ratio(st.recalled + st.spellsWordRecalled, st.asked)),
    spelled_other_name: perClassFigure((st) => st.spellsWord),
    p95_ms_by_class: { base: percentile(baseTimes, 95), ...perClassFigure((st) => percentile(st.times, 95)) },
    per_class: perClass,
  })}\n`);
} finally {
  await bench.close();
}
