import { describe, expect, it } from 'vitest';
import { openDatabase } from './db.js';

describe('openDatabase', () => {
  it('refuses a saved PGlite directory together with a PostgreSQL URL, instead of opening the server without it', async () => {
    // Nothing listens on port 9: the refusal must come before any connection.
    await expect(openDatabase({ databaseUrl: 'postgres://nobody@127.0.0.1:9/none', loadDataDir: new Uint8Array(0) })).rejects.toThrow(/cannot be loaded into the PostgreSQL database/);
  });
});
