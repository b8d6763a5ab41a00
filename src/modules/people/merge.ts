import { recordAudit } from '../../kernel/audit.js';
import type { Actor } from '../../kernel/actor.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { conflict, invalid } from '../../kernel/errors.js';
import { publish } from '../../kernel/events.js';
import { foldName } from '../../kernel/fold.js';
import { getPersonInScope } from './access.js';
import { PersonMerged } from './events.js';
import { HEAD } from './household-rules.js';
import type { ChangeReason, Person } from './model.js';
import { PEOPLE_WRITE } from './permissions.js';
import { requireReason, snapshot } from './person-service.js';
import * as store from './store.js';

export interface MergeInput {
  /** The record that stays; its PIN is the person's PIN from now on. */
  survivorPin: string;
  /** The duplicate: its PIN is cancelled and points to the survivor, its record is folded in. */
  mergedPin: string;
  /** Both records as the officer saw them: a change made meanwhile makes the merge fail. */
  survivorVersion: number;
  mergedVersion: number;
}

export interface MergeOutcome {
  survivor: Person;
  mergedPin: string;
  moved: MergeMoves;
}

/** What moved from the merged record to the survivor (kept in person_merge and the audit row). */
export interface MergeMoves {
  filledFields: string[];
  relinkedPeople: string[];
  residencesMoved: number;
  residencesClosed: number;
  household: 'moved' | 'left' | 'none';
  headlessHouseholdNo: string | null;
}

const FILLABLE = ['religion', 'birthPlaceCode', 'birthPlace', 'originPlaceCode', 'originPlace', 'identifyingMarks', 'oldId9', 'oldId12', 'birthFacility', 'birthAddress', 'birthAddressUnitCode'] as const;

/**
 * Merges a duplicate record into the one that stays, in the caller's transaction (the quality
 * module composes it with the e-ID account move and the candidate's decision). Both records
 * must be in the officer's scope; one outside answers like a missing one. What the survivor
 * lacks is filled from the duplicate; people linked to the duplicate (children, spouse) are
 * relinked, each with a version row; the duplicate's residences move over (an open one of a
 * kind the survivor already has is closed first, as history); its household membership moves
 * when the survivor has none, else ends. The duplicate's PIN is cancelled, points to the
 * survivor and still finds them; its row leaves the person table, and its versions stay under
 * its own id with the merge recorded in person_merge, so both histories remain readable.
 */
