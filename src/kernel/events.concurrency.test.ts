import { setTimeout as sleep } from 'node:timers/promises';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/context.js';
import { openDatabase, type Database } from './db.js';
import { Type } from '@sinclair/typebox';
import { defineEvent, EventRelay, publish, type StoredEvent } from './events.js';

/**
 * Many writers commit out of id order while two relays (two "processes") deliver: every event
 * must reach every subscriber exactly once, and one subject's events in the order their
 * transactions committed. On PostgreSQL this is the case an `id > cursor` relay gets wrong.
 */
let handle: Awaited<ReturnType<typeof openTestDatabase>>;
let writersDb: Database;
let relayDbs: Database[];
const SUBJECTS = 8;
const Counted = defineEvent('test', 'test.counted', { subject: 'a test subject', description: 'the n-th change of the subject', payload: Type.Object({ n: Type.Integer() }, { additionalProperties: false }) });

beforeAll(async () => {
  handle = await openTestDatabase();
  writersDb = handle.url ? await openDatabase({ databaseUrl: handle.url, poolSize: 12 }) : handle.db;
  relayDbs = handle.url ? [await openDatabase({ databaseUrl: handle.url, poolSize: 2 }), await openDatabase({ databaseUrl: handle.url, poolSize: 2 })] : [handle.db, handle.db];
  await handle.db.pool.query('CREATE TABLE test_subject_counter (subject text PRIMARY KEY, n integer NOT NULL)');
  await handle.db.pool.query("INSERT INTO test_subject_counter SELECT 'S' || g, 0 FROM generate_series(1, $1) g", [SUBJECTS]);
  await handle.db.pool.query('CREATE TABLE test_delivery (subscriber text NOT NULL, event_id bigint NOT NULL, subject text NOT NULL, n integer NOT NULL, seq bigint GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (subscriber, event_id))');
}, 120_000);

afterAll(async () => {
  if (handle.url) {
    await writersDb.close();
    for (const d of relayDbs) await d.close();
  }
  await handle.drop();
});

function subscriberNamed(name: string) {
  return {
    name,
    types: ['test.*'],
    // The delivery row commits with the cursor: a duplicate delivery would hit the primary key.
    handle: async (e: StoredEvent, tx: { query: (s: string, v: unknown[]) => Promise<unknown> }) => {
      await tx.query('INSERT INTO test_delivery (subscriber, event_id, subject, n) VALUES ($1, $2, $3, $4)', [name, e.id, e.subject, (e.payload as { n: number }).n]);
    },
  };
}

describe('event relay under concurrent writers', () => {
  it('delivers every committed event once per subscriber, in commit order per subject', async () => {
    const concurrent = handle.url ? 10 : 1;
    const perWriter = handle.url ? 30 : 40;
    const relays = relayDbs.map((db) => {
      const r = new EventRelay(db, { batchSize: 7 });
      r.subscribe(subscriberNamed('first'));
      r.subscribe(subscriberNamed('second'));
      return r;
    });
    let writing = true;
    const relayLoops = relays.map(async (r) => {
      while (writing) {
        await r.drain();
        await sleep(randomInt(0, 5));
      }
    });
    let rolledBack = 0;
    const writers = Array.from({ length: concurrent }, async () => {
      for (let i = 0; i < perWriter; i++) {
        const subject = `S${randomInt(1, SUBJECTS + 1)}`;
        const abort = randomInt(0, 10) === 0;
        await writersDb
          .transaction(async (tx) => {
            // The subject's lock comes before the transaction's first write, so a later writer of
            // the same subject gets a later transaction id and commits after this one.
            const r = await tx.query<{ n: number }>('UPDATE test_subject_counter SET n = n + 1 WHERE subject = $1 RETURNING n', [subject]);
            // The sleep after the insert makes ids (taken now) and commits disagree in order.
            await publish(tx, { type: Counted, subject, payload: { n: r.rows[0]!.n } }, new Date());
            await sleep(randomInt(0, 15));
            if (abort) throw new Error('rolled back on purpose');
          })
          .catch((err: Error) => {
            if (err.message !== 'rolled back on purpose') throw err;
            rolledBack++;
          });
      }
    });
    await Promise.all(writers);
    writing = false;
    await Promise.all(relayLoops);
    for (const r of relays) await r.drain();
    await relays[0]!.drain();

    const published = await handle.db.pool.query<{ id: number; subject: string; n: number }>("SELECT id, subject, (payload->>'n')::int AS n FROM outbox_event WHERE type = 'test.counted'");
    expect(published.rows.length).toBe(concurrent * perWriter - rolledBack);
    for (const name of ['first', 'second']) {
      const got = await handle.db.pool.query<{ event_id: number; subject: string; n: number }>('SELECT event_id, subject, n FROM test_delivery WHERE subscriber = $1 ORDER BY seq', [name]);
      expect(new Set(got.rows.map((r) => r.event_id))).toEqual(new Set(published.rows.map((r) => r.id)));
      // A rolled-back writer burns no number (its UPDATE rolls back too): per subject, 1, 2, 3 …
      if (process.env.DEBUG_RELAY) console.log(name, JSON.stringify((await handle.db.pool.query("SELECT d.seq, d.subject, d.n, d.event_id, e.txid::text FROM test_delivery d JOIN outbox_event e ON e.id = d.event_id WHERE subscriber = $1 ORDER BY d.subject, d.seq", [name])).rows));
      const last = new Map<string, number>();
      for (const r of got.rows) {
        expect(r.n, `${name}: ${r.subject} out of order`).toBe((last.get(r.subject) ?? 0) + 1);
        last.set(r.subject, r.n);
      }
    }
  }, 120_000);
});
