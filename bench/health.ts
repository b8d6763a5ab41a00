/**
 * Requests per second on /health with and without a console session cookie:
 * `npm run bench -- health [--seconds 5] [--connections 32] [--rounds 3]`. The server runs in
 * this process; the load comes from a child process (keep-alive HTTP, one loop per connection),
 * so the two do not share an event loop. Rounds alternate without and with the cookie, so
 * both see the same machine; prints the medians and their ratio as
 * {"bench":"health","engine":…,"without_cookie_rps":…,"with_cookie_rps":…,"ratio":…}.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { systemActor } from '../src/kernel/actor.js';
import { createOfficer } from '../src/kernel/auth/officers.js';
import { createSession, SESSION_COOKIE } from '../src/kernel/auth/sessions.js';
import { args, freshDatabase, log, median } from './common.js';

const opts = args({ seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '32' }, rounds: { type: 'string', default: '3' } });
const seconds = Number(opts.seconds);
const connections = Number(opts.connections);
const rounds = Number(opts.rounds);

// The load generator: a plain keep-alive loop per connection, counting answered requests.
const CLIENT = `
import http from 'node:http';
const [url, cookie, seconds, connections] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const headers = cookie ? { cookie } : {};
const end = Date.now() + Number(seconds) * 1000;
let done = 0, failed = 0;
const one = () => new Promise((resolve) => {
  http.get(url, { agent, headers }, (res) => { res.resume(); res.on('end', () => { if (res.statusCode === 200) done++; else failed++; resolve(); }); }).on('error', () => { failed++; resolve(); });
});
await Promise.all(Array.from({ length: Number(connections) }, async () => { while (Date.now() < end) await one(); }));
process.stdout.write(JSON.stringify({ done, failed }));
`;

const bench = await freshDatabase();
const app = await buildApp({ db: bench.db, log: pino({ level: 'warn' }, pino.destination(2)) });
try {
  const officer = await createOfficer(bench.ctx, systemActor('bench'), { username: 'bench.health', displayName: 'Bench', password: 'bench-password-2026', role: 'admin', unitCode: null });
  const session = await createSession(bench.ctx, officer, {});
  const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/health`;
  const run = async (cookie: string) => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', CLIENT, url, cookie, String(seconds), String(connections)]);
    const { done, failed } = JSON.parse(stdout) as { done: number; failed: number };
    if (failed) throw new Error(`${failed} requests failed`);
    return done / seconds;
  };
  const without: number[] = [];
  const withCookie: number[] = [];
  await run(''); // warm-up
  for (let i = 0; i < rounds; i++) {
    without.push(await run(''));
    withCookie.push(await run(`${SESSION_COOKIE}=${session.token}`));
    log(`round ${i + 1}: without cookie ${Math.round(without[i]!)}/s, with cookie ${Math.round(withCookie[i]!)}/s`);
  }
  const a = median(without);
  const b = median(withCookie);
  process.stdout.write(`${JSON.stringify({ bench: 'health', engine: bench.engine, seconds, connections, rounds: { without: without.map(Math.round), with: withCookie.map(Math.round) }, without_cookie_rps: Math.round(a), with_cookie_rps: Math.round(b), ratio: Number((b / a).toFixed(3)) })}\n`);
} finally {
  await app.close();
  await bench.close();
}
