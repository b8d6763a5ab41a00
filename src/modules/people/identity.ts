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
