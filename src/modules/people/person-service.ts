import { checkChangeReason } from '../../kernel/change-reason.js';
import { normalisePurpose, type ChangeReasonCode, type ReadPurpose } from '../../kernel/purposes.js';
import { newId } from '../../kernel/ids.js';
import { authorize, inScope } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import { recordAccess, recordAudit } from '../../kernel/audit.js';
import { officerNames } from '../../kernel/auth/officers.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { AppError, conflict, invalid } from '../../kernel/errors.js';
import { publish } from '../../kernel/events.js';
import { PersonRegistered, PersonUpdated, PinReestablished } from './events.js';
import { foldName } from '../../kernel/fold.js';
import { findReplay, rememberResult } from '../../kernel/idempotency.js';
import { currentUnitsCached } from './unit-names.js';
import { getPersonInScope, personNotFound, unitOf } from './access.js';
import type { ChangeReason, Person, PersonData, PersonVersion, PinHistoryEntry, ProcedureAuthority, Residence } from './model.js';
import { parsePartialDate } from '../../kernel/partial-date.js';
import { checkPersonData, type PersonInput } from './person-input.js';
import { newPinCandidate, pinPrefix, validatePin } from './pin.js';
import * as store from './store.js';
import { PEOPLE_READ, PEOPLE_WRITE } from './permissions.js';

export interface Links {
  fatherPin?: string | null | undefined;
  motherPin?: string | null | undefined;
  spousePin?: string | null | undefined;
}

/** The person's data as it is snapshotted into person_version. */
export function snapshot(p: Person): Record<string, unknown> {
  const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...data } = p;
  return data;
}

/** The change's reason as stored: a code from the list, and the note (required for `other`). */
export function requireReason(change: ChangeReason): { code: ChangeReasonCode; note: string | null } {
  return checkChangeReason(change);
}

/**
 * Resolves parent/spouse PINs to ids. A linked person must be one the actor may act on: a link
 * to someone outside the actor's unit answers exactly like an unknown PIN, so the form is no
 * oracle of who exists elsewhere. (A birth links parents across units because the procedure
 * says so: see life-events.ts.)
 */
async function resolveLinks(db: Executor, actor: Actor, links: Links, unchanged: Links = {}): Promise<{ fatherId: string | null; motherId: string | null; spouseId: string | null }> {
  const one = async (pin: string | null | undefined, field: keyof Links) => {
    if (!pin) return null;
    const found = /^\d{12}$/.test(pin) ? await store.findPersonByAnyPin(db, pin) : undefined;
    // A link the record already had stays, whoever may see the other person today.
    const kept = unchanged[field] !== undefined && unchanged[field] === pin;
    if (!found || (!kept && !inScope(actor, unitOf(found.person)))) throw linkedPersonNotFound(field);
    return found.person.id;
  };
  return { fatherId: await one(links.fatherPin, 'fatherPin'), motherId: await one(links.motherPin, 'motherPin'), spouseId: await one(links.spousePin, 'spousePin') };
}

export const linkedPersonNotFound = (field: string) =>
  invalid('linked_person_not_found', field, { vi: 'Không tìm thấy người có số định danh này trong phạm vi quản lý của bạn.', en: 'No person with this personal ID number within your scope.' });

/** The 2-digit province a PIN prefix uses for a place of birth registration (pre-2025 code). */
export async function birthProvinceOf(ctx: AppContext, code: string | null, db?: Executor): Promise<string | undefined> {
  if (!code) return undefined;
  if (code.length === 2) return code;
  if (code.length === 3) return code.slice(1);
  // New units keep a predecessor's code, and new province codes are old ones, so a current
  // commune's province code is a valid pre-2025 PPP.
  return ctx.units.provinceOfCommune(code, db);
}

/**
 * Issues a PIN: the prefix from birth province, sex and year, a random suffix, and the
 * pin_registry primary key to guarantee it was never issued before (retrying on collision).
 */
export async function issuePin(tx: Executor, prefix: string, personId: string, at: Date): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = newPinCandidate(prefix);
    if (await store.claimPin(tx, candidate, personId, at)) return candidate;
  }
  throw new AppError('unavailable', 'pin_space_exhausted', { vi: 'Không cấp được số định danh, hãy thử lại.', en: 'Could not issue a personal ID number; try again.' });
}

