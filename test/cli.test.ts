import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWithMigratedDataDir, type CliWithDataDir } from './cli-run.js';

/** The README's CLI commands, run as a user would, against a PGlite data directory of their own.
 * (Migrate, demo and audit are in cli-audit.test.ts: one file of four slow processes each, so
 * the two test workers share them.) */
let cli: CliWithDataDir;
const dancu = (...args: string[]) => cli.dancu(...args);

beforeAll(async () => {
  cli = await cliWithMigratedDataDir();
});
afterAll(() => cli.remove());

describe('dancu pin check', () => {
  it('prints one JSON object and exits 0 for a valid PIN', () => {
    const r = dancu('pin', 'check', '001085123456', '--dob', '1985-04-02', '--sex', 'M');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ valid: true, province: { code: '01', name: 'Thành phố Hà Nội' }, sex: 'M', birthYear: 1985, errors: [] });
  });
  it('exits 1 and names the reason when the PIN disagrees with the record', () => {
    const r = dancu('pin', 'check', '001085123456', '--dob', '1986', '--sex', 'F');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { valid: boolean; errors: Array<{ code: string; message: unknown }> };
    expect(out.valid).toBe(false);
    expect(out.errors.map((e) => e.code).sort()).toEqual(['pin_birth_year_mismatch', 'pin_sex_mismatch']);
  });
});

describe('dancu calendar', () => {
  it('answers the documented deadline as one JSON object, and a make-up Saturday added by the CLI counts', () => {
    const r = dancu('calendar', 'deadline', '--from', '2026-02-12T10:00+07:00', '--days', '3');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ due: '2026-02-24', received: '2026-02-12', workingDays: 3 });
    expect(dancu('calendar', 'workday', 'add', '2026-12-12', '--name', 'Làm bù').code).toBe(0);
    expect(JSON.parse(dancu('calendar', 'deadline', '--from', '2026-12-11T09:00+07:00', '--days', '1').stdout)).toMatchObject({ due: '2026-12-12' });
    const bad = dancu('calendar', 'holiday', 'add', '2026-12-13');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: 'holiday_on_weekend', field: 'day' } });
    // Four processes, the first of which migrates: slow on a loaded two-core machine.
  }, 240_000);
});
