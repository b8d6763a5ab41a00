import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../demo.js';
import { login, type LoggedIn } from '../../../test/login.js';
import { testContext, type TestContext } from '../../../test/context.js';
import { systemActor } from '../actor.js';
import { addCalendarDay, dueDate, removeCalendarDay, setOfficeCutoff } from './calendar-service.js';

let t: TestContext;
let admin: LoggedIn;
let commune: LoggedIn;

beforeAll(async () => {
  t = await testContext();
  await seedDemo(t.ctx, { population: false });
  const app = await t.app();
  admin = await login(app, 'admin');
  commune = await login(app, 'cb.phuongbadinh');
});
afterAll(() => t.close());

const auditRows = async (id: string) =>
  (await t.db.pool.query<{ action: string; actor_id: string; detail: Record<string, unknown> }>("SELECT action, actor_id, detail FROM audit_log WHERE target_kind = 'calendar_day' AND target_id = $1 ORDER BY seq", [id])).rows;

describe('the working-day calendar as data', () => {
  it('ships the official days of 2026 and 2027, so the documented example answers', async () => {
    const r = await dueDate(t.ctx, new Date('2026-02-12T10:00+07:00'), 3);
    expect(r).toMatchObject({ received: '2026-02-12', due: '2026-02-24', cutoff: '17:00', provisionalDays: [] });
    // 2027's Lunar New Year arrangement is not announced yet: the answer says it leans on provisional days.
    const p = await dueDate(t.ctx, new Date('2027-02-04T10:00+07:00'), 2);
    expect(p.due).toBe('2027-02-15');
    expect(p.provisionalDays).toEqual(['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']);
  });

  it('an administrator adds a make-up Saturday and the deadline counts it; who and why are audited', async () => {
    const before = await dueDate(t.ctx, new Date('2026-12-04T09:00+07:00'), 1);
    expect(before.due).toBe('2026-12-07');
    const res = await (await t.app()).inject({ method: 'POST', url: '/api/calendar/days', headers: admin.headers, payload: { day: '2026-12-05', kind: 'workday', name: 'Làm bù', source: 'test' } });
    expect(res.statusCode).toBe(201);
    expect((await dueDate(t.ctx, new Date('2026-12-04T09:00+07:00'), 1)).due).toBe('2026-12-05');
    expect(await auditRows('2026-12-05')).toEqual([expect.objectContaining({ action: 'calendar.day_added', detail: expect.objectContaining({ kind: 'workday', source: 'test' }) })]);

    const removed = await (await t.app()).inject({ method: 'DELETE', url: '/api/calendar/days/2026-12-05?reason=nh%E1%BA%A7m', headers: admin.headers });
    expect(removed.statusCode).toBe(200);
    expect((await dueDate(t.ctx, new Date('2026-12-04T09:00+07:00'), 1)).due).toBe('2026-12-07');
    expect((await auditRows('2026-12-05')).map((r) => r.action)).toEqual(['calendar.day_added', 'calendar.day_removed']);
  });

  it('refuses what would make the calendar wrong, with the field and a reason, and changes nothing', async () => {
    const sys = systemActor('test');
    await expect(addCalendarDay(t.ctx, sys, { day: '2026-12-06', kind: 'holiday' })).rejects.toMatchObject({ code: 'holiday_on_weekend', field: 'day' });
    await expect(addCalendarDay(t.ctx, sys, { day: '2026-12-07', kind: 'workday' })).rejects.toMatchObject({ code: 'workday_not_weekend' });
    await expect(addCalendarDay(t.ctx, sys, { day: '2026-02-30', kind: 'holiday' })).rejects.toMatchObject({ code: 'date_invalid' });
    await expect(addCalendarDay(t.ctx, sys, { day: '2026-01-01', kind: 'holiday' })).rejects.toMatchObject({ code: 'day_already_listed' });
    await expect(addCalendarDay(t.ctx, sys, { day: '2026-12-08', kind: 'holiday', name: 'a\u0000b' })).rejects.toMatchObject({ code: 'text_invalid', field: 'name' });
    await expect(removeCalendarDay(t.ctx, sys, '2026-12-09', 'x')).rejects.toMatchObject({ code: 'day_not_listed' });
    expect((await t.db.pool.query("SELECT 1 FROM calendar_day WHERE day BETWEEN '2026-12-06' AND '2026-12-09'")).rows).toEqual([]);
  });

  it('only an administrator changes it; every officer reads it', async () => {
    const app = await t.app();
    const denied = await app.inject({ method: 'POST', url: '/api/calendar/days', headers: commune.headers, payload: { day: '2026-12-10', kind: 'holiday' } });
    expect(denied.statusCode).toBe(403);
    const year = await app.inject({ method: 'GET', url: '/api/calendar/2026', headers: commune.headers });
    expect(year.statusCode).toBe(200);
    expect((year.json() as { days: Array<{ day: string }> }).days.map((d) => d.day)).toContain('2026-02-17');
    const anonymous = await app.inject({ method: 'GET', url: '/api/calendar/2026' });
    expect(anonymous.statusCode).toBe(401);
  });

  it("uses the office's own cut-off time, and the API answers like the CLI", async () => {
    await setOfficeCutoff(t.ctx, systemActor('test'), '00004', '11:30');
    const app = await t.app();
    const at = encodeURIComponent('2026-03-12T12:00+07:00');
    const own = await app.inject({ method: 'GET', url: `/api/calendar/deadline?from=${at}&days=1&unit=00004`, headers: commune.headers });
    expect(own.json()).toMatchObject({ received: '2026-03-13', due: '2026-03-16', cutoff: '11:30' });
    const other = await app.inject({ method: 'GET', url: `/api/calendar/deadline?from=${at}&days=1&unit=00008`, headers: commune.headers });
    expect(other.json()).toMatchObject({ received: '2026-03-12', due: '2026-03-13', cutoff: '17:00' });
    const missing = await app.inject({ method: 'GET', url: `/api/calendar/deadline?from=${encodeURIComponent('2028-06-01T09:00+07:00')}&days=1`, headers: commune.headers });
    expect(missing.statusCode).toBe(409);
    expect(missing.json()).toMatchObject({ code: 'calendar_year_missing' });
    const bad = await app.inject({ method: 'GET', url: '/api/calendar/deadline?from=yesterday&days=1', headers: commune.headers });
    expect(bad.statusCode).toBe(400);
  });
});
