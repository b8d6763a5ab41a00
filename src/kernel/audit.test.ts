import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../test/context.js';
import { systemActor } from './actor.js';
import { recordAccess, recordAudit } from './audit.js';
import { checkpointText, lastWitnessed, sealPending } from './audit-seal.js';
import { verifyAudit } from './audit-verify.js';

/** Each test gets a fresh database: tampering in one must not leak into the next. */
let t: TestContext;
let witness: string;
beforeEach(async () => {
  t = await testContext();
  witness = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-witness-')), 'checkpoints.ndjson');
});
afterEach(() => t.close());

const actor = systemActor('test');
const seal = () => sealPending(t.db, { keys: t.ctx.keys, now: () => t.clock.now(), witnessFile: witness, maxBlockRows: 4 });

async function writeEntries(n: number, prefix: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    await t.db.transaction(async (tx) => {
      await recordAudit(tx, { actor, action: `${prefix}.change`, target: { kind: 'thing', id: String(i) }, unitCode: '00004', detail: { i, nested: { b: 2, a: [1, 'x'] } } }, t.clock.now());
      await recordAccess(tx, { actor, action: `${prefix}.read`, target: { kind: 'thing', id: String(i) }, purpose: 'kiểm tra' }, t.clock.now());
    });
    t.clock.advance(1000);
  }
}

async function asAttacker(table: 'audit_log' | 'audit_block', sql: string, params: unknown[] = []): Promise<void> {
  const trigger = table === 'audit_log' ? 'audit_log_append_only' : 'audit_block_append_only';
  await t.db.pool.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
  await t.db.pool.query(sql, params);
  await t.db.pool.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
}

const reasons = (r: Awaited<ReturnType<typeof verifyAudit>>) => r.problems.map((p) => ({ reason: p.reason, seq: p.seq }));

