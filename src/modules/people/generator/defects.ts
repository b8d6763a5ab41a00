/**
 * The data-quality defects the generator injects on purpose, so the duplicate finder and the
 * cleaning rules (domain §6) can be measured against known truth:
 * - a second record of a real person, as a careless re-registration produces it: name typed
 *   without diacritics or with a typo (often a wrong tone mark), middle name left out, day and
 *   month swapped, a day or a year off, only the year kept — and a different PIN;
 * - a PIN whose century/sex digit or year digits disagree with the person's record;
 * - households whose head record is missing (handled in population.ts).
 */
import { civilFromDays, daysFromCivil, daysInMonth } from './dates.js';
import { composeFullName } from './names.js';
import { Weighted, type Prng } from './prng.js';
import type { DuplicateMutation, PersonRecord, WrongPinMutation } from './records.js';

const TONE_MARKS = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const TONE = /[\u0300\u0301\u0303\u0309\u0323]/g;

export function removeDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** One keying error in a name: a wrong or missing tone mark, or a letter dropped, doubled or swapped. */
export function nameTypo(rng: Prng, name: string): string {
  const decomposed = name.normalize('NFD');
  const tones = [...decomposed.matchAll(TONE)];
  if (tones.length > 0 && rng.chance(0.6)) {
    const hit = rng.pick(tones);
    const at = hit.index ?? 0;
    const others = TONE_MARKS.filter((t) => t !== hit[0]);
    // Hỏi and ngã are the classic confusion; otherwise another tone or none at all.
    const replacement =
      hit[0] === '\u0309'
        ? '\u0303'
        : hit[0] === '\u0303'
          ? '\u0309'
          : rng.chance(0.3)
            ? ''
            : rng.pick(others);
    return (decomposed.slice(0, at) + replacement + decomposed.slice(at + 1)).normalize('NFC');
  }
  const chars = [...name];
  if (chars.length < 3) return `${name}${chars[chars.length - 1] ?? 'a'}`;
  const i = rng.range(1, chars.length - 2);
  const op = rng.int(3);
  if (op === 0) chars.splice(i, 1);
  else if (op === 1) chars.splice(i, 0, chars[i] ?? '');
  else [chars[i], chars[i + 1]] = [chars[i + 1] ?? '', chars[i] ?? ''];
  const typo = chars.join('').normalize('NFC');
  return typo === name ? `${name}h` : typo;
}

interface ParsedDate {
  year: number;
  month?: number;
  day?: number;
}

