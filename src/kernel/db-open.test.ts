import { describe, expect, it } from 'vitest';
import { openDatabase } from './db.js';

describe('openDatabase', () => {
  it('refuses a saved PGlite directory together with a PostgreSQL URL, instead of opening the server without it', async () => {
    // Nothing listens on port 9: the refusal must come before any connection.
    await expect(openDatabase({ databaseUrl: 'postgres://nobody@127.0.0.1:9/none', loadDataDir: new Uint8Array(0) })).rejects.toThrow(/cannot be loaded into the PostgreSQL database/);
  });
});

describe('bytes PGlite reads where its API asks for a Blob', () => {
  it('copies exactly the bytes of a view, for a COPY and for a saved directory, and keeps them when the caller reuses its buffer', async () => {
    const db = await openDatabase({ dataDir: ':memory:' });
    try {
      await db.pool.query('CREATE TABLE copied (a text, b text)');
      // A view into a larger buffer, as a CSV builder hands over: the zeros around it must not be read.
      const larger = Buffer.alloc(64 * 1024);
      const written = larger.write('x,y\nz,w\n', 1000);
      const view = larger.subarray(1000, 1000 + written);
      await db.transaction(async (tx) => {
        const copying = db.copyCsv(tx, 'copied', ['a', 'b'], view);
        larger.fill(0); // the caller reuses its buffer before PGlite has read it
        await copying;
      });
      expect((await db.pool.query('SELECT a, b FROM copied ORDER BY a')).rows).toEqual([{ a: 'x', b: 'y' }, { a: 'z', b: 'w' }]);

      await db.pool.query('CHECKPOINT');
      const dump = new Uint8Array(await (await db.pglite!.dumpDataDir('none')).arrayBuffer());
      const padded = Buffer.alloc(dump.length + 4096);
      padded.set(dump, 2048);
      const copy = await openDatabase({ dataDir: ':memory:', loadDataDir: padded.subarray(2048, 2048 + dump.length) });
      expect((await copy.pool.query('SELECT count(*)::int AS n FROM copied')).rows[0]).toEqual({ n: 2 });
      await copy.close();
    } finally {
      await db.close();
    }
  }, 60_000);
});
