import type { Executor } from '../../kernel/db.js';

/**
 * The phone number a person's e-ID account was verified with, where the registry may text
 * them about their own affairs (a dossier's progress); undefined without an account that was
 * ever activated. No read is logged: the number leaves only in a message to that person.
 */
export async function noticePhoneOf(db: Executor, personId: string): Promise<string | undefined> {
  const r = await db.query<{ phone: string }>("SELECT phone FROM eid_account WHERE person_id = $1 AND status IN ('active', 'locked')", [personId]);
  return r.rows[0]?.phone;
}
