import type { AppContext } from './kernel/context.js';
import { createOfficer } from './kernel/auth/officers.js';
import { systemActor, type Role } from './kernel/actor.js';
import { createHousehold, registerPerson, seedDemoPopulation } from './modules/people/index.js';
import { createDemoAccount } from './modules/eid/index.js';

/**
 * Demo citizens in Phường Ba Đình: Lan holds an active level-2 e-ID account (log in to the
 * portal with her PIN, passcode 246810 and the SMS code shown on /dev/messages); Minh has no
 * account yet, to try the level-1 enrolment.
 */
export const DEMO_CITIZENS = [
  { fullName: 'Nguyễn Thị Lan', birthDate: '1988-03-12', sex: 'F' as const, phone: '0912000001', passcode: '246810' },
  { fullName: 'Trần Văn Minh', birthDate: '1995-09-21', sex: 'M' as const, phone: null, passcode: null },
];

async function seedDemoCitizens(ctx: AppContext): Promise<DemoLogin[]> {
  const actor = systemActor('demo');
  const existing = await ctx.db.pool.query<{ pin: string; full_name: string }>("SELECT pin, full_name FROM person WHERE external_id = ANY($1)", [DEMO_CITIZENS.map((c) => `demo-citizen-${c.birthDate}`)]);
  const pins = new Map(existing.rows.map((r) => [r.full_name, r.pin]));
  for (const c of DEMO_CITIZENS) {
    if (pins.has(c.fullName)) continue;
    const p = await registerPerson(ctx, actor, { fullName: c.fullName, birthDate: c.birthDate, sex: c.sex, ethnicity: '01', unitCode: '00004' }, { reason: 'demo_data' });
    await ctx.db.pool.query('UPDATE person SET external_id = $2 WHERE id = $1', [p.id, `demo-citizen-${c.birthDate}`]);
    await createHousehold(ctx, actor, { unitCode: '00004', address: c.sex === 'F' ? 'Số 8, phố Kim Mã' : 'Số 21, phố Đội Cấn', headPin: p.pin, members: [], validFrom: '2015-06-01' }, { reason: 'demo_data' });
    pins.set(c.fullName, p.pin);
  }
  const logins: DemoLogin[] = [];
  for (const c of DEMO_CITIZENS) {
    const pin = pins.get(c.fullName)!;
    if (c.phone && c.passcode) {
      await createDemoAccount(ctx, pin, c.phone, c.passcode);
      logins.push({ username: pin, password: c.passcode, role: 'citizen', unitCode: '00004', description: `citizen ${c.fullName}, e-ID level 2 (portal /portal; SMS code on /dev/messages)` });
    } else {
      logins.push({ username: pin, password: '—', role: 'citizen', unitCode: '00004', description: `citizen ${c.fullName} ${c.birthDate}, no e-ID yet: enrol at /portal/enrol` });
    }
  }
  return logins;
}

/** The demo officers `dancu demo` and `npm start` create on an empty database. */
export const DEMO_PASSWORD = 'demo-password-2026';

export interface DemoLogin {
  username: string;
  password: string;
  role: Role | 'citizen';
  unitCode: string | null;
  description: string;
}

const DEMO_OFFICERS: Array<Omit<DemoLogin, 'password' | 'role'> & { role: Role; displayName: string }> = [
  { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin', unitCode: null, description: 'administrator, whole nation' },
  { username: 'cb.quocgia', displayName: 'Trần Quốc Gia', role: 'national_officer', unitCode: null, description: 'national officer' },
  { username: 'cb.hanoi', displayName: 'Lê Thị Thu Hà', role: 'province_officer', unitCode: '01', description: 'province officer, Thành phố Hà Nội (01)' },
  { username: 'cb.phuongbadinh', displayName: 'Nguyễn Văn Bình', role: 'commune_officer', unitCode: '00004', description: 'commune officer, Phường Ba Đình (00004)' },
  { username: 'cb.phuongngocha', displayName: 'Phạm Minh Ngọc', role: 'commune_officer', unitCode: '00008', description: 'commune officer, Phường Ngọc Hà (00008)' },
];

/** Creates the demo officers and the demo population where missing; returns every demo login. */
export async function seedDemo(ctx: AppContext, options: { population?: boolean } = {}): Promise<DemoLogin[]> {
  const actor = systemActor('demo');
  const existing = new Set(
    (await ctx.db.pool.query<{ username: string }>('SELECT username FROM officer WHERE username = ANY($1)', [DEMO_OFFICERS.map((o) => o.username)])).rows.map((r) => r.username),
  );
  for (const o of DEMO_OFFICERS) {
    if (existing.has(o.username)) continue;
    await createOfficer(ctx, actor, { username: o.username, displayName: o.displayName, password: DEMO_PASSWORD, role: o.role, unitCode: o.unitCode });
  }
  if (options.population !== false) {
    const loaded = await seedDemoPopulation(ctx);
    if (loaded) ctx.log.info({ people: loaded.people.loaded }, 'demo population loaded');
  }
  const citizens = await seedDemoCitizens(ctx);
  return [...DEMO_OFFICERS.map(({ displayName: _d, ...o }) => ({ ...o, password: DEMO_PASSWORD })), ...citizens];
}
