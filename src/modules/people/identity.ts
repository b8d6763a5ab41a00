import type { Executor } from '../../kernel/db.js';
import type { Person } from './model.js';
import { findPersonById, findPersonByAnyPin } from './store.js';

/**
 * Raw registry readers for other modules, with no scope check and no access-log row: their
 * names say so. Only these uses are allowed (each is a check that discloses nothing of the
 * person to the caller, or whose caller logs the read itself):
 * - e-ID enrolment and login: matching a claimed PIN / name / birth date against the registry
 *   (a failed match must not be logged as a read of someone else's record, nor tell what was wrong);
 * - e-ID and OIDC: finding the person behind an account (`unloggedPersonById`) to fill claims that
 *   the relying party then reads through `getPerson` (logged), or to show the account holder's own name;
 * - "who accessed my data": the identifiers (`unloggedIdentifiersOf`) under which the citizen's
 *   own record was read;
 * - dossiers: resolving the applicant's PIN (or the PIN of someone asked to consent) to a person
 *   at filing — the applicant may live in another unit (a move-in is filed where they move to);
 *   the dossier service writes the access row in the same transaction.
 * - cards: a card check (QR, MRZ, chip) asks whether the holder is living; the verification
 *   service writes the access row of the check itself (cards/verification.ts).
 * Anything that shows an officer or an agency a person's data goes through `getPerson…`
 * (logged), never through these.
 */
export async function unloggedPersonByActivePin(db: Executor, pin: string): Promise<Person | undefined> {
  if (!/^\d{12}$/.test(pin)) return undefined;
  const found = await findPersonByAnyPin(db, pin);
  return found && found.via.status === 'active' ? found.person : undefined;
}

/** The person behind a PIN, current or cancelled (a re-established PIN still finds its person); see the rules above. */
export async function unloggedPersonByAnyPin(db: Executor, pin: string): Promise<{ person: Person; pinCancelled: boolean } | undefined> {
  if (!/^\d{12}$/.test(pin)) return undefined;
  const found = await findPersonByAnyPin(db, pin);
  return found && { person: found.person, pinCancelled: found.via.status === 'cancelled' };
}

/** Whether the person behind a PIN (current or cancelled) is living, deceased or missing, in one query; see the rules above (card checks). */
export async function unloggedStatusByAnyPin(db: Executor, pin: string): Promise<Person['status'] | undefined> {
  if (!/^\d{12}$/.test(pin)) return undefined;
  const r = await db.query<{ status: Person['status'] }>('SELECT p.status FROM pin_registry r JOIN person p ON p.id = r.person_id WHERE r.pin = $1', [pin]);
  return r.rows[0]?.status;
}

export async function unloggedPersonById(db: Executor, id: string): Promise<Person | undefined> {
  return findPersonById(db, id);
}

/**
 * Every identifier under which a person's data may have been read: all PINs they held
 * (current and cancelled) and every household they belonged to. "Who accessed my data"
 * searches the access log for these.
 */
export async function unloggedIdentifiersOf(db: Executor, personId: string): Promise<{ pins: string[]; householdNos: string[] }> {
  const pins = await db.query<{ pin: string }>('SELECT pin FROM pin_registry WHERE person_id = $1', [personId]);
  const households = await db.query<{ household_no: string }>(
    'SELECT DISTINCT h.household_no FROM household_member m JOIN household h ON h.id = m.household_id WHERE m.person_id = $1',
    [personId],
  );
  return { pins: pins.rows.map((r) => r.pin), householdNos: households.rows.map((r) => r.household_no) };
}
