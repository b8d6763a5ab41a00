import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PGlite } from '@electric-sql/pglite';

/**
 * One database interface over two engines: embedded PGlite (default) and PostgreSQL.
 * Both are reached through a node-postgres `pg.Pool`, so every query, transaction and
 * migration takes the same code path; only opening and closing differ.
 */
export type Engine = 'pglite' | 'postgres';

/** Something that runs SQL: the pool, or a client inside a transaction. */
export interface Executor {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * A named prepared statement: PostgreSQL parses and plans it once per connection instead of at
 * every call. For the hottest fixed queries only (every logged person read, every session
 * lookup), where planning cost more than running: 0.47 ms of planning against 0.15 ms of
 * execution for a person's details on a warm connection. `name` must be unique per text.
 */
export function prepared<R extends pg.QueryResultRow = pg.QueryResultRow>(db: Executor, name: string, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  // Every Executor here is a pg Pool or PoolClient (both engines go through pg.Pool), which
  // take a query config; the interface names only the text form the rest of the code uses.
  return (db as unknown as pg.Pool).query<R>({ name, text, values });
}

export interface Database {
  readonly engine: Engine;
  readonly pool: pg.Pool;
  /** Drizzle over the same pool, for typed queries. */
  readonly orm: NodePgDatabase;
  /** The PGlite instance when engine is pglite (for COPY from memory, dumps). */
  readonly pglite: PGlite | undefined;
  /**
   * Bulk-loads CSV text with COPY … FROM STDIN on the transaction's connection (pg-copy-streams
   * on PostgreSQL, PGlite's /dev/blob on the embedded engine: both stay inside the transaction).
   */
  copyCsv(tx: pg.PoolClient, table: string, columns: readonly string[], csv: string | Uint8Array<ArrayBuffer>): Promise<void>;
  /** Runs `fn` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Dates stay strings ('YYYY-MM-DD'): pg would turn them into local-midnight Date objects.
// int8 becomes a number: counts and ids in this product stay far below 2^53.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 1082) return (v: string) => v;
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; ':memory:' for an in-memory database. */
  dataDir?: string;
  /** Load the PGlite database from a saved directory (the bytes of the tar `dumpDataDir('none')` wrote; tests: a migrated template). */
  loadDataDir?: Uint8Array;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  // A saved PGlite directory cannot be loaded into PostgreSQL: opening the server's database
  // instead would run on other data than the caller gave, without a word.
  if (options.databaseUrl && options.loadDataDir) throw new Error('loadDataDir is a PGlite data directory: it cannot be loaded into the PostgreSQL database of databaseUrl');
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? ':memory:', options.loadDataDir);
}

/**
 * Marks code running inside `transaction`. Using the pool there is a bug on both engines
 * (the query runs outside the transaction) and a deadlock on PGlite (one connection), so
 * the pool refuses it loudly instead.
 */
const insideTransaction = new AsyncLocalStorage<true>();

function guardPool(pool: pg.Pool): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  const refuse = () => {
    throw new Error('The pool was used inside a transaction: pass the transaction client (tx) instead.');
  };
  Object.assign(pool, {
    query: (...args: unknown[]) => (insideTransaction.getStore() ? refuse() : query(...args)),
    connect: (...args: unknown[]) => (insideTransaction.getStore() ? refuse() : connect(...args)),
  });
}

function makeDatabase(engine: Engine, pool: pg.Pool, pglite: PGlite | undefined, onClose: () => Promise<void>): Database {
  guardPool(pool);
  return {
    engine,
    pool,
    orm: drizzle(pool),
    pglite,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await insideTransaction.run(true, () => fn(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async copyCsv(tx, table, columns, csv) {
      if (csv.length === 0) return;
      const cols = columns.join(', ');
      if (pglite) {
        // PGlite is one backend: this runs in the session, hence the transaction, `tx` holds.
        await pglite.query(`COPY ${table} (${cols}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: bytesAsBlob(typeof csv === 'string' ? new TextEncoder().encode(csv) : csv, 'text/csv') });
        return;
      }
      const stream = tx.query(copyFrom(`COPY ${table} (${cols}) FROM STDIN WITH (FORMAT csv)`));
      await pipeline(Readable.from([csv]), stream);
    },
    close: onClose,
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = makeDatabase('postgres', pool, undefined, () => pool.end());
  return db;
}

/**
 * Bytes as PGlite takes them where its API asks for a Blob (a saved directory to load, the data
 * of a `COPY … FROM '/dev/blob'`): PGlite reads those only through `arrayBuffer()` (and `type`,
 * to see whether a directory is gzipped). A real Blob on Node 20 copies the bytes in and reads
 * them back out in small chunks: 1.5–3 s for the 95 MB browser-test database every browser-test
 * file loads, where handing over the bytes takes a few tens of milliseconds.
 */
function bytesAsBlob(bytes: Uint8Array, type: string): Blob {
  // A copy taken now, as a Blob does: a caller may reuse its buffer before PGlite reads it, and
  // the copy's buffer is exactly these bytes (a view's can hold more). `new Uint8Array(bytes)`
  // copies; a Buffer's `slice()` would not.
  const copy = new Uint8Array(bytes);
  const blob = { type, size: copy.byteLength, arrayBuffer: async () => copy.buffer };
  // The part of Blob PGlite uses (loadTar and _handleBlob in @electric-sql/pglite).
  return blob as unknown as Blob;
}

async function openPglite(dataDir: string, loadDataDir: Uint8Array | undefined): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const extensions = await pgliteExtensions();
  const inMemory = dataDir === ':memory:';
  let releaseLock = () => {};
  if (!inMemory) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = holdDirLock(dataDir);
  }
  const lite = await PGlite.create({
    ...(inMemory ? {} : { dataDir }),
    ...(loadDataDir ? { loadDataDir: bytesAsBlob(loadDataDir, 'application/x-tar') } : {}),
    extensions,
  });
  const config = createPgConfig(lite);
  patchParse(config.connection);
  const pool = new pg.Pool({ ...(config as unknown as pg.PoolConfig), max: 1, types });
  return makeDatabase('pglite', pool, lite, async () => {
    await pool.end();
    await lite.close();
    releaseLock();
  });
}

/** The extensions migrations create; the same set exists on Debian's PostgreSQL contrib. */
async function pgliteExtensions() {
  const [{ pg_trgm }, { unaccent }, { fuzzystrmatch }, { pgcrypto }] = await Promise.all([
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
    import('@electric-sql/pglite/contrib/fuzzystrmatch'),
    import('@electric-sql/pglite/contrib/pgcrypto'),
  ]);
  return { pg_trgm, unaccent, fuzzystrmatch, pgcrypto };
}

/**
 * PGlite's node-postgres shim crashes when node-postgres passes a type-parser object
 * as `types` to `parse` (it expects an array of OIDs); drop it unless it is an array.
 */
function patchParse(connection: unknown): void {
  const conn = connection as { parse: (q: { types?: unknown }) => void };
  const original = conn.parse.bind(conn);
  conn.parse = (q) => original(Array.isArray(q.types) ? q : { ...q, types: undefined });
}

/** Two PGlite instances on one directory corrupt it silently; refuse the second. */
function holdDirLock(dataDir: string): () => void {
  const lockFile = path.join(dataDir, '.dancu.lock');
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`The data directory ${dataDir} is in use by process ${pid}. Stop it first.`);
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => fs.rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
