import type pg from 'pg';
import type { Logger } from 'pino';
import type { Database, Executor } from './db.js';

/**
 * Indexes dropped for a bulk load and built after it (migration 0040). Building an index once
 * over loaded rows costs a fraction of maintaining it row by row during the load.
 *
 * A loader holds the session advisory lock BULK_LOAD_LOCK on PostgreSQL for as long as it
 * runs; whoever builds deferred indexes outside a load (the server at start) first takes it,
 * so a live load's indexes are never built under it, while a crashed one's always are.
 */
export const BULK_LOAD_LOCK = 7400640;

export interface DeferredIndex {
  index_name: string;
  table_name: string;
  definition: string;
}

/**
 * Drops the indexes of `tables` and records how to build each again; call inside a transaction.
 * By default only those that enforce nothing (non-unique secondary indexes). With `unique`,
 * also primary keys, unique constraints and unique indexes: for a caller that keeps uniqueness
 * itself meanwhile (a first load into empty tables), since until they are built again nothing
 * else does; building them then fails, naming the duplicate, if it was not kept.
 */
export async function deferIndexes(tx: Executor, tables: readonly string[], at: Date, options: { unique?: boolean } = {}): Promise<DeferredIndex[]> {
  const found = await tx.query<DeferredIndex & { con: string | null }>(
    `SELECT i.relname AS index_name, t.relname AS table_name, c.conname AS con,
            CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.oid)
                 ELSE format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, c.conname, pg_get_constraintdef(c.oid)) END AS definition
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.conrelid = t.oid
      WHERE n.nspname = current_schema() AND t.relname = ANY($1::text[])
        AND ($2::boolean OR (NOT x.indisunique AND NOT x.indisprimary AND c.oid IS NULL))
      ORDER BY t.relname, i.relname`,
    [tables, options.unique === true],
  );
  for (const ix of found.rows) {
    await tx.query('INSERT INTO deferred_index (index_name, table_name, definition, deferred_at) VALUES ($1, $2, $3, $4)', [ix.index_name, ix.table_name, ix.definition, at]);
    await tx.query(ix.con ? `ALTER TABLE ${quoteIdent(ix.table_name)} DROP CONSTRAINT ${quoteIdent(ix.con)}` : `DROP INDEX ${quoteIdent(ix.index_name)}`);
  }
  return found.rows.map(({ con: _c, ...ix }) => ix);
}

/** How `buildDeferredIndexes` reports and sizes its work. */
export interface BuildOptions {
  onIndex?: ((ix: DeferredIndex, ms: number) => void) | undefined;
  /**
   * Indexes built side by side, each on its own connection (the first is the caller's, the
   * others are taken from the pool). Default 2 on PostgreSQL, 1 on PGlite (one connection).
   * PostgreSQL already sorts one large B-tree with parallel workers, but a build also has
   * stretches on one core (small tables, reading the heap, writing the index); a second build
   * fills them. Measured on 1 M people (23 indexes, 2 cores): 6.7–7.1 s one at a time,
   * 5.8–5.9 s two at a time, 6.2–6.7 s three at a time.
   */
  connections?: number | undefined;
}

/**
 * Builds every deferred index, each in its own transaction with the removal of its record.
 * Safe to repeat after a crash at any point: an index that exists already only loses its
 * record. When one build fails, the others finish the index they are building, no further
 * one is started, and the first failure is thrown.
 */
export async function buildDeferredIndexes(db: Database, first: pg.PoolClient, options: BuildOptions = {}): Promise<DeferredIndex[]> {
  const pending = (await first.query<DeferredIndex>('SELECT index_name, table_name, definition FROM deferred_index ORDER BY table_name, index_name')).rows;
  const connections = Math.max(1, Math.min(pending.length, options.connections ?? (db.engine === 'postgres' ? 2 : 1)));
  let next = 0;
  let failure: Error | undefined;
  const buildOn = async (client: pg.PoolClient) => {
    while (failure === undefined && next < pending.length) {
      const ix = pending[next++]!;
      const t0 = Date.now();
      await client.query('BEGIN');
      try {
        // Sorting in memory instead of in temporary files: the build is the cost being saved.
        await client.query("SET LOCAL maintenance_work_mem = '256MB'");
        // A constraint's index has the constraint's name, so one look-up serves both.
        const exists = await client.query('SELECT 1 FROM pg_class WHERE oid = to_regclass($1)', [ix.index_name]);
        if (exists.rowCount === 0) await client.query(ix.definition);
        await client.query('DELETE FROM deferred_index WHERE index_name = $1', [ix.index_name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        failure ??= new Error(`Could not build the deferred index ${ix.index_name} on ${ix.table_name}: ${(err as Error).message}`, { cause: err });
        return;
      }
      options.onIndex?.(ix, Date.now() - t0);
    }
  };
  const others = async () => {
    const client = await db.pool.connect();
    try {
      await buildOn(client);
    } finally {
      client.release();
    }
  };
  await Promise.all([buildOn(first), ...Array.from({ length: connections - 1 }, others)]);
  if (failure) throw failure;
  return pending;
}

/**
 * At server start: builds the indexes a crashed bulk load left deferred, unless a load is
 * running (it builds them itself when it ends). A failure is logged, not fatal: the registry
 * answers without them, only slower.
 */
export async function rebuildDeferredIndexes(db: Database, log: Pick<Logger, 'info' | 'warn' | 'error'>): Promise<void> {
  const any = await db.pool.query('SELECT 1 FROM deferred_index LIMIT 1');
  if (any.rowCount === 0) return;
  const client = await db.pool.connect();
  try {
    const locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [BULK_LOAD_LOCK])).rows[0]!.ok;
    if (!locked) {
      log.warn('a bulk load is running: it builds its deferred indexes when it ends');
      return;
    }
    try {
      const built = await buildDeferredIndexes(db, client, { onIndex: (ix, ms) => log.info({ index: ix.index_name, ms }, 'built an index a bulk load had deferred') });
      if (built.length) log.info({ indexes: built.length }, 'deferred indexes built');
    } catch (err) {
      log.error({ err }, 'deferred indexes could not be built');
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [BULK_LOAD_LOCK]);
    }
  } finally {
    client.release();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
