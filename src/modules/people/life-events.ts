import { checkChangeReason } from '../../kernel/change-reason.js';
import type { ChangeReasonCode, ChangeReasonInput } from '../../kernel/purposes.js';
import { newId } from '../../kernel/ids.js';
import { authorize, inScope } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { conflict, invalid } from '../../kernel/errors.js';
import { publish } from '../../kernel/events.js';
import { PersonBorn, PersonDied, ResidenceRegistered } from './events.js';
import { foldName } from '../../kernel/fold.js';
import { findReplay, rememberResult } from '../../kernel/idempotency.js';
import { getPersonInScope, unitOf } from './access.js';
import { movePermanentResidence } from './household-service.js';
import { relationForChildOf } from './household-rules.js';
import type { Person } from './model.js';
import { parsePartialDate, requirePartialDate } from '../../kernel/partial-date.js';
import { birthProvinceOf, issuePin, linkedPersonNotFound, snapshot } from './person-service.js';
import { checkPersonData } from './person-input.js';
import { pinPrefix } from './pin.js';
import * as store from './store.js';
import { PEOPLE_WRITE } from './permissions.js';


// The reason a birth or death carries when the officer writes none (a code: kernel/purposes.ts).
const BIRTH: ChangeReasonCode = 'birth_registration';
const DEATH: ChangeReasonCode = 'death_registration';

/** A birth's or death's reason: its own code unless the officer picks another (and a note). */
export interface LifeEventChange {
  reasonCode?: ChangeReasonInput['reasonCode'] | undefined;
  reasonNote?: string | null | undefined;
  dossier?: string | null | undefined;
}
/**
 * Life events through one service API that other agencies (civil status, health) will call:
 * a birth creates a person with a new PIN, links the parents and joins a household; a death
 * closes residence and membership and locks the record.
 */
export interface BirthInput {
  fullName: string;
  /** Full date of birth (YYYY-MM-DD). */
  birthDate: string;
  sex: 'M' | 'F';
  ethnicity: string;
  nationality?: string | undefined;
  religion?: string | null | undefined;
  /** Commune (today's units) where the birth is registered: decides the PIN's province digits. */
  birthPlaceCode: string;
  /** The place of birth registration as written; by default the commune's name. */
  birthPlace?: string | null | undefined;
  /** Place of birth (nơi sinh), apart from the registration: facility, address, commune. */
  birthFacility?: string | null | undefined;
  birthAddress?: string | null | undefined;
  birthAddressUnitCode?: string | null | undefined;
  originPlaceCode?: string | null | undefined;
  originPlace?: string | null | undefined;
  fatherPin?: string | null | undefined;
  motherPin?: string | null | undefined;
  /** Household to join; by default the mother's, else the father's. */
  householdNo?: string | undefined;
}

export interface BirthResult {
  person: Person;
  householdNo: string | null;
  relation: string | null;
}

/** Registers a birth: new person, new PIN, parents linked, permanent residence in the parents' household. */
export async function registerBirth(ctx: AppContext, actor: Actor, input: BirthInput, change: LifeEventChange & { requestId?: string | undefined }): Promise<BirthResult> {
  return ctx.db.transaction((tx) => registerBirthInTx(tx, ctx, actor, input, change));
}

/**
 * `registerBirth` inside the caller's transaction. Since Decree 120/2025 a birth may be
 * registered at any commune, so the parents may live outside the officer's unit: the birth
 * procedure authorises linking them. What it does not authorise is learning about them: a
 * parent outside the actor's unit who is unknown, of the other sex or not living answers the
 * same `linked_person_not_found`. The child joins a parent's household only where the officer
 * may write (the household named, or else the mother's, else the father's); a household that
 * holds no parent answers like a missing one.
 */
