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
  const dump = await db.pglite!.dumpDataDir('none');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), 'database.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  return { file, remove: () => fs.rmSync(path.dirname(file), { recursive: true, force: true }) };
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
