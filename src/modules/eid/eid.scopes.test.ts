import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { enrolLevel1 } from '../../../test/eid-helpers.js';
import { newHousehold, newPerson } from '../../../test/people-factory.js';
import type { Actor, CitizenActor, OfficerActor, Role } from '../../kernel/actor.js';
import { AppError } from '../../kernel/errors.js';
import { createClient, createDemoAccount, listAccounts, listClients, registerIssuer, reviewEnrolment, setAccountLock, verifyLevel2 } from './index.js';
import { getAccountPhoto } from './verification.js';

/**
 * Every officer-facing e-ID service × every kind of actor × a citizen of the actor's own commune,
 * of another commune of the same province and of another province, written out by hand.
 *   ok      the call succeeded          nf  answered like an unknown account (or hidden from the list)
 *   denied  refused: no such permission (403), whatever the unit
 * Level 2 is verified in person "at any commune police or card office" (Decree 69/2024): every
 * officer may do it for any citizen, so that row is ok across the country by design.
 */
const EXPECTED = `
action   target   | c00004  c00008  p01     p79     nation  admin   citizen
list     badinh   | ok      nf      ok      nf      ok      ok      denied
list     ngocha   | nf      ok      ok      nf      ok      ok      denied
list     hcm      | nf      nf      nf      ok      ok      ok      denied
photo    badinh   | ok      nf      ok      nf      ok      ok      denied
photo    ngocha   | nf      ok      ok      nf      ok      ok      denied
photo    hcm      | nf      nf      nf      ok      ok      ok      denied
review   badinh   | ok      nf      ok      nf      ok      ok      denied
review   ngocha   | nf      ok      ok      nf      ok      ok      denied
review   hcm      | nf      nf      nf      ok      ok      ok      denied
lock     badinh   | ok      nf      ok      nf      ok      ok      denied
lock     ngocha   | nf      ok      ok      nf      ok      ok      denied
lock     hcm      | nf      nf      nf      ok      ok      ok      denied
level2   badinh   | ok      ok      ok      ok      ok      ok      denied
level2   ngocha   | ok      ok      ok      ok      ok      ok      denied
level2   hcm      | ok      ok      ok      ok      ok      ok      denied
clients  any      | denied  denied  denied  denied  denied  ok      denied
listRPs  any      | denied  denied  denied  denied  denied  ok      denied
issuer   any      | denied  denied  denied  denied  denied  ok      denied
`;

type Outcome = 'ok' | 'nf' | 'denied';
const COLUMNS = ['c00004', 'c00008', 'p01', 'p79', 'nation', 'admin', 'citizen'] as const;
type Column = (typeof COLUMNS)[number];
type Target = 'badinh' | 'ngocha' | 'hcm' | 'any';
const rows = EXPECTED.trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [left, right] = line.split('|');
    const [action, target] = left!.trim().split(/\s+/) as [string, Target];
    return { action, target, expected: Object.fromEntries(COLUMNS.map((c, i) => [c, right!.trim().split(/\s+/)[i]])) as Record<Column, Outcome> };
  });

let t: TestContext;
let hcm: string;
let citizen: CitizenActor;
const unitOf = (tg: Target) => ({ badinh: '00004', ngocha: '00008', hcm, any: '00004' })[tg];

const officer = (role: Role, unitCode: string | null, provinceCode: string | null): OfficerActor => ({
  kind: 'officer',
  // Verification rows keep the officer's id as a uuid.
  id: `00000000-0000-4000-8000-${String(unitCode ?? role.length).padStart(12, '0')}`,
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
    citizen,
  })[c];

beforeAll(async () => {
  t = await testContext({ devMessages: true, rateLimitScale: 1000 });
  hcm = (await t.db.pool.query<{ code: string }>("SELECT code FROM admin_unit WHERE level = 'commune' AND province_code = '79' AND valid_to IS NULL ORDER BY code LIMIT 1")).rows[0]!.code;
  const me = await newPerson(t.ctx, { fullName: 'Công Dân Mức Hai', unitCode: '00004' });
  await createDemoAccount(t.ctx, me.pin, '0912345000', '135790');
  const id = (await t.db.pool.query<{ id: string }>('SELECT id FROM eid_account WHERE person_id = $1', [me.id])).rows[0]!.id;
  citizen = { kind: 'citizen', id, personId: me.id, pin: me.pin, level: 2 };
}, 120_000);
afterAll(() => t.close());

