import type { AppContext } from './kernel/context.js';
import { createOfficer } from './kernel/auth/officers.js';
import { systemActor, type Role } from './kernel/actor.js';
import { seedDemoPopulation } from './modules/people/index.js';

/** The demo officers `dancu demo` and `npm start` create on an empty database. */
export const DEMO_PASSWORD = 'demo-password-2026';

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  unitCode: string | null;
  description: string;
}

const DEMO_OFFICERS: Array<Omit<DemoLogin, 'password'> & { displayName: string }> = [
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
  return DEMO_OFFICERS.map(({ displayName: _d, ...o }) => ({ ...o, password: DEMO_PASSWORD }));
}
