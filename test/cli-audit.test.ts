import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/kernel/db.js';
import { cliWithDataDir, type CliWithDataDir } from './cli-run.js';

/** The README's migrate, demo and audit commands, run as a user would, against a PGlite data directory of their own. */
let cli: CliWithDataDir;
const dancu = (...args: string[]) => cli.dancu(...args);

beforeAll(() => {
  cli = cliWithDataDir();
});
afterAll(() => cli.remove());

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

    const db = await openDatabase({ dataDir: cli.dataDir });
    await db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await db.pool.query("UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = 2");
    await db.close();
    const bad = dancu('audit', 'verify', '--full');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, problems: [expect.objectContaining({ seq: 2, reason: 'row_altered' })] });
  }, 240_000);
});
