import { authorize, inScope, type Permission } from '../../kernel/access.js';
import { PEOPLE_READ, PEOPLE_WRITE } from './permissions.js';
import type { Actor } from '../../kernel/actor.js';
import type { Executor } from '../../kernel/db.js';
import { forbidden, notFound } from '../../kernel/errors.js';
import type { Person, ProcedureAuthority } from './model.js';
import { findPersonByAnyPin } from './store.js';
import type { PinHistoryEntry } from './model.js';

/** Where a person lives decides who may see them: the commune of their current residence. */
export function unitOf(p: Pick<Person, 'unitCode' | 'provinceCode'>) {
  return { communeCode: p.unitCode, provinceCode: p.provinceCode };
}

export const personNotFound = (field = 'pin') =>
  notFound('person_not_found', { vi: 'Không tìm thấy công dân với số định danh này.', en: 'No person with this personal ID number.' }, field);

/**
 * The person behind a PIN (current or cancelled) if the actor may act on them. A person
 * outside the actor's unit answers exactly like a missing one, so scope does not leak existence.
 */
export async function getPersonInScope(db: Executor, actor: Actor, pin: string, permission: Permission): Promise<{ person: Person; via: PinHistoryEntry }> {
  if (actor.kind === 'citizen' || actor.kind === 'client') {
    // A citizen reads their own record; a relying party the one person who consented.
    if (permission !== PEOPLE_READ) throw forbidden('permission_denied');
    const own = actor.kind === 'citizen' ? actor.personId : actor.forPersonId;
    const found = /^\d{12}$/.test(pin) ? await findPersonByAnyPin(db, pin) : undefined;
    if (!found || found.person.id !== own) throw personNotFound();
    return found;
  }
  authorize(actor, permission);
  if (!/^\d{12}$/.test(pin)) throw personNotFound();
  const found = await findPersonByAnyPin(db, pin);
  if (!found || !inScope(actor, unitOf(found.person))) throw personNotFound();
  return found;
}

/**
 * The person a change is about. Without an authority: in the actor's scope, as always. With a
 * procedure's authority (a dossier's decision): anywhere, because the procedure, not the
 * officer's unit, authorises the change; the officer still needs the write permission and the
 * change is audited with the dossier in each unit it touches.
 */
export async function getPersonForChange(db: Executor, actor: Actor, pin: string, authority?: ProcedureAuthority): Promise<{ person: Person; via: PinHistoryEntry }> {
  if (!authority) return getPersonInScope(db, actor, pin, PEOPLE_WRITE);
  if (actor.kind === 'citizen' || actor.kind === 'client') throw forbidden('permission_denied');
  authorize(actor, PEOPLE_WRITE);
  const found = /^\d{12}$/.test(pin) ? await findPersonByAnyPin(db, pin) : undefined;
  if (!found) throw personNotFound();
  return found;
}
