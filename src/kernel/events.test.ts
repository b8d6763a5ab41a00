import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../test/context.js';
import { EventRelay, publish, type StoredEvent } from './events.js';

let t: TestContext;
beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());

describe('outbox and relay', () => {
  it('delivers committed events in order, never rolled-back ones, once per subscriber', async () => {
    await t.db.transaction((tx) => publish(tx, { type: 'person.born', subject: 'A', payload: { n: 1 } }, t.clock.now()));
    await expect(
      t.db.transaction(async (tx) => {
        await publish(tx, { type: 'person.born', subject: 'ROLLED-BACK', payload: {} }, t.clock.now());
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await t.db.transaction((tx) => publish(tx, { type: 'person.died', subject: 'B', payload: { n: 2 } }, t.clock.now()));
    await t.db.transaction((tx) => publish(tx, { type: 'card.issued', subject: 'C', payload: {} }, t.clock.now()));

    const relay = new EventRelay(t.db);
    const all: StoredEvent[] = [];
    const people: string[] = [];
    relay.subscribe({ name: 'all', types: ['*'], handle: async (e) => void all.push(e) });
    relay.subscribe({ name: 'people', types: ['person.*'], handle: async (e) => void people.push(e.subject) });
    expect(await relay.drain()).toBe(5);
    expect(all.map((e) => e.subject)).toEqual(['A', 'B', 'C']);
    expect(people).toEqual(['A', 'B']);
    expect(await relay.drain()).toBe(0);
  });

  it('retries a failing subscriber with backoff without holding back the others', async () => {
    await t.db.transaction((tx) => publish(tx, { type: 'person.born', subject: 'D', payload: {} }, t.clock.now()));
    let now = new Date('2026-01-05T09:00:00Z');
    const relay = new EventRelay(t.db, { now: () => now, baseBackoffMs: 1000 });
    let fail = true;
    const flaky: string[] = [];
    const steady: string[] = [];
    relay.subscribe({ name: 'flaky', types: ['*'], handle: async (e) => { if (fail) throw new Error('receiver down'); flaky.push(e.subject); } });
    relay.subscribe({ name: 'steady', types: ['*'], handle: async (e) => void steady.push(e.subject) });
    await relay.drain();
    expect(steady).toContain('D');
    expect(flaky).toEqual([]);
    const state = await t.db.pool.query('SELECT attempts, last_error FROM event_subscription WHERE name = $1', ['flaky']);
    expect(state.rows[0]).toMatchObject({ attempts: 1, last_error: 'receiver down' });
    fail = false;
    await relay.drain(); // still backing off
    expect(flaky).toEqual([]);
    now = new Date(now.getTime() + 1500);
    await relay.drain();
    expect(flaky.at(-1)).toBe('D');
  });

  it('commits a handler\'s database work with the cursor, exactly once', async () => {
    await t.db.pool.query('CREATE TABLE relay_effect (event_id bigint PRIMARY KEY)');
    await t.db.transaction((tx) => publish(tx, { type: 'residence.registered', subject: 'E', payload: {} }, t.clock.now()));
    const relay = new EventRelay(t.db);
    relay.subscribe({ name: 'effects', types: ['residence.*'], handle: async (e, tx) => void (await tx.query('INSERT INTO relay_effect VALUES ($1)', [e.id])) });
    await relay.drain();
    await relay.drain();
    const n = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM relay_effect');
    expect(n.rows[0]!.n).toBe(1);
  });
});
