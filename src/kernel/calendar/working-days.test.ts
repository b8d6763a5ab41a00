import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, workingDaysBetween, CalendarYearMissing, deadline, isIsoDay, isWeekend, isWorkingDay, nextDay, parseCutoff, type WorkingDayCalendar } from './working-days.js';

const FIVE_PM = 17 * 60;

/** The official days of 2026 as seeded (migration 0100), and 2024's make-up Saturday. */
const official: WorkingDayCalendar = {
  holidays: new Set(['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-09-01', '2026-09-02', '2024-04-29', '2024-04-30', '2024-05-01']),
  workdays: new Set(['2024-05-04']),
  years: new Set([2024, 2026]),
};

describe('statutory deadlines in working days', () => {
  it('counts from the day after reception and skips the weekend', () => {
    // Thursday 10:00 + 3 working days: Friday, Monday, Tuesday.
    expect(deadline(official, new Date('2026-03-12T10:00+07:00'), 3, FIVE_PM)).toEqual({ received: '2026-03-12', due: '2026-03-17', workingDays: 3, daysOff: 2 });
  });

  it('skips the Lunar New Year holiday (14–22 February 2026)', () => {
    // The example: received Thursday 12 Feb; Friday 13 is day 1, then nine days off.
    expect(deadline(official, new Date('2026-02-12T10:00+07:00'), 3, FIVE_PM).due).toBe('2026-02-24');
    expect(deadline(official, new Date('2026-02-13T09:00+07:00'), 1, FIVE_PM).due).toBe('2026-02-23');
  });

  it('counts a make-up Saturday as a working day', () => {
    // Friday 3 May 2024 + 1: Saturday 4 May was worked in exchange for Monday 29 April.
    expect(deadline(official, new Date('2024-05-03T08:00+07:00'), 1, FIVE_PM).due).toBe('2024-05-04');
    // Received on Friday 26 April + 2: Monday 29 (off), Tuesday 30 (off), Wed 1 May (off), Thu 2 May, Fri 3 May.
    expect(deadline(official, new Date('2024-04-26T08:00+07:00'), 2, FIVE_PM).due).toBe('2024-05-03');
  });

  it('moves a dossier received after the cut-off, or on a day off, to the next working day', () => {
    expect(deadline(official, new Date('2026-03-12T17:00+07:00'), 1, FIVE_PM)).toMatchObject({ received: '2026-03-13', due: '2026-03-16' });
    expect(deadline(official, new Date('2026-03-12T16:59+07:00'), 1, FIVE_PM)).toMatchObject({ received: '2026-03-12', due: '2026-03-13' });
    // Sunday online filing counts from Monday.
    expect(deadline(official, new Date('2026-03-15T09:00+07:00'), 1, FIVE_PM)).toMatchObject({ received: '2026-03-16', due: '2026-03-17' });
    // 23:30 UTC on Wednesday is 06:30 Thursday in Vietnam.
    expect(deadline(official, new Date('2026-03-11T23:30Z'), 0, FIVE_PM).received).toBe('2026-03-12');
  });

  it('refuses to compute across a year whose official days are not loaded', () => {
    expect(() => deadline(official, new Date('2026-12-30T09:00+07:00'), 5, FIVE_PM)).toThrow(CalendarYearMissing);
  });

  it('reads dates and cut-off times strictly', () => {
    expect(isIsoDay('2026-02-28')).toBe(true);
    expect(isIsoDay('2026-02-29')).toBe(false);
    expect(isIsoDay('2026-2-28')).toBe(false);
    expect(parseCutoff('16:30')).toBe(990);
    expect(parseCutoff('24:00')).toBeNull();
    expect(parseCutoff('7:00')).toBeNull();
  });

  // Calendars of 2026–2027 with any holidays on weekdays and any make-up weekend days.
  const days2026to2027 = fc.integer({ min: 0, max: 729 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const calendar = fc.tuple(fc.uniqueArray(days2026to2027, { maxLength: 40 }), fc.uniqueArray(days2026to2027, { maxLength: 10 })).map(
    ([h, w]): WorkingDayCalendar => ({ holidays: new Set(h.filter((d) => !isWeekend(d))), workdays: new Set(w.filter(isWeekend)), years: new Set([2026, 2027]) }),
  );
  // Instants in the first half of 2026 (so that 60 working days stay inside the loaded years).
  const instant = fc.integer({ min: Date.parse('2026-01-01T00:00+07:00'), max: Date.parse('2026-07-01T00:00+07:00') }).map((t) => new Date(t));
  const workingDays = fc.integer({ min: 0, max: 60 });
  const cutoff = fc.integer({ min: 8 * 60, max: 20 * 60 });

  const countWorking = (cal: WorkingDayCalendar, from: string, to: string) => {
    let n = 0;
    for (let d = nextDay(from); d <= to; d = nextDay(d)) if (isWorkingDay(cal, d)) n++;
    return n;
  };

  it('property: the due date is exactly N working days after a working reception day', () => {
    fc.assert(
      fc.property(calendar, instant, workingDays, cutoff, (cal, at, n, cut) => {
        const r = deadline(cal, at, n, cut);
        expect(isWorkingDay(cal, r.received)).toBe(true);
        expect(r.received >= new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10)).toBe(true);
        expect(countWorking(cal, r.received, r.due)).toBe(n);
        if (n > 0) expect(isWorkingDay(cal, r.due)).toBe(true);
      }),
    );
  });

  it('property: later reception, more days or an extra holiday never bring the due date forward', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 0, max: 5 * 86_400_000 }), workingDays, cutoff, days2026to2027, (cal, at, later, n, cut, extra) => {
        const base = deadline(cal, at, n, cut).due;
        expect(deadline(cal, new Date(at.getTime() + later), n, cut).due >= base).toBe(true);
        expect(addWorkingDays(cal, deadline(cal, at, n, cut).received, n + 1) > base).toBe(true);
        const moreOff: WorkingDayCalendar = { ...cal, holidays: new Set([...cal.holidays, extra]), workdays: new Set([...cal.workdays].filter((d) => d !== extra)) };
        expect(deadline(moreOff, at, n, cut).due >= base).toBe(true);
      }),
    );
  });
  it('property: the working days between a reception and its due date are the limit, and never more for an earlier end', () => {
    fc.assert(
      fc.property(calendar, instant, workingDays, cutoff, fc.integer({ min: 0, max: 40 }), (cal, at, n, cut, back) => {
        const r = deadline(cal, at, n, cut);
        expect(workingDaysBetween(cal, r.received, r.due)).toBe(n);
        expect(workingDaysBetween(cal, r.received, r.received)).toBe(0);
        const earlier = new Date(Date.parse(`${r.due}T00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
        expect(workingDaysBetween(cal, r.received, earlier)).toBeLessThanOrEqual(n);
      }),
    );
  });
});