export async function registerBirthInTx(tx: Executor, ctx: AppContext, actor: Actor, input: BirthInput, change: LifeEventChange & { requestId?: string | undefined }): Promise<BirthResult> {
  const why = checkChangeReason({ reasonCode: change.reasonCode ?? BIRTH, reasonNote: change.reasonNote ?? null });
  const today = todayInVietnam(ctx.clock);
  const data = checkPersonData({ ...input, identifyingMarks: null, oldId9: null, oldId12: null }, today);
  const birth = parsePartialDate(data.birthDate)!;
  if (birth.day === undefined) throw invalid('date_needs_day', 'birthDate', { vi: 'Khai sinh cần ngày sinh đầy đủ.', en: 'A birth registration needs the full date of birth.' });
  if (!input.fatherPin && !input.motherPin) throw invalid('parent_required', 'motherPin', { vi: 'Cần ít nhất số định danh của cha hoặc mẹ.', en: "At least the mother's or father's PIN is required." });
  const province = await birthProvinceOf(ctx, input.birthPlaceCode, tx);
  if (!province || input.birthPlaceCode.length !== 5) throw invalid('unit_not_found', 'birthPlaceCode', { vi: 'Nơi đăng ký khai sinh phải là một xã/phường hiện hành.', en: 'The place of birth registration must be a current commune.' });
  authorize(actor, PEOPLE_WRITE, { communeCode: input.birthPlaceCode, provinceCode: province });
  if (data.birthAddressUnitCode && !(await ctx.units.provinceOfCommune(data.birthAddressUnitCode, tx))) {
    throw invalid('unit_not_found', 'birthAddressUnitCode', { vi: 'Nơi sinh phải là một xã/phường hiện hành.', en: 'The place of birth must be a current commune.' });
  }
  // The registration's own text, when not given, is the commune's name: never the hospital.
  const registeredAt = data.birthPlace ?? (await registrationPlaceName(ctx, input.birthPlaceCode, province, tx));
  const replay = await findReplay<BirthResult>(tx, change.requestId, actor, 'person.birth');
  if (replay) return replay;
  {
    const parent = async (pin: string | null | undefined, field: string, sex: 'M' | 'F') => {
      if (!pin) return undefined;
      const found = await store.findPersonByAnyPin(tx, pin);
      const visible = found !== undefined && inScope(actor, unitOf(found.person));
      if (!found) throw linkedPersonNotFound(field);
      // Outside the actor's unit every failure reads the same: no oracle of existence or sex.
      if (found.person.sex !== sex) throw visible ? invalid('parent_sex_mismatch', field, { vi: 'Giới tính của cha/mẹ không khớp.', en: "The parent's sex does not match." }) : linkedPersonNotFound(field);
      return found.person;
    };
    const father = await parent(input.fatherPin, 'fatherPin', 'M');
    const mother = await parent(input.motherPin, 'motherPin', 'F');
    const now = ctx.clock.now();
    const id = newId();
    const pin = await issuePin(tx, pinPrefix({ provinceCode: province, sex: data.sex, birthYear: birth.year }), id, now);
    const nameFolded = foldName(data.fullName);
    await store.insertPerson(tx, { ...data, birthPlace: registeredAt, id, pin, nameFolded, birthYear: birth.year, fatherId: father?.id ?? null, motherId: mother?.id ?? null, spouseId: null, unitCode: input.birthPlaceCode, provinceCode: province, externalId: null, at: now });
    await store.addNameTokens(tx, nameFolded);

    // The household: one a parent belongs to now, and one the actor may write to.
    const parentMemberships: Array<{ householdId: string; relation: string }> = [];
    for (const p of [mother, father]) {
      if (!p) continue;
      const m = await store.openMembership(tx, p.id);
      if (m) parentMemberships.push(m);
    }
    const writable = async (householdId: string) => {
      const h = await store.findHousehold(tx, { id: householdId });
      return h && inScope(actor, { communeCode: h.unitCode, provinceCode: h.provinceCode }) ? h : undefined;
    };
    let household: Awaited<ReturnType<typeof store.findHousehold>>;
    let parentRelation: string | undefined;
    if (input.householdNo) {
      const named = await store.findHousehold(tx, { householdNo: input.householdNo });
      const m = named && parentMemberships.find((x) => x.householdId === named.id);
      household = m ? await writable(m.householdId) : undefined;
      if (!household || !m) throw invalid('household_not_found', 'householdNo', { vi: 'Không tìm thấy hộ gia đình của cha hoặc mẹ với số hộ này.', en: "No household of the mother or father has this number." });
      parentRelation = m.relation;
    } else {
      for (const m of parentMemberships) {
        household = await writable(m.householdId);
        if (household) {
          parentRelation = m.relation;
          break;
        }
      }
    }
    let relation: string | null = null;
    if (household) {
      relation = relationForChildOf(parentRelation);
      await store.insertMember(tx, { householdId: household.id, personId: id, relation, validFrom: data.birthDate });
      await movePermanentResidence(tx, id, { unitCode: household.unitCode, provinceCode: household.provinceCode, address: household.address, householdId: household.id, validFrom: data.birthDate, unitRecordedOn: household.unitRecordedOn, dossier: change.dossier ?? null }, now, 'birth');
      // On the household's own trail too: its members see "a child was registered into the household".
      await recordAudit(tx, { actor, action: 'household.member_added', target: { kind: 'household', id: household.householdNo }, unitCode: household.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null, detail: { pin, relation, cause: 'birth' } }, now);
    }
    const person = (await store.findPersonById(tx, id))!;
    if (household) {
      await publish(tx, { type: ResidenceRegistered, subject: pin, payload: { pin, kind: 'permanent', unitCode: household.unitCode, householdNo: household.householdNo, validFrom: data.birthDate, dossier: change.dossier ?? null }, actorId: actor.id }, now);
    }
    await store.insertVersion(tx, id, { version: 1, data: snapshot(person), changedAt: now.toISOString(), changedBy: actor.id, reason: why.code, reasonNote: why.note, dossier: change.dossier ?? null });
    await recordAudit(tx, { actor, action: 'person.born', target: { kind: 'person', id: pin }, unitCode: person.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null, detail: { father: father?.pin ?? null, mother: mother?.pin ?? null, householdNo: household?.householdNo ?? null } }, now);
    await publish(tx, { type: PersonBorn, subject: pin, payload: { pin, birthDate: data.birthDate, sex: data.sex, fatherPin: father?.pin ?? null, motherPin: mother?.pin ?? null, householdNo: household?.householdNo ?? null }, actorId: actor.id }, now);
    const result: BirthResult = { person, householdNo: household?.householdNo ?? null, relation };
    await rememberResult(tx, change.requestId, actor, 'person.birth', result, now);
    return result;
  }
}

