/**
 * Logged person reads over HTTP: `npm run bench -- reads [--people N] [--db NAME] [--seconds S] [--connections C] [--rounds R]`.
 * An officer's `GET /api/people/{pin}` (one person read, its access row written before the
 * answer) on PostgreSQL at N people (1 million by default), C concurrent connections spread
 * over many officer sessions, against the same route with logging switched off in the same
 * run (a server started with the benchmark-only unlogged access log), R rounds alternating
 * the two. Prints one line per round and, last, the medians:
 * {"bench":"reads","engine":…,"connections":…,"rps":…,"p99_ms":…,"unlogged_rps":…,"ratio":…}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import { systemActor } from '../src/kernel/actor.js';
import { createOfficer } from '../src/kernel/auth/officers.js';
import { importPeople } from '../src/modules/people/index.js';
import { withDatabase } from '../test/engine.js';
import { args, freshDatabase, log, median, population } from './common.js';

const opts = args({ db: { type: 'string' }, seconds: { type: 'string', default: '15' }, connections: { type: 'string', default: '32' }, rounds: { type: 'string', default: '3' }, sessions: { type: 'string', default: '64' } });
const server = process.env.DATABASE_URL;
if (!server) {
  log('the reads benchmark needs DATABASE_URL (PostgreSQL): PGlite serves one connection at a time');
  process.exit(2);
}
const people = Number(opts.people);
const seconds = Number(opts.seconds);
const connections = Number(opts.connections);
const bench = await freshDatabase(opts.db as string | undefined);
const dbName = (await bench.db.pool.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;
const dbUrl = withDatabase(server, dbName);
// One master key for every server process and every run on this database (the sealed audit
// and OIDC keys must open in each): a benchmark database's key, not a secret.
process.env.DANCU_MASTER_KEY = createHash('sha256').update(`dancu-bench:${dbName}`).digest('base64');
const PASSWORD = 'bench-password-2026';

function startServer(port: number, unlogged: boolean): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // READS_SERVER_NODE_ARGS: extra node flags for the measured server (e.g. "--cpu-prof --cpu-prof-dir=bench-output/prof").
    const extra = (process.env.READS_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...extra, '--import', 'tsx', 'bench/reads-server.ts', '--url', dbUrl, '--port', String(port), ...(unlogged ? ['--unlogged'] : [])], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function run(port: number, pins: string[], cookies: string[], secs: number) {
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: secs,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const n = i++;
          return { ...req, path: `/api/people/${pins[n % pins.length]}?purpose=official_lookup&purposeNote=benchmark`, headers: { cookie: cookies[n % cookies.length]! } };
        },
      },
    ],
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${bad} requests failed (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`);
  return { rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50 };
}

try {
  if (!bench.loaded) {
    const dir = await population(people, String(opts.seed));
    log(`loading ${people} people …`);
    await importPeople(bench.ctx, systemActor('bench'), { peopleFile: path.join(dir, 'people.ndjson'), householdsFile: path.join(dir, 'households.ndjson'), reportFile: path.join(dir, 'bench.rejected.ndjson') });
    await bench.db.pool.query('ANALYZE');
  } else log(`reusing database ${dbName}`);
  const sessions = Number(opts.sessions);
  for (let i = 0; i < sessions; i++) {
    const username = `bench.officer.${i}`;
    const exists = await bench.db.pool.query('SELECT 1 FROM officer WHERE username = $1', [username]);
    if (exists.rowCount === 0) await createOfficer(bench.ctx, systemActor('bench'), { username, displayName: `Cán bộ đo ${i}`, password: PASSWORD, role: 'national_officer', unitCode: null });
  }
  const pins = (await bench.db.pool.query<{ pin: string }>('SELECT pin FROM person TABLESAMPLE SYSTEM (2) LIMIT 20000')).rows.map((r) => r.pin);
  const port = 39_000 + Math.floor(Math.random() * 1000);
  // Log every officer in once, through the real login route; the sessions live in the database.
  const first = await startServer(port, false);
  const cookies: string[] = [];
  for (let i = 0; i < sessions; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `bench.officer.${i}`, password: PASSWORD }) });
    if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    cookies.push(res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '));
  }
  await stopServer(first);
  const logged: Array<{ rps: number; p99: number }> = [];
  const unlogged: Array<{ rps: number; p99: number }> = [];
  for (let round = 1; round <= Number(opts.rounds); round++) {
    for (const off of round % 2 ? [false, true] : [true, false]) {
      const child = await startServer(port, off);
      await run(port, pins, cookies, 3); // warm-up: JIT, caches, pool
      const r = await run(port, pins, cookies, seconds);
      await stopServer(child);
      (off ? unlogged : logged).push(r);
      const line = { bench: 'reads', round, mode: off ? 'unlogged' : 'logged', rps: Math.round(r.rps), p50_ms: r.p50, p99_ms: r.p99 };
      log(JSON.stringify(line));
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  }
  const rps = median(logged.map((r) => r.rps));
  const unloggedRps = median(unlogged.map((r) => r.rps));
  process.stdout.write(
    `${JSON.stringify({ bench: 'reads', engine: bench.engine, people, connections, sessions, rps: Math.round(rps), p99_ms: median(logged.map((r) => r.p99)), unlogged_rps: Math.round(unloggedRps), unlogged_p99_ms: median(unlogged.map((r) => r.p99)), ratio: Number((rps / unloggedRps).toFixed(3)) })}\n`,
  );
} finally {
  await bench.close();
}
