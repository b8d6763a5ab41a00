import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import type { StoredEvent, Subscriber } from '../../kernel/events.js';
import { householdsOf } from './rule-data.js';
import { checkRecords } from './rules-run.js';
import { linkNewPeople } from './realtime.js';

/**
 * Every registry change runs the rules again on the records it touched, through the event
 * relay (in its transaction: exactly once with the cursor), so a fixed defect closes its
 * finding and a new one opens without waiting for the next whole-population run. New people
 * (entered, born, imported) are also looked up for duplicates at once.
 */
export const CHANGE_SUBSCRIBER = 'quality.recheck-on-change';
const IMPORT_CHUNK = 2000;

export function qualityChangeSubscriber(ctx: AppContext): Subscriber {
  return {
    name: CHANGE_SUBSCRIBER,
    types: ['person.*', 'residence.registered', 'residence.closed', 'household.*', 'people.imported'],
    async handle(e, tx) {
      if (e.type === 'people.imported') {
        await recheckImport(tx, ctx, e.subject);
        return;
      }
      const { pins, householdNos, goneIds } = subjectsOf(e);
      const people = await idsOfPins(tx, pins);
      const households = await idsOfHouseholds(tx, householdNos);
      for (const h of await householdsOf(tx, people)) if (!households.includes(h)) households.push(h);
      await checkRecords(tx, ctx, { people: [...people, ...goneIds], households });
      if (e.type === 'person.registered' || e.type === 'person.born') await linkNewPeople(tx, ctx, people, `event:${e.id}`);
    },
  };
}

/** The PINs and household numbers an event names (docs/events.md), whichever field holds them. */
function subjectsOf(e: StoredEvent): { pins: string[]; householdNos: string[]; goneIds: string[] } {
  const p = e.payload;
  const pins = new Set<string>();
  const householdNos = new Set<string>();
  const goneIds: string[] = [];
  const add = (set: Set<string>, v: unknown) => {
    if (typeof v === 'string') set.add(v);
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') set.add(x);
  };
  for (const k of ['pin', 'newPin', 'survivorPin', 'fatherPin', 'motherPin', 'headPin', 'toPin', 'fromPin', 'newHeadPin', 'memberPins']) add(pins, p[k]);
  for (const k of ['householdNo', 'newHouseholdNo', 'headlessHouseholdNo']) add(householdNos, p[k]);
  if (e.subject.startsWith('household') || /^\d{5}-\d{8}$/.test(e.subject)) householdNos.add(e.subject);
  else if (/^\d{12}$/.test(e.subject)) pins.add(e.subject);
  if (typeof p.mergedId === 'string') goneIds.push(p.mergedId);
  return { pins: [...pins], householdNos: [...householdNos], goneIds };
}

async function idsOfPins(tx: Executor, pins: string[]): Promise<string[]> {
  if (pins.length === 0) return [];
  const r = await tx.query<{ person_id: string }>('SELECT DISTINCT person_id FROM pin_registry WHERE pin = ANY($1::text[])', [pins]);
  return r.rows.map((x) => x.person_id);
}

async function idsOfHouseholds(tx: Executor, nos: string[]): Promise<string[]> {
  if (nos.length === 0) return [];
  const r = await tx.query<{ id: string }>('SELECT id FROM household WHERE household_no = ANY($1::text[])', [nos]);
  return r.rows.map((x) => x.id);
}

/** An import's people and households, chunk by chunk: checked, and looked up for duplicates. */
async function recheckImport(tx: Executor, ctx: AppContext, batchId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/.test(batchId)) return;
  for (const table of ['person', 'household'] as const) {
    let after: string | null = null;
    for (;;) {
      const r: { rows: Array<{ id: string }> } = await tx.query<{ id: string }>(
        `SELECT id FROM ${table} WHERE import_batch_id = $1 AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT ${IMPORT_CHUNK}`,
        [batchId, after],
      );
      if (r.rows.length === 0) break;
      const ids = r.rows.map((x) => x.id);
      await checkRecords(tx, ctx, table === 'person' ? { people: ids } : { households: ids });
      if (table === 'person') await linkNewPeople(tx, ctx, ids, `import:${batchId}`);
      after = ids[ids.length - 1]!;
    }
  }
}