let n = 0;
const letters = (i: number): string => (i < 26 ? String.fromCharCode(97 + i) : letters(Math.floor(i / 26) - 1) + letters(i % 26));
async function citizenOf(tg: Target) {
  const p = await newPerson(t.ctx, { fullName: `Người Định Danh ${letters(n++)}`, birthDate: '1990-04-05', unitCode: unitOf(tg) });
  await newHousehold(t.ctx, p, [], unitOf(tg));
  return p;
}
const phone = () => `09${String(10_000_000 + n * 7).padStart(8, '0')}`;
/** A level-1 enrolment waiting for review, photo included, made through the real portal routes. */
async function pendingAccount(tg: Target): Promise<{ id: string; pin: string }> {
  const p = await citizenOf(tg);
  const id = await enrolLevel1(await t.app(), t.ctx, { pin: p.pin, fullName: p.fullName, birthDate: p.birthDate }, phone());
  return { id, pin: p.pin };
}
async function activeAccount(tg: Target): Promise<string> {
  const p = await citizenOf(tg);
  await createDemoAccount(t.ctx, p.pin, phone(), '135790');
  return (await t.db.pool.query<{ id: string }>('SELECT id FROM eid_account WHERE person_id = $1', [p.id])).rows[0]!.id;
}
const hidden = () => new AppError('not_found', 'hidden_from_list', { vi: '', en: '' });

const actions: Record<string, (a: Actor, tg: Target) => Promise<unknown>> = {
  list: async (a, tg) => {
    const acc = await pendingAccount(tg);
    const r = await listAccounts(t.ctx, a, { pin: acc.pin, page: 1, pageSize: 10 });
    if (!r.items.some((x) => x.id === acc.id)) throw hidden();
  },
  photo: async (a, tg) => getAccountPhoto(t.ctx, a, (await pendingAccount(tg)).id),
  review: async (a, tg) => reviewEnrolment(t.ctx, a as OfficerActor, (await pendingAccount(tg)).id, { decision: 'approved' }),
  lock: async (a, tg) => setAccountLock(t.ctx, a as OfficerActor, await activeAccount(tg), true, { reasonCode: 'eid_citizen_request' }),
  level2: async (a, tg) => {
    const p = await citizenOf(tg);
    return verifyLevel2(t.ctx, a as OfficerActor, { pin: p.pin, cardNumber: p.pin, faceMatched: true, phone: phone() });
  },
  clients: async (a) => createClient(t.ctx, a, { name: `Cổng dịch vụ ${letters(n++)}`, redirectUris: ['https://dichvu.example/cb'], scopes: ['profile'], minLevel: 1, confidential: true }),
  listRPs: async (a) => listClients(t.ctx, a),
  issuer: async (a) => {
    const { publicKey } = await generateKeyPair('ES256');
    return registerIssuer(t.ctx, a, { id: `issuer-${letters(n++)}`, name: 'Bảo hiểm xã hội', kinds: ['health_insurance'], publicJwk: await exportJWK(publicKey) });
  },
};

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.kind === 'not_found') return 'nf';
    if (err.code === 'permission_denied' || err.code === 'out_of_scope') return 'denied';
    return `${err.kind}:${err.code}`;
  }
}

describe('e-ID authorization matrix (written out)', () => {
  it('covers every action in the table', () => {
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(Object.keys(actions)));
  });
  for (const row of rows) {
    it(`${row.action} ${row.target}: ${COLUMNS.map((c) => `${c}=${row.expected[c]}`).join(' ')}`, async () => {
      const got: Record<string, string> = {};
      for (const c of COLUMNS) got[c] = await outcome(actions[row.action]!(actorOf(c), row.target));
      expect(got).toEqual(row.expected);
    }, 60_000);
  }
});