async function claimGivenPin(tx: Executor, pin: string, data: PersonData, personId: string, at: Date): Promise<void> {
  const check = validatePin(pin, { birthYear: parsePartialDate(data.birthDate)!.year, sex: data.sex });
  if (!check.valid) {
    const e = check.errors[0]!;
    throw new AppError('invalid', e.code, e.message, { field: 'pin', errors: check.errors.map((x) => ({ field: 'pin', code: x.code, message: x.message })) });
  }
  if (!(await store.claimPin(tx, pin, personId, at))) {
    throw new AppError('duplicate', 'pin_already_issued', { vi: 'Số định danh này đã được cấp trước đây.', en: 'This personal ID number was issued before.' }, { field: 'pin' });
  }
}

export interface RegisterPersonInput extends PersonInput, Links {
  /** A PIN the person already holds (data entry of an existing person); otherwise one is issued. */
  pin?: string | undefined;
  /** Commune (today's units) the person is registered in; decides scope. */
  unitCode: string;
}

export interface WriteOptions extends ChangeReason {
  requestId?: string | undefined;
}

/**
 * Enters a person into the registry (issuing a PIN unless one is given), with version 1 and an
 * audit row. "This PIN was issued before" is an answer about someone else's record, so it is
 * logged as an access on that PIN (as the import logs it), after the refused registration's
 * rollback and on its own: the holder sees it in "who accessed my data".
 */
export async function registerPerson(ctx: AppContext, actor: Actor, input: RegisterPersonInput, change: WriteOptions): Promise<Person> {
  try {
    return await ctx.db.transaction((tx) => registerPersonInTx(tx, ctx, actor, input, change));
  } catch (err) {
    if (err instanceof AppError && err.code === 'pin_already_issued' && input.pin) {
      await recordAccess(ctx.db.pool, { actor, action: 'person.pin_issued_answered', target: { kind: 'person', id: input.pin }, detail: { via: 'register' } }, ctx.clock.now());
    }
    throw err;
  }
}

/**
 * `registerPerson` inside the caller's transaction (scope, version, audit and event included).
 * A `pin_already_issued` refusal is not logged here (the caller's rollback would undo it): a
 * caller that passes a given PIN logs it as `registerPerson` does.
 */
export async function registerPersonInTx(tx: Executor, ctx: AppContext, actor: Actor, input: RegisterPersonInput, change: WriteOptions): Promise<Person> {
  const why = requireReason(change);
  const today = todayInVietnam(ctx.clock);
  const data = checkPersonData(input, today);
  const provinceCode = await ctx.units.provinceOfCommune(input.unitCode, tx);
  if (!provinceCode) throw invalid('unit_not_found', 'unitCode', { vi: 'Không có xã/phường hiện hành với mã này.', en: 'No current commune has this code.' });
  authorize(actor, PEOPLE_WRITE, { communeCode: input.unitCode, provinceCode });
  const birthProvince = input.pin ? undefined : await birthProvinceOf(ctx, data.birthPlaceCode ?? input.unitCode, tx);
  const replay = await findReplay<Person>(tx, change.requestId, actor, 'person.register');
  if (replay) return replay;
  const now = ctx.clock.now();
  const id = newId();
  const links = await resolveLinks(tx, actor, input);
  const year = parsePartialDate(data.birthDate)!.year;
  let pin: string;
  if (input.pin) {
    await claimGivenPin(tx, input.pin, data, id, now);
    pin = input.pin;
  } else {
    pin = await issuePin(tx, pinPrefix({ provinceCode: birthProvince!, sex: data.sex, birthYear: year }), id, now);
  }
  const nameFolded = foldName(data.fullName);
  await store.insertPerson(tx, { ...data, ...links, id, pin, nameFolded, birthYear: year, unitCode: input.unitCode, provinceCode, externalId: null, at: now });
  await store.addNameTokens(tx, nameFolded);
  const person = (await store.findPersonById(tx, id))!;
  await store.insertVersion(tx, id, { version: 1, data: snapshot(person), changedAt: now.toISOString(), changedBy: actor.id, reason: why.code, reasonNote: why.note, dossier: change.dossier ?? null });
  await keepSpouseLinkMutual(tx, actor, person, null, change, now);
  await recordAudit(tx, { actor, action: 'person.register', target: { kind: 'person', id: pin }, unitCode: input.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null }, now);
  await publish(tx, { type: PersonRegistered, subject: pin, payload: { pin, unitCode: input.unitCode }, actorId: actor.id }, now);
  await rememberResult(tx, change.requestId, actor, 'person.register', person, now);
  return person;
}

