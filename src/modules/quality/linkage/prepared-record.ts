/**
 * A LinkRecord with everything a comparison needs worked out once: folded names split into
 * family / middle / given, the parsed birth date, the commune's province. The batch compares
 * each record with dozens of others, so nothing here is recomputed per pair.
 */
import { foldName } from '../../../kernel/fold.js';
import { parseBirthDate, type BirthDate } from './birth-dates.js';
import type { LinkRecord } from './record.js';

export interface PreparedRecord {
  id: string;
  /** Family and given name as written (lower case, NFC), for the "exact with diacritics" level. */
  familyWritten: string;
  givenWritten: string;
  family: string;
  /** Folded; null when the name has two words or fewer. */
  middle: string | null;
  given: string;
  /** The whole folded name. */
  full: string;
  date: BirthDate;
  birthDate: string;
  sex: 'M' | 'F';
  birthProvince: string | null;
  originProvince: string | null;
  father: string | null;
  mother: string | null;
  oldId: string | null;
  unit: string | null;
  household: string | null;
}

export interface NameParts {
  family: string;
  middle: string | null;
  given: string;
}

/**
 * First word family, last word given, the words between the middle name. Ê-đê names put the
 * clan name last, and some given names have two words; both still give stable parts, which
 * is all matching needs.
 */
export function splitName(name: string): NameParts {
  const words = name.split(' ').filter((w) => w.length > 0);
  if (words.length === 0) return { family: '', middle: null, given: '' };
  if (words.length === 1) return { family: words[0]!, middle: null, given: words[0]! };
  const middle = words.length > 2 ? words.slice(1, -1).join(' ') : null;
  return { family: words[0]!, middle, given: words[words.length - 1]! };
}

const foldOrNull = (text: string | null): string | null => {
  if (text === null) return null;
  const folded = foldName(text);
  return folded.length > 0 ? folded : null;
};

const blankToNull = (text: string | null): string | null => (text === null || text.trim() === '' ? null : text.trim());

export function prepareRecord(r: LinkRecord): PreparedRecord {
  const full = foldName(r.fullName);
  const folded = splitName(full);
  const written = splitName(r.fullName.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim());
  const unit = blankToNull(r.unitCode);
  return {
    id: r.id,
    familyWritten: written.family,
    givenWritten: written.given,
    family: folded.family,
    middle: folded.middle,
    given: folded.given,
    full,
    date: parseBirthDate(r.birthDate),
    birthDate: r.birthDate,
    sex: r.sex,
    birthProvince: blankToNull(r.birthProvince),
    originProvince: blankToNull(r.originProvince),
    father: foldOrNull(r.fatherName),
    mother: foldOrNull(r.motherName),
    oldId: blankToNull(r.oldId),
    unit,
    household: blankToNull(r.householdKey),
  };
}
