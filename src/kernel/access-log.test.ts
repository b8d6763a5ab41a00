import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/context.js';
import { BatchingAccessLog } from './access-log.js';
import { systemActor } from './actor.js';
import type { Database } from './db.js';

let t: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.drop());

describe('the batching access-log writer', () => {
  it('keeps one batch in flight and sends everything that queued meanwhile as the next one', async () => {
    // Each INSERT of access rows is slowed down, as a commit under load is, and counted.
    const batches: number[] = [];
    const pool = new Proxy(t.db.pool, {
      get(target, prop, receiver) {
        if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
        return async (config: pg.QueryConfig) => {
          if (config.name === 'audit.insert_rows') {
            batches.push((config.values![1] as unknown[]).length);
            await new Promise((resolve) => setTimeout(resolve, 30));
          }
          return target.query(config);
        };
      },
    });
    const log = new BatchingAccessLog({ ...t.db, pool } as Database);
    const at = new Date('2026-12-01T10:00:00Z');
    const reads = Array.from({ length: 20 }, (_, i) =>
      log.append([{ actor: systemActor('access-log-test'), action: 'person.read', target: { kind: 'person', id: `p${i}` }, purpose: 'official_lookup' }], at),
    );
    await Promise.all(reads);
    // The first read goes at once; the other nineteen wait for it and go together: two commits.
    expect(batches).toEqual([1, 19]);
    const r = await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE actor_id = 'access-log-test' AND chain = 'access'");
    expect(r.rows[0]!.n).toBe(20);
  });
});
