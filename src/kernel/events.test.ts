import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../test/context.js';
import { Type } from '@sinclair/typebox';
import { defineEvent, EventRelay, publish, UndeclaredEventError, type StoredEvent } from './events.js';

const payload = Type.Object({ n: Type.Optional(Type.Integer()) }, { additionalProperties: false });
const Born = defineEvent('test', 'test.born', { subject: 'x', description: 'x', payload });
const Died = defineEvent('test', 'test.died', { subject: 'x', description: 'x', payload });
const Issued = defineEvent('test', 'other.issued', { subject: 'x', description: 'x', payload });
const Registered = defineEvent('test', 'test.registered', { subject: 'x', description: 'x', payload });

let t: TestContext;
beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());

describe('outbox and relay', () => {
  it('delivers committed events in order, never rolled-back ones, once per subscriber', async () => {
    await t.db.transaction((tx) => publish(tx, { type: Born, subject: 'A', payload: { n: 1 } }, t.clock.now()));
    await expect(
      t.db.transaction(async (tx) => {
        await publish(tx, { type: Born, subject: 'ROLLED-BACK', payload: {} }, t.clock.now());
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await t.db.transaction((tx) => publish(tx, { type: Died, subject: 'B', payload: { n: 2 } }, t.clock.now()));
    await t.db.transaction((tx) => publish(tx, { type: Issued, subject: 'C', payload: {} }, t.clock.now()));

    const relay = new EventRelay(t.db);
    const all: StoredEvent[] = [];
    const people: string[] = [];
    relay.subscribe({ name: 'all', types: ['*'], handle: async (e) => void all.push(e) });
    relay.subscribe({ name: 'people', types: ['test.*'], handle: async (e) => void people.push(e.subject) });
    expect(await relay.drain()).toBe(5);
    expect(all.map((e) => e.subject)).toEqual(['A', 'B', 'C']);
    expect(people).toEqual(['A', 'B']);
    expect(await relay.drain()).toBe(0);
  });

  it('retries a failing subscriber with backoff without holding back the others', async () => {
    await t.db.transaction((tx) => publish(tx, { type: Born, subject: 'D', payload: {} }, t.clock.now()));
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

  it('refuses an undeclared type and a payload of another shape, writing nothing', async () => {
    const before = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_event');
    await expect(t.db.transaction((tx) => publish(tx, { type: 'test.nobody_declared_this', subject: 'X', payload: {} }, t.clock.now()))).rejects.toThrow(UndeclaredEventError);
    await expect(t.db.transaction((tx) => publish(tx, { type: Born, subject: 'X', payload: { n: 'one' } as never }, t.clock.now()))).rejects.toThrow(/does not match/);
    await expect(t.db.transaction((tx) => publish(tx, { type: 'test.born', subject: 'X', payload: { n: 1, extra: true } }, t.clock.now()))).rejects.toThrow(/does not match/);
    const after = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_event');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('commits a handler\'s database work with the cursor, exactly once', async () => {
    await t.db.pool.query('CREATE TABLE relay_effect (event_id bigint PRIMARY KEY)');
    await t.db.transaction((tx) => publish(tx, { type: Registered, subject: 'E', payload: {} }, t.clock.now()));
    const relay = new EventRelay(t.db);
    relay.subscribe({ name: 'effects', types: ['test.registered'], handle: async (e, tx) => void (await tx.query('INSERT INTO relay_effect VALUES ($1)', [e.id])) });
    await relay.drain();
    await relay.drain();
    const n = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM relay_effect');
    expect(n.rows[0]!.n).toBe(1);
  });
});
