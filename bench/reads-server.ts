/**
 * The server the `reads` benchmark measures, in a process of its own (the load generator must
 * not share its event loop). Started by bench/reads.ts; not a product entry point. With
 * `--unlogged` it serves the same routes with the access log switched off — the baseline the
 * benchmark compares against, which nothing else in the product can select.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { buildApp, createContext } from '../src/app.js';
import { benchmarkOnlyUnloggedAccess } from '../src/kernel/access-log.js';
import { AuditSequencer } from '../src/kernel/audit-seal.js';
import { loadConfig } from '../src/kernel/config.js';
import { openDatabase } from '../src/kernel/db.js';

const { values } = parseArgs({ options: { url: { type: 'string' }, port: { type: 'string' }, unlogged: { type: 'boolean', default: false }, pool: { type: 'string', default: '16' } } });
const db = await openDatabase({ databaseUrl: values.url!, poolSize: Number(values.pool) });
const log = pino({ level: 'warn' });
const config = { ...loadConfig(), databaseUrl: values.url, dataDir: ':memory:', keysDir: null, auditWitnessFile: null, attachmentsDir: null, port: Number(values.port), rateLimitScale: 10_000, logLevel: 'warn' };
const ctx = createContext({ db, config, log, ...(values.unlogged ? { accessLog: benchmarkOnlyUnloggedAccess } : {}) });
const app = await buildApp({ db, config, log, keys: ctx.keys, accessLog: ctx.accessLog });
const sequencer = new AuditSequencer(db, { keys: ctx.keys, now: () => new Date() });
sequencer.start(250, (err) => log.error({ err }, 'sequencer'));
await app.listen({ port: Number(values.port), host: '127.0.0.1' });
process.stdout.write('ready\n');
const stop = async () => {
  await sequencer.stop();
  await app.close();
  await ctx.accessLog.drain();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
