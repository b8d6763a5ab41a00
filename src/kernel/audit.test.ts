import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../test/context.js';
import { systemActor } from './actor.js';
import { recordAccess, recordAudit, verifyAuditChain } from './audit.js';

let t: TestContext;
beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());

const actor = systemActor('test');

async function writeEntries(n: number, prefix: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    await t.db.transaction(async (tx) => {
      await recordAudit(tx, { actor, action: `${prefix}.change`, target: { kind: 'thing', id: String(i) }, unitCode: '00004', detail: { i, nested: { b: 2, a: [1, 'x'] } } }, t.clock.now());
      await recordAccess(tx, { actor, action: `${prefix}.read`, target: { kind: 'thing', id: String(i) }, purpose: 'kiểm tra' }, t.clock.now());
    });
    t.clock.advance(1000);
  }
}

describe('audit log', () => {
  it('chains rows so that an untouched log verifies', async () => {
    await writeEntries(5, 'a');
    const result = await verifyAuditChain(t.db.pool);
    expect(result).toMatchObject({ ok: true, breaks: [] });
    expect(result.checked).toBeGreaterThanOrEqual(10);
  });

  it('refuses UPDATE and DELETE through the append-only trigger', async () => {
    await expect(t.db.pool.query("UPDATE audit_log SET action = 'x' WHERE chain_seq = 1")).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query('DELETE FROM audit_log WHERE chain_seq = 1')).rejects.toThrow(/append-only/);
  });

  it('detects a row tampered with behind the trigger, and names it', async () => {
    const target = await t.db.pool.query<{ seq: number; chain_seq: number }>("SELECT seq, chain_seq FROM audit_log WHERE chain = 'change' ORDER BY chain_seq LIMIT 1 OFFSET 2");
    const { seq, chain_seq } = target.rows[0]!;
    // An attacker with database rights can disable the trigger; the chain still tells.
    await t.db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await t.db.pool.query("UPDATE audit_log SET detail = '{\"i\": 999}' WHERE seq = $1", [seq]);
    await t.db.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const result = await verifyAuditChain(t.db.pool);
    expect(result.ok).toBe(false);
    expect(result.breaks).toContainEqual({ chain: 'change', chainSeq: chain_seq, seq, reason: 'hash_mismatch' });
  });

  it('detects a deleted row as a gap in the chain', async () => {
    await t.db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await t.db.pool.query("DELETE FROM audit_log WHERE chain = 'access' AND chain_seq = 2");
    await t.db.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const result = await verifyAuditChain(t.db.pool);
    expect(result.breaks.some((b) => b.chain === 'access' && b.chainSeq === 3 && b.reason === 'gap')).toBe(true);
    expect(result.breaks.some((b) => b.chain === 'access' && b.chainSeq === 3 && b.reason === 'prev_hash_mismatch')).toBe(true);
  });

  it('rolls back with the change it records', async () => {
    const before = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    await expect(
      t.db.transaction(async (tx) => {
        await recordAudit(tx, { actor, action: 'x.change', target: { kind: 'thing', id: 'rolled-back' } }, t.clock.now());
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});
