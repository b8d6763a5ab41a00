/**
 * Card verification per second: `npm run bench -- card-verify [--seconds S] [--rounds R] [--people N] [--db NAME] [--cards C] [--connections K]`.
 * 1. The library (src/modules/cards/verify.ts), in this process: QR payloads, MRZs and chip
 *    files (DG1 + DG2 with a photo + DG13, SOD signed by a Document Signer under a CSCA) made
 *    for generated people, each verified in a loop for S seconds, R rounds; medians.
 * 2. With DATABASE_URL (PostgreSQL): the API with the registry check at N people (1 million by
 *    default): C cards made through the real flow (application, intake, approval, batch,
 *    delivery), then `POST /api/cards/verify` with their QR payloads by an officer session over K
 *    connections, the server in its own process; the QR check alone is cheap, so this measures
 *    the registry check, the access-log row and the signed answer.
 * Last line: {"bench":"card-verify","qr_per_s":…,"mrz_per_s":…,"chip_per_s":…,"api_qr_per_s":…,"api_p99_ms":…,…}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import { systemActor, type OfficerActor } from '../src/kernel/actor.js';
import { createOfficer } from '../src/kernel/auth/officers.js';
import { todayInVietnam, systemClock } from '../src/kernel/clock.js';
import { actOnDossier, submitDossier } from '../src/modules/dossiers/index.js';
import { importPeople } from '../src/modules/people/index.js';
import { captureIntake, produceBatch, recordDelivery, verifyDocument } from '../src/modules/cards/index.js';
import { createCsca, createDocumentSigner, encodeDg1, encodeDg13, encodeDg2, signSod } from '../src/modules/cards/chip/index.js';
import { portraitPng, signaturePng, tenFingers } from '../src/modules/cards/demo-images.js';
import { buildMrz } from '../src/modules/cards/documents/mrz.js';
import { buildQr } from '../src/modules/cards/documents/qr.js';
import { cardExpiry } from '../src/modules/cards/documents/validity.js';
import * as cardStore from '../src/modules/cards/store.js';
import { withDatabase } from '../test/engine.js';
import { args, freshDatabase, log, median, population } from './common.js';

const opts = args({ seconds: { type: 'string', default: '3' }, rounds: { type: 'string', default: '3' }, db: { type: 'string' }, cards: { type: 'string', default: '200' }, connections: { type: 'string', default: '16' } });
const seconds = Number(opts.seconds);
const rounds = Number(opts.rounds);
const today = todayInVietnam(systemClock);

// ── 1. the library ──
const SAMPLE = 200;
const sample = Array.from({ length: SAMPLE }, (_, i) => {
  const year = 1950 + (i % 60);
  const sex = i % 2 ? 'F' : 'M';
  const pin = `001${year < 2000 ? (sex === 'M' ? 0 : 1) : sex === 'M' ? 2 : 3}${String(year % 100).padStart(2, '0')}${String(100000 + i).padStart(6, '0')}`;
  const birthDate = `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
  const fullName = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hoàng Cường', 'Phạm Thị Dung'][i % 4]!;
  return { pin, birthDate, sex: sex as 'M' | 'F', fullName, expiryDate: cardExpiry(birthDate, '2025-06-01'), address: `Số ${i}, phố Kim Mã, Phường Ba Đình, Thành phố Hà Nội` };
});
const qrs = sample.map((p) => buildQr({ pin: p.pin, oldId: null, fullName: p.fullName, birthDate: p.birthDate, sex: p.sex, address: p.address, issueDate: '2025-06-01' }));
const mrzs = sample.map((p) => buildMrz({ pin: p.pin, fullName: p.fullName, birthDate: p.birthDate, sex: p.sex, expiryDate: p.expiryDate }));
const at = new Date();
const year = 365 * 86_400_000;
const csca = await createCsca({ commonName: 'Bench CSCA', country: 'VN', validFrom: new Date(at.getTime() - year), validTo: new Date(at.getTime() + 10 * year) });
const ds = await createDocumentSigner(csca, { commonName: 'Bench DS', validFrom: new Date(at.getTime() - year), validTo: new Date(at.getTime() + 5 * year) });
const photo = portraitPng(1);
const chips: Array<{ dg1: Uint8Array; dg2: Uint8Array; dg13: Uint8Array; sod: Uint8Array }> = [];
for (const [i, p] of sample.slice(0, 50).entries()) {
  const dg1 = encodeDg1(mrzs[i]!);
  const dg2 = encodeDg2(photo);
  const dg13 = encodeDg13({ pin: p.pin, fullName: p.fullName, birthDate: p.birthDate, sex: p.sex, nationality: 'Việt Nam', ethnicity: 'Kinh', religion: null, originPlace: 'Nam Định', residencePlace: p.address, identifyingMarks: null, issueDate: '2025-06-01', expiryDate: p.expiryDate, fatherName: null, motherName: null, spouseName: null, oldId: null });
  chips.push({ dg1, dg2, dg13, sod: await signSod({ 1: dg1, 2: dg2, 13: dg13 }, ds) });
}
const trust = { cscaCertificatesDer: [csca.certificateDer], revokedSignerSerials: [] };

async function perSecond(name: string, one: (i: number) => Promise<{ valid: boolean }>): Promise<number> {
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const until = performance.now() + seconds * 1000;
    const start = performance.now();
    while (performance.now() < until) {
      const res = await one(n);
      if (!res.valid) throw new Error(`${name} sample ${n} did not verify`);
      n++;
    }
    rates.push(n / ((performance.now() - start) / 1000));
    log(`  ${name} round ${r + 1}: ${Math.round(rates.at(-1)!)}/s`);
  }
  return Math.round(median(rates));
}

log('library: QR, MRZ, chip …');
const qrPerS = await perSecond('qr', (i) => verifyDocument({ kind: 'qr', text: qrs[i % SAMPLE]! }, null, today));
const mrzPerS = await perSecond('mrz', (i) => verifyDocument({ kind: 'mrz', text: mrzs[i % SAMPLE]! }, null, today));
const chipPerS = await perSecond('chip', (i) => verifyDocument({ kind: 'chip', files: chips[i % chips.length]! }, trust, today, at));
const figures: Record<string, unknown> = { bench: 'card-verify', qr_per_s: qrPerS, mrz_per_s: mrzPerS, chip_per_s: chipPerS, rounds, seconds };

// ── 2. the API with the registry check (PostgreSQL) ──
const server = process.env.DATABASE_URL;
if (!server) {
  log('DATABASE_URL not set: the API part (registry check at 1 million people) needs PostgreSQL; library figures only');
  process.stdout.write(`${JSON.stringify({ ...figures, engine: 'none' })}\n`);
  process.exit(0);
}
const people = Number(opts.people);
const bench = await freshDatabase((opts.db as string | undefined) ?? `dancu_bench_cards_${people}`);
const dbName = (await bench.db.pool.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;
process.env.DANCU_MASTER_KEY = createHash('sha256').update(`dancu-bench:${dbName}`).digest('base64');
const { createContext } = await import('../src/app.js');
const ctx = createContext({ db: bench.db, log: bench.ctx.log });
let child: ChildProcess | undefined;
try {
  if (!bench.loaded) {
    const dir = await population(people, String(opts.seed));
    log(`loading ${people} people …`);
    await importPeople(ctx, systemActor('bench'), { peopleFile: path.join(dir, 'people.ndjson'), householdsFile: path.join(dir, 'households.ndjson'), reportFile: path.join(dir, 'bench.rejected.ndjson') });
    await bench.db.pool.query('ANALYZE');
  } else log(`reusing database ${dbName}`);
  const national: OfficerActor = { kind: 'officer', id: 'bench-national', username: 'bench.national', role: 'national_officer', unitLevel: 'nation', unitCode: null, provinceCode: null };
  const want = Number(opts.cards);
  const have = Number((await bench.db.pool.query<{ n: string }>("SELECT count(*) AS n FROM card WHERE stage = 'delivered'")).rows[0]!.n);
  if (have < want) {
    log(`making ${want - have} cards through the real flow …`);
    const candidates = (await bench.db.pool.query<{ pin: string; unit_code: string }>(
      `SELECT p.pin, r.unit_code FROM person p JOIN residence r ON r.person_id = p.id AND r.kind = 'permanent' AND r.valid_to IS NULL
        WHERE p.status = 'living' AND p.birth_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND p.birth_date < '2005' AND NOT EXISTS (SELECT 1 FROM card c WHERE c.person_id = p.id) LIMIT $1`,
      [(want - have) * 3],
    )).rows;
    let made = 0;
    for (const c of candidates) {
      if (made >= want - have) break;
      let d = await submitDossier(ctx, national, { procedure: 'CARD.first-issue', applicantPin: c.pin, unitCode: c.unit_code, channel: 'counter', requestId: `bench-${c.pin}`, form: { deliveryMethod: 'office' } });
      if (d.state !== 'submitted') continue;
      await captureIntake(ctx, national, d.id, { place: 'desk', photo: portraitPng(made + 1000), fingers: tenFingers(made + 1000), signature: signaturePng(made) });
      for (const type of ['receive', 'pay_fee', 'review', 'decide'] as const) {
        if (type === 'pay_fee' && d.state !== 'received') continue;
        d = await actOnDossier(ctx, national, d.id, { type, expectedSeq: d.lastSeq, payload: type === 'decide' ? { outcome: 'approve' } : type === 'pay_fee' ? { method: 'cash' } : {} });
      }
      made++;
      if (made % 50 === 0) log(`  ${made} applications approved`);
    }
    await produceBatch(ctx, national, { limit: 5000 });
    for (const card of (await cardStore.listCards(bench.db.pool, { stage: 'produced', scope: null, limit: 5000, offset: 0 })).items) await recordDelivery(ctx, national, card.id, { to: 'delivered' });
    await bench.db.pool.query('ANALYZE card');
  }
  const payloads = (await bench.db.pool.query<{ qr: string }>("SELECT qr FROM card WHERE stage = 'delivered' AND qr IS NOT NULL LIMIT 5000")).rows.map((r) => r.qr);
  const PASSWORD = 'bench-password-2026';
  if ((await bench.db.pool.query("SELECT 1 FROM officer WHERE username = 'bench.verifier'")).rowCount === 0) {
    await createOfficer(ctx, systemActor('bench'), { username: 'bench.verifier', displayName: 'Cán bộ kiểm tra thẻ', password: PASSWORD, role: 'national_officer', unitCode: null });
  }
  const port = 39_000 + Math.floor(Math.random() * 1000);
  const url = withDatabase(server, dbName);
  child = await new Promise<ChildProcess>((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'bench/reads-server.ts', '--url', url, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    c.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(c));
    c.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench.verifier', password: PASSWORD }) });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const connections = Number(opts.connections);
  // Three modes in the same rounds: an officer's check (registry view), the same check anonymous
  // (document checks, access row and signed answer, no registry), and GET /health (the HTTP floor).
  const modes = {
    officer: { method: 'POST' as const, path: '/api/cards/verify', officer: true },
    anonymous: { method: 'POST' as const, path: '/api/cards/verify', officer: false },
    health: { method: 'GET' as const, path: '/health', officer: false },
  };
  const results: Record<keyof typeof modes, Array<{ rps: number; p99: number }>> = { officer: [], anonymous: [], health: [] };
  for (let r = 0; r <= rounds; r++) {
    for (const [name, m] of Object.entries(modes) as Array<[keyof typeof modes, (typeof modes)[keyof typeof modes]]>) {
      let i = 0;
      const headers: Record<string, string> = m.officer ? { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' } : { 'content-type': 'application/json' };
      const result = await autocannon({
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: r === 0 ? 2 : seconds * 2,
        requests: [{ method: m.method, setupRequest: (req) => ({ ...req, path: m.path, headers, ...(m.method === 'POST' ? { body: JSON.stringify({ qr: payloads[i++ % payloads.length] }) } : {}) }) }],
      });
      const bad = result.non2xx + result.errors + result.timeouts;
      if (bad > 0) throw new Error(`${bad} ${name} requests failed`);
      if (r === 0) continue; // warm-up round
      results[name].push({ rps: result.requests.average, p99: result.latency.p99 });
      log(`  api round ${r} ${name}: ${Math.round(result.requests.average)}/s p99 ${result.latency.p99} ms`);
    }
  }
  const med = (name: keyof typeof modes) => ({ rps: Math.round(median(results[name].map((a) => a.rps))), p99: median(results[name].map((a) => a.p99)) });
  const officer = med('officer');
  const anonymous = med('anonymous');
  const health = med('health');
  Object.assign(figures, {
    engine: bench.engine,
    people,
    cards: payloads.length,
    connections,
    api_qr_per_s: officer.rps,
    api_p99_ms: officer.p99,
    api_anonymous_per_s: anonymous.rps,
    api_anonymous_p99_ms: anonymous.p99,
    health_per_s: health.rps,
    registry_check_ratio: Number((officer.rps / anonymous.rps).toFixed(3)),
  });
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  if (child) {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
  await ctx.accessLog.drain();
  await bench.close();
}
