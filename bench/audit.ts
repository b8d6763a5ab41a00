/**
 * Access-log write throughput: `npm run bench -- audit [--seconds S] [--writers 1,8,32]`. For
 * each number of concurrent writers, each writer appends one access row at a time for S seconds
 * and waits until it is durable, while the sequencer seals in the background as the server runs
 * it. Two paths are measured: the batched access-log writer every logged read uses
 * (`rows_per_s`, `p99_ms`), and one row in a transaction of its own, as a registry change logs
 * (`tx_rows_per_s`, `tx_p99_ms`). Prints one JSON line per writer count; the last is
 * {"bench":"audit","engine":…,"writers":32,"rows_per_s":…,"p99_ms":…,"seal_lag_ms":…, …}
 * where seal_lag_ms is the 99th percentile of (sealed at − written at) over the rows of the run.
 */
import { systemActor } from '../src/kernel/actor.js';
import { recordAccess } from '../src/kernel/audit.js';
import { AuditSequencer } from '../src/kernel/audit-seal.js';
import { pendingRows, verifyAudit } from '../src/kernel/audit-verify.js';
import { args, freshDatabase, log } from './common.js';

const opts = args({ seconds: { type: 'string', default: '10' }, writers: { type: 'string', default: '1,8,32' } });
const seconds = Number(opts.seconds);
const counts = String(opts.writers).split(',').map(Number);
const bench = await freshDatabase(undefined, Math.max(...counts) + 4);
const actor = systemActor('bench-officer');
const sequencer = new AuditSequencer(bench.db, { keys: bench.ctx.keys, now: () => new Date() });
sequencer.start(250, (err) => log(`sequencer: ${String(err)}`));

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
}

try {
  let n = 0;
  for (const writers of counts) {
    const measure = async (write: (pin: string) => Promise<void>) => {
      const latencies: number[] = [];
      const end = performance.now() + seconds * 1000;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (performance.now() < end) {
            const pin = String(1_000_000_000 + (n++ % 1_000_000)).padStart(12, '0');
            const s = performance.now();
            await write(pin);
            latencies.push(performance.now() - s);
          }
        }),
      );
      return { latencies, elapsed: (performance.now() - t0) / 1000 };
    };
    const entry = (pin: string) => ({ actor, action: 'person.read', target: { kind: 'person', id: pin }, unitCode: '00004', purpose: 'official_lookup', purposeNote: 'benchmark' });
    const firstSeq = Number((await bench.db.pool.query<{ s: number | null }>('SELECT max(seq) AS s FROM audit_log')).rows[0]!.s ?? 0);
    const batched = await measure((pin) => bench.ctx.accessLog.append([entry(pin)], new Date()));
    const own = await measure((pin) => bench.db.transaction((tx) => recordAccess(tx, entry(pin), new Date())));
    // Let the sequencer catch up, then measure how long each row of this run waited to be sealed.
    const caughtUp = performance.now();
    while ((await pendingRows(bench.db.pool)).rows > 0 && performance.now() - caughtUp < 60_000) await new Promise((r) => setTimeout(r, 100));
    const lag = await bench.db.pool.query<{ p99: number }>(
      `SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM b.sealed_at - a.at) * 1000) AS p99
         FROM audit_block b CROSS JOIN LATERAL unnest(b.row_seqs) AS r(seq) JOIN audit_log a ON a.seq = r.seq WHERE a.seq > $1`,
      [firstSeq],
    );
    const line = {
      bench: 'audit',
      engine: bench.engine,
      writers,
      rows_per_s: Math.round(batched.latencies.length / batched.elapsed),
      p50_ms: Number(percentile(batched.latencies, 50).toFixed(2)),
      p99_ms: Number(percentile(batched.latencies, 99).toFixed(2)),
      seal_lag_ms: Math.round(Number(lag.rows[0]!.p99 ?? 0)),
      tx_rows_per_s: Math.round(own.latencies.length / own.elapsed),
      tx_p99_ms: Number(percentile(own.latencies, 99).toFixed(2)),
      rows: batched.latencies.length + own.latencies.length,
    };
    log(JSON.stringify(line));
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  await sequencer.stop();
  const v = await verifyAudit(bench.db.pool);
  log(`verify: ok=${v.ok}, ${v.checkedBlocks} blocks, ${v.checkedRows} rows, ${v.unsealed.rows} unsealed`);
  if (!v.ok) process.exitCode = 1;
} finally {
  await sequencer.stop();
  await bench.close();
}
