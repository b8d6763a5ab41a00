import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/context.js';
import { testServerUrl } from '../../test/engine.js';
import { systemActor } from './actor.js';
import { recordAccess } from './audit.js';
import { openDatabase } from './db.js';
import { APP_ROLE } from './db-roles.js';

/**
 * On PostgreSQL the application connects as `dancu_app`, which can append to the audit log but
 * never change or remove a row of it (PGlite has a single user and no roles to test).
 */
const onPostgres = testServerUrl() !== undefined;

describe('least-privilege application role', () => {
  if (onPostgres) {
    it('may append to the log and read it, and is refused UPDATE, DELETE, TRUNCATE and DDL', async () => {
      const handle = await openTestDatabase();
      const url = new URL(handle.url!);
      url.username = APP_ROLE;
      const app = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
      try {
        await app.transaction((tx) => recordAccess(tx, { actor: systemActor('t'), action: 'person.read', target: { kind: 'person', id: '001088000001' } }, new Date()));
        expect((await app.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n).toBe(1);
        for (const sql of ["UPDATE audit_log SET action = 'x'", 'DELETE FROM audit_log', 'TRUNCATE audit_log', 'DELETE FROM audit_block', 'DELETE FROM dossier_action', "UPDATE dossier_attachment SET sha256 = 'x'", 'TRUNCATE dossier_action', "UPDATE admin_unit SET name = 'x'", 'DELETE FROM schema_migration', 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only', 'DROP TABLE person']) {
          await expect(app.pool.query(sql), sql).rejects.toMatchObject({ code: expect.stringMatching(/^42501$|^42P01$/) });
        }
        // The registry itself stays writable.
        await expect(app.pool.query("UPDATE officer SET display_name = display_name WHERE false")).resolves.toBeDefined();
      } finally {
        await app.close();
        await handle.drop();
      }
    });
  } else {
    it('is not created on PGlite, which has one user', async () => {
      const handle = await openTestDatabase();
      try {
        const roles = await handle.db.pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
        expect(roles.rowCount).toBe(0);
      } finally {
        await handle.drop();
      }
    });
  }
});
