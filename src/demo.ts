import type { AppContext } from './kernel/context.js';
import { createOfficer } from './kernel/auth/officers.js';
import { systemActor, type OfficerActor, type Role } from './kernel/actor.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importPeople, pinPrefix, seedDemoPopulation } from './modules/people/index.js';
import { createDemoAccount } from './modules/eid/index.js';
import { seedDemoCards } from './modules/cards/index.js';
import { seedDemoQuality } from './modules/quality/index.js';

/**
 * Demo citizens in Phường Ba Đình: Lan holds an active level-2 e-ID account (log in to the
 * portal with her PIN, passcode 246810 and the SMS code shown on /dev/messages) and has a son
 * under 14 (his account can be created from her portal); Minh has no account yet, to try the
 * level-1 enrolment. Their records carry the dates of their lives — residence since they moved
 * in, PINs issued years ago, place of birth registration and place of origin — and are loaded
 * through the real importer like the rest of the demo population.
 */
export const DEMO_CITIZENS = [
  { key: 'lan', fullName: 'Nguyễn Thị Lan', birthDate: '1988-03-12', sex: 'F' as const, phone: '0912000001', passcode: '246810' },
  { key: 'minh', fullName: 'Trần Văn Minh', birthDate: '1995-09-21', sex: 'M' as const, phone: null, passcode: null },
];

interface DemoRecord {
  key: string;
  household: string;
  fullName: string;
  familyName: string;
  middleName: string | null;
  givenName: string;
  sex: 'M' | 'F';
  birthDate: string;
  /** Pre-2025 province code where the birth was registered (the PIN's first three digits). */
  birthRegistrationProvinceCode: string;
  originProvinceCode: string;
  relationToHead: string;
  mother: string | null;
  residentSince: string;
  pinIssuedOn: string;
}

const DEMO_RECORDS: DemoRecord[] = [
  // Born in Hà Nội, quê Nam Định; first 12-digit card in 2019; moved to Kim Mã in 2015.
  { key: 'lan', household: 'lan', fullName: 'Nguyễn Thị Lan', familyName: 'Nguyễn', middleName: 'Thị', givenName: 'Lan', sex: 'F', birthDate: '1988-03-12', birthRegistrationProvinceCode: '01', originProvinceCode: '36', relationToHead: 'chu_ho', mother: null, residentSince: '2015-06-01', pinIssuedOn: '2019-04-22' },
  // Born 2019: PIN at birth registration, registered into his mother's household the same day.
  { key: 'bao', household: 'lan', fullName: 'Phạm Gia Bảo', familyName: 'Phạm', middleName: 'Gia', givenName: 'Bảo', sex: 'M', birthDate: '2019-08-03', birthRegistrationProvinceCode: '01', originProvinceCode: '34', relationToHead: 'con', mother: 'lan', residentSince: '2019-08-03', pinIssuedOn: '2019-08-16' },
  // Born and registered in Thanh Hóa; came to Hà Nội for work in 2018.
  { key: 'minh', household: 'minh', fullName: 'Trần Văn Minh', familyName: 'Trần', middleName: 'Văn', givenName: 'Minh', sex: 'M', birthDate: '1995-09-21', birthRegistrationProvinceCode: '38', originProvinceCode: '38', relationToHead: 'chu_ho', mother: null, residentSince: '2018-10-05', pinIssuedOn: '2021-03-15' },
];
const DEMO_ADDRESSES: Record<string, string> = { lan: 'Số 8, phố Kim Mã', minh: 'Số 21, phố Đội Cấn' };
const externalIdOf = (r: Pick<DemoRecord, 'birthDate'>) => `demo-citizen-${r.birthDate}`;

/** A PIN for a demo record: its real prefix, and the first free serial from a fixed start (deterministic for a given database). */
async function demoPin(ctx: AppContext, r: DemoRecord): Promise<string> {
  const prefix = pinPrefix({ provinceCode: r.birthRegistrationProvinceCode, sex: r.sex, birthYear: Number(r.birthDate.slice(0, 4)) });
  for (let serial = 246810; ; serial++) {
    const pin = `${prefix}${String(serial).padStart(6, '0')}`;
    const taken = await ctx.db.pool.query('SELECT 1 FROM pin_registry WHERE pin = $1', [pin]);
    if (!taken.rowCount) return pin;
  }
}

