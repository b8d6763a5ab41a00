import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/kernel/db.js';
import { savePgliteCopy, tarEntries } from './engine.js';

const tarNames = (tar: Uint8Array) => tarEntries(tar).entries.map((e) => e.name);

describe('the saved PGlite copy test files start from', () => {
  it('keeps one WAL segment, and a copy loads with the data and takes writes', async () => {
    const db = await openDatabase({ dataDir: ':memory:' });
    await db.pool.query('CREATE TABLE kept (n int)');
    // Enough WAL to pass a segment, so the directory holds spare ones to leave out.
    await db.pool.query('INSERT INTO kept SELECT g FROM generate_series(1, 400000) g');
    await db.pool.query('CHECKPOINT');
    const full = (await db.pglite!.dumpDataDir('none')).size;
    const saved = await savePgliteCopy(db, 'dancu-copy-test-');
    await db.close();
    try {
      const bytes = fs.readFileSync(saved.file);
      const names = tarNames(bytes);
      expect(names.filter((n) => /pg_wal\/[0-9A-F]{24}$/.test(n))).toHaveLength(1);
      expect(names.some((n) => n.endsWith('PG_VERSION'))).toBe(true);
      expect(bytes.length).toBeLessThan(full - 16 * 1024 * 1024);

      const copy = await openDatabase({ dataDir: ':memory:', loadDataDir: bytes });
      expect((await copy.pool.query<{ n: number }>('SELECT count(*) AS n FROM kept')).rows[0]!.n).toBe(400000);
      // New WAL segments are made as needed.
      await copy.pool.query('INSERT INTO kept SELECT g FROM generate_series(1, 400000) g');
      await copy.pool.query('CHECKPOINT');
      expect((await copy.pool.query<{ n: number }>('SELECT count(*) AS n FROM kept')).rows[0]!.n).toBe(800000);
      await copy.close();
    } finally {
      saved.remove();
    }
  }, 60_000);
});
