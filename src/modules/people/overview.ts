import { authorize, inScope, scopeFilter } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import { recentChanges } from '../../kernel/audit-recent.js';
import { normalisePurpose } from '../../kernel/purposes.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Database } from '../../kernel/db.js';
import { currentCommuneProvinces } from '../units/index.js';
import { countFigures, namesByPins, type Figures, type ScopeFilter } from './list-store.js';
import { bornByForAge } from './lists.js';
import { PEOPLE_READ } from './permissions.js';

/**
 * The officer's desk: the unit's figures from live data and what changed recently. A commune's
 * figures are counted on every load (its rows come by index: hundreds to a few thousand people).
 * A province's or the nation's are counted at most once per FIGURES_TTL_MS per process and
 * shown with the time they were counted: after that a load gets the last count at once and
 * starts a new one in the background, so no page load waits on a national scan but the first.
 */
export const FIGURES_TTL_MS = 10 * 60_000;
const RECENT_LIMIT = 10;
export const OVERVIEW_PURPOSE = 'Tổng quan công việc của đơn vị / the unit’s overview';

export interface RecentChangeView {
  at: string;
  action: string;
  targetKind: string;
  targetId: string;
  /** Set when the target is a person: naming them is a read, written to the access log. */
  personName: string | null;
  unitCode: string | null;
  reason: string | null;
  dossier: string | null;
  byMe: boolean;
}

export interface Overview {
  level: 'commune' | 'province' | 'nation';
  unitCode: string | null;
  /** `YYYY-MM`: the month "this month" means. */
  month: string;
  figures: Figures;
  /** When the figures were counted. */
  asOf: string;
  /** True when the figures come from the last count rather than this request. */
  cached: boolean;
  recent: RecentChangeView[];
}

interface CacheEntry {
  key: string;
  figures: Figures;
  at: Date;
  refreshing?: Promise<void> | undefined;
}
const figureCaches = new WeakMap<Database, Map<string, CacheEntry>>();
const communeLists = new WeakMap<Database, Promise<Map<string, string>>>();

function scopeKey(scope: ScopeFilter): string {
  return scope ? `${scope.level}:${scope.code}` : 'nation';
}

async function countedFigures(ctx: AppContext, scope: ScopeFilter, month: string, bornBy: string): Promise<{ figures: Figures; at: Date; cached: boolean }> {
  const count = () => countFigures(ctx.db.pool, scope, month, bornBy);
  if (scope?.level === 'commune') return { figures: await count(), at: ctx.clock.now(), cached: false };
  let cache = figureCaches.get(ctx.db);
  if (!cache) figureCaches.set(ctx.db, (cache = new Map()));
  const key = `${month}|${bornBy}`;
  const entry = cache.get(scopeKey(scope));
  const now = ctx.clock.now();
  if (entry && entry.key === key) {
    if (now.getTime() - entry.at.getTime() > FIGURES_TTL_MS && !entry.refreshing) {
      entry.refreshing = count().then(
        (figures) => void cache.set(scopeKey(scope), { key, figures, at: ctx.clock.now() }),
        (err: unknown) => {
          entry.refreshing = undefined;
          ctx.log.warn({ err, scope: scopeKey(scope) }, 'overview figures: background count failed; the last count stays');
        },
      );
    }
    return { figures: entry.figures, at: entry.at, cached: true };
  }
  const figures = await count();
  cache.set(scopeKey(scope), { key, figures, at: now });
  return { figures, at: now, cached: false };
}

async function communesOf(ctx: AppContext, scope: ScopeFilter): Promise<string[] | null> {
  if (!scope) return null;
  if (scope.level === 'commune') return [scope.code];
  let all = communeLists.get(ctx.db);
  if (!all) {
    all = currentCommuneProvinces(ctx);
    communeLists.set(ctx.db, all);
    all.catch(() => communeLists.delete(ctx.db));
  }
  return [...(await all).entries()].filter(([, province]) => province === scope.code).map(([commune]) => commune);
}

/** The unit's figures and latest changes; each person the change list names is access-logged first. */
export async function getOverview(ctx: AppContext, actor: Actor): Promise<Overview> {
  authorize(actor, PEOPLE_READ);
  const scope = scopeFilter(actor);
  const today = todayInVietnam(ctx.clock);
  const month = today.slice(0, 7);
  const { figures, at, cached } = await countedFigures(ctx, scope, month, bornByForAge(today, 14));
  // Registry changes only: officer logins and e-ID housekeeping are in the audit viewer.
  const changes = await recentChanges(ctx.db.pool, await communesOf(ctx, scope), ['person', 'household'], RECENT_LIMIT);
  // Only people still in the actor's unit are named: one who has moved away is shown by PIN.
  const found = await namesByPins(ctx.db.pool, [...new Set(changes.filter((c) => c.targetKind === 'person').map((c) => c.targetId))]);
  const names = new Map([...found.entries()].filter(([, p]) => inScope(actor, { communeCode: p.unitCode, provinceCode: p.provinceCode })));
  const named = [...names.entries()];
  await ctx.accessLog.append(
    named.map(([pin, p]) => ({ actor, action: 'person.listed', target: { kind: 'person', id: pin }, unitCode: p.unitCode, purpose: OVERVIEW_PURPOSE, detail: { list: 'recent_changes' } })),
    ctx.clock.now(),
  );
  return {
    level: scope ? scope.level : 'nation',
    unitCode: scope?.code ?? null,
    month,
    figures,
    asOf: at.toISOString(),
    cached,
    recent: changes.map((c) => ({
      at: c.at,
      action: c.action,
      targetKind: c.targetKind,
      targetId: c.targetId,
      personName: c.targetKind === 'person' ? (names.get(c.targetId)?.fullName ?? null) : null,
      unitCode: c.unitCode,
      reason: normalisePurpose(c.reason),
      dossier: c.dossier,
      byMe: c.actorId === actor.id,
    })),
  };
}
