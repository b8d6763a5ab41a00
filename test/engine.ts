import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../src/kernel/db.js';

/**
 * Which engine the test run uses: PGlite by default, PostgreSQL when
 * DANCU_TEST_DATABASE_URL (or DATABASE_URL) names a server database to create test
 * databases from.
 */
export function testServerUrl(): string | undefined {
  return process.env.DANCU_TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Saves an in-memory PGlite database to a temporary file that test files start their own copies
 * from (`openDatabase({ loadDataDir })`); `remove()` deletes it at the end of the run.
 */
export async function savePgliteCopy(db: Database, prefix: string): Promise<{ file: string; remove(): void }> {
  // A copy starts by replaying the WAL written since the last checkpoint: a checkpoint now
  // saves each copy that replay (about a sixth of loading it).
  await db.pool.query('CHECKPOINT');
  const current = (await db.pool.query<{ segment: string }>('SELECT pg_walfile_name(pg_current_wal_lsn()) AS segment')).rows[0]!.segment;
  const dump = await db.pglite!.dumpDataDir('none');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), 'database.tar');
  fs.writeFileSync(file, withoutSpareWal(new Uint8Array(await dump.arrayBuffer()), current));
  return { file, remove: () => fs.rmSync(path.dirname(file), { recursive: true, force: true }) };
}

/**
 * The entries of a tar, as `[name, start, end)` over its bytes, and where its end-of-archive
 * blocks start. A tar is 512-byte headers (name at 0, size in octal at 124), each followed by
 * its data padded to 512 bytes.
 */
export function tarEntries(tar: Uint8Array): { entries: { name: string; start: number; end: number }[]; trailer: number } {
  const text = (from: number, length: number) => Buffer.from(tar.subarray(from, from + length)).toString('latin1').replace(/\0.*$/s, '');
  const entries: { name: string; start: number; end: number }[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const name = text(offset, 100);
    if (name === '') break;
    const size = parseInt(text(offset + 124, 12).trim() || '0', 8);
    const end = offset + 512 + Math.ceil(size / 512) * 512;
    entries.push({ name, start: offset, end });
    offset = end;
  }
  return { entries, trailer: offset };
}

/**
 * The saved directory without the WAL segments PostgreSQL keeps for reuse: after the checkpoint
 * only the current one holds anything, and the others (16 MB each, a third of the browser tests'
 * 95 MB copy) were copied into every test file's database for nothing — about a fifth of the
 * time a copy takes to load. PostgreSQL makes new segments when it needs them.
 */
export function withoutSpareWal(tar: Uint8Array, currentSegment: string): Uint8Array {
  const { entries, trailer } = tarEntries(tar);
  const kept = entries
    .filter(({ name }) => {
      const segment = /(?:^|\/)pg_wal\/([0-9A-F]{24})$/.exec(name)?.[1];
      return segment === undefined || segment === currentSegment;
    })
    .map(({ start, end }) => tar.subarray(start, end));
  return Buffer.concat([...kept, tar.subarray(trailer)]);
}

// The files of a worker share this module (isolate: false): the template is read from disk once
// per worker, and PGlite loads each file's database from a copy of it (openDatabase).
const savedCopies = new Map<string, Uint8Array>();
export function savedCopy(file: string): Uint8Array {
  let bytes = savedCopies.get(file);
  if (!bytes) {
    bytes = fs.readFileSync(file);
    savedCopies.set(file, bytes);
  }
  return bytes;
}
