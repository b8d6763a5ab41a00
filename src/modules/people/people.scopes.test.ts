import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { login } from '../../../test/login.js';
import { clerk, newHousehold, newPerson } from '../../../test/people-factory.js';
import { seedDemo } from '../../demo.js';
import type { Actor, CitizenActor, OfficerActor, Role } from '../../kernel/actor.js';
import { AppError } from '../../kernel/errors.js';
import {
  addHouseholdMember,
  changeHouseholdHead,
  createHousehold,
  getFamily,
  getHousehold,
  getPerson,
  getPersonBrief,
  getPersonHistory,
  listHeadlessHouseholds,
  recordResidence,
  reestablishPin,
  registerBirth,
  registerDeath,
  registerPerson,
  searchPeople,
  updatePerson,
  type Person,
} from './index.js';

/**
 * Every exported service of the people module × every kind of actor × a record in the actor's
 * own commune, in another commune of the same province and in another province. The expected
 * answers are written out below by hand — not derived from the code — so a change that widens
 * or narrows anyone's reach fails here until the table is changed on purpose.
 *   ok         the call succeeded (writes really happened, on fresh records)
 *   nf         answered exactly like an unknown record (not_found / linked record unknown / hidden from a list)
 *   denied     refused outright: no such permission (403 permission_denied), or a unit the actor may not act in (403 out_of_scope)
 */
const EXPECTED = `
action       target   | c00004  c00008  p01     p79     nation  admin   citizen
read         badinh   | ok      nf      ok      nf      ok      ok      ok
read         ngocha   | nf      ok      ok      nf      ok      ok      nf
read         hcm      | nf      nf      nf      ok      ok      ok      nf
history      badinh   | ok      nf      ok      nf      ok      ok      ok
history      ngocha   | nf      ok      ok      nf      ok      ok      nf
history      hcm      | nf      nf      nf      ok      ok      ok      nf
search       badinh   | ok      nf      ok      nf      ok      ok      denied
search       ngocha   | nf      ok      ok      nf      ok      ok      denied
search       hcm      | nf      nf      nf      ok      ok      ok      denied
update       badinh   | ok      nf      ok      nf      ok      ok      denied
update       ngocha   | nf      ok      ok      nf      ok      ok      denied
update       hcm      | nf      nf      nf      ok      ok      ok      denied
reestablish  badinh   | ok      nf      ok      nf      ok      ok      denied
reestablish  ngocha   | nf      ok      ok      nf      ok      ok      denied
reestablish  hcm      | nf      nf      nf      ok      ok      ok      denied
death        badinh   | ok      nf      ok      nf      ok      ok      denied
death        ngocha   | nf      ok      ok      nf      ok      ok      denied
death        hcm      | nf      nf      nf      ok      ok      ok      denied
residence    badinh   | ok      nf      ok      nf      ok      ok      denied
residence    ngocha   | nf      ok      ok      nf      ok      ok      denied
residence    hcm      | nf      nf      nf      ok      ok      ok      denied
household    badinh   | ok      nf      ok      nf      ok      ok      ok
household    ngocha   | nf      ok      ok      nf      ok      ok      nf
household    hcm      | nf      nf      nf      ok      ok      ok      nf
addMember    badinh   | ok      nf      ok      nf      ok      ok      denied
addMember    ngocha   | nf      ok      ok      nf      ok      ok      denied
addMember    hcm      | nf      nf      nf      ok      ok      ok      denied
changeHead   badinh   | ok      nf      ok      nf      ok      ok      denied
changeHead   ngocha   | nf      ok      ok      nf      ok      ok      denied
changeHead   hcm      | nf      nf      nf      ok      ok      ok      denied
headless     badinh   | ok      nf      ok      nf      ok      ok      denied
headless     ngocha   | nf      ok      ok      nf      ok      ok      denied
headless     hcm      | nf      nf      nf      ok      ok      ok      denied
register     badinh   | ok      denied  ok      denied  ok      ok      denied
register     ngocha   | denied  ok      ok      denied  ok      ok      denied
register     hcm      | denied  denied  denied  ok      ok      ok      denied
newHousehold badinh   | ok      denied  ok      denied  ok      ok      denied
newHousehold ngocha   | denied  ok      ok      denied  ok      ok      denied
newHousehold hcm      | denied  denied  denied  ok      ok      ok      denied
birth        badinh   | ok      denied  ok      denied  ok      ok      denied
birth        ngocha   | denied  ok      ok      denied  ok      ok      denied
birth        hcm      | denied  denied  denied  ok      ok      ok      denied
brief        badinh   | ok      nf      ok      nf      ok      ok      ok
brief        ngocha   | nf      ok      ok      nf      ok      ok      nf
brief        hcm      | nf      nf      nf      ok      ok      ok      nf
family       badinh   | ok      nf      ok      nf      ok      ok      ok
family       ngocha   | nf      ok      ok      nf      ok      ok      nf
family       hcm      | nf      nf      nf      ok      ok      ok      nf
`;

