import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AUDIT_ROW_COLUMNS, auditLeafHash, type DbAuditRow } from './audit.js';
import { readCommitted, type CommitCursor } from './commit-order.js';
import type { Database, Executor } from './db.js';
import type { Keyring } from './keyring.js';
import { merkleRoot } from './merkle.js';

/**
 * The audit sequencer, as transparency logs do it (RFC 9162, Trillian): writers append rows
 * with no lock; this seals the committed ones, in commit order, into blocks. A block holds the
 * seqs of its rows and their leaf hashes, the Merkle root over them, and the hash of the
 * previous block; its checkpoint (block number, tree size, block hash, time) is signed with an
 * Ed25519 key whose private half the database holds only sealed under the master key, so
 * whoever can write to the database still cannot forge a checkpoint. Each checkpoint is also
 * appended to a witness file outside the database, which is what catches a log truncated
 * together with its newest blocks.
 *
 * One sequencer seals at a time (the state row is locked); a crash between blocks loses
 * nothing: the rows are committed by their writers, and the next run seals them.
 */
export const GENESIS_HASH = '0'.repeat(64);
export const CHECKPOINT_ORIGIN = 'dancu audit log';
const MAX_BLOCK_ROWS = 5000;

export interface Checkpoint {
  blockNo: number;
  treeSize: number;
  blockHash: string;
  sealedAt: string;
  keyId: string;
  signature: string;
}

export function blockHash(b: { blockNo: number; treeSize: number; rowCount: number; merkleRoot: string; prevHash: string }): string {
  return createHash('sha256').update(`dancu-audit-block\n${b.blockNo}\n${b.treeSize}\n${b.rowCount}\n${b.merkleRoot}\n${b.prevHash}\n`).digest('hex');
}

/** The text a checkpoint signature covers (a signed note, one field per line). */
export function checkpointText(c: Omit<Checkpoint, 'signature' | 'keyId'>): string {
  return `${CHECKPOINT_ORIGIN}\n${c.blockNo}\n${c.treeSize}\n${c.blockHash}\n${c.sealedAt}\n`;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

function kidOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Creates a new signing key (sealed under the master key); older keys keep verifying old blocks. */
export async function rotateAuditKey(db: Executor, keys: Keyring, at: Date): Promise<string> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const kid = kidOf(publicKey);
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await db.query("UPDATE audit_signing_key SET retired_at = $1 WHERE retired_at IS NULL", [at]);
  await db.query(
    `INSERT INTO audit_signing_key (kid, algorithm, public_key, private_key_sealed, created_at) VALUES ($1, 'Ed25519', $2, $3, $4)`,
    [kid, publicKey.export({ type: 'spki', format: 'pem' }).toString(), keys.seal(pem, `audit-signing-key:${kid}`), at],
  );
  return kid;
}

async function currentKey(db: Executor, keys: Keyring, at: Date): Promise<SigningKey> {
  let r = await db.query<{ kid: string; private_key_sealed: string }>('SELECT kid, private_key_sealed FROM audit_signing_key WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1');
  if (!r.rows[0]) {
    await rotateAuditKey(db, keys, at);
    r = await db.query('SELECT kid, private_key_sealed FROM audit_signing_key WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1');
  }
  const row = r.rows[0]!;
  // Opened once per key and keyring: the sequencer signs a block several times a second, and
  // unsealing and parsing the key each time cost about 1 % of a busy server. The current kid
  // is still read per block, so a rotation takes effect at the next one.
  let opened = openedKeys.get(keys);
  if (!opened) openedKeys.set(keys, (opened = new Map()));
  let privateKey = opened.get(row.kid);
  if (!privateKey) opened.set(row.kid, (privateKey = createPrivateKey(keys.openText(row.private_key_sealed, `audit-signing-key:${row.kid}`))));
  return { kid: row.kid, privateKey };
}

const openedKeys = new WeakMap<Keyring, Map<string, KeyObject>>();

/** Every checkpoint key ever used, by id (public halves only). */
export async function auditPublicKeys(db: Executor): Promise<Map<string, KeyObject>> {
  const r = await db.query<{ kid: string; public_key: string }>('SELECT kid, public_key FROM audit_signing_key');
  return new Map(r.rows.map((k) => [k.kid, createPublicKey(k.public_key)]));
}