export async function mergePeopleInTx(tx: Executor, ctx: AppContext, actor: Actor, input: MergeInput, change: ChangeReason): Promise<MergeOutcome> {
  const why = requireReason(change);
  if (input.survivorPin === input.mergedPin) throw invalid('same_person', 'mergedPin', { vi: 'Hai số định danh là của cùng một hồ sơ.', en: 'Both PINs belong to the same record.' });
  const { person: survivor, via: survivorVia } = await getPersonInScope(tx, actor, input.survivorPin, PEOPLE_WRITE);
  const { person: merged, via: mergedVia } = await getPersonInScope(tx, actor, input.mergedPin, PEOPLE_WRITE);
  if (survivor.id === merged.id) throw invalid('same_person', 'mergedPin', { vi: 'Hai số định danh là của cùng một hồ sơ.', en: 'Both PINs belong to the same record.' });
  if (survivorVia.status === 'cancelled' || mergedVia.status === 'cancelled') {
    throw conflict('pin_cancelled', { vi: 'Số định danh đã bị huỷ; hãy dùng số hiện tại của hồ sơ.', en: 'This PIN is cancelled; use the record’s current PIN.' }, survivorVia.status === 'cancelled' ? 'survivorPin' : 'mergedPin');
  }
  // Lock both rows in id order so two merges touching the same records cannot deadlock.
  for (const id of [survivor.id, merged.id].sort()) await store.findPersonById(tx, id, true);
  const [lockedSurvivor, lockedMerged] = [await store.findPersonById(tx, survivor.id), await store.findPersonById(tx, merged.id)];
  if (!lockedSurvivor || lockedSurvivor.version !== input.survivorVersion) throw changedMeanwhile('survivorPin');
  if (!lockedMerged || lockedMerged.version !== input.mergedVersion) throw changedMeanwhile('mergedPin');
  const now = ctx.clock.now();
  const today = todayInVietnam(ctx.clock);
  const reason = { changedBy: actor.id, reason: why.code, reasonNote: why.note, dossier: change.dossier ?? null };

  await ensureFirstVersion(tx, lockedSurvivor);
  await ensureFirstVersion(tx, lockedMerged);

  const moved: MergeMoves = { filledFields: [], relinkedPeople: [], residencesMoved: 0, residencesClosed: 0, household: 'none', headlessHouseholdNo: null };

  // People pointing at the duplicate now point at the survivor.
  const linked = await tx.query<{ id: string; pin: string; father_id: string | null; mother_id: string | null; spouse_id: string | null }>(
    'SELECT id, pin, father_id, mother_id, spouse_id FROM person WHERE (father_id = $1 OR mother_id = $1 OR spouse_id = $1) AND id <> $2 ORDER BY id',
    [merged.id, survivor.id],
  );
  for (const r of linked.rows) {
    await ensureFirstVersion(tx, (await store.findPersonById(tx, r.id, true))!);
    await tx.query(
      `UPDATE person SET father_id = CASE WHEN father_id = $2 THEN $3::uuid ELSE father_id END,
         mother_id = CASE WHEN mother_id = $2 THEN $3::uuid ELSE mother_id END,
         spouse_id = CASE WHEN spouse_id = $2 THEN $3::uuid ELSE spouse_id END,
         version = version + 1, updated_at = $4 WHERE id = $1`,
      [r.id, merged.id, survivor.id, now],
    );
    const after = (await store.findPersonById(tx, r.id))!;
    await store.insertVersion(tx, r.id, { version: after.version, data: snapshot(after), changedAt: now.toISOString(), ...reason });
    moved.relinkedPeople.push(r.pin);
  }

  // Memberships first: the survivor's open membership (if any) decides where the person lives.
  const mergedMembership = await store.openMembership(tx, merged.id);
  const survivorMembership = await store.openMembership(tx, survivor.id);
  if (mergedMembership) {
    await store.closeMembership(tx, merged.id, today, 'duplicate_merge');
    if (!survivorMembership) {
      await store.insertMember(tx, { householdId: mergedMembership.householdId, personId: survivor.id, relation: mergedMembership.relation, validFrom: today });
      moved.household = 'moved';
    } else if (survivorMembership.householdId === mergedMembership.householdId && mergedMembership.relation === HEAD) {
      // Both records were in one household and the duplicate was its head: the survivor heads it now.
      await store.closeMembership(tx, survivor.id, today, 'duplicate_merge');
      await store.insertMember(tx, { householdId: mergedMembership.householdId, personId: survivor.id, relation: HEAD, validFrom: today });
      moved.household = 'moved';
    } else {
      moved.household = 'left';
      if (mergedMembership.relation === HEAD) {
        const h = await store.findHousehold(tx, { id: mergedMembership.householdId });
        moved.headlessHouseholdNo = h?.householdNo ?? null;
      }
    }
    await store.bumpHouseholdVersion(tx, mergedMembership.householdId);
  }

  // Residences: the history moves; an open one the survivor already has of that kind is closed first.
  const survivorOpen = new Set((await store.openResidences(tx, survivor.id)).map((r) => r.kind));
  for (const r of await store.listResidences(tx, merged.id)) {
    if (!r.validTo && survivorOpen.has(r.kind)) {
      await store.closeResidence(tx, merged.id, r.id, today, 'duplicate_merge', change.dossier ?? null);
      moved.residencesClosed++;
    } else if (!r.validTo) {
      survivorOpen.add(r.kind);
    }
    await tx.query('UPDATE residence SET person_id = $3 WHERE person_id = $1 AND id = $2', [merged.id, r.id, survivor.id]);
    moved.residencesMoved++;
  }

  // The survivor keeps its own data and gains what only the duplicate had.
  const filled: Partial<Record<(typeof FILLABLE)[number], string | null>> = {};
  for (const f of FILLABLE) {
    if ((lockedSurvivor[f] === null || lockedSurvivor[f] === undefined) && lockedMerged[f] !== null && lockedMerged[f] !== undefined) {
      filled[f] = lockedMerged[f];
      moved.filledFields.push(f);
    }
  }
  const ids = await tx.query<{ father_id: string | null; mother_id: string | null; spouse_id: string | null }>('SELECT father_id, mother_id, spouse_id FROM person WHERE id = ANY($1::uuid[]) ORDER BY (id = $2) DESC', [[survivor.id, merged.id], survivor.id]);
  const [own, dup] = [ids.rows[0]!, ids.rows[1]!];
  const links = {
    fatherId: own.father_id ?? (dup.father_id === survivor.id ? null : dup.father_id),
    motherId: own.mother_id ?? (dup.mother_id === survivor.id ? null : dup.mother_id),
    spouseId: own.spouse_id ?? (dup.spouse_id === survivor.id ? null : dup.spouse_id),
  };
  for (const [k, v] of Object.entries(links)) if (v !== own[k === 'fatherId' ? 'father_id' : k === 'motherId' ? 'mother_id' : 'spouse_id']) moved.filledFields.push(k);
  const data = { ...lockedSurvivor, ...filled };
  const ok = await store.updatePersonRow(tx, survivor.id, lockedSurvivor.version, { ...data, ...links, nameFolded: foldName(data.fullName), birthYear: Number(data.birthDate.slice(0, 4)) }, now);
  if (!ok) throw changedMeanwhile('survivorPin');

  // The duplicate's PINs now find the survivor; the current one is cancelled and points to it.
  await store.cancelPinRow(tx, merged.pin, survivor.pin, 'duplicate_merge', now);
  await tx.query('UPDATE pin_registry SET person_id = $2 WHERE person_id = $1', [merged.id, survivor.id]);
  await tx.query('INSERT INTO person_merge (merged_id, survivor_id, merged_pin, survivor_pin, merged_at, merged_by, reason, snapshot, moved) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
    merged.id, survivor.id, merged.pin, survivor.pin, now, actor.id, why.code, JSON.stringify(snapshot(lockedMerged)), JSON.stringify(moved),
  ]);
  await store.insertVersion(tx, merged.id, { version: lockedMerged.version + 1, data: { ...snapshot(lockedMerged), mergedInto: survivor.pin }, changedAt: now.toISOString(), ...reason });
  // Anyone still pointing at the duplicate (the survivor itself, as spouse or parent of nobody) is cleared.
  await tx.query('UPDATE person SET spouse_id = NULL WHERE id = $1 AND spouse_id = $2', [survivor.id, merged.id]);
  await tx.query('DELETE FROM person WHERE id = $1', [merged.id]);

  const after = (await store.findPersonById(tx, survivor.id))!;
  await store.insertVersion(tx, survivor.id, { version: after.version, data: { ...snapshot(after), mergedFrom: merged.pin }, changedAt: now.toISOString(), ...reason });
  await recordAudit(tx, { actor, action: 'person.merge', target: { kind: 'person', id: survivor.pin }, unitCode: after.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null, detail: { mergedPin: merged.pin, mergedUnit: merged.unitCode, ...moved } }, now);
  if (merged.unitCode !== after.unitCode) {
    // The duplicate's commune sees the change in its own log too.
    await recordAudit(tx, { actor, action: 'person.merge', target: { kind: 'person', id: merged.pin }, unitCode: merged.unitCode, purpose: why.code, purposeNote: why.note, dossier: change.dossier ?? null, detail: { survivorPin: survivor.pin } }, now);
  }
  await publish(tx, { type: PersonMerged, subject: survivor.pin, payload: { survivorPin: survivor.pin, survivorId: survivor.id, mergedPin: merged.pin, mergedId: merged.id, headlessHouseholdNo: moved.headlessHouseholdNo }, actorId: actor.id }, now);
  return { survivor: after, mergedPin: merged.pin, moved };
}

function changedMeanwhile(field: string) {
  return conflict('version_conflict', { vi: 'Hồ sơ đã được thay đổi trong lúc bạn xem; hãy tải lại rồi thử lại.', en: 'The record changed while you were looking at it; reload and try again.' }, field);
}

/** An imported record has no version row until its first change: write its current state first. */
async function ensureFirstVersion(tx: Executor, p: Person): Promise<void> {
  const versions = await store.listVersions(tx, p.id);
  if (versions.length > 0) return;
  await store.insertVersion(tx, p.id, { version: p.version, data: snapshot(p), changedAt: p.createdAt, changedBy: 'system', reason: 'bulk_import', dossier: null });
}
