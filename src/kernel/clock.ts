/** Time comes from here so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class TestClock implements Clock {
  private current: number;
  constructor(start = '2026-01-05T08:00:00Z') {
    this.current = Date.parse(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** The registry's dates and times are Vietnam's (UTC+7 all year), wherever the server or browser is. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const vnDate = new Intl.DateTimeFormat('en-CA', { timeZone: VIETNAM_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The date (YYYY-MM-DD) in Vietnam at an instant, whatever the server's (or browser's) time zone. */
export function dayInVietnam(at: Date | string): string {
  return vnDate.format(typeof at === 'string' ? new Date(at) : at);
}

/** Today's date (YYYY-MM-DD) in Vietnam. */
export function todayInVietnam(clock: Clock): string {
  return dayInVietnam(clock.now());
}
