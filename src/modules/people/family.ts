import { inScope } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import type { AuditEntry } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { getPersonInScope, unitOf } from './access.js';
import type { PersonStatus } from './model.js';
import { PEOPLE_READ } from './permissions.js';
import type { Sex } from './pin.js';
import * as store from './store.js';
import type { ReadPurpose } from '../../kernel/purposes.js';

/** Who a person is, in the fewest fields that let an officer recognise them. */
export interface PersonBrief {
  pin: string;
  fullName: string;
  birthDate: string;
  sex: Sex;
  status: PersonStatus;
}

/**
 * The name, date of birth, sex and status behind a PIN (current or cancelled), for a form
 * that must show whom a typed PIN names (a parent on a birth). Scoped like any read: a person
 * outside the actor's unit answers exactly like an unknown PIN. The read is access-logged
 * with its purpose before anything is returned.
 */
export async function getPersonBrief(ctx: AppContext, actor: Actor, pin: string, purpose: ReadPurpose): Promise<PersonBrief> {
  const { person } = await getPersonInScope(ctx.db.pool, actor, pin, PEOPLE_READ);
  await ctx.accessLog.append([{ actor, action: 'person.brief.read', target: { kind: 'person', id: person.pin }, unitCode: person.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null }], ctx.clock.now());
  return { pin: person.pin, fullName: person.fullName, birthDate: person.birthDate, sex: person.sex, status: person.status };
}

export type RelationKind = 'father' | 'mother' | 'spouse' | 'child';

/** A relative the reader may see, or one outside their area: then nothing but that fact. */
export type Relative = ({ visible: true } & PersonBrief) | { visible: false };

export interface Family {
  pin: string;
  father: Relative | null;
  mother: Relative | null;
  spouse: Relative | null;
  /** People whose father or mother this person is, oldest first. */
  children: Relative[];
}

/**
 * A person's parents, spouse and children by name. The person must be one the actor may read
 * (a citizen: themselves). Each relative is shown only when the actor may read that relative
 * too; otherwise it is "a person outside your area" with no PIN, name or date. A citizen sees
 * their own relatives. Every person shown is written to the access log with the purpose.
 */
export async function getFamily(ctx: AppContext, actor: Actor, pin: string, purpose: ReadPurpose): Promise<Family> {
  const db = ctx.db.pool;
  const { person } = await getPersonInScope(db, actor, pin, PEOPLE_READ);
  const linked = await store.findLinkedRelatives(db, person.id);
  const children = await store.listChildren(db, person.id);
  // getPersonInScope let a citizen through only to their own record: their relatives are theirs to see.
  const mayRead = (r: store.RelativeRow) => actor.kind === 'citizen' || (actor.kind !== 'client' && inScope(actor, unitOf(r)));
  const logged: AuditEntry[] = [{ actor, action: 'person.family.read', target: { kind: 'person', id: person.pin }, unitCode: person.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null }];
  const show = (r: store.RelativeRow | undefined, relation: RelationKind): Relative | null => {
    if (!r) return null;
    if (!mayRead(r)) return { visible: false };
    logged.push({ actor, action: 'person.read_as_relative', target: { kind: 'person', id: r.pin }, unitCode: r.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, detail: { of: person.pin, relation } });
    return { visible: true, pin: r.pin, fullName: r.fullName, birthDate: r.birthDate, sex: r.sex, status: r.status };
  };
  const family: Family = {
    pin: person.pin,
    father: show(linked.find((r) => r.link === 'father'), 'father'),
    mother: show(linked.find((r) => r.link === 'mother'), 'mother'),
    spouse: show(linked.find((r) => r.link === 'spouse'), 'spouse'),
    children: children.map((c) => show(c, 'child')!),
  };
  await ctx.accessLog.append(logged, ctx.clock.now());
  return family;
}
