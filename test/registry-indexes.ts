import type { Database } from '../src/kernel/db.js';

/** The secondary (non-unique) indexes of the registry tables, as the migrations create them: what a first load defers. */
export const SECONDARY = ['household_unit_ix', 'person_name_folded_ix', 'person_old_id12_ix', 'person_old_id9_ix', 'person_unit_ix', 'pin_registry_cancelled_person_ix'];

/** Every index of the tables a bulk import fills. */
export async function indexesOf(db: Database): Promise<string[]> {
  const r = await db.pool.query<{ name: string }>(
    "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('person', 'pin_registry', 'household', 'household_member', 'residence') ORDER BY 1",
  );
  return r.rows.map((x) => x.name);
}
