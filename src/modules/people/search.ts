import type { ReadPurpose } from '../../kernel/purposes.js';
import { authorize, inScope, scopeFilter } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { invalid } from '../../kernel/errors.js';
import { foldName } from '../../kernel/fold.js';
import { unitOf } from './access.js';
import type { Person } from './model.js';
import * as store from './store.js';
import { PEOPLE_READ } from './permissions.js';

export interface SearchQuery {
  q: string;
  birthYear?: number | undefined;
  /** Narrow to a province (2 digits) or commune (5 digits) inside the actor's scope. */
  unitCode?: string | undefined;
  page: number;
  pageSize: number;
  purpose: ReadPurpose;
}

export interface SearchHit {
  pin: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  status: Person['status'];
  unitCode: string | null;
  /** 0 = exact folded name, higher = more edits away; 1000 = prefix match. */
  rank: number;
  /** Present when found by a cancelled PIN. */
  replacedPin?: string;
}

export interface SearchResult {
  items: SearchHit[];
  total: number;
  /** True when there are more matches than were counted (the total is then a floor). */
  totalCapped: boolean;
  page: number;
  pageSize: number;
  /** How the query was read: by PIN, old ID number or name. */
  mode: 'pin' | 'old_id' | 'name';
}

const MAX_VARIANTS_PER_WORD = 8;
const MAX_NAMES = 48;

/**
 * Each query word with the dictionary words within one edit (two for words of three
 * letters or more), nearest first; the cartesian product ranked by total edits gives the
 * full names to look up by index. "nguyen van ahn" → "nguyen van an", "nguyen van anh" …
 */
export async function expandName(db: Executor, folded: string): Promise<string[]> {
  const words = folded.split(' ');
  const variants: Array<Array<{ token: string; distance: number }>> = [];
  for (const w of words) {
    const similar = w.length >= 2 ? await store.similarTokens(db, w, w.length >= 3 ? 2 : 1, MAX_VARIANTS_PER_WORD) : [];
    const list = [{ token: w, distance: 0 }, ...similar.filter((s) => s.token !== w)];
    variants.push(list.slice(0, MAX_VARIANTS_PER_WORD));
  }
  let combos: Array<{ parts: string[]; distance: number }> = [{ parts: [], distance: 0 }];
  for (const list of variants) {
    combos = combos
      .flatMap((c) => list.map((v) => ({ parts: [...c.parts, v.token], distance: c.distance + v.distance })))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, MAX_NAMES * 4);
  }
  return [...new Set(combos.slice(0, MAX_NAMES).map((c) => c.parts.join(' ')))];
}

/** Search by PIN (current or cancelled), old ID number, or name without diacritics and with typos; scoped and logged. */
export async function searchPeople(ctx: AppContext, actor: Actor, query: SearchQuery): Promise<SearchResult> {
  authorize(actor, PEOPLE_READ);
  const q = query.q.trim();
  if (query.unitCode) {
    const ref = query.unitCode.length === 2 ? { provinceCode: query.unitCode } : { communeCode: query.unitCode, provinceCode: (await ctx.units.provinceOfCommune(query.unitCode)) ?? null };
    // A narrower unit outside the actor's scope would return nothing anyway; say so plainly.
    if (!inScope(actor, ref) || (query.unitCode.length === 2 && actor.kind === 'officer' && actor.unitLevel === 'commune')) {
      throw invalid('unit_out_of_scope', 'unitCode', { vi: 'Đơn vị lọc nằm ngoài phạm vi quản lý của bạn.', en: 'The unit filter is outside your scope.' });
    }
  }
  const result = await runSearch(ctx.db.pool, actor, q, query);
  // Every person shown is logged before the page goes out.
  await ctx.accessLog.append(
    result.items.map((h) => ({ actor, action: 'person.search_hit', target: { kind: 'person', id: h.pin }, unitCode: h.unitCode, purpose: query.purpose.code, purposeNote: query.purpose.note ?? null, detail: { mode: result.mode } })),
    ctx.clock.now(),
  );
  return result;
}

function hit(p: Person, rank: number, replacedPin?: string): SearchHit {
  return { pin: p.pin, fullName: p.fullName, birthDate: p.birthDate, sex: p.sex, status: p.status, unitCode: p.unitCode, rank, ...(replacedPin ? { replacedPin } : {}) };
}

async function runSearch(tx: Executor, actor: Actor, q: string, query: SearchQuery): Promise<SearchResult> {
  const page = { page: query.page, pageSize: query.pageSize };
  const visible = (p: Person) => inScope(actor, unitOf(p)) && (query.birthYear === undefined || Number(p.birthDate.slice(0, 4)) === query.birthYear);
  if (/^\d{12}$/.test(q)) {
    const found = await store.findPersonByAnyPin(tx, q);
    const items = found && visible(found.person) ? [hit(found.person, 0, found.via.status === 'cancelled' ? q : undefined)] : [];
    const byOldId = items.length ? [] : (await store.findPeopleByOldId(tx, q)).filter(visible).map((p) => hit(p, 0));
    const all = [...items, ...byOldId];
    return { items: all.slice((page.page - 1) * page.pageSize, page.page * page.pageSize), total: all.length, totalCapped: false, ...page, mode: items.length || !byOldId.length ? 'pin' : 'old_id' };
  }
  if (/^\d{9}$/.test(q)) {
    const all = (await store.findPeopleByOldId(tx, q)).filter(visible).map((p) => hit(p, 0));
    return { items: all.slice((page.page - 1) * page.pageSize, page.page * page.pageSize), total: all.length, totalCapped: false, ...page, mode: 'old_id' };
  }
  const folded = foldName(q);
  if (folded.length < 2 || /\d/.test(folded)) {
    throw invalid('query_too_short', 'q', { vi: 'Nhập họ tên (ít nhất 2 chữ cái), số định danh 12 số hoặc số CMND 9 số.', en: 'Enter a name (at least 2 letters), a 12-digit PIN or a 9-digit old ID number.' });
  }
  const names = await expandName(tx, folded);
  const { rows, total, totalCapped } = await store.searchByNames(tx, names, folded, { birthYear: query.birthYear, unitCode: query.unitCode, scope: scopeFilter(actor) }, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize });
  return { items: rows.map((r) => hit(r.person, r.rank)), total, totalCapped, ...page, mode: 'name' };
}