export interface PersonDetails {
  person: Person;
  /** Set when the PIN asked for is a cancelled one: the person now holds `person.pin`. */
  requestedPin: string;
  replacedBy: string | null;
  pins: PinHistoryEntry[];
  residences: Residence[];
  household: { id: string; householdNo: string; relation: string; validFrom: string } | null;
}

/** Residences with their unit as recorded and the same place in today's units. */
export async function describeResidences(ctx: AppContext, residences: Residence[], tx?: Executor): Promise<Residence[]> {
  // One at a time: inside a transaction the queries share one connection.
  const out: Residence[] = [];
  for (const r of residences) out.push(await describeResidence(ctx, r, tx));
  return out;
}

async function describeResidence(ctx: AppContext, r: Residence, tx?: Executor): Promise<Residence> {
  try {
    const today = await currentUnitsCached(ctx, r.unitCode, r.unitRecordedOn, tx);
    return {
      ...r,
      unitName: `${today.recorded.name}, ${today.recorded.provinceName}`,
      currentUnits: today.units.map((u) => ({ code: u.code, name: u.name, provinceName: u.provinceName })),
      currentExact: today.exact,
    };
  } catch {
    // An address whose unit code is unknown stays readable as written; data cleaning flags it.
    return { ...r, unitName: null, currentUnits: [], currentExact: false };
  }
}

/**
 * A person by current or cancelled PIN, the read written to the access log (with its purpose)
 * before the data is returned. One statement reads the record; the log row goes through the
 * batched access-log writer, so a logged read costs little more than an unlogged one.
 */
export async function getPerson(ctx: AppContext, actor: Actor, pin: string, purpose: ReadPurpose): Promise<PersonDetails> {
  const found = /^\d{12}$/.test(pin) ? await store.findPersonDetails(ctx.db.pool, pin) : undefined;
  assertMayRead(actor, found?.person);
  const d = found!;
  await ctx.accessLog.append([{ actor, action: 'person.read', target: { kind: 'person', id: d.person.pin }, unitCode: d.person.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null }], ctx.clock.now());
  return { person: d.person, requestedPin: pin, replacedBy: d.via.status === 'cancelled' ? d.person.pin : null, pins: d.pins, residences: await describeResidences(ctx, d.residences), household: d.household };
}

/** `getPerson` inside the caller's transaction: the access row commits (or rolls back) with it. */
export async function getPersonInTx(tx: Executor, ctx: AppContext, actor: Actor, pin: string, purpose: ReadPurpose, authority?: ProcedureAuthority): Promise<PersonDetails> {
  const found = /^\d{12}$/.test(pin) ? await store.findPersonDetails(tx, pin) : undefined;
  // A procedure's dossier may concern someone living in another unit (a move-in): it authorises the read, logged with the dossier.
  if (authority && actor.kind === 'officer') {
    authorize(actor, PEOPLE_READ);
    if (!found) throw personNotFound();
  } else {
    assertMayRead(actor, found?.person);
  }
  const d = found!;
  await recordAccess(tx, { actor, action: 'person.read', target: { kind: 'person', id: d.person.pin }, unitCode: d.person.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null, dossier: authority?.dossier ?? null }, ctx.clock.now());
  return { person: d.person, requestedPin: pin, replacedBy: d.via.status === 'cancelled' ? d.person.pin : null, pins: d.pins, residences: await describeResidences(ctx, d.residences, tx), household: d.household };
}

function assertMayRead(actor: Actor, person: Person | undefined): asserts person is Person {
  if (!person) throw personNotFound();
  if (actor.kind === 'citizen' || actor.kind === 'client') {
    // A citizen reads their own record; a relying party the one person who consented.
    if (person.id !== (actor.kind === 'citizen' ? actor.personId : actor.forPersonId)) throw personNotFound();
    return;
  }
  authorize(actor, PEOPLE_READ);
  if (!inScope(actor, unitOf(person))) throw personNotFound();
}

export interface PersonHistory {
  pin: string;
  versions: PersonVersion[];
  pins: PinHistoryEntry[];
}