function parseDate(text: string): ParsedDate {
  const [y, m, d] = text.split('-').map(Number);
  return { year: y ?? 0, ...(m !== undefined ? { month: m } : {}), ...(d !== undefined ? { day: d } : {}) };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function formatDate(d: ParsedDate): string {
  if (d.month === undefined) return String(d.year);
  if (d.day === undefined) return `${d.year}-${pad2(d.month)}`;
  return `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;
}

const NAME_MUTATIONS = new Weighted<DuplicateMutation>([
  ['no_diacritics', 35],
  ['name_typo', 45],
  ['missing_middle_name', 20],
]);
const DATE_MUTATIONS = new Weighted<DuplicateMutation>([
  ['swapped_day_month', 30],
  ['day_changed', 30],
  ['year_only', 20],
  ['birth_year_off_by_one', 20],
]);

export interface DuplicateDraft {
  familyName: string;
  middleName: string | null;
  givenName: string;
  fullName: string;
  birthDate: string;
  mutations: DuplicateMutation[];
}

/**
 * The fields of a duplicate record that differ from the original, and which mutations made
 * them. At least one mutation is always applied; a dated one never moves the birth past
 * `latestDay` (the reference date).
 */
export function mutateForDuplicate(rng: Prng, original: PersonRecord, latestDay: number): DuplicateDraft {
  const mutations: DuplicateMutation[] = [];
  let { familyName, middleName, givenName, birthDate } = original;
  const order = original.fullName.startsWith(`${familyName} `) ? 'family_first' : 'clan_last';

  const applyName = (): void => {
    let m = NAME_MUTATIONS.pick(rng);
    if (m === 'missing_middle_name' && (middleName === null || order !== 'family_first')) m = 'name_typo';
    if (m === 'no_diacritics') {
      const folded = [
        removeDiacritics(familyName),
        middleName === null ? null : removeDiacritics(middleName),
        removeDiacritics(givenName),
      ] as const;
      if (folded[0] === familyName && folded[1] === middleName && folded[2] === givenName) m = 'name_typo';
      else [familyName, middleName, givenName] = folded;
    }
    if (m === 'missing_middle_name') middleName = null;
    if (m === 'name_typo') {
      const r = rng.next();
      if (r < 0.5 || (r < 0.8 && middleName === null)) givenName = nameTypo(rng, givenName);
      else if (r < 0.8) familyName = nameTypo(rng, familyName);
      else if (middleName !== null) middleName = nameTypo(rng, middleName);
      else givenName = nameTypo(rng, givenName);
    }
    mutations.push(m);
  };

  const applyDate = (): boolean => {
    const d = parseDate(birthDate);
    let m = DATE_MUTATIONS.pick(rng);
    if (
      m === 'swapped_day_month' &&
      !(d.day !== undefined && d.month !== undefined && d.day <= 12 && d.day !== d.month)
    )
      m = 'day_changed';
    if (m === 'day_changed' && d.day === undefined)
      m = d.month === undefined ? 'birth_year_off_by_one' : 'year_only';
    if (m === 'year_only' && d.month === undefined) m = 'birth_year_off_by_one';
    let next: ParsedDate;
    if (m === 'swapped_day_month') next = { year: d.year, month: d.day ?? 1, day: d.month ?? 1 };
    else if (m === 'day_changed') {
      const delta = rng.chance(0.5) ? rng.range(1, 3) : -rng.range(1, 3);
      const moved = civilFromDays(daysFromCivil(d.year, d.month ?? 1, d.day ?? 1) + delta);
      next = { year: moved.year, month: moved.month, day: moved.day };
    } else if (m === 'year_only') next = { year: d.year };
    else {
      next = { ...d, year: d.year + (rng.chance(0.5) ? 1 : -1) };
      if (next.month !== undefined && next.day !== undefined)
        next.day = Math.min(next.day, daysInMonth(next.year, next.month));
    }
    const day = daysFromCivil(next.year, next.month ?? 1, next.day ?? 1);
    if (day > latestDay) return false;
    birthDate = formatDate(next);
    mutations.push(m);
    return true;
  };

  const wantName = rng.chance(0.75);
  const wantDate = rng.chance(0.6);
  if (wantName) applyName();
  const dated = wantDate && applyDate();
  if (!wantName && !dated) applyName();
  return {
    familyName,
    middleName,
    givenName,
    fullName: composeFullName(familyName, middleName, givenName, order),
    birthDate,
    mutations,
  };
}

/**
 * A wrong six-digit prefix for a PIN: the century/sex digit or the year digits no longer match
 * the person. Province digits stay; the result always differs from `prefix`.
 */
export function wrongPinPrefix(rng: Prng, prefix: string): { prefix: string; mutation: WrongPinMutation } {
  const ppp = prefix.slice(0, 3);
  const c = Number(prefix[3]);
  const yy = Number(prefix.slice(4, 6));
  if (rng.chance(0.5)) {
    // Sex keyed wrongly (0↔1, 2↔3) or the century (1900s ↔ 2000s).
    const wrong = rng.chance(0.5) ? c ^ 1 : c >= 2 ? c - 2 : c + 2;
    return { prefix: `${ppp}${wrong}${pad2(yy)}`, mutation: 'century_digit' };
  }
  const tens = Math.floor(yy / 10);
  const units = yy % 10;
  let wrong =
    tens !== units && rng.chance(0.3) ? units * 10 + tens : (yy + rng.pick([1, 2, 10, 99, 98, 90])) % 100;
  if (wrong === yy) wrong = (yy + 1) % 100;
  return { prefix: `${ppp}${c}${pad2(wrong)}`, mutation: 'year_digits' };
}
