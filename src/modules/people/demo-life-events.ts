import { createHash } from 'node:crypto';
import type { PersonRecord } from './generator/index.js';

/**
 * Dates the demo population's records would carry had they been registered over a lifetime,
 * instead of "from the day of the import": when each person's permanent residence in their
 * household began, and when their PIN was issued. Pure and deterministic (every choice is a
 * hash of the person's external id), so the same demo seed gives the same dates.
 *
 * The rules, in outline (modelled, not a legal timetable):
 * - PINs: from 2016 every birth registration issued a PIN (a few days to six weeks after the
 *   birth); someone who turned 14 after that got theirs with their first card, at 14; everyone
 *   older got one when their 12-digit card was made or the national population database went
 *   live, between 2016 and mid-2021.
 * - Residence: the head founded the household in early adulthood (before the eldest child
 *   living there was born); the spouse came with the marriage; children and grandchildren born
 *   after that were registered there at birth, older ones came with their parents; in-laws moved
 *   in at marriage; parents, siblings and other relatives moved in later in life.
 */
export interface LifeEventDates {
  residentSince: string;
  pinIssuedOn: string;
}

/** PINs were first issued at birth registration from this day (Law on Citizen Identification 2014, in force 2016). */
const PIN_AT_BIRTH_FROM = '2016-01-01';
/** The national population database went live: by then every living person had a PIN. */
const DATABASE_LIVE = '2021-07-01';
const CARD_AGE = 14;
const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The earliest day a partial birth date (YYYY, YYYY-MM, YYYY-MM-DD) may denote. */
function birthDay(birthDate: string): number {
  return dayNumber(birthDate.length === 10 ? birthDate : birthDate.length === 7 ? `${birthDate}-01` : `${birthDate}-01-01`);
}

/** A number in [0, n) from the id and a purpose: the same id and purpose always give the same number. */
function draw(id: string, purpose: string, n: number): number {
  return createHash('sha256').update(`${id}\u0000${purpose}`).digest().readUInt32BE(0) % n;
}

const years = (n: number) => Math.round(n * 365.2425);

/** The day a PIN was issued to someone born on `born` (a day number), by the rules above. */
function pinIssuedDay(id: string, born: number): number {
  const atBirthFrom = dayNumber(PIN_AT_BIRTH_FROM);
  if (born >= atBirthFrom) return born + 3 + draw(id, 'pin', 40);
  const fourteen = born + years(CARD_AGE);
  if (fourteen >= atBirthFrom) return fourteen + draw(id, 'pin', 120);
  return atBirthFrom + draw(id, 'pin', dayNumber(DATABASE_LIVE) - atBirthFrom);
}

/**
 * Life-event dates for the members of one household (as the generator writes them: the head
 * first), never after `lastDay` (the demo's reference date or today, whichever is earlier).
 */
export function householdLifeEvents(people: PersonRecord[], lastDay: string): Map<string, LifeEventDates> {
  const last = dayNumber(lastDay);
  const cap = (d: number) => Math.min(d, last);
  const head = people.find((p) => p.relationToHead === 'chu_ho') ?? people[0];
  const out = new Map<string, LifeEventDates>();
  if (!head) return out;
  const headBorn = birthDay(head.birthDate);
  const adult = headBorn + years(18);
  // Founded in early adulthood, but no later than the birth of the eldest child living there.
  const children = people.filter((p) => p.relationToHead === 'con').map((p) => birthDay(p.birthDate));
  let founded = headBorn + years(22 + draw(head.externalId, 'founded', 9));
  if (children.length > 0) founded = Math.min(founded, Math.min(...children));
  founded = cap(Math.max(founded, Math.min(adult, last)));
  for (const p of people) {
    const born = birthDay(p.birthDate);
    const id = p.externalId;
    let since: number;
    switch (p.relationToHead) {
      case 'chu_ho':
        since = founded;
        break;
      case 'vo':
      case 'chong':
        since = Math.max(founded, born + years(18));
        break;
      case 'con':
      case 'chau':
        // Born into the household, or came with the parents when it was founded.
        since = Math.max(born, founded);
        break;
      case 'con_dau':
      case 'con_re':
        since = Math.max(founded, born + years(20 + draw(id, 'married', 8)));
        break;
      default:
        // Parents, grandparents, siblings, others: moved in some years after it was founded.
        since = Math.max(born, founded + years(1 + draw(id, 'moved', 15)));
    }
    out.set(id, { residentSince: isoOf(cap(Math.max(since, born))), pinIssuedOn: isoOf(cap(Math.max(pinIssuedDay(id, born), born))) });
  }
  return out;
}
