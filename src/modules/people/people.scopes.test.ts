import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { login } from '../../../test/login.js';
import { newPerson } from '../../../test/people-factory.js';
import { seedDemo } from '../../demo.js';
import type { OfficerActor, Role } from '../../kernel/actor.js';
import { AppError } from '../../kernel/errors.js';
import { getPerson, getPersonHistory, searchPeople, updatePerson, type Person } from './index.js';

/** Role × unit scope × action, every combination: in scope → allowed, out of scope → "not found". */
let t: TestContext;
const people: Record<string, Person> = {};
let hcmCommune: string;

const officer = (role: Role, unitCode: string | null, provinceCode: string | null): OfficerActor => ({
  kind: 'officer',
  id: `o-${role}-${unitCode}`,
  username: 'x',
  role,
  unitLevel: role === 'commune_officer' ? 'commune' : role === 'province_officer' ? 'province' : 'nation',
  unitCode,
  provinceCode,
});

beforeAll(async () => {
  t = await testContext();
  hcmCommune = (await t.db.pool.query<{ code: string }>("SELECT code FROM admin_unit WHERE level = 'commune' AND province_code = '79' AND valid_to IS NULL ORDER BY code LIMIT 1")).rows[0]!.code;
  for (const [key, unitCode] of [['badinh', '00004'], ['ngocha', '00008'], ['hcm', hcmCommune]] as const) {
    people[key] = await newPerson(t.ctx, { fullName: `Người Phạm Vi ${key}`, unitCode });
  }
});
afterAll(() => t.close());

const actors = () => ({
  'commune 00004': officer('commune_officer', '00004', '01'),
  'commune 00008': officer('commune_officer', '00008', '01'),
  'province 01': officer('province_officer', '01', '01'),
  'province 79': officer('province_officer', '79', '79'),
  national: officer('national_officer', null, null),
  admin: officer('admin', null, null),
});
const visible: Record<string, string[]> = {
  'commune 00004': ['badinh'],
  'commune 00008': ['ngocha'],
  'province 01': ['badinh', 'ngocha'],
  'province 79': ['hcm'],
  national: ['badinh', 'ngocha', 'hcm'],
  admin: ['badinh', 'ngocha', 'hcm'],
};

const actions = {
  read: (a: OfficerActor, p: Person) => getPerson(t.ctx, a, p.pin, 'kiểm tra phạm vi'),
  history: (a: OfficerActor, p: Person) => getPersonHistory(t.ctx, a, p.pin, 'kiểm tra phạm vi'),
  update: (a: OfficerActor, p: Person) => updatePerson(t.ctx, a, p.pin, { identifyingMarks: `nốt ruồi ${a.id}`, expectedVersion: -1 }, { reason: 'kiểm tra phạm vi' }),
};

describe('people authorization matrix', () => {
  for (const [actorName, actor] of Object.entries(actors())) {
    for (const key of ['badinh', 'ngocha', 'hcm']) {
      for (const [action, run] of Object.entries(actions)) {
        const allowed = visible[actorName]!.includes(key);
        it(`${actorName} ${action} ${key}: ${allowed ? 'allowed' : 'not found'}`, async () => {
          const err = await run(actor, people[key]!).then(() => undefined, (e: unknown) => e);
          if (!allowed) {
            expect(err).toBeInstanceOf(AppError);
            expect(err).toMatchObject({ kind: 'not_found', code: 'person_not_found' });
          } else if (action === 'update') {
            // Allowed through scope; the stale version proves the write reached the rules.
            expect(err).toMatchObject({ code: 'version_conflict' });
          } else {
            expect(err).toBeUndefined();
          }
        });
      }
      it(`${actorName} search finds ${key} only if in scope`, async () => {
        const r = await searchPeople(t.ctx, actor, { q: `nguoi pham vi ${key}`, page: 1, pageSize: 20, purpose: 'kiểm tra phạm vi' });
        expect(r.items.some((h) => h.pin === people[key]!.pin)).toBe(visible[actorName]!.includes(key));
        const byPin = await searchPeople(t.ctx, actor, { q: people[key]!.pin, page: 1, pageSize: 20, purpose: 'kiểm tra phạm vi' });
        expect(byPin.total).toBe(visible[actorName]!.includes(key) ? 1 : 0);
      });
    }
  }
});

describe('over HTTP', () => {
  it("answers commune A's officer asking for commune B's person exactly like an unknown PIN", async () => {
    await seedDemo(t.ctx, { population: false });
    const app = await t.app();
    const a = await login(app, 'cb.phuongbadinh');
    const other = await app.inject({ url: `/api/people/${people.ngocha!.pin}`, headers: a.headers });
    const unknown = await app.inject({ url: '/api/people/001099999999', headers: a.headers });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual(unknown.json());
    expect((await app.inject({ url: `/api/people/${people.badinh!.pin}`, headers: a.headers })).statusCode).toBe(200);
  });
});
