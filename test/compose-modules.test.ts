import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficerActor } from '../src/kernel/actor.js';
import { createDemoAccount, setAccountLockInTx } from '../src/modules/eid/index.js';
import { getPerson, registerDeathInTx } from '../src/modules/people/index.js';
import { testContext, type TestContext } from './context.js';
import { newHousehold, newPerson } from './people-factory.js';

/**
 * A procedure in one module composing another module's services in one transaction: here a
 * death registration that also locks the deceased's e-ID account. Either both happen, with
 * their audit rows and events, or neither does.
 */
let t: TestContext;
const officer: OfficerActor = { kind: 'officer', id: 'o-badinh', username: 'cb.badinh', role: 'commune_officer', unitLevel: 'commune', unitCode: '00004', provinceCode: '01' };

beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());

async function snapshot(pin: string, accountId: string) {
  const q = async (sql: string, params: unknown[]) => (await t.db.pool.query<{ n: number }>(sql, params)).rows[0]!.n;
  return {
    status: (await getPerson(t.ctx, officer, pin, { code: 'official_lookup', note: 'kiểm tra' })).person.status,
    account: (await t.db.pool.query<{ status: string }>('SELECT status FROM eid_account WHERE id = $1', [accountId])).rows[0]!.status,
    changes: await q("SELECT count(*)::int AS n FROM audit_log WHERE chain = 'change' AND action IN ('person.died', 'eid.account_locked')", []),
    events: await q("SELECT count(*)::int AS n FROM outbox_event WHERE type = 'person.died' AND subject = $1", [pin]),
  };
}

describe('one transaction across modules', () => {
  it('rolls back both modules together, and commits both together', async () => {
    const person = await newPerson(t.ctx, { fullName: 'Phạm Văn Hợp', birthDate: '1950-02-02' });
    await newHousehold(t.ctx, person);
    await createDemoAccount(t.ctx, person.pin, '0912000099', '135790');
    const accountId = (await t.db.pool.query<{ id: string }>('SELECT id FROM eid_account WHERE person_id = $1', [person.id])).rows[0]!.id;
    const before = await snapshot(person.pin, accountId);
    expect(before).toMatchObject({ status: 'living', account: 'active' });

    const both = (fail: boolean) =>
      t.db.transaction(async (tx) => {
        await registerDeathInTx(tx, t.ctx, officer, { pin: person.pin, deathDate: '2026-01-04' }, { reasonCode: 'death_registration' });
        await setAccountLockInTx(tx, t.ctx, officer, accountId, true, { reasonCode: 'eid_holder_deceased' });
        if (fail) throw new Error('the procedure failed after both steps');
      });
    await expect(both(true)).rejects.toThrow('the procedure failed');
    expect(await snapshot(person.pin, accountId)).toEqual(before);

    await both(false);
    expect(await snapshot(person.pin, accountId)).toEqual({ status: 'deceased', account: 'locked', changes: before.changes + 2, events: before.events + 1 });
  });
});