type Outcome = 'ok' | 'nf' | 'denied';
const COLUMNS = ['c00004', 'c00008', 'p01', 'p79', 'nation', 'admin', 'citizen'] as const;
type Column = (typeof COLUMNS)[number];
type Target = 'badinh' | 'ngocha' | 'hcm';

const rows = EXPECTED.trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [left, right] = line.split('|');
    const [action, target] = left!.trim().split(/\s+/) as [string, Target];
    const answers = right!.trim().split(/\s+/) as Outcome[];
    return { action, target, expected: Object.fromEntries(COLUMNS.map((c, i) => [c, answers[i]!])) as Record<Column, Outcome> };
  });

let t: TestContext;
let hcm: string;
const units = (): Record<Target, string> => ({ badinh: '00004', ngocha: '00008', hcm });
let citizenPerson: Person;

const officer = (role: Role, unitCode: string | null, provinceCode: string | null): OfficerActor => ({
  kind: 'officer',
  id: `o-${role}-${unitCode}`,
  username: 'x',
  role,
  unitLevel: role === 'commune_officer' ? 'commune' : role === 'province_officer' ? 'province' : 'nation',
  unitCode,
  provinceCode,
});
const actorOf = (c: Column): Actor =>
  ({
    c00004: officer('commune_officer', '00004', '01'),
    c00008: officer('commune_officer', '00008', '01'),
    p01: officer('province_officer', '01', '01'),
    p79: officer('province_officer', '79', '79'),
    nation: officer('national_officer', null, null),
    admin: officer('admin', null, null),
    // A citizen of Ba Đình, logged in to the portal: sees their own record and household.
    citizen: { kind: 'citizen', id: 'citizen-account', personId: citizenPerson.id, pin: citizenPerson.pin, level: 2 } satisfies CitizenActor,
  })[c];

beforeAll(async () => {
  t = await testContext();
  hcm = (await t.db.pool.query<{ code: string }>("SELECT code FROM admin_unit WHERE level = 'commune' AND province_code = '79' AND valid_to IS NULL ORDER BY code LIMIT 1")).rows[0]!.code;
  citizenPerson = await newPerson(t.ctx, { fullName: 'Công Dân Phạm Vi', unitCode: '00004' });
  await newHousehold(t.ctx, citizenPerson);
}, 120_000);
afterAll(() => t.close());

let n = 0;
// Names hold no digits: a running letter code keeps them apart.
const letters = (i: number): string => (i < 26 ? String.fromCharCode(97 + i) : letters(Math.floor(i / 26) - 1) + letters(i % 26));
const fresh = (target: Target, over: Partial<Parameters<typeof newPerson>[1]> = {}) => newPerson(t.ctx, { fullName: `Người Kiểm Tra ${target} ${letters(n++)}`, unitCode: units()[target], ...over });
const reason = { reasonCode: 'record_correction' } as const;

/** The record each action works on: the citizen's own where the citizen column reads it, else a fresh one. */
async function subject(target: Target, column: Column): Promise<Person> {
  return column === 'citizen' && target === 'badinh' ? citizenPerson : fresh(target);
}

