/**
 * Name/PIN search latency on a generated population: `npm run bench -- search [--people N]`.
 * Times the service call an officer's search makes (query expansion, index lookups and the
 * access-log rows for every person shown). Prints
 * {"bench":"search","engine":…,"people":…,"p50_ms":…,"p95_ms":…,"p99_ms":…}.
 */
import path from 'node:path';
import { systemActor, type OfficerActor } from '../src/kernel/actor.js';
import { foldName } from '../src/kernel/fold.js';
import { importPeople, searchPeople } from '../src/modules/people/index.js';
import { args, freshDatabase, log, population } from './common.js';

const opts = args({ queries: { type: 'string', default: '600' }, db: { type: 'string' } });
const people = Number(opts.people);
const queries = Number(opts.queries);
const dir = await population(people, String(opts.seed));
const bench = await freshDatabase(opts.db as string | undefined);
try {
  if (bench.loaded) log(`reusing database ${String(opts.db)}`);
  else log(`loading ${people} people on ${bench.engine} …`);
  if (!bench.loaded) await importPeople(bench.ctx, systemActor('bench'), { peopleFile: path.join(dir, 'people.ndjson'), householdsFile: path.join(dir, 'households.ndjson'), reportFile: path.join(dir, 'bench.rejected.ndjson') });
  await bench.db.pool.query('ANALYZE');
  const sample = (await bench.db.pool.query<{ full_name: string; birth_year: number; pin: string; unit_code: string; province_code: string }>(
    `SELECT full_name, birth_year, pin, unit_code, province_code FROM person TABLESAMPLE SYSTEM (2) LIMIT ${queries}`,
  )).rows;
  const typo = (s: string) => {
    const words = s.split(' ');
    const w = words[words.length - 1]!;
    if (w.length >= 3) words[words.length - 1] = w[0]! + w[2]! + w[1]! + w.slice(3);
    return words.join(' ');
  };
  const national = systemActor('bench-search');
  const provincial = (code: string): OfficerActor => ({ kind: 'officer', id: 'bench-province', username: 'bench', role: 'province_officer', unitLevel: 'province', unitCode: code, provinceCode: code });
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < sample.length; i++) {
    const s = sample[i]!;
    const kind = i % 4;
    const q = kind === 0 ? s.full_name : kind === 1 ? typo(foldName(s.full_name)) : kind === 2 ? foldName(s.full_name) : s.pin;
    const actor = kind === 2 ? provincial(s.province_code) : national;
    const t0 = performance.now();
    const r = await searchPeople(bench.ctx, actor, { q, ...(kind === 2 ? { birthYear: s.birth_year } : {}), page: 1, pageSize: 20, purpose: { code: 'official_lookup', note: 'benchmark' } });
    times.push(performance.now() - t0);
    if (r.items.some((h) => h.pin === s.pin) || r.total > 20) hits++;
  }
  const sorted = times.slice(20).sort((a, b) => a - b); // the first 20 warm caches
  const pct = (p: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2));
  log(`${hits}/${sample.length} searches found the sampled person (or a full page of namesakes)`);
  process.stdout.write(`${JSON.stringify({ bench: 'search', engine: bench.engine, people, queries: sorted.length, p50_ms: pct(50), p95_ms: pct(95), p99_ms: pct(99), found_ratio: Number((hits / sample.length).toFixed(3)) })}\n`);
} finally {
  await bench.close();
}