/** Every version of a person's record (who, when, why) and every PIN they held. */
export async function getPersonHistory(ctx: AppContext, actor: Actor, pin: string, purpose: ReadPurpose): Promise<PersonHistory> {
  const history = await ctx.db.transaction(async (tx) => {
    const { person } = await getPersonInScope(tx, actor, pin, PEOPLE_READ);
    // An imported person has no version row until the first change writes one: a read writes nothing.
    const stored = await store.listVersions(tx, person.id);
    const versions = stored.length > 0 ? stored : [await importedState(tx, person)];
    const names = await officerNames(tx, [...new Set(versions.map((v) => v.changedBy))]);
    return { person, pin: person.pin, versions: versions.map((v) => ({ ...v, reason: normalisePurpose(v.reason) ?? v.reason, reasonNote: v.reasonNote ?? null, changedByName: names.get(v.changedBy) ?? null })), pins: await store.listPins(tx, person.id) };
  });
  await ctx.accessLog.append([{ actor, action: 'person.history.read', target: { kind: 'person', id: history.pin }, unitCode: history.person.unitCode, purpose: purpose.code, purposeNote: purpose.note ?? null }], ctx.clock.now());
  return { pin: history.pin, versions: history.versions, pins: history.pins };
}

/**
 * Bulk-imported people carry their batch as provenance and no version row; the first
 * change writes their imported state as version 1 so the history is complete.
 */
async function ensureVersions(tx: Executor, person: Person): Promise<PersonVersion[]> {
  const versions = await store.listVersions(tx, person.id);
  if (versions.length > 0) return versions;
  const v1 = await importedState(tx, person);
  await store.insertVersion(tx, person.id, v1);
  return [v1];
}

/** An imported person's state as version 1 (written by the first change, shown by history reads). */
async function importedState(tx: Executor, person: Person): Promise<PersonVersion> {
  const batch = await tx.query<{ import_batch_id: string | null }>('SELECT import_batch_id FROM person WHERE id = $1', [person.id]);
  return {
    version: person.version,
    data: snapshot(person),
    changedAt: person.createdAt,
    changedBy: batch.rows[0]?.import_batch_id ? `import:${batch.rows[0].import_batch_id}` : 'system',
    reason: 'bulk_import' satisfies ChangeReasonCode,
    dossier: null,
  };
}

export interface UpdatePersonInput extends Partial<PersonInput>, Links {
  /** The version the officer edited; a concurrent change in between makes the update fail. */
  expectedVersion: number;
}

const LOCKED_DECEASED = () => conflict('person_deceased', { vi: 'Hồ sơ người đã mất bị khoá, không sửa được.', en: 'The record of a deceased person is locked.' });

/** Changes a person's data; a new version with who, when, why. Fails with `version_conflict` on a concurrent edit. */
export async function updatePerson(ctx: AppContext, actor: Actor, pin: string, input: UpdatePersonInput, change: ChangeReason): Promise<Person> {
  return ctx.db.transaction((tx) => updatePersonInTx(tx, ctx, actor, pin, input, change));
}

