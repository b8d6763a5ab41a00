import { authorize, type Permission } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import { recordAccessMany, type AuditEntry } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import type { ReadPurpose } from '../../kernel/purposes.js';
import { personNotFound } from './access.js';
import type { Person, Residence, ResidenceKind } from './model.js';
import { describeResidences } from './person-service.js';
import { findEthnicGroup } from './reference/ethnicities.js';
import { nationalities } from './reference/nationalities.js';
import { findPreReformProvince } from './reference/provinces-pre-2025.js';
import { RELATIONS, isRelationCode } from './reference/relations.js';
import { findReligion } from './reference/religions.js';
import * as store from './store.js';

/** One residence as a document shows it: the address as recorded, with its unit named. */
export interface ResidenceLine {
  address: string;
  unitCode: string;
  /** "Phường Ba Đình, Thành phố Hà Nội" (the unit as recorded), or null when the code is unknown. */
  unitName: string | null;
  validFrom: string;
  plannedEnd: string | null;
}

/** A member of the person's household as a document lists them (CT07). */
export interface RecordMember {
  pin: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  relation: string;
  /** The relationship to the head in Vietnamese, as on the form. */
  relationLabel: string;
}

/**
 * The residence facts of one person, display-ready in Vietnamese: what a confirmation of
 * residence information (CT07) prints. Labels are resolved here so no other module needs the
 * people module's reference lists.
 */
export interface ResidenceRecord {
  personId: string;
  pin: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  status: Person['status'];
  nationality: string;
  ethnicity: string;
  religion: string | null;
  originPlace: string | null;
  /** The commune of the current residence (scope of the record). */
  unitCode: string | null;
  residences: Record<ResidenceKind, ResidenceLine | null>;
  household: { householdNo: string; address: string; unitCode: string; relation: string; relationLabel: string; head: { pin: string; fullName: string } | null; members: RecordMember[] } | null;
}

/**
 * A person's residence record with their household, for a document any registration office
 * nationwide may issue (CT07): the actor's `grant` permission authorises the read, not its unit
 * scope (Law on Residence 2020: any office confirms). A citizen reads only their own record. The
 * person and every household member shown get an access row with the purpose, inside `tx`.
 */
export async function getResidenceRecordInTx(tx: Executor, ctx: AppContext, actor: Actor, pin: string, purpose: ReadPurpose, grant: Permission, action = 'person.read'): Promise<ResidenceRecord> {
  const found = /^\d{12}$/.test(pin) ? await store.findPersonDetails(tx, pin) : undefined;
  if (!found) throw personNotFound();
  const p = found.person;
  if (actor.kind === 'citizen' || actor.kind === 'client') {
    if (p.id !== (actor.kind === 'citizen' ? actor.personId : actor.forPersonId)) throw personNotFound();
  } else {
    authorize(actor, grant);
  }
  const residences = await describeResidences(ctx, found.residences, tx);
  const open = (kind: ResidenceKind): ResidenceLine | null => {
    const r = residences.filter((x: Residence) => x.kind === kind && x.validTo === null).at(-1);
    return r ? { address: r.address, unitCode: r.unitCode, unitName: r.unitName ?? null, validFrom: r.validFrom, plannedEnd: r.plannedEnd } : null;
  };
  let household: ResidenceRecord['household'] = null;
  const shown: string[] = [p.pin];
  if (found.household) {
    const h = await store.findHousehold(tx, { id: found.household.id });
    if (h) {
      const current = h.members.filter((m) => m.validTo === null && m.status === 'living');
      const head = current.find((m) => m.relation === 'chu_ho');
      household = {
        householdNo: h.householdNo,
        address: h.address,
        unitCode: h.unitCode,
        relation: found.household.relation,
        relationLabel: relationLabel(found.household.relation),
        head: head ? { pin: head.pin, fullName: head.fullName } : null,
        members: current.map((m) => ({ pin: m.pin, fullName: m.fullName, birthDate: m.birthDate, sex: m.sex, relation: m.relation, relationLabel: relationLabel(m.relation) })),
      };
      for (const m of current) if (!shown.includes(m.pin)) shown.push(m.pin);
    }
  }
  const entries: AuditEntry[] = shown.map((target) => ({
    actor,
    action: target === p.pin ? action : `${action}.household_member`,
    target: { kind: 'person', id: target },
    unitCode: p.unitCode,
    purpose: purpose.code,
    purposeNote: purpose.note ?? null,
    ...(target === p.pin ? {} : { detail: { via: p.pin } }),
  }));
  await recordAccessMany(tx, entries, ctx.clock.now());
  return {
    personId: p.id,
    pin: p.pin,
    fullName: p.fullName,
    birthDate: p.birthDate,
    sex: p.sex,
    status: p.status,
    nationality: nationalities().find((n) => n.code === p.nationality)?.vi ?? p.nationality,
    ethnicity: findEthnicGroup(p.ethnicity)?.name ?? p.ethnicity,
    religion: p.religion ? (findReligion(p.religion)?.vi ?? p.religion) : null,
    originPlace: p.originPlace ?? (p.originPlaceCode ? await placeName(ctx, tx, p.originPlaceCode) : null),
    unitCode: p.unitCode,
    residences: { permanent: open('permanent'), temporary: open('temporary'), current: open('current') },
    household,
  };
}

function relationLabel(code: string): string {
  return isRelationCode(code) ? RELATIONS[code].vi : code;
}

/** Quê quán is recorded as a pre-2025 province code (or a commune): named as recorded. */
/** A place code as recorded (a pre-2025 province, or a commune) by its name; the CT07 and the card print it. */
export async function placeName(ctx: AppContext, tx: Executor, code: string): Promise<string | null> {
  if (code.length === 2) return findPreReformProvince(code)?.name ?? (await ctx.units.unitName('province', code, tx)) ?? null;
  return (await ctx.units.unitName('commune', code, tx)) ?? null;
}
