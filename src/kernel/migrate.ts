import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './db.js';
import { ensureAppRole, type RoleResult } from './db-roles.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered plain-SQL files `NNNN-verb-thing.sql`, in order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}-.+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      sql: fs.readFileSync(path.join(dir, file), 'utf8'),
    }));
}

export interface MigrateResult {
  applied: string[];
  skipped: number;
  /** PostgreSQL: the least-privilege application role and its grants (db-roles.ts). */
  appRole?: RoleResult;
}

/**
 * Applies the migrations not yet applied, each in its own transaction, under an advisory
 * lock so that several processes starting at once apply each file exactly once.
 */
export async function migrate(db: Database, migrations = readMigrations()): Promise<MigrateResult> {
  const client = await db.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7400606)');
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migration')).rows.map((r) => r.version));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.name);
    }
    // Grants cover the tables that exist, so they are applied again after every migration.
    const appRole = db.engine === 'postgres' ? await ensureAppRole(client) : undefined;
    return { applied, skipped: done.size, ...(appRole ? { appRole } : {}) };
  } finally {
    await client.query('SELECT pg_advisory_unlock(7400606)').catch(() => undefined);
    client.release();
  }
}
