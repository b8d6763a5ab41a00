import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../test/context.js';
import { login, type LoggedIn } from '../../test/login.js';
import { seedDemo } from '../demo.js';
import { systemActor } from './actor.js';
import { recordAudit } from './audit.js';
import { sealPending } from './audit-seal.js';
import type { App } from './http.js';

/** The console's audit-log viewer: filters, scope, paging, and verification from the page. */
let t: TestContext;
let app: App;
let admin: LoggedIn;
let start: Date;

interface Entry {
  seq: number;
  action: string;
  actorId: string;
  actorName: string | null;
  targetKind: string;
  targetId: string;
  unitCode: string | null;
  at: string;
}
interface AuditPage {
  items: Entry[];
  total: number;
  totalCapped: boolean;
}

beforeAll(async () => {
  t = await testContext({ rateLimitScale: 100 });
  await seedDemo(t.ctx, { population: false });
  app = await t.app();
  start = t.clock.now();
  // Known rows: two communes of Hà Nội (00004, 00008), the province itself, and one elsewhere (79: Hồ Chí Minh City).
  const sys = systemActor('viewer-test');
  await t.db.transaction(async (tx) => {
    for (const [unitCode, id] of [['00004', '001088000101'], ['00008', '001088000102'], ['01', 'p-01'], ['26734', '079088000103']] as const) {
      await recordAudit(tx, { actor: sys, action: 'thing.changed', target: { kind: 'thing', id }, unitCode }, t.clock.now());
    }
  });
  t.clock.advance(3600_000);
  admin = await login(app, 'admin');
});
afterAll(() => t.close());

const list = async (s: LoggedIn, query: string) => {
  const res = await app.inject({ url: `/api/audit?${query}`, headers: s.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AuditPage;
};

describe('the audit-log viewer', () => {
  it('shows a purpose written as text before purposes were codes as its code (the sealed row is not rewritten)', async () => {
    await t.db.transaction((tx) => recordAudit(tx, { actor: systemActor('viewer-test'), action: 'legacy.read', target: { kind: 'person', id: '001088000109' }, unitCode: '00004', purpose: 'tra cứu nghiệp vụ / official lookup' }, t.clock.now(), 'access'));
    const [row] = (await list(admin, 'action=legacy.read')).items as Array<Entry & { purpose: string | null }>;
    expect(row!.purpose).toBe('official_lookup');
    const stored = await t.db.pool.query<{ purpose: string }>("SELECT purpose FROM audit_log WHERE action = 'legacy.read'");
    expect(stored.rows[0]!.purpose).toBe('tra cứu nghiệp vụ / official lookup');
  });

  it('filters by actor username, action family, target and time range, naming officer actors', async () => {
    const byActor = await list(admin, 'actor=cb.phuongbadinh');
    expect(byActor.items).toEqual([]);
    await login(app, 'cb.phuongbadinh');
    const logins = await list(admin, 'actor=cb.phuongbadinh&action=officer.');
    expect(logins.items.length).toBeGreaterThan(0);
    expect(logins.items.every((e) => e.action.startsWith('officer.') && e.actorName === 'Nguyễn Văn Bình (cb.phuongbadinh)')).toBe(true);
    const exact = await list(admin, 'action=thing.changed');
    expect(exact.items.map((e) => e.targetId).sort()).toEqual(['001088000101', '001088000102', '079088000103', 'p-01']);
    expect((await list(admin, 'action=thing.')).total).toBe(4);
    expect((await list(admin, 'targetKind=thing&targetId=001088000102')).items.map((e) => e.unitCode)).toEqual(['00008']);
    const early = `${new Date(start.getTime() - 1000).toISOString()}`;
    const late = `${new Date(start.getTime() + 1000).toISOString()}`;
    expect((await list(admin, `action=thing.changed&from=${early}&to=${late}`)).total).toBe(4);
    expect((await list(admin, `action=thing.changed&from=${late}`)).total).toBe(0);
    expect((await app.inject({ url: '/api/audit?from=yesterday', headers: admin.headers })).statusCode).toBe(400);
  });

  it('shows a province its communes\' rows too, a commune only its own, and refuses a unit out of scope', async () => {
    const hanoi = await login(app, 'cb.hanoi');
    expect((await list(hanoi, 'action=thing.changed')).items.map((e) => e.unitCode).sort()).toEqual(['00004', '00008', '01']);
    const commune = await login(app, 'cb.phuongbadinh');
    expect((await list(commune, 'action=thing.changed')).items.map((e) => e.unitCode)).toEqual(['00004']);
    for (const unitCode of ['01', '00008', '79']) {
      const res = await app.inject({ url: `/api/audit?unitCode=${unitCode}`, headers: commune.headers });
      expect(res.statusCode, unitCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'out_of_scope' });
    }
  });

  it('writes a search by target to that target\'s access trail', async () => {
    const commune = await login(app, 'cb.phuongbadinh');
    await list(commune, 'targetId=001088000101');
    const trail = await t.db.pool.query<{ actor_id: string; purpose: string }>("SELECT actor_id, purpose FROM audit_log WHERE chain = 'access' AND action = 'audit.trail_read' AND target_id = '001088000101'");
    expect(trail.rows).toHaveLength(1);
    expect(trail.rows[0]!.purpose).toBe('audit_review');
  });

  it('pages newest first', async () => {
    const p1 = await list(admin, 'action=thing.changed&pageSize=3&page=1');
    const p2 = await list(admin, 'action=thing.changed&pageSize=3&page=2');
    expect(p1.items).toHaveLength(3);
    expect(p2.items).toHaveLength(1);
    const seqs = [...p1.items, ...p2.items].map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(p1).toMatchObject({ total: 4, totalCapped: false });
  });

  it('runs a verification for national officers and administrators, reports it, and audits the run', async () => {
    await sealPending(t.db, { keys: t.ctx.keys, now: () => t.clock.now(), witnessFile: null });
    const res = await app.inject({ method: 'POST', url: '/api/audit/verify', headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json() as { ok: boolean; checkedBlocks: number; checkedRows: number; unsealed: { rows: number }; problems: unknown[] };
    expect(v.ok).toBe(true);
    expect(v.checkedBlocks).toBeGreaterThan(0);
    expect(v.problems).toEqual([]);
    const ran = await list(admin, 'action=audit.verified');
    expect(ran.items).toHaveLength(1);
    for (const username of ['cb.hanoi', 'cb.phuongbadinh']) {
      const s = await login(app, username);
      expect((await app.inject({ method: 'POST', url: '/api/audit/verify', headers: s.headers })).statusCode, username).toBe(403);
    }
    const national = await login(app, 'cb.quocgia');
    expect((await app.inject({ method: 'POST', url: '/api/audit/verify', headers: national.headers })).statusCode).toBe(200);
  });
});