export function checkpointSignatureValid(c: Checkpoint, keys: Map<string, KeyObject>): boolean {
  const key = keys.get(c.keyId);
  if (!key) return false;
  try {
    return verify(null, Buffer.from(checkpointText(c)), key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

export interface SealOptions {
  keys: Keyring;
  now: () => Date;
  /** Appends each checkpoint (one JSON line) to this file, outside the database. */
  witnessFile?: string | null | undefined;
  maxBlockRows?: number;
  /** Test hook: runs inside the block's transaction just before commit. */
  beforeCommit?: () => Promise<void> | void;
}

export interface SealResult {
  blocks: number;
  rows: number;
  lastBlock: number | null;
}

interface SequencerRow {
  done_snapshot: string;
  window_snapshot: string | null;
  after_seq: number;
}

/**
 * Seals every row committed so far, block by block; returns at once (0 blocks) if another
 * process holds the sequencer. Each block commits with the sequencer's new position.
 */
export async function sealPending(db: Database, opts: SealOptions): Promise<SealResult> {
  const result: SealResult = { blocks: 0, rows: 0, lastBlock: null };
  for (;;) {
    const step = await db.transaction((tx) => sealOne(tx, opts));
    if (step === 'busy') return result;
    if (step === null) return result;
    if (step === 'window_closed') continue;
    result.blocks++;
    result.rows += step.rows;
    result.lastBlock = step.blockNo;
    if (opts.witnessFile) appendWitness(opts.witnessFile, step.checkpoint);
  }
}

async function sealOne(tx: Executor, opts: SealOptions): Promise<{ blockNo: number; rows: number; checkpoint: Checkpoint } | null | 'busy' | 'window_closed'> {
  const state = await tx.query<SequencerRow>('SELECT done_snapshot, window_snapshot, after_seq FROM audit_sequencer WHERE id = 1 FOR UPDATE SKIP LOCKED');
  const s = state.rows[0];
  if (!s) return 'busy';
  const max = opts.maxBlockRows ?? MAX_BLOCK_ROWS;
  let cursor: CommitCursor = { done: s.done_snapshot, window: s.window_snapshot, afterId: Number(s.after_seq) };
  // Windows with no row are skipped without a write; the first one with rows makes the block.
  const page = await readCommitted<DbAuditRow>(tx, cursor, { table: 'audit_log', idColumn: 'seq', columns: AUDIT_ROW_COLUMNS, limit: max });
  if (page.rows.length === 0) {
    if (s.window_snapshot === null) return null;
    // A window whose rows filled its last block exactly ends with an empty page. Close it, or
    // every later call reads that same empty page and nothing after it is ever sealed.
    await tx.query('UPDATE audit_sequencer SET done_snapshot = $1, window_snapshot = NULL, after_seq = 0, updated_at = $2 WHERE id = 1', [page.next.done, opts.now().toISOString()]);
    return 'window_closed';
  }
  cursor = page.next;
  const rows = page.rows;
  const leaves = rows.map(auditLeafHash);
  const root = merkleRoot(leaves).toString('hex');
  const last = await tx.query<{ block_no: number; tree_size: number; block_hash: string }>('SELECT block_no, tree_size, block_hash FROM audit_block ORDER BY block_no DESC LIMIT 1');
  const prev = last.rows[0];
  const blockNo = prev ? Number(prev.block_no) + 1 : 1;
  const treeSize = (prev ? Number(prev.tree_size) : 0) + rows.length;
  const prevHash = prev?.block_hash ?? GENESIS_HASH;
  const hash = blockHash({ blockNo, treeSize, rowCount: rows.length, merkleRoot: root, prevHash });
  const sealedAt = opts.now().toISOString();
  const key = await currentKey(tx, opts.keys, opts.now());
  const signature = sign(null, Buffer.from(checkpointText({ blockNo, treeSize, blockHash: hash, sealedAt })), key.privateKey).toString('base64');
  const seqs = rows.map((r) => Number(r.seq));
  await tx.query(
    `INSERT INTO audit_block (block_no, tree_size, row_count, first_seq, last_seq, row_seqs, leaf_hashes, merkle_root, prev_hash, block_hash, sealed_at, key_id, signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [blockNo, treeSize, rows.length, Math.min(...seqs), Math.max(...seqs), seqs, Buffer.concat(leaves), root, prevHash, hash, sealedAt, key.kid, signature],
  );
  await tx.query('UPDATE audit_sequencer SET done_snapshot = $1, window_snapshot = $2, after_seq = $3, updated_at = $4 WHERE id = 1', [cursor.done, cursor.window, cursor.afterId, sealedAt]);
  await opts.beforeCommit?.();
  return { blockNo, rows: rows.length, checkpoint: { blockNo, treeSize, blockHash: hash, sealedAt, keyId: key.kid, signature } };
}

function appendWitness(file: string, c: Checkpoint): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${JSON.stringify(c)}\n`, { mode: 0o600 });
}

/** The newest checkpoint a witness file holds, if any. */
export function lastWitnessed(file: string | null | undefined): Checkpoint | undefined {
  if (!file || !fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
  let best: Checkpoint | undefined;
  for (const line of lines) {
    try {
      const c = JSON.parse(line) as Checkpoint;
      if (!best || c.blockNo > best.blockNo) best = c;
    } catch {
      // a torn last line after a crash: the previous checkpoints still stand
    }
  }
  return best;
}

/** Runs the sequencer in the background, a few times a second. */
export class AuditSequencer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SealResult> | undefined;

  constructor(
    private readonly db: Database,
    private readonly opts: SealOptions,
  ) {}

  seal(): Promise<SealResult> {
    this.running ??= sealPending(this.db, this.opts).finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalMs = 250, onError: (err: unknown) => void = () => undefined): void {
    const tick = () => {
      this.seal()
        .catch(onError)
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