async function seedDemoCitizens(ctx: AppContext): Promise<DemoLogin[]> {
  const present = await ctx.db.pool.query<{ external_id: string }>('SELECT external_id FROM person WHERE external_id = ANY($1)', [DEMO_RECORDS.map(externalIdOf)]);
  if (present.rowCount === 0) {
    const people: string[] = [];
    for (const r of DEMO_RECORDS) {
      const mother = r.mother ? DEMO_RECORDS.find((m) => m.key === r.mother) : undefined;
      people.push(JSON.stringify({
        externalId: externalIdOf(r), householdExternalId: `demo-citizen-household-${r.household}`, pin: await demoPin(ctx, r),
        fullName: r.fullName, familyName: r.familyName, middleName: r.middleName, givenName: r.givenName, sex: r.sex, birthDate: r.birthDate,
        birthRegistrationProvinceCode: r.birthRegistrationProvinceCode, originProvinceCode: r.originProvinceCode, nationality: 'VN', ethnicityCode: '01', religionCode: 'khong',
        oldIdNumber: null, relationToHead: r.relationToHead, fatherExternalId: null, motherExternalId: mother ? externalIdOf(mother) : null, spouseExternalId: null,
        residentSince: r.residentSince, pinIssuedOn: r.pinIssuedOn,
      }));
    }
    const households = Object.entries(DEMO_ADDRESSES).map(([key, address]) =>
      JSON.stringify({ externalId: `demo-citizen-household-${key}`, communeCode: '00004', provinceCode: '01', addressDetail: address, headExternalId: externalIdOf(DEMO_RECORDS.find((r) => r.key === key)!) }),
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-demo-citizens-'));
    try {
      fs.writeFileSync(path.join(dir, 'people.ndjson'), `${people.join('\n')}\n`);
      fs.writeFileSync(path.join(dir, 'households.ndjson'), `${households.join('\n')}\n`);
      const loaded = await importPeople(ctx, systemActor('demo'), { peopleFile: path.join(dir, 'people.ndjson'), householdsFile: path.join(dir, 'households.ndjson'), reportFile: path.join(dir, 'rejected.ndjson') });
      if (loaded.people.rejected > 0) throw new Error(`demo citizens rejected: ${fs.readFileSync(path.join(dir, 'rejected.ndjson'), 'utf8')}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const rows = await ctx.db.pool.query<{ pin: string; external_id: string }>('SELECT pin, external_id FROM person WHERE external_id = ANY($1)', [DEMO_CITIZENS.map(externalIdOf)]);
  const pins = new Map(rows.rows.map((r) => [r.external_id, r.pin]));
  const logins: DemoLogin[] = [];
  for (const c of DEMO_CITIZENS) {
    const pin = pins.get(externalIdOf(c))!;
    if (c.phone && c.passcode) {
      await createDemoAccount(ctx, pin, c.phone, c.passcode);
      logins.push({ username: pin, password: c.passcode, role: 'citizen', unitCode: '00004', description: `citizen ${c.fullName}, e-ID level 2 (portal /portal; SMS code on /dev/messages)` });
    } else {
      logins.push({ username: pin, password: '—', role: 'citizen', unitCode: '00004', description: `citizen ${c.fullName} ${c.birthDate}, no e-ID yet: enrol at /portal/enrol` });
    }
  }
  return logins;
}

/** Lan's card delivered (the portal shows it), Minh's application approved and waiting on the production desk. */
async function seedCards(ctx: AppContext): Promise<void> {
  const officer = async (username: string): Promise<OfficerActor> => {
    const r = await ctx.db.pool.query<{ id: string; role: Role; unit_code: string | null }>('SELECT id, role, unit_code FROM officer WHERE username = $1', [username]);
    const o = r.rows[0]!;
    const unitLevel = o.unit_code === null ? 'nation' : o.unit_code.length === 2 ? 'province' : 'commune';
    return { kind: 'officer', id: o.id, username, role: o.role, unitLevel, unitCode: o.unit_code, provinceCode: unitLevel === 'commune' ? ((await ctx.units.provinceOfCommune(o.unit_code!)) ?? null) : o.unit_code };
  };
  const people = await ctx.db.pool.query<{ id: string; pin: string; external_id: string }>('SELECT id, pin, external_id FROM person WHERE external_id = ANY($1)', [DEMO_RECORDS.map(externalIdOf)]);
  const of = (key: string) => people.rows.filter((p) => p.external_id === externalIdOf(DEMO_RECORDS.find((r) => r.key === key)!)).map((p) => ({ pin: p.pin, personId: p.id }));
  const made = await seedDemoCards(ctx, { commune: await officer('cb.phuongbadinh'), national: await officer('cb.quocgia') }, { delivered: of('lan'), waiting: of('minh') });
  if (made > 0) ctx.log.info({ cards: made }, 'demo cards made');
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
  if (options.population !== false) {
    await seedCards(ctx);
    const quality = await seedDemoQuality(ctx);
    if (quality) ctx.log.info(quality, 'demo data-quality findings and duplicate pairs');
  }
  return [...DEMO_OFFICERS.map(({ displayName: _d, ...o }) => ({ ...o, password: DEMO_PASSWORD })), ...citizens];
}
