import { AUDIT_ROW_COLUMNS, auditLeafHash, type DbAuditRow } from './audit.js';
import { auditPublicKeys, blockHash, checkpointSignatureValid, GENESIS_HASH, type Checkpoint } from './audit-seal.js';
import { parseSnapshot } from './commit-order.js';
import type { Executor } from './db.js';
import { merkleRoot } from './merkle.js';

/**
 * Verifies the sealed audit log: every block's link to the previous one, its hash, its signed
 * checkpoint, its Merkle root, and each of its rows against the leaf hash sealed for it. It
 * starts after the last block a previous run verified (incremental; the caller keeps that
 * state outside the database) and reports rows committed but not sealed yet.
 *
 * What it catches: a row altered (named by seq), a row deleted (named), a block altered or
 * removed, a checkpoint not signed by our key, and — against the remembered state or the
 * witness file — a log cut back to an earlier block. What no verifier can catch: a row deleted
 * before the sequencer sealed it (a second or two); `unsealed` shows how many rows are in that
 * window right now.
 */
export type ProblemReason =
  | 'row_altered'
  | 'row_deleted'
  | 'leaf_hashes_altered'
  | 'block_hash_mismatch'
  | 'block_link_broken'
  | 'block_missing'
  | 'tree_size_mismatch'
  | 'signature_invalid'
  | 'truncated'
  | 'witness_mismatch'
  | 'rows_outside_blocks';

export interface AuditProblem {
  reason: ProblemReason;
  blockNo: number | null;
  seq: number | null;
  detail: string;
}

/** What a verifier remembers between runs (kept outside the database). */
export interface VerifiedState {
  blockNo: number;
  blockHash: string;
  treeSize: number;
}

export interface AuditVerification {
  ok: boolean;
  /** Blocks checked in this run: (fromBlock, toBlock]. */
  fromBlock: number;
  toBlock: number;
  checkedBlocks: number;
  checkedRows: number;
  /** Rows sealed in all, as of the last block. */
  treeSize: number;
  unsealed: { rows: number; oldestSeq: number | null; oldestAt: string | null };
  problems: AuditProblem[];
  /** The state to remember for the next run (the last block, when nothing was wrong). */
  state: VerifiedState | null;
}

export interface VerifyOptions {
  /** The last verified state; verification starts after it. Absent: from the first block. */
  from?: VerifiedState | null | undefined;
  /** The newest checkpoint a witness outside the database saw. */
  witness?: Checkpoint | undefined;
  /** Also count every row to find rows that no block holds and the sequencer will not seal. */
  full?: boolean;
  onProgress?: (p: { blockNo: number; checkedRows: number }) => void;
  /** Called after each good page of blocks, so an interrupted run can resume from there. */
  onVerified?: (state: VerifiedState) => void;
}

interface BlockRow {
  block_no: number;
  tree_size: number;
  row_count: number;
  row_seqs: Array<number | string>;
  leaf_hashes: Buffer;
  merkle_root: string;
  prev_hash: string;
  block_hash: string;
  sealed_at: Date;
  key_id: string;
  signature: string;
}

const problem = (reason: ProblemReason, blockNo: number | null, seq: number | null, detail: string): AuditProblem => ({ reason, blockNo, seq, detail });