const actions: Record<string, (actor: Actor, target: Target, column: Column) => Promise<unknown>> = {
  read: async (a, tg, c) => getPerson(t.ctx, a, (await subject(tg, c)).pin, { code: 'official_lookup', note: 'kiểm tra' }),
  history: async (a, tg, c) => getPersonHistory(t.ctx, a, (await subject(tg, c)).pin, { code: 'official_lookup', note: 'kiểm tra' }),
  search: async (a, tg) => {
    const p = await fresh(tg);
    const r = await searchPeople(t.ctx, a, { q: p.pin, page: 1, pageSize: 20, purpose: { code: 'official_lookup', note: 'kiểm tra' } });
    if (r.total === 0) throw new AppError('not_found', 'hidden_from_list', { vi: '', en: '' });
  },
  update: async (a, tg) => {
    const p = await fresh(tg);
    return updatePerson(t.ctx, a, p.pin, { identifyingMarks: 'sẹo ở tay trái', expectedVersion: p.version }, reason);
  },
  reestablish: async (a, tg) => {
    const p = await fresh(tg);
    return reestablishPin(t.ctx, a, p.pin, { sex: 'F', expectedVersion: p.version }, reason);
  },
  death: async (a, tg) => registerDeath(t.ctx, a, { pin: (await fresh(tg)).pin, deathDate: '2026-01-01' }, reason),
  residence: async (a, tg) => recordResidence(t.ctx, a, (await fresh(tg)).pin, { kind: 'temporary', unitCode: units()[tg], address: 'Số 3, ngõ 5', validFrom: '2025-12-01', plannedEnd: '2026-06-01' }, reason),
  household: async (a, tg, c) => {
    const head = c === 'citizen' && tg === 'badinh' ? citizenPerson : await fresh(tg);
    const h = c === 'citizen' && tg === 'badinh' ? (await getPerson(t.ctx, clerk, head.pin, { code: 'official_lookup', note: 'kiểm tra' })).household!.householdNo : (await newHousehold(t.ctx, head, [], units()[tg])).householdNo;
    return getHousehold(t.ctx, a, h, { code: 'official_lookup', note: 'kiểm tra' });
  },
  addMember: async (a, tg) => {
    const h = await newHousehold(t.ctx, await fresh(tg), [], units()[tg]);
    return addHouseholdMember(t.ctx, a, h.householdNo, { pin: (await fresh(tg)).pin, relation: 'anh_chi_em', validFrom: '2025-01-01' }, reason);
  },
  changeHead: async (a, tg) => {
    const wife = await fresh(tg, { sex: 'F' });
    const h = await newHousehold(t.ctx, await fresh(tg), [{ person: wife, relation: 'vo' }], units()[tg]);
    return changeHouseholdHead(t.ctx, a, h.householdNo, { newHeadPin: wife.pin, formerHeadRelation: 'chong', validFrom: '2025-01-01' }, reason);
  },
  headless: async (a, tg) => {
    const head = await fresh(tg);
    const h = await newHousehold(t.ctx, head, [{ person: await fresh(tg), relation: 'anh_chi_em' }], units()[tg]);
    await registerDeath(t.ctx, clerk, { pin: head.pin, deathDate: '2025-06-01' }, reason);
    for (let page = 1; ; page++) {
      const r = await listHeadlessHouseholds(t.ctx, a, { page, pageSize: 100 });
      if (r.items.some((x) => x.householdNo === h.householdNo)) return;
      if (r.items.length < 100) throw new AppError('not_found', 'hidden_from_list', { vi: '', en: '' });
    }
  },
  register: async (a, tg) => registerPerson(t.ctx, a, { fullName: 'Người Mới Nhập', birthDate: '1990', sex: 'F', ethnicity: '01', unitCode: units()[tg] }, reason),
  newHousehold: async (a, tg) => createHousehold(t.ctx, a, { unitCode: units()[tg], address: 'Số 9, phố Mới', headPin: (await fresh(tg)).pin, members: [], validFrom: '2025-01-01' }, reason),
  birth: async (a, tg) => {
    const mother = await fresh(tg, { sex: 'F', birthDate: '1995-02-03' });
    await newHousehold(t.ctx, mother, [], units()[tg]);
    return registerBirth(t.ctx, a, { fullName: 'Bé Mới Sinh', birthDate: '2026-01-02', sex: 'M', ethnicity: '01', birthPlaceCode: units()[tg], motherPin: mother.pin }, reason);
  },
  brief: async (a, tg, c) => getPersonBrief(t.ctx, a, (await subject(tg, c)).pin, { code: 'official_lookup' }),
  family: async (a, tg, c) => getFamily(t.ctx, a, (await subject(tg, c)).pin, { code: 'official_lookup' }),
};

async function outcome(p: Promise<unknown>): Promise<Outcome | string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.kind === 'not_found' || err.code === 'linked_person_not_found') return 'nf';
    if (err.code === 'permission_denied' || err.code === 'out_of_scope') return 'denied';
    return `${err.kind}:${err.code}`;
  }
}

describe('people authorization matrix (written out)', () => {
  it('covers every action in the table', () => {
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(Object.keys(actions)));
  });
  for (const row of rows) {
    it(`${row.action} ${row.target}: ${COLUMNS.map((c) => `${c}=${row.expected[c]}`).join(' ')}`, async () => {
      const got: Record<string, string> = {};
      for (const c of COLUMNS) got[c] = await outcome(actions[row.action]!(actorOf(c), row.target, c));
      expect(got).toEqual(row.expected);
    });
  }
});

describe('over HTTP', () => {
  it("answers commune A's officer asking for commune B's person exactly like an unknown PIN", async () => {
    await seedDemo(t.ctx, { population: false });
    const app = await t.app();
    const a = await login(app, 'cb.phuongbadinh');
    const other = await fresh('ngocha');
    const own = await fresh('badinh');
    const res = await app.inject({ url: `/api/people/${other.pin}`, headers: a.headers });
    const unknown = await app.inject({ url: '/api/people/001099999999', headers: a.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual(unknown.json());
    expect((await app.inject({ url: `/api/people/${own.pin}`, headers: a.headers })).statusCode).toBe(200);
  });
});