describe('audit log', () => {
  it('seals committed rows into signed blocks that verify, and says how many are not sealed yet', async () => {
    await writeEntries(5, 'a');
    const before = await verifyAudit(t.db.pool);
    expect(before.unsealed.rows).toBe(10);
    const sealed = await seal();
    expect(sealed).toMatchObject({ rows: 10, blocks: 3 });
    await writeEntries(1, 'b');
    const result = await verifyAudit(t.db.pool, { witness: lastWitnessed(witness), full: true });
    expect(result).toMatchObject({ ok: true, problems: [], checkedBlocks: 3, checkedRows: 10, treeSize: 10, unsealed: { rows: 2 } });
    // Incremental: the next run starts after the state this one remembers.
    await seal();
    const next = await verifyAudit(t.db.pool, { from: result.state });
    expect(next).toMatchObject({ ok: true, fromBlock: 3, checkedBlocks: 1, checkedRows: 2, treeSize: 12, unsealed: { rows: 0 } });
  });

  it('goes on sealing after a window whose rows filled its last block exactly', async () => {
    await writeEntries(4, 'a');
    expect(await seal()).toMatchObject({ rows: 8, blocks: 2 });
    await writeEntries(1, 'b');
    expect(await seal()).toMatchObject({ rows: 2, blocks: 1 });
    expect((await verifyAudit(t.db.pool, { full: true })).unsealed.rows).toBe(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the log and of its blocks', async () => {
    await writeEntries(2, 'a');
    await seal();
    await expect(t.db.pool.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query("UPDATE audit_block SET signature = 'x'")).rejects.toThrow(/append-only/);
  });

  it('names a row altered behind the trigger', async () => {
    await writeEntries(4, 'a');
    await seal();
    const target = (await t.db.pool.query<{ seq: number }>("SELECT seq FROM audit_log WHERE chain = 'change' ORDER BY seq LIMIT 1 OFFSET 2")).rows[0]!.seq;
    await asAttacker('audit_log', `UPDATE audit_log SET detail = '{"i": 999}' WHERE seq = $1`, [target]);
    const result = await verifyAudit(t.db.pool);
    expect(result.ok).toBe(false);
    expect(reasons(result)).toEqual([{ reason: 'row_altered', seq: Number(target) }]);
  });

  it('names a deleted row, also the newest one', async () => {
    await writeEntries(3, 'a');
    await seal();
    const newest = (await t.db.pool.query<{ seq: number }>('SELECT max(seq) AS seq FROM audit_log')).rows[0]!.seq;
    await asAttacker('audit_log', 'DELETE FROM audit_log WHERE seq >= $1 - 1', [newest]);
    const result = await verifyAudit(t.db.pool);
    expect(reasons(result)).toEqual([
      { reason: 'row_deleted', seq: Number(newest) - 1 },
      { reason: 'row_deleted', seq: Number(newest) },
    ]);
  });

  it('catches a log cut back with its newest blocks, against the witness and the remembered state', async () => {
    await writeEntries(6, 'a');
    await seal();
    const verified = await verifyAudit(t.db.pool);
    expect(verified.ok).toBe(true);
    const lastBlock = verified.toBlock;
    const cutFrom = (await t.db.pool.query<{ first_seq: number }>('SELECT first_seq FROM audit_block WHERE block_no = $1', [lastBlock])).rows[0]!.first_seq;
    // Everything about the newest block disappears: its rows and the block itself.
    await asAttacker('audit_log', 'DELETE FROM audit_log WHERE seq >= $1', [cutFrom]);
    await asAttacker('audit_block', 'DELETE FROM audit_block WHERE block_no = $1', [lastBlock]);
    const fresh = await verifyAudit(t.db.pool);
    expect(fresh.ok).toBe(true); // without outside memory a shorter log is self-consistent …
    const withWitness = await verifyAudit(t.db.pool, { witness: lastWitnessed(witness) });
    expect(reasons(withWitness)).toEqual([{ reason: 'truncated', seq: null }]);
    const withState = await verifyAudit(t.db.pool, { from: verified.state });
    expect(reasons(withState)).toEqual([{ reason: 'truncated', seq: null }]);
  });

  it('refuses a block re-signed with a key that is not ours, and a rewritten block', async () => {
    await writeEntries(4, 'a');
    await seal();
    const { privateKey } = generateKeyPairSync('ed25519');
    const b = (await t.db.pool.query<{ block_no: number; tree_size: number; block_hash: string; sealed_at: Date }>('SELECT block_no, tree_size, block_hash, sealed_at FROM audit_block WHERE block_no = 1')).rows[0]!;
    const forged = sign(null, Buffer.from(checkpointText({ blockNo: 1, treeSize: Number(b.tree_size), blockHash: b.block_hash, sealedAt: b.sealed_at.toISOString() })), privateKey).toString('base64');
    await asAttacker('audit_block', 'UPDATE audit_block SET signature = $1 WHERE block_no = 1', [forged]);
    await asAttacker('audit_block', "UPDATE audit_block SET merkle_root = repeat('0', 64) WHERE block_no = 2");
    const result = await verifyAudit(t.db.pool);
    expect(result.problems.map((p) => [p.reason, p.blockNo])).toEqual([
      ['signature_invalid', 1],
      ['block_hash_mismatch', 2],
      ['leaf_hashes_altered', 2],
    ]);
  });

  it('loses nothing when the sequencer dies before its block commits, and seals each row once', async () => {
    await writeEntries(3, 'a');
    await expect(sealPending(t.db, { keys: t.ctx.keys, now: () => t.clock.now(), beforeCommit: () => { throw new Error('killed'); } })).rejects.toThrow('killed');
    expect((await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_block')).rows[0]!.n).toBe(0);
    await writeEntries(1, 'b');
    await seal();
    const sealed = await t.db.pool.query<{ seq: number }>('SELECT unnest(row_seqs) AS seq FROM audit_block');
    const all = await t.db.pool.query<{ seq: number }>('SELECT seq FROM audit_log');
    expect(sealed.rows.map((r) => Number(r.seq)).sort((a, b) => a - b)).toEqual(all.rows.map((r) => Number(r.seq)).sort((a, b) => a - b));
    expect((await verifyAudit(t.db.pool, { full: true })).ok).toBe(true);
  });

  it('rolls back with the change it records', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await recordAudit(tx, { actor, action: 'x.change', target: { kind: 'thing', id: 'rolled-back' } }, t.clock.now());
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n).toBe(0);
  });
});