export async function verifyAudit(db: Executor, opts: VerifyOptions = {}): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  const keys = await auditPublicKeys(db);
  const lastRow = await db.query<{ block_no: number; tree_size: number; block_hash: string }>('SELECT block_no, tree_size, block_hash FROM audit_block ORDER BY block_no DESC LIMIT 1');
  const lastBlock = lastRow.rows[0] ? Number(lastRow.rows[0].block_no) : 0;

  let prevNo = 0;
  let prevHash = GENESIS_HASH;
  let prevSize = 0;
  const from = opts.from ?? null;
  if (from) {
    const r = await db.query<{ block_hash: string; tree_size: number }>('SELECT block_hash, tree_size FROM audit_block WHERE block_no = $1', [from.blockNo]);
    const known = r.rows[0];
    if (!known) {
      problems.push(problem(lastBlock < from.blockNo ? 'truncated' : 'block_missing', from.blockNo, null, `block ${from.blockNo} (verified before, tree size ${from.treeSize}) is gone; the log ends at block ${lastBlock}`));
    } else if (known.block_hash !== from.blockHash || Number(known.tree_size) !== from.treeSize) {
      problems.push(problem('block_hash_mismatch', from.blockNo, null, `block ${from.blockNo} differs from the one verified before`));
    }
    prevNo = from.blockNo;
    prevHash = from.blockHash;
    prevSize = from.treeSize;
  }

  let checkedBlocks = 0;
  let checkedRows = 0;
  for (;;) {
    const page = await db.query<BlockRow>('SELECT * FROM audit_block WHERE block_no > $1 ORDER BY block_no LIMIT 20', [prevNo]);
    if (page.rows.length === 0) break;
    const before = problems.length;
    for (const b of page.rows) {
      const no = Number(b.block_no);
      const size = Number(b.tree_size);
      if (no !== prevNo + 1) problems.push(problem('block_missing', prevNo + 1, null, `blocks ${prevNo + 1}–${no - 1} are missing`));
      if (b.prev_hash !== prevHash) problems.push(problem('block_link_broken', no, null, `block ${no} does not link to block ${no - 1}`));
      if (size !== prevSize + b.row_count) problems.push(problem('tree_size_mismatch', no, null, `tree size ${size} ≠ ${prevSize} + ${b.row_count}`));
      if (blockHash({ blockNo: no, treeSize: size, rowCount: b.row_count, merkleRoot: b.merkle_root, prevHash: b.prev_hash }) !== b.block_hash) {
        problems.push(problem('block_hash_mismatch', no, null, `block ${no}'s hash does not match its contents`));
      }
      const checkpoint: Checkpoint = { blockNo: no, treeSize: size, blockHash: b.block_hash, sealedAt: b.sealed_at.toISOString(), keyId: b.key_id, signature: b.signature };
      if (!checkpointSignatureValid(checkpoint, keys)) problems.push(problem('signature_invalid', no, null, `block ${no}'s checkpoint is not signed by an audit key`));
      const seqs = b.row_seqs.map(Number);
      const leaves = Array.from({ length: b.row_count }, (_, i) => b.leaf_hashes.subarray(i * 32, i * 32 + 32));
      if (merkleRoot(leaves).toString('hex') !== b.merkle_root) problems.push(problem('leaf_hashes_altered', no, null, `block ${no}'s leaf hashes do not give its Merkle root`));
      const rows = await db.query<DbAuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log WHERE seq = ANY($1::bigint[])`, [seqs]);
      const bySeq = new Map(rows.rows.map((r) => [Number(r.seq), r]));
      seqs.forEach((seq, i) => {
        const row = bySeq.get(seq);
        if (!row) problems.push(problem('row_deleted', no, seq, `row ${seq}, sealed in block ${no}, is gone`));
        else if (!auditLeafHash(row).equals(leaves[i]!)) problems.push(problem('row_altered', no, seq, `row ${seq} differs from what block ${no} sealed`));
      });
      checkedBlocks++;
      checkedRows += b.row_count;
      prevNo = no;
      prevHash = b.block_hash;
      prevSize = size;
    }
    opts.onProgress?.({ blockNo: prevNo, checkedRows });
    if (problems.length === before && problems.length === 0) opts.onVerified?.({ blockNo: prevNo, blockHash: prevHash, treeSize: prevSize });
  }

  if (opts.witness) {
    const w = opts.witness;
    const r = await db.query<{ block_hash: string }>('SELECT block_hash FROM audit_block WHERE block_no = $1', [w.blockNo]);
    if (!r.rows[0]) problems.push(problem(lastBlock < w.blockNo ? 'truncated' : 'block_missing', w.blockNo, null, `the witness saw block ${w.blockNo} (tree size ${w.treeSize}); the log ends at block ${lastBlock}`));
    else if (r.rows[0].block_hash !== w.blockHash) problems.push(problem('witness_mismatch', w.blockNo, null, `block ${w.blockNo} differs from the checkpoint the witness holds`));
  }

  const unsealed = await pendingRows(db);
  if (opts.full) {
    const total = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM audit_log');
    const outside = Number(total.rows[0]!.n) - prevSize - unsealed.rows;
    // Fewer rows than sealed ones is a deletion, named above; more is rows slipped in behind the sequencer.
    if (outside > 0) problems.push(problem('rows_outside_blocks', null, null, `${outside} rows are in no block and behind the sequencer: inserted with a forged transaction id`));
  }
  const ok = problems.length === 0;
  return {
    ok,
    fromBlock: from?.blockNo ?? 0,
    toBlock: prevNo,
    checkedBlocks,
    checkedRows,
    treeSize: prevSize,
    unsealed,
    problems,
    state: ok && prevNo > 0 ? { blockNo: prevNo, blockHash: prevHash, treeSize: prevSize } : null,
  };
}

/** Rows committed but not sealed yet: not visible to the sequencer's last finished snapshot, and not already sealed in its open window. */
export async function pendingRows(db: Executor): Promise<AuditVerification['unsealed']> {
  const s = await db.query<{ done_snapshot: string; window_snapshot: string | null; after_seq: number }>('SELECT done_snapshot, window_snapshot, after_seq FROM audit_sequencer WHERE id = 1');
  const state = s.rows[0];
  if (!state) return { rows: 0, oldestSeq: null, oldestAt: null };
  const done = parseSnapshot(state.done_snapshot);
  const r = await db.query<{ n: number; seq: number | null; at: Date | null }>(
    `SELECT count(*)::bigint AS n, min(seq) AS seq, min(at) AS at FROM audit_log
      WHERE (txid = ANY($1::xid8[]) OR txid >= $2::xid8)
        AND NOT ($3::text IS NOT NULL AND pg_visible_in_snapshot(txid, $3::pg_snapshot) AND seq <= $4)`,
    [done.xip.map(String), String(done.xmax), state.window_snapshot, state.after_seq],
  );
  const row = r.rows[0]!;
  return { rows: Number(row.n), oldestSeq: row.seq === null ? null : Number(row.seq), oldestAt: row.at ? row.at.toISOString() : null };
}