/** `updatePerson` inside the caller's transaction (scope, version, audit and event included). */
export async function updatePersonInTx(tx: Executor, ctx: AppContext, actor: Actor, pin: string, input: UpdatePersonInput, change: ChangeReason): Promise<Person> {
  const why = requireReason(change);
  const today = todayInVietnam(ctx.clock);
  {
    const { person: current } = await getPersonInScope(tx, actor, pin, PEOPLE_WRITE);
    if (current.status === 'deceased') throw LOCKED_DECEASED();
    if (current.version !== input.expectedVersion) throw versionConflict(current.version);
    await ensureVersions(tx, current);
    const merged = checkPersonData({ ...current, ...definedOnly(input) }, today);
    // Birth year or sex no longer agreeing with the PIN is a PIN re-establishment case, not an edit.
    const pinCheck = validatePin(current.pin, { birthYear: parsePartialDate(merged.birthDate)!.year, sex: merged.sex });
    if (!pinCheck.valid && validatePin(current.pin, { birthYear: parsePartialDate(current.birthDate)!.year, sex: current.sex }).valid) {
      throw conflict('pin_reestablishment_needed', { vi: 'Thay đổi năm sinh/giới tính làm số định danh không còn đúng: cần huỷ và xác lập lại số định danh.', en: 'This birth year/sex change makes the PIN wrong: cancel and re-establish the PIN instead.' }, 'birthDate');
    }
    const links = await resolveLinks(
      tx,
      actor,
      {
        fatherPin: input.fatherPin !== undefined ? input.fatherPin : current.fatherPin,
        motherPin: input.motherPin !== undefined ? input.motherPin : current.motherPin,
        spousePin: input.spousePin !== undefined ? input.spousePin : current.spousePin,
      },
      current,
    );
    const now = ctx.clock.now();
    const nameFolded = foldName(merged.fullName);
    const ok = await store.updatePersonRow(tx, current.id, input.expectedVersion, { ...merged, ...links, nameFolded, birthYear: parsePartialDate(merged.birthDate)!.year }, now);
    if (!ok) throw versionConflict(current.version);
    if (nameFolded !== foldName(current.fullName)) await store.addNameTokens(tx, nameFolded);
    const updated = (await store.findPersonById(tx, current.id))!;
    await store.insertVersion(tx, current.id, { version: updated.version, data: snapshot(updated), changedAt: now.toISOString(), changedBy: actor.id, reason: why.code, reasonNote: why.note, dossier: change.dossier ?? null });
    await keepSpouseLinkMutual(tx, actor, updated, current.spousePin, change, now);
    const fields = changedFields(current, updated);
    await recordAudit(tx, { actor, action: 'person.update', target: { kind: 'person', id: updated.pin }, unitCode: updated.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null, detail: { changed: fields } }, now);
    await publish(tx, { type: PersonUpdated, subject: updated.pin, payload: { pin: updated.pin, version: updated.version, fields, dossier: change.dossier ?? null }, actorId: actor.id }, now);
    return updated;
  }
}

/**
 * Marriage is mutual: entering B as A's spouse also records A on B's record (a version of B
 * with the same reason), and un-linking or replacing B clears B's side. B already married to
 * someone else is refused: that needs B's record corrected first.
 */
async function keepSpouseLinkMutual(tx: Executor, actor: Actor, self: Person, previousSpousePin: string | null, change: ChangeReason, now: Date): Promise<void> {
  if (self.spousePin === previousSpousePin) return;
  const why = requireReason(change);
  // The other record's version carries the same reason; the audit row names the record it follows.
  const write = async (other: Person, spouseId: string | null, link: 'linked' | 'unlinked') => {
    await ensureVersions(tx, other);
    await store.setSpouseLink(tx, other.id, spouseId, now);
    const after = (await store.findPersonById(tx, other.id))!;
    await store.insertVersion(tx, other.id, { version: after.version, data: snapshot(after), changedAt: now.toISOString(), changedBy: actor.id, reason: why.code, reasonNote: why.note, dossier: change.dossier ?? null });
    await recordAudit(tx, { actor, action: 'person.update', target: { kind: 'person', id: after.pin }, unitCode: after.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null, detail: { changed: ['spousePin'], spouse: link, followingRecordOf: self.pin } }, now);
  };
  if (previousSpousePin) {
    const previous = (await store.findPersonByAnyPin(tx, previousSpousePin))?.person;
    // Un-linking writes the former spouse's record as well: the same scope rule applies.
    if (previous && previous.spousePin === self.pin) {
      if (!inScope(actor, unitOf(previous))) throw linkedPersonNotFound('spousePin');
      await write(previous, null, 'unlinked');
    }
  }
  if (self.spousePin) {
    const spouse = (await store.findPersonByAnyPin(tx, self.spousePin))!.person;
    if (spouse.spousePin === self.pin) return;
    // The spouse's record gets a version too: it must be one the actor may change.
    if (!inScope(actor, unitOf(spouse))) throw linkedPersonNotFound('spousePin');
    if (spouse.spousePin !== null) {
      throw conflict('spouse_already_linked', { vi: 'Người này đang được ghi là vợ/chồng của người khác; cần sửa hồ sơ đó trước.', en: 'This person is recorded as the spouse of someone else; correct that record first.' }, 'spousePin');
    }
    await write(spouse, self.id, 'linked');
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'expectedVersion' && !k.endsWith('Pin'))) as Partial<T>;
}

function changedFields(a: Person, b: Person): string[] {
  const sa = snapshot(a);
  const sb = snapshot(b);
  return Object.keys(sb).filter((k) => JSON.stringify(sa[k]) !== JSON.stringify(sb[k]));
}

