import type { AppContext } from '../../kernel/context.js';
import type { Database, Executor } from '../../kernel/db.js';
import { toCurrentUnits } from '../units/index.js';

/**
 * Today's unit(s) for an address recorded with a unit code on a date, remembered per
 * database: administrative units change only by migration, and a person page would otherwise
 * spend most of its time naming the same few communes again.
 */
type Current = Awaited<ReturnType<typeof toCurrentUnits>>;
const MAX_ENTRIES = 20_000;
const caches = new WeakMap<Database, Map<string, Promise<Current>>>();

export function currentUnitsCached(ctx: AppContext, code: string, recordedOn: string, tx?: Executor): Promise<Current> {
  let cache = caches.get(ctx.db);
  if (!cache) caches.set(ctx.db, (cache = new Map()));
  const key = `${code}@${recordedOn}`;
  let hit = cache.get(key);
  if (!hit) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    hit = toCurrentUnits(ctx, code, recordedOn, tx);
    cache.set(key, hit);
    // A failed lookup (an unknown code) is not remembered as an answer for ever.
    hit.catch(() => cache.delete(key));
  }
  return hit;
}
