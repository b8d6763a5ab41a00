import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { parseArgs } from 'node:util';
import { createContext } from '../src/app.js';
import type { AppContext } from '../src/kernel/context.js';
import { openDatabase, type Database } from '../src/kernel/db.js';
import { migrate } from '../src/kernel/migrate.js';
import { loadCommunesForGenerator, writePopulation } from '../src/modules/people/generator/index.js';
import { adminQuery, uniqueName, withDatabase } from '../test/engine.js';

export const OUT = path.resolve('bench-output');

export function args(extra: Record<string, { type: 'string' | 'boolean'; default?: string | boolean }> = {}) {
  return parseArgs({ options: { people: { type: 'string', default: '1000000' }, seed: { type: 'string', default: 'bench' }, ...extra }, allowPositionals: true }).values as Record<string, string | boolean | undefined>;
}

export const log = (s: string) => process.stderr.write(`${s}\n`);

/** Generated files for N people, reused across runs (generation is not what is measured). */
export async function population(people: number, seed: string): Promise<string> {
  const dir = path.join(OUT, `population-${seed}-${people}`);
  if (fs.existsSync(path.join(dir, 'done'))) return dir;
  log(`generating ${people} people into ${dir} …`);
  await writePopulation({ people, seed, communes: loadCommunesForGenerator('data/admin-units') }, dir, (p) => log(`  ${p.people} people`));
  fs.writeFileSync(path.join(dir, 'done'), '');
  return dir;
}

export interface BenchDb {
  engine: 'postgres' | 'pglite';
  db: Database;
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * Runs `trial` on `times` copies of a PostgreSQL database made with `CREATE DATABASE … TEMPLATE`,
 * each dropped after its trial, so a measurement that changes the database (an import) can be
 * repeated on the same starting state and quoted as a median. The template must have no other
 * connection open.
 */
export async function onCopiesOf<T>(template: string, times: number, trial: (copy: BenchDb, index: number) => Promise<T>): Promise<T[]> {
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error('onCopiesOf needs DATABASE_URL (PostgreSQL)');
  const out: T[] = [];
  for (let i = 0; i < times; i++) {
    const name = uniqueName(`${template.slice(0, 30)}_copy`);
    await adminQuery(server, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    const db = await openDatabase({ databaseUrl: withDatabase(server, name), poolSize: 8 });
    try {
      out.push(await trial({ engine: 'postgres', db, ctx: createContext({ db, log: pino({ level: 'warn' }, pino.destination(2)) }), close: () => db.close() }, i));
    } finally {
      await db.close();
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name}`);
    }
  }
  return out;
}

/**
 * A fresh, migrated database: a new PostgreSQL database when DATABASE_URL is set, else in-memory
 * PGlite. With `keep`, the PostgreSQL database is named `keep` and left in place for the next run
 * (`loaded` tells whether it already existed), so a 10-million-person load is paid once.
 * A fresh PostgreSQL database tells its `name`, and `release` closes its pool without dropping
 * it (to use it as a template: `onCopiesOf`); `close` then still drops it.
 */
export async function freshDatabase(keep?: string, poolSize = 8): Promise<BenchDb & { loaded: boolean; name?: string; release?: () => Promise<void> }> {
  const server = process.env.DATABASE_URL;
  const quiet = pino({ level: 'warn' }, pino.destination(2));
  if (server && keep) {
    const exists = await adminQuery(server, `SELECT 1`).then(async () => {
      const { default: pg } = await import('pg');
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [keep]);
      await c.end();
      return r.rowCount === 1;
    });
    if (!exists) await adminQuery(server, `CREATE DATABASE ${keep}`);
    const db = await openDatabase({ databaseUrl: withDatabase(server, keep), poolSize });
    await migrate(db);
    return { engine: 'postgres', db, ctx: createContext({ db, log: quiet }), loaded: exists, close: () => db.close() };
  }
  if (server) {
    const name = uniqueName('dancu_bench');
    await adminQuery(server, `CREATE DATABASE ${name}`);
    const db = await openDatabase({ databaseUrl: withDatabase(server, name), poolSize });
    await migrate(db);
    let open = true;
    const release = async () => {
      if (open) await db.close();
      open = false;
    };
    return {
      engine: 'postgres',
      db,
      loaded: false,
      name,
      ctx: createContext({ db, log: quiet }),
      release,
      close: async () => {
        await release();
        await adminQuery(server, `DROP DATABASE IF EXISTS ${name}`);
      },
    };
  }
  const db = await openDatabase({ dataDir: ':memory:' });
  await migrate(db);
  return { engine: 'pglite', db, loaded: false, ctx: createContext({ db, log: quiet }), close: () => db.close() };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
