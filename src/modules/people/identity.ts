import type { Executor } from '../../kernel/db.js';
import type { Person } from './model.js';
import { findPersonById, findPersonByAnyPin } from './store.js';

/**
 * Registry facts for modules that check a claimed identity (e-ID enrolment, login claims)
 * inside their own transaction. Unlike `getPerson` these do not write the access log: the
 * caller knows the purpose and logs the read it makes (or discloses nothing, as a failed
 * enrolment match must not).
 */
export async function personByActivePin(db: Executor, pin: string): Promise<Person | undefined> {
  if (!/^\d{12}$/.test(pin)) return undefined;
  const found = await findPersonByAnyPin(db, pin);
  return found && found.via.status === 'active' ? found.person : undefined;
}

export async function personById(db: Executor, id: string): Promise<Person | undefined> {
  return findPersonById(db, id);
}

/**
 * Every identifier under which a person's data may have been read: all PINs they held
 * (current and cancelled) and every household they belonged to. "Who accessed my data"
 * searches the access log for these.
 */
export async function identifiersOf(db: Executor, personId: string): Promise<{ pins: string[]; householdNos: string[] }> {
  const pins = await db.query<{ pin: string }>('SELECT pin FROM pin_registry WHERE person_id = $1', [personId]);
  const households = await db.query<{ household_no: string }>(
    'SELECT DISTINCT h.household_no FROM household_member m JOIN household h ON h.id = m.household_id WHERE m.person_id = $1',
    [personId],
  );
  return { pins: pins.rows.map((r) => r.pin), householdNos: households.rows.map((r) => r.household_no) };
}
