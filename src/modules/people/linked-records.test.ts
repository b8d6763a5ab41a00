import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { newHousehold, newPerson } from '../../../test/people-factory.js';
import type { OfficerActor } from '../../kernel/actor.js';
import { AppError } from '../../kernel/errors.js';
import { getPerson, registerBirth, updatePerson, type Person } from './index.js';

/**
 * A write is scope-checked on every record it touches, the linked one included, and a linked
 * record outside the actor's unit answers exactly like an unknown PIN — in errors too.
 */
let t: TestContext;
const badinh: OfficerActor = { kind: 'officer', id: 'o-badinh', username: 'cb.badinh', role: 'commune_officer', unitLevel: 'commune', unitCode: '00004', provinceCode: '01' };
const hanoi: OfficerActor = { kind: 'officer', id: 'o-hanoi', username: 'cb.hanoi', role: 'province_officer', unitLevel: 'province', unitCode: '01', provinceCode: '01' };
const reason = { reasonCode: 'record_correction' } as const;
const UNKNOWN_PIN = '001099999999';

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
/** What an officer sees of an error: everything but the stack. */
const shown = (e: AppError) => ({ kind: e.kind, code: e.code, field: e.field, messages: e.messages });
const version = async (p: Person) => (await getPerson(t.ctx, hanoi, p.pin, { code: 'official_lookup', note: 'kiểm tra' })).person.version;

beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());

describe('spouse links', () => {
  it('refuses a spouse outside the unit like an unknown PIN, and writes neither record', async () => {
    const self = await newPerson(t.ctx, { unitCode: '00004' });
    const other = await newPerson(t.ctx, { unitCode: '00008', sex: 'F' });
    const outside = await failure(updatePerson(t.ctx, badinh, self.pin, { spousePin: other.pin, expectedVersion: self.version }, reason));
    const unknown = await failure(updatePerson(t.ctx, badinh, self.pin, { spousePin: UNKNOWN_PIN, expectedVersion: self.version }, reason));
    expect(shown(outside)).toEqual(shown(unknown));
    expect(outside.code).toBe('linked_person_not_found');
    expect(await version(self)).toBe(self.version);
    expect(await version(other)).toBe(other.version);
    // The province officer covers both communes: the link is made on both records.
    await updatePerson(t.ctx, hanoi, self.pin, { spousePin: other.pin, expectedVersion: self.version }, reason);
    expect((await getPerson(t.ctx, hanoi, other.pin, { code: 'official_lookup', note: 'kiểm tra' })).person.spousePin).toBe(self.pin);
  });

  it('says a spouse is married to someone else without naming that person', async () => {
    const a = await newPerson(t.ctx, { sex: 'M' });
    const b = await newPerson(t.ctx, { sex: 'F' });
    const c = await newPerson(t.ctx, { sex: 'M' });
    await updatePerson(t.ctx, badinh, a.pin, { spousePin: b.pin, expectedVersion: a.version }, reason);
    const err = await failure(updatePerson(t.ctx, badinh, c.pin, { spousePin: b.pin, expectedVersion: c.version }, reason));
    expect(err.code).toBe('spouse_already_linked');
    expect(JSON.stringify(err.messages)).not.toMatch(/\d{12}/);
  });
});

describe('parent links', () => {
  it('links a parent only within the unit on an edit', async () => {
    const child = await newPerson(t.ctx, { unitCode: '00004', birthDate: '2000-01-01' });
    const father = await newPerson(t.ctx, { unitCode: '00008', birthDate: '1970-01-01' });
    const outside = await failure(updatePerson(t.ctx, badinh, child.pin, { fatherPin: father.pin, expectedVersion: child.version }, reason));
    expect(shown(outside)).toEqual(shown(await failure(updatePerson(t.ctx, badinh, child.pin, { fatherPin: UNKNOWN_PIN, expectedVersion: child.version }, reason))));
  });
});

describe('births', () => {
  const birth = (over: Record<string, unknown>) => ({ fullName: 'Bé Kiểm Tra', birthDate: '2026-01-03', sex: 'F' as const, ethnicity: '01', birthPlaceCode: '00004', ...over });
  const people = async () => (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM person')).rows[0]!.n;

  it('answers a parent outside the unit of the wrong sex exactly like an unknown PIN (no oracle of existence or sex)', async () => {
    const outsideMan = await newPerson(t.ctx, { unitCode: '00008', sex: 'M', birthDate: '1990-01-01' });
    const asMother = await failure(registerBirth(t.ctx, badinh, birth({ motherPin: outsideMan.pin }), reason));
    const unknown = await failure(registerBirth(t.ctx, badinh, birth({ motherPin: UNKNOWN_PIN }), reason));
    expect(shown(asMother)).toEqual(shown(unknown));
    // Inside the unit the officer may see the record anyway, so the precise reason helps.
    const insideMan = await newPerson(t.ctx, { unitCode: '00004', sex: 'M', birthDate: '1990-01-01' });
    expect((await failure(registerBirth(t.ctx, badinh, birth({ motherPin: insideMan.pin }), reason))).code).toBe('parent_sex_mismatch');
  });

  it("refuses a household no parent belongs to, and creates nothing", async () => {
    const mother = await newPerson(t.ctx, { unitCode: '00004', sex: 'F', birthDate: '1992-01-01' });
    await newHousehold(t.ctx, mother);
    const stranger = await newHousehold(t.ctx, await newPerson(t.ctx, { unitCode: '00004' }));
    const before = await people();
    const err = await failure(registerBirth(t.ctx, badinh, birth({ motherPin: mother.pin, householdNo: stranger.householdNo }), reason));
    expect(err.code).toBe('household_not_found');
    expect(await people()).toBe(before);
  });

  it('registers a child of parents living in another commune without placing it in a household the officer may not write', async () => {
    const mother = await newPerson(t.ctx, { unitCode: '00008', sex: 'F', birthDate: '1993-01-01' });
    const home = await newHousehold(t.ctx, mother, [], '00008');
    const r = await registerBirth(t.ctx, badinh, birth({ motherPin: mother.pin }), reason);
    expect(r).toMatchObject({ householdNo: null, relation: null });
    expect(r.person.motherPin).toBe(mother.pin);
    expect((await failure(registerBirth(t.ctx, badinh, birth({ motherPin: mother.pin, householdNo: home.householdNo }), reason))).code).toBe('household_not_found');
    // The province officer may write there: the child joins the mother's household.
    const joined = await registerBirth(t.ctx, hanoi, birth({ motherPin: mother.pin, birthPlaceCode: '00008' }), reason);
    expect(joined.householdNo).toBe(home.householdNo);
  });
});