function versionConflict(current: number): AppError {
  return conflict('version_conflict', { vi: `Hồ sơ vừa được người khác cập nhật (phiên bản ${current}). Tải lại rồi sửa lại.`, en: `The record was changed by someone else (now version ${current}). Reload and edit again.` }, 'expectedVersion');
}

export interface ReestablishInput {
  /** Corrected data: at least one of birth date, sex, place of birth registration. */
  birthDate?: string | undefined;
  sex?: 'M' | 'F' | undefined;
  birthPlaceCode?: string | undefined;
  expectedVersion: number;
}

/**
 * Cancels a person's PIN and issues a new one from corrected data. The old PIN stays in
 * the registry, never goes to anyone else, and still resolves to the person ("replaced by").
 */
export async function reestablishPin(ctx: AppContext, actor: Actor, pin: string, input: ReestablishInput, change: ChangeReason): Promise<{ oldPin: string; newPin: string; person: Person }> {
  return ctx.db.transaction((tx) => reestablishPinInTx(tx, ctx, actor, pin, input, change));
}

/** `reestablishPin` inside the caller's transaction. */
export async function reestablishPinInTx(tx: Executor, ctx: AppContext, actor: Actor, pin: string, input: ReestablishInput, change: ChangeReason): Promise<{ oldPin: string; newPin: string; person: Person }> {
  const why = requireReason(change);
  const today = todayInVietnam(ctx.clock);
  {
    const { person: current, via } = await getPersonInScope(tx, actor, pin, PEOPLE_WRITE);
    if (via.status === 'cancelled') throw conflict('pin_already_cancelled', { vi: 'Số định danh này đã bị huỷ trước đó.', en: 'This PIN was already cancelled.' }, 'pin');
    if (current.version !== input.expectedVersion) throw versionConflict(current.version);
    await ensureVersions(tx, current);
    const merged = checkPersonData({ ...current, ...(input.birthDate ? { birthDate: input.birthDate } : {}), ...(input.sex ? { sex: input.sex } : {}), ...(input.birthPlaceCode ? { birthPlaceCode: input.birthPlaceCode } : {}) }, today);
    const year = parsePartialDate(merged.birthDate)!.year;
    const province = await birthProvinceOf(ctx, merged.birthPlaceCode ?? current.unitCode, tx);
    if (!province) throw invalid('birth_place_unknown', 'birthPlaceCode', { vi: 'Không xác định được tỉnh nơi đăng ký khai sinh.', en: 'The province of birth registration is unknown.' });
    const prefix = pinPrefix({ provinceCode: province, sex: merged.sex, birthYear: year });
    if (current.pin.startsWith(prefix)) {
      throw conflict('pin_still_correct', { vi: 'Số định danh hiện tại vẫn đúng với dữ liệu này, không cần xác lập lại.', en: 'The current PIN already agrees with this data; nothing to re-establish.' }, 'pin');
    }
    const now = ctx.clock.now();
    const newPin = await issuePin(tx, prefix, current.id, now);
    await store.cancelPinRow(tx, current.pin, newPin, why.code, now);
    await store.setPersonPin(tx, current.id, newPin, now);
    const after = (await store.findPersonById(tx, current.id))!;
    const ok = await store.updatePersonRow(tx, current.id, after.version, { ...merged, fatherId: after.fatherPin ? (await store.findPersonByAnyPin(tx, after.fatherPin))!.person.id : null, motherId: after.motherPin ? (await store.findPersonByAnyPin(tx, after.motherPin))!.person.id : null, spouseId: after.spousePin ? (await store.findPersonByAnyPin(tx, after.spousePin))!.person.id : null, nameFolded: foldName(merged.fullName), birthYear: year }, now);
    if (!ok) throw versionConflict(after.version);
    const updated = (await store.findPersonById(tx, current.id))!;
    await store.insertVersion(tx, current.id, { version: updated.version, data: snapshot(updated), changedAt: now.toISOString(), changedBy: actor.id, reason: why.code, reasonNote: why.note, dossier: change.dossier ?? null });
    await recordAudit(tx, { actor, action: 'person.pin_reestablished', target: { kind: 'person', id: newPin }, unitCode: updated.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null, detail: { oldPin: current.pin, newPin } }, now);
    await publish(tx, { type: PinReestablished, subject: newPin, payload: { personId: current.id, oldPin: current.pin, newPin }, actorId: actor.id }, now);
    return { oldPin: current.pin, newPin, person: updated };
  }
}

