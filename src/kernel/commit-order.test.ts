import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/context.js';
import { CURSOR_START, readCommitted, type CommitCursor } from './commit-order.js';
import type { Executor } from './db.js';

let t: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  t = await openTestDatabase();
  // A table shaped like audit_log and outbox_event: an identity id, the writer's transaction id, an index on each.
  await t.db.pool.query(`CREATE TABLE commit_order_probe (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT commit_order_probe_pk PRIMARY KEY,
    note text NOT NULL,
    txid xid8 NOT NULL DEFAULT pg_current_xact_id())`);
  await t.db.pool.query('CREATE INDEX commit_order_probe_txid_ix ON commit_order_probe (txid)');
});
afterAll(() => t.drop());

const PROBE = { table: 'commit_order_probe', idColumn: 'id', columns: 'note', limit: 10 };

/** Reads every page until the reader is caught up; returns the notes in the order read. */
async function readAll(db: Executor, from: CommitCursor): Promise<{ notes: string[]; cursor: CommitCursor }> {
  const notes: string[] = [];
  let cursor = from;
  for (;;) {
    const page = await readCommitted<{ note: string }>(db, cursor, PROBE);
    cursor = page.next;
    notes.push(...page.rows.map((r) => r.note));
    if (page.rows.length === 0 && cursor.window === null) return { notes, cursor };
  }
}

describe('reading rows in commit order', () => {
  it('reads every committed row once, a large window a page at a time', async () => {
    await t.db.pool.query("INSERT INTO commit_order_probe (note) SELECT 'a' || i FROM generate_series(1, 25) i");
    const first = await readAll(t.db.pool, CURSOR_START);
    expect(first.notes).toEqual(Array.from({ length: 25 }, (_, i) => `a${i + 1}`));
    await t.db.pool.query("INSERT INTO commit_order_probe (note) VALUES ('b1'), ('b2')");
    const second = await readAll(t.db.pool, first.cursor);
    expect(second.notes).toEqual(['b1', 'b2']);
    expect((await readAll(t.db.pool, second.cursor)).notes).toEqual([]);
  });

  it('finds a new window by its transaction ids, not by walking the table in id order', async () => {
    // A table much larger than its newest window, as the audit log is: the first page of the
    // window must not read the table from its start. The planner, which cannot estimate a range
    // of transaction ids well, chose to walk the id index (no sort needed) and read a million
    // audit rows on every tick of the sequencer. Sorting is made dear here so that it prefers
    // that walk wherever the query allows it.
    // Written by many transactions, as the log is (ids below the current one: committed).
    const now = Number((await t.db.pool.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0]!.x);
    await t.db.pool.query("INSERT INTO commit_order_probe (note, txid) SELECT 'old' || i, (3 + i % ($1::bigint - 4))::text::xid8 FROM generate_series(1, 50000) i", [now]);
    await t.db.pool.query('ANALYZE commit_order_probe');
    const caughtUp = await readAll(t.db.pool, CURSOR_START);
    await t.db.pool.query("INSERT INTO commit_order_probe (note) VALUES ('new1'), ('new2'), ('new3')");
    const client = await t.db.pool.connect();
    await client.query('SET enable_sort = off');
    const plans: string[] = [];
    const explaining: Executor = {
      query: (async (text: string, values?: unknown[]) => {
        if (!text.startsWith('SELECT pg_current_snapshot')) {
          const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${text}`, values);
          plans.push(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
        }
        return client.query(text, values);
      }) as Executor['query'],
    } as Executor;
    const page = await readCommitted<{ note: string }>(explaining, caughtUp.cursor, PROBE).finally(async () => {
      await client.query('RESET enable_sort');
      client.release();
    });
    expect(page.rows.map((r) => r.note)).toEqual(['new1', 'new2', 'new3']);
    expect(plans).toHaveLength(1);
    // Rows the scans looked at and threw away: none may come from walking the old rows.
    const removed = [...plans[0]!.matchAll(/Rows Removed by Filter: (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(removed, plans[0]).toBeLessThan(100);
    expect(plans[0]).toContain('commit_order_probe_txid_ix');
  });
});
