/**
 * Residence dossiers end to end: `npm run bench -- dossiers [--people N] [--dossiers D] [--db NAME] [--concurrency C] [--open-share S]`.
 * On PostgreSQL (DATABASE_URL) with N people (1 million by default), commune officers file
 * D temporary-residence registrations at the counter (100,000 by default) for people living
 * elsewhere, attach the CT01 declaration, receive, take the fee, review, approve (the
 * approval records the temporary residence in the registry in the same transaction) and
 * notify the result. A share of the dossiers (`--open-share`, 0.1) stays received so the
 * open queue has work in it. Then the work-queue page (`GET /api/dossiers`, 50 rows, open and
 * all states) is read through the HTTP app for random communes, and its p95 reported.
 * Prints `{"bench":"dossiers","engine":…,"dossiers":…,"per_s":…,"queue_p95_ms":…}`.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.js';
import type { OfficerActor } from '../src/kernel/actor.js';
import { systemActor } from '../src/kernel/actor.js';
import { createOfficer } from '../src/kernel/auth/officers.js';
import { actOnDossier, prepareUpload, storeAttachment, submitDossier, type ActionInput, type DossierDetails } from '../src/modules/dossiers/index.js';
import { importPeople } from '../src/modules/people/index.js';
import '../src/modules/residence/index.js';
import { args, freshDatabase, log, median, population } from './common.js';

const opts = args({ db: { type: 'string' }, dossiers: { type: 'string', default: '100000' }, concurrency: { type: 'string', default: '12' }, communes: { type: 'string', default: '200' }, 'open-share': { type: 'string', default: '0.1' }, samples: { type: 'string', default: '400' } });
const people = Number(opts.people);
const total = Number(opts.dossiers);
const concurrency = Number(opts.concurrency);
const openShare = Number(opts['open-share']);
const server = process.env.DATABASE_URL;
const keep = (opts.db as string | undefined) ?? (server ? `dancu_bench_dossiers_${people}` : undefined);
const bench = await freshDatabase(keep, concurrency + 4);
const dbName = (await bench.db.pool.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;
// One master key per benchmark database (sealed keys must open on every run): not a secret.
process.env.DANCU_MASTER_KEY = createHash('sha256').update(`dancu-bench:${dbName}`).digest('base64');
const ctx = bench.ctx;
const PASSWORD = 'bench-password-2026';
// The smallest PDF: the content store keeps one copy, each dossier its own attachment row.
const CT01_PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
}

try {
  if (!bench.loaded || (await bench.db.pool.query('SELECT 1 FROM person LIMIT 1')).rowCount === 0) {
    const dir = await population(people, String(opts.seed));
    log(`loading ${people} people …`);
    await importPeople(ctx, systemActor('bench'), { peopleFile: path.join(dir, 'people.ndjson'), householdsFile: path.join(dir, 'households.ndjson'), reportFile: path.join(dir, 'bench.rejected.ndjson') });
    await bench.db.pool.query('ANALYZE');
  } else log(`reusing database ${dbName}`);

  // The most populous communes, one officer each (the counter that files and decides).
  const communes = (
    await bench.db.pool.query<{ unit_code: string; province_code: string }>(
      `SELECT unit_code, province_code FROM person WHERE unit_code IS NOT NULL GROUP BY unit_code, province_code ORDER BY count(*) DESC LIMIT $1`,
      [Number(opts.communes)],
    )
  ).rows;
  const officers: OfficerActor[] = [];
  for (const c of communes) {
    const username = `bench.counter.${c.unit_code}`;
    let row = (await bench.db.pool.query<{ id: string }>('SELECT id FROM officer WHERE username = $1', [username])).rows[0];
    if (!row) row = await createOfficer(ctx, systemActor('bench'), { username, displayName: `Cán bộ một cửa ${c.unit_code}`, password: PASSWORD, role: 'commune_officer', unitCode: c.unit_code });
    officers.push({ kind: 'officer', id: row.id, username, role: 'commune_officer', unitLevel: 'commune', unitCode: c.unit_code, provinceCode: c.province_code });
  }

  // Living adults with no open temporary residence, filed at a commune that is not their own.
  log(`choosing ${total} applicants …`);
  const applicants = (
    await bench.db.pool.query<{ pin: string; unit_code: string | null }>(
      `SELECT p.pin, p.unit_code FROM person p
        WHERE p.status = 'living' AND p.birth_year <= $2
          AND NOT EXISTS (SELECT 1 FROM residence r WHERE r.person_id = p.id AND r.kind = 'temporary' AND r.valid_to IS NULL)
        ORDER BY md5(p.pin) LIMIT $1`,
      [total, new Date().getFullYear() - 18],
    )
  ).rows;
  if (applicants.length < total) throw new Error(`only ${applicants.length} people can still register a temporary residence; load more people or use a fresh --db`);
  const runTag = Date.now().toString(36);

  let next = 0;
  let done = 0;
  const lastReport = { at: performance.now() };
  const act = async (actor: OfficerActor, d: DossierDetails, input: Omit<ActionInput, 'expectedSeq'>) => timed(input.type, () => actOnDossier(ctx, actor, d.id, { ...input, expectedSeq: d.lastSeq }));

  const stepMs = new Map<string, number>();
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      stepMs.set(name, (stepMs.get(name) ?? 0) + performance.now() - t0);
    }
  };
  async function one(i: number): Promise<void> {
    const a = applicants[i]!;
    let officer = officers[i % officers.length]!;
    if (officer.unitCode === a.unit_code) officer = officers[(i + 1) % officers.length]!;
    let d = await timed('submit', () => submitDossier(ctx, officer, {
      procedure: 'RES.temporary-registration',
      applicantPin: a.pin,
      unitCode: officer.unitCode!,
      channel: 'counter',
      requestId: `bench-${runTag}-${i}`,
      form: { address: `Số ${(i % 300) + 1}, ngõ ${(i % 97) + 1}, tổ dân phố ${(i % 12) + 1}`, validFrom: day(0), plannedEnd: day(180) },
    }));
    const upload = { documentCode: 'CT01', fileName: 'to-khai-CT01.pdf' };
    await timed('attach', async () => storeAttachment(ctx, officer, await prepareUpload(ctx, officer, d.id, upload), upload, Readable.from([CT01_PDF])));
    d = await act(officer, d, { type: 'receive' });
    if (d.state !== 'fee_paid') d = await act(officer, d, { type: 'pay_fee', payload: { method: 'cash', receiptNo: `BL-${i}` } });
    if (i % Math.round(1 / openShare) === 0) return; // stays in the open queue
    d = await act(officer, d, { type: 'review' });
    d = await act(officer, d, { type: 'decide', payload: { outcome: 'approve' } });
    await act(officer, d, { type: 'notify_result' });
  }

  async function worker(): Promise<void> {
    for (let i = next++; i < total; i = next++) {
      await one(i);
      done++;
      if (performance.now() - lastReport.at > 5_000) {
        lastReport.at = performance.now();
        log(`  ${done}/${total} dossiers (${Math.round(done / ((performance.now() - started) / 1000))}/s)`);
      }
    }
  }

  log(`filing and deciding ${total} dossiers with ${concurrency} concurrent counters …`);
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  const seconds = (performance.now() - started) / 1000;
  log(`time per step (ms per dossier): ${JSON.stringify(Object.fromEntries([...stepMs].map(([k, v]) => [k, Math.round(v / total)])))}`);
  await ctx.accessLog.drain();
  await bench.db.pool.query('ANALYZE');

  // The work-queue page through the HTTP app, as the officer's browser asks for it.
  const app = await buildApp({ db: bench.db, accessLog: ctx.accessLog, keys: ctx.keys, log: ctx.log });
  const timings: number[] = [];
  try {
    const cookies = new Map<string, string>();
    for (const o of officers.slice(0, 8)) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: o.username, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      cookies.set(o.username, res.cookies.map((c) => `${c.name}=${c.value}`).join('; '));
    }
    const logged = [...cookies.entries()];
    const samples = Number(opts.samples);
    for (let s = 0; s < samples + 20; s++) {
      const [, cookie] = logged[s % logged.length]!;
      const state = s % 2 ? 'all' : 'open';
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url: `/api/dossiers?state=${state}&page=1&pageSize=50&purpose=dossier_processing`, headers: { cookie } });
      const ms = performance.now() - t0;
      if (res.statusCode !== 200) throw new Error(`queue page: ${res.statusCode} ${res.body}`);
      if (s >= 20) timings.push(ms); // the first ones warm the JIT and the caches
    }
  } finally {
    await app.close();
  }
  timings.sort((a, b) => a - b);
  const p95 = timings[Math.floor(timings.length * 0.95)]!;
  const figures = { bench: 'dossiers', engine: bench.engine, people, dossiers: total, decided: total - Math.ceil(total * openShare), concurrency, seconds: Math.round(seconds), per_s: Math.round(total / seconds), queue_p50_ms: Number(median(timings).toFixed(1)), queue_p95_ms: Number(p95.toFixed(1)) };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  await bench.close();
}
