import type { Executor } from './db.js';

/**
 * The least-privilege role the application should connect as on PostgreSQL (docs/database.md):
 * it reads and writes the registry, but can only append to the audit log and its sealed blocks
 * (no UPDATE, DELETE or TRUNCATE), cannot change reference data or the migration record, and
 * owns nothing, so it cannot drop a trigger or a table. Migrations run as the owner.
 */
export const APP_ROLE = 'dancu_app';

/** Tables the application may only read and append to. */
const APPEND_ONLY = ['audit_log', 'audit_block', 'dossier_action', 'dossier_attachment'];
/** Tables the application may only read (changed by migrations alone). */
const READ_ONLY = ['schema_migration', 'admin_unit', 'admin_unit_conversion'];

export interface RoleResult {
  role: string;
  created: boolean;
  granted: boolean;
  /** Why the role could not be set up (e.g. the migrating user may not create roles). */
  warning?: string;
}

/** Creates the role if missing and (re)applies its grants on every table and sequence. */
export async function ensureAppRole(db: Executor): Promise<RoleResult> {
  let created = false;
  try {
    const exists = await db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    if (exists.rowCount === 0) {
      // LOGIN without a password: the deployment sets one (ALTER ROLE dancu_app PASSWORD …) or maps it in pg_hba.
      await db.query(`CREATE ROLE ${APP_ROLE} LOGIN`).catch((err: { code?: string }) => {
        if (err.code !== '42710') throw err; // created by a concurrent migrate
      });
      created = true;
    }
  } catch (err) {
    return { role: APP_ROLE, created: false, granted: false, warning: `could not create role ${APP_ROLE}: ${(err as Error).message}` };
  }
  try {
    const dbName = (await db.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;
    await db.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${dbName.replace(/"/g, '""')}" TO ${APP_ROLE}`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${APPEND_ONLY.join(', ')} FROM ${APP_ROLE}`);
    const readOnly = (await db.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)", [READ_ONLY])).rows.map((r) => r.t);
    if (readOnly.length) await db.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${readOnly.join(', ')} FROM ${APP_ROLE}`);
    await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    return { role: APP_ROLE, created, granted: true };
  } catch (err) {
    return { role: APP_ROLE, created, granted: false, warning: `could not grant ${APP_ROLE} its rights: ${(err as Error).message}` };
  }
}
