import type { ReadPurpose } from '../../kernel/purposes.js';
import { authorize, inScope, scopeFilter } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../kernel/db.js';
import { invalid } from '../../kernel/errors.js';
import { foldName } from '../../kernel/fold.js';
import { compactName, maxEdits, osaDistance, segmentations, typoCost, typingForms } from './name-match.js';
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

/**
 * exact: the folded name as typed (diacritics optional); marks: once Telex/VNI keys are read as
 * marks; spacing: with its spaces put back; close: within a few edits; prefix: starts with the query.
 */
export type SearchMatch = 'exact' | 'marks' | 'spacing' | 'close' | 'prefix';

export interface SearchHit {
  pin: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  status: Person['status'];
  unitCode: string | null;
  /** 0 = the folded name as typed; +1 per word read without Telex/VNI marks or for re-split spaces, +2 per edit; 1000 = prefix match. */
  rank: number;
  /** Why the person matched, for the officer to see. */
  match: SearchMatch;
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

const MAX_VARIANTS_PER_WORD = 16;
const MAX_NAMES = 64;
const MAX_SPLITS = 4;
/**
 * A typed word this short is a guess among many: one edit from "ao" reaches Ái, Đào, Hào, Cao,
 * Tạo…, and from "th" Thị, Thu, Thư. Each such guess shows a few of its people before the next
 * one (store.PEOPLE_PER_GUESS); a longer word's best guess keeps the page, so the person sought
 * among many namesakes stays on it.
 */
const CROWDED_WORD = 2;

/** What made a name a candidate; its cost orders the results (see `NameCandidate.cost`). */
interface WordVariant {
  token: string;
  cost: number;
  /** The edits weighted by how easily a hand makes them (`typoCost`): orders variants of equal cost. */
  slips: number;
  edits: number;
  /** An edit in a word of CROWDED_WORD letters or fewer, where one edit reaches dozens of name words. */
  crowded: boolean;
  marks: boolean;
  freq: number;
}

export interface NameCandidate {
  name: string;
  /** 0 as typed; +1 per word read without Telex/VNI marks; +1 for re-split spaces; +2 per edit. */
  cost: number;
  /** Orders names of equal cost: edits weighted by likelihood, then commoner words first. */
  tiebreak: number;
  match: Exclude<SearchMatch, 'prefix'>;
  /** A guess among many (see `WordVariant.crowded`): shows a few of its people before the next guess. */
  crowded: boolean;
}

/**
 * The folded full names a query may mean, cheapest first: each word as typed or without its
 * Telex/VNI residue, and the dictionary words within one edit of it (two for words of five
 * letters or more, a swap of adjacent letters counting one), combined by total cost; and the
 * splits of the query's letters into dictionary words when its spaces went astray.
 * "nguyen thi lna" → "nguyen thi lan" (cost 2), "nguyeenx thij lan" → "nguyen thi lan" (cost 2),
 * "nguyenthi lan" → "nguyen thi lan" (cost 1).
 */
export async function expandName(db: Executor, folded: string): Promise<NameCandidate[]> {
  const words = folded.split(' ').map((w) => ({ word: w, forms: typingForms(w) })).filter((w) => w.forms.length > 0);
  const forms = words.flatMap((w, i) => w.forms.map((form, k) => ({ owner: i, form, marks: form !== w.word || k > 0 })));
  // The words as typed, VNI digits out (they are never letters of a name): the letters re-split.
  const typed = words.map((w) => (/[0-9]/.test(w.word) ? w.forms[0]! : w.word)).join(' ');
  const compact = compactName(typed);
  const rows = await store.dictionaryCandidates(db, forms.map((f) => f.form), forms.map((f) => maxEdits(f.form)), compact);

  const dictionary = new Map<string, number>();
  const perWord = words.map(() => new Map<string, WordVariant>());
  for (const row of rows) {
    if (row.form === null) {
      dictionary.set(row.token, row.freq);
      continue;
    }
    const f = forms[row.form]!;
    const edits = osaDistance(row.token, f.form);
    if (edits > maxEdits(f.form)) continue;
    const v = { token: row.token, cost: 2 * edits + (f.marks ? 1 : 0), slips: edits ? typoCost(f.form, row.token) : 0, edits, crowded: edits > 0 && [...f.form].length <= CROWDED_WORD, marks: f.marks, freq: row.freq };
    const seen = perWord[f.owner]!.get(row.token);
    if (!seen || v.cost < seen.cost || (v.cost === seen.cost && v.slips < seen.slips)) perWord[f.owner]!.set(row.token, v);
  }

  const candidates = new Map<string, NameCandidate>();
  const add = (c: NameCandidate) => {
    const seen = candidates.get(c.name);
    if (!seen || c.cost < seen.cost || (c.cost === seen.cost && c.tiebreak < seen.tiebreak)) candidates.set(c.name, c);
  };
  // A word no dictionary word is near makes every combination miss; only re-splitting can help.
  if (perWord.every((m) => m.size > 0)) {
    let combos: Array<{ parts: WordVariant[]; cost: number; tiebreak: number }> = [{ parts: [], cost: 0, tiebreak: 0 }];
    for (const m of perWord) {
      const list = [...m.values()].sort((a, b) => a.cost - b.cost || a.slips - b.slips || b.freq - a.freq || (a.token < b.token ? -1 : 1)).slice(0, MAX_VARIANTS_PER_WORD);
      combos = combos
        .flatMap((c) => list.map((v) => ({ parts: [...c.parts, v], cost: c.cost + v.cost, tiebreak: c.tiebreak + tiebreak(v) })))
        .sort((a, b) => a.cost - b.cost || a.tiebreak - b.tiebreak)
        .slice(0, MAX_NAMES * 4);
    }
    for (const c of combos.slice(0, MAX_NAMES)) {
      const match = c.parts.some((p) => p.edits > 0) ? 'close' : c.parts.some((p) => p.marks) ? 'marks' : 'exact';
      add({ name: c.parts.map((p) => p.token).join(' '), cost: c.cost, tiebreak: c.tiebreak, match, crowded: c.parts.some((p) => p.crowded) });
    }
  }
  for (const parts of segmentations(compact, dictionary, MAX_SPLITS)) {
    const name = parts.join(' ');
    if (name !== typed) add({ name, cost: 1, tiebreak: 0, match: 'spacing', crowded: false });
  }
  return [...candidates.values()].sort((a, b) => a.cost - b.cost || a.tiebreak - b.tiebreak).slice(0, MAX_NAMES);
}

/**
 * Between names of equal cost: the likelier edits first (`typoCost`, in half-edit steps), and among
 * equally likely ones the commoner words (a typo more often hides a common name than a rare one;
 * the log keeps a word a thousand times commoner from outweighing a likelier edit).
 */
function tiebreak(v: WordVariant): number {
  return v.edits ? 100 * v.slips - Math.log(Math.max(v.freq, 1)) : 0;
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

const PREFIX_RANK = 1000;

function hit(p: Person, rank: number, match: SearchMatch, replacedPin?: string): SearchHit {
  return { pin: p.pin, fullName: p.fullName, birthDate: p.birthDate, sex: p.sex, status: p.status, unitCode: p.unitCode, rank, match, ...(replacedPin ? { replacedPin } : {}) };
}

async function runSearch(tx: Executor, actor: Actor, q: string, query: SearchQuery): Promise<SearchResult> {
  const page = { page: query.page, pageSize: query.pageSize };
  const visible = (p: Person) => inScope(actor, unitOf(p)) && (query.birthYear === undefined || Number(p.birthDate.slice(0, 4)) === query.birthYear);
  if (/^\d{12}$/.test(q)) {
    const found = await store.findPersonByAnyPin(tx, q);
    const items = found && visible(found.person) ? [hit(found.person, 0, 'exact', found.via.status === 'cancelled' ? q : undefined)] : [];
    const byOldId = items.length ? [] : (await store.findPeopleByOldId(tx, q)).filter(visible).map((p) => hit(p, 0, 'exact'));
    const all = [...items, ...byOldId];
    return { items: all.slice((page.page - 1) * page.pageSize, page.page * page.pageSize), total: all.length, totalCapped: false, ...page, mode: items.length || !byOldId.length ? 'pin' : 'old_id' };
  }
  if (/^\d{9}$/.test(q)) {
    const all = (await store.findPeopleByOldId(tx, q)).filter(visible).map((p) => hit(p, 0, 'exact'));
    return { items: all.slice((page.page - 1) * page.pageSize, page.page * page.pageSize), total: all.length, totalCapped: false, ...page, mode: 'old_id' };
  }
  const folded = foldName(q);
  // Digits inside a word are VNI tone and vowel keys ("nguye6n"); a number on its own is no name.
  if (folded.replace(/[^\p{L}]/gu, '').length < 2 || folded.split(' ').some((w) => /^\d+$/.test(w))) {
    throw invalid('query_too_short', 'q', { vi: 'Nhập họ tên (ít nhất 2 chữ cái), số định danh 12 số hoặc số CMND 9 số.', en: 'Enter a name (at least 2 letters), a 12-digit PIN or a 9-digit old ID number.' });
  }
  const names = await expandName(tx, folded);
  const { rows, total, totalCapped } = await store.searchByNames(tx, names.map((n) => n.name), names.map((n) => n.crowded), folded, { birthYear: query.birthYear, unitCode: query.unitCode, scope: scopeFilter(actor) }, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize });
  // The store ranks a hit by its name's place in `names`, or 1000 when found by prefix.
  const items = rows.map((r) => {
    const c = names[r.rank];
    return c ? hit(r.person, c.cost, c.match) : hit(r.person, PREFIX_RANK, 'prefix');
  });
  return { items, total, totalCapped, ...page, mode: 'name' };
}
