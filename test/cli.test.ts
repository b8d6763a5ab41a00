import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/kernel/db.js';

/** The README's CLI commands, run as a user would, against a PGlite data directory of their own. */
let dataDir: string;
const dancu = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, DANCU_DATA_DIR: dataDir, DANCU_KEYS_DIR: `${dataDir}-keys`, DATABASE_URL: '', LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-cli-'));
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(`${dataDir}-keys`, { recursive: true, force: true });
});

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

describe('dancu migrate, demo and audit verify', () => {
  it('migrates idempotently, creates the demo, seals and verifies the audit log incrementally, and names a tampered row', async () => {
    const first = dancu('migrate');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).applied.length).toBeGreaterThan(0);
    expect(JSON.parse(dancu('migrate').stdout)).toMatchObject({ applied: [] });
    const demo = dancu('demo');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('cb.phuongbadinh');
    expect(JSON.parse(dancu('audit', 'seal').stdout).rows).toBeGreaterThan(0);
    const ok = dancu('audit', 'verify');
    expect(ok.code).toBe(0);
    const verified = JSON.parse(ok.stdout) as { toBlock: number };
    expect(verified).toMatchObject({ ok: true, problems: [], fromBlock: 0, unsealed: { rows: 0 } });
    // The verifier remembers where it stopped: the next run checks only what came after.
    expect(JSON.parse(dancu('audit', 'verify').stdout)).toMatchObject({ ok: true, fromBlock: verified.toBlock, checkedBlocks: 0 });

    const db = await openDatabase({ dataDir });
    await db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await db.pool.query("UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = 2");
    await db.close();
    const bad = dancu('audit', 'verify', '--full');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, problems: [expect.objectContaining({ seq: 2, reason: 'row_altered' })] });
  }, 240_000);
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