/** "Phường Ba Đình, Thành phố Hà Nội": how a registration place reads on the record. */
async function registrationPlaceName(ctx: AppContext, communeCode: string, provinceCode: string, tx: Executor): Promise<string | null> {
  const commune = await ctx.units.unitName('commune', communeCode, tx);
  const province = await ctx.units.unitName('province', provinceCode, tx);
  return commune ? [commune, province].filter(Boolean).join(', ') : null;
}

export interface DeathInput {
  pin: string;
  /** Date of death: full or partial (YYYY, YYYY-MM) when unknown. */
  deathDate: string;
  expectedVersion?: number | undefined;
}

export interface DeathResult {
  person: Person;
  closedResidences: number;
  /** Set when the deceased was the head: the household now has no head and is flagged. */
  headlessHouseholdNo: string | null;
}

/** Registers a death: status, closes residences and household membership, flags a household left without its head. */
export async function registerDeath(ctx: AppContext, actor: Actor, input: DeathInput, change: LifeEventChange): Promise<DeathResult> {
  return ctx.db.transaction((tx) => registerDeathInTx(tx, ctx, actor, input, change));
}

/** `registerDeath` inside the caller's transaction. */
export async function registerDeathInTx(tx: Executor, ctx: AppContext, actor: Actor, input: DeathInput, change: LifeEventChange): Promise<DeathResult> {
  const why = checkChangeReason({ reasonCode: change.reasonCode ?? DEATH, reasonNote: change.reasonNote ?? null });
  const today = todayInVietnam(ctx.clock);
  const death = requirePartialDate(input.deathDate, 'deathDate', today);
  {
    const { person } = await getPersonInScope(tx, actor, input.pin, PEOPLE_WRITE);
    if (person.status === 'deceased') throw conflict('person_deceased', { vi: 'Người này đã được khai tử.', en: 'This death is already registered.' }, 'pin');
    if (input.expectedVersion !== undefined && input.expectedVersion !== person.version) {
      throw conflict('version_conflict', { vi: 'Hồ sơ vừa được người khác cập nhật.', en: 'The record was changed by someone else.' }, 'expectedVersion');
    }
    const born = parsePartialDate(person.birthDate)!;
    if (death.year < born.year) throw invalid('death_before_birth', 'deathDate', { vi: 'Ngày mất trước ngày sinh.', en: 'The date of death is before the date of birth.' });
    const now = ctx.clock.now();
    // A partial date of death closes periods on its earliest possible day.
    const closeOn = input.deathDate.length === 10 ? input.deathDate : `${input.deathDate}-01-01`.slice(0, 10);
    const open = await store.openResidences(tx, person.id);
    for (const r of open) await store.closeResidence(tx, person.id, r.id, closeOn < r.validFrom ? r.validFrom : closeOn, 'death');
    const membership = await store.openMembership(tx, person.id);
    if (membership) await store.closeMembership(tx, person.id, closeOn < membership.validFrom ? membership.validFrom : closeOn, 'death');
    await store.setPersonStatus(tx, person.id, 'deceased', input.deathDate, now);
    const updated = (await store.findPersonById(tx, person.id))!;
    await store.insertVersion(tx, person.id, { version: updated.version, data: snapshot(updated), changedAt: now.toISOString(), changedBy: actor.id, reason: why.code, reasonNote: why.note, dossier: change.dossier ?? null });
    let headlessHouseholdNo: string | null = null;
    if (membership?.relation === 'chu_ho') headlessHouseholdNo = (await store.findHousehold(tx, { id: membership.householdId }))?.householdNo ?? null;
    await recordAudit(tx, { actor, action: 'person.died', target: { kind: 'person', id: person.pin }, unitCode: person.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null, detail: { deathDate: input.deathDate, headlessHouseholdNo } }, now);
    await publish(tx, { type: PersonDied, subject: person.pin, payload: { pin: person.pin, deathDate: input.deathDate, headlessHouseholdNo }, actorId: actor.id }, now);
    return { person: updated, closedResidences: open.length, headlessHouseholdNo };
  }
}
