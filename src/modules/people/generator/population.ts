/**
 * The synthetic population generator: households one after another, each with its people and
 * the truth about any defect injected into it.
 *
 * Streaming: nothing is kept per person or per household once it is yielded; the only state
 * that grows is one counter per PIN prefix in use (bounded by 63 × 10 × 100), so 10 million
 * people take the same memory as 10 thousand.
 *
 * Determinism: every random choice comes from seeded generators, so the same seed and options
 * give the same records byte for byte. The population and the defects draw from separate
 * streams, and defects take PIN serials from the other end of each prefix's range (serials.ts),
 * so switching defects on or off leaves every clean record unchanged.
 */
import { createHash } from 'node:crypto';
import { invalid } from '../../../kernel/errors.js';
import { centuryDigitFor, type Sex } from '../pin.js';
import { composeAddress } from './addresses.js';
import { AgeSampler } from './ages.js';
import { CultureSampler } from './culture.js';
import { civilFromDays, formatPartialDate, parseIsoDay } from './dates.js';
import { mutateForDuplicate, wrongPinPrefix } from './defects.js';
import { composeHousehold, type MemberSpec } from './households.js';
import { composeFullName, NameSampler } from './names.js';
import { PlaceSampler, type Place } from './places.js';
import { hashSeed, Prng } from './prng.js';
import type {
  DefectRates,
  GeneratedHousehold,
  GenerateOptions,
  HouseholdRecord,
  PersonRecord,
  TruthRecord,
} from './records.js';
import { SerialAllocator } from './serials.js';

export const DEFAULT_REFERENCE_DATE = '2025-07-01';
const MAX_PEOPLE = 200_000_000;
const DAYS_PER_YEAR = 365.2425;
/** ≈ 3 % of people born before 1960 have only a year or a month and year on record. */
const PARTIAL_DATE_SHARE = 0.03;
/** ≈ 60 % of people born before 1995 (and old enough to have had one) still have a 9-digit CMND on record. */
const OLD_ID_SHARE = 0.6;

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000'];

/** Zero-padded decimal; hot enough that padStart shows in profiles. */
function pad(n: number, width: number): string {
  const s = `${n}`;
  return (ZEROS[width - s.length] ?? '') + s;
}

/** The seed as it appears in external ids: itself when short and plain, else a hash of it. */
export function seedTag(seed: string): string {
  return /^[A-Za-z0-9_.]{1,32}$/.test(seed)
    ? seed
    : `x${createHash('sha256').update(seed).digest('hex').slice(0, 10)}`;
}

function checkOptions(options: GenerateOptions): void {
  if (!Number.isSafeInteger(options.people) || options.people < 0 || options.people > MAX_PEOPLE) {
    throw invalid('people_count_invalid', 'people', {
      vi: `Số người phải là số nguyên từ 0 đến ${MAX_PEOPLE}.`,
      en: `The number of people must be an integer from 0 to ${MAX_PEOPLE}.`,
    });
  }
  for (const [field, rate] of Object.entries(options.defects ?? {})) {
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw invalid('defect_rate_invalid', `defects.${field}`, {
        vi: 'Tỷ lệ lỗi phải từ 0 đến 1.',
        en: 'A defect rate must be between 0 and 1.',
      });
    }
  }
}

/** Everything a run shares: samplers, allocators, counters. */
class Run {
  readonly rng: Prng;
  readonly defectRng: Prng;
  readonly pins: SerialAllocator;
  readonly oldIds: SerialAllocator;
  readonly places: PlaceSampler;
  readonly ages = new AgeSampler();
  readonly names = new NameSampler();
  readonly culture = new CultureSampler();
  readonly tag: string;
  readonly referenceDay: number;
  readonly referenceYear: number;
  readonly defects: DefectRates | undefined;
  personSeq = 0;
  householdSeq = 0;
  duplicateSeq = 0;

  constructor(options: GenerateOptions) {
    const seed = String(options.seed);
    this.tag = seedTag(seed);
    this.rng = new Prng(`${seed}\u0000population`);
    this.defectRng = new Prng(`${seed}\u0000defects`);
    this.pins = new SerialAllocator(1_000_000, 1_000_000, hashSeed(`${seed}\u0000pin`));
    this.oldIds = new SerialAllocator(10_000_000, 100, hashSeed(`${seed}\u0000cmnd`));
    this.places = new PlaceSampler(options.communes, options.provinces);
    const day = parseIsoDay(options.referenceDate ?? DEFAULT_REFERENCE_DATE);
    // Everyone must be born in a year a PIN can hold (1900–2399), the oldest ~105 years before.
    const year = day === undefined ? 0 : civilFromDays(day).year;
    if (day === undefined || year < 2010 || year > 2299) {
      throw invalid('reference_date_invalid', 'referenceDate', {
        vi: 'Ngày tham chiếu phải có dạng YYYY-MM-DD, từ năm 2010 đến 2299.',
        en: 'The reference date must be YYYY-MM-DD, in the years 2010–2299.',
      });
    }
    this.referenceDay = day;
    this.referenceYear = year;
    this.defects = options.defects;
  }

  /** A fresh PIN for a birth registered in `province` (pre-2025 code); `high` for injected records. */
  pin(province: string, sex: Sex, birthYear: number, end: 'low' | 'high'): string {
    const c = centuryDigitFor(birthYear, sex);
    if (c === undefined) throw new Error(`birth year ${birthYear} cannot be written in a PIN`);
    return this.pinWithPrefix(Number(province) * 1000 + c * 100 + (birthYear % 100), end);
  }

  /** A fresh PIN under a six-digit prefix given as a number (PPPCYY). */
  pinWithPrefix(prefix: number, end: 'low' | 'high'): string {
    return pad(prefix, 6) + pad(this.pins.take(prefix, end), 6);
  }

  /** A 9-digit old ID number: the province's two digits and a unique serial. */
  oldIdNumber(province: string): string {
    return province + pad(this.oldIds.take(Number(province), 'low'), 7);
  }
}

interface Line {
  ethnicCode: string;
  familyName: string;
  originProvinceCode: string;
}

function buildPeople(
  run: Run,
  place: Place,
  specs: readonly MemberSpec[],
  householdId: string,
): PersonRecord[] {
  const { rng, names, culture, places } = run;
  const mainEthnic = culture.ethnicity(rng, place.oldProvinceCode);
  const religionCode = culture.religion(rng, mainEthnic, place.oldProvinceCode, place.region);
  const lines = new Map<number, Line>();
  const lineOf = (index: number, isHeadLine: boolean): Line => {
    let line = lines.get(index);
    if (!line) {
      const ethnicCode =
        isHeadLine || rng.chance(0.9) ? mainEthnic : culture.ethnicity(rng, place.oldProvinceCode);
      line = {
        ethnicCode,
        familyName: names.familyName(rng, ethnicCode, place.region),
        originProvinceCode: places.provinceNear(rng, place.oldProvinceCode, 0.7),
      };
      lines.set(index, line);
    }
    return line;
  };

  const ids = specs.map(() => `g-${run.tag}-${++run.personSeq}`);
  const given: string[] = [];
  const people: PersonRecord[] = [];
  specs.forEach((spec, i) => {
    const line = lineOf(spec.line, i === 0);
    const birthDay = run.referenceDay - Math.floor((spec.age + rng.next()) * DAYS_PER_YEAR);
    const birth = civilFromDays(birthDay);
    const precision =
      birth.year < 1960 && rng.chance(PARTIAL_DATE_SHARE) ? (rng.chance(0.5) ? 'year' : 'month') : 'day';
    const birthProvince = places.provinceNear(rng, place.oldProvinceCode, spec.age < 18 ? 0.93 : 0.8);
    const personal = names.personal(rng, line.ethnicCode, spec.sex, birth.year, given);
    given.push(personal.givenName);
    const hasOldId =
      birth.year < 1995 && spec.age >= 14 + (run.referenceYear - 2016) && rng.chance(OLD_ID_SHARE);
    people.push({
      externalId: ids[i] ?? '',
      householdExternalId: householdId,
      pin: run.pin(birthProvince, spec.sex, birth.year, 'low'),
      fullName: composeFullName(
        line.familyName,
        personal.middleName,
        personal.givenName,
        names.orderOf(line.ethnicCode),
      ),
      familyName: line.familyName,
      middleName: personal.middleName,
      givenName: personal.givenName,
      sex: spec.sex,
      birthDate: formatPartialDate(birth, precision),
      birthRegistrationProvinceCode: birthProvince,
      originProvinceCode: line.originProvinceCode,
      nationality: 'VN',
      ethnicityCode: line.ethnicCode,
      religionCode,
      oldIdNumber: hasOldId ? run.oldIdNumber(place.oldProvinceCode) : null,
      relationToHead: spec.relation,
      fatherExternalId: spec.father >= 0 ? (ids[spec.father] ?? null) : null,
      motherExternalId: spec.mother >= 0 ? (ids[spec.mother] ?? null) : null,
      spouseExternalId: spec.spouse >= 0 ? (ids[spec.spouse] ?? null) : null,
    });
  });
  return people;
}

/** Removes people from a household and every link pointing at them. */
function withoutPeople(people: PersonRecord[], gone: ReadonlySet<string>): PersonRecord[] {
  const kept = people.filter((p) => !gone.has(p.externalId));
  for (const p of kept) {
    if (p.fatherExternalId !== null && gone.has(p.fatherExternalId)) p.fatherExternalId = null;
    if (p.motherExternalId !== null && gone.has(p.motherExternalId)) p.motherExternalId = null;
    if (p.spouseExternalId !== null && gone.has(p.spouseExternalId)) p.spouseExternalId = null;
  }
  return kept;
}

function birthYearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/**
 * A second record of `original`: in the same household (entered twice) or, half the time, as
 * a one-person household in another commune (registered again after a move).
 */
function duplicateOf(
  run: Run,
  original: PersonRecord,
  household: HouseholdRecord,
): { person: PersonRecord; household?: GeneratedHousehold; truth: TruthRecord } {
  const rng = run.defectRng;
  const n = ++run.duplicateSeq;
  const draft = mutateForDuplicate(rng, original, run.referenceDay);
  const externalId = `g-${run.tag}-d${n}`;
  const truth: TruthRecord = {
    kind: 'duplicate',
    externalId,
    originalExternalId: original.externalId,
    mutations: draft.mutations,
  };
  const separate = rng.chance(0.5);
  const person: PersonRecord = {
    ...original,
    externalId,
    householdExternalId: household.externalId,
    pin: run.pin(original.birthRegistrationProvinceCode, original.sex, birthYearOf(draft.birthDate), 'high'),
    fullName: draft.fullName,
    familyName: draft.familyName,
    middleName: draft.middleName,
    givenName: draft.givenName,
    birthDate: draft.birthDate,
    oldIdNumber: rng.chance(0.4) ? original.oldIdNumber : null,
    relationToHead: original.relationToHead === 'chu_ho' ? 'khac' : original.relationToHead,
    spouseExternalId: null,
  };
  if (!separate) return { person, truth };
  const place = run.places.home(rng);
  const dupHousehold: HouseholdRecord = {
    externalId: `g-${run.tag}-hd${n}`,
    communeCode: place.communeCode,
    provinceCode: place.provinceCode,
    addressDetail: composeAddress(rng, place.urban, place.region, place.oldProvinceCode),
    headExternalId: externalId,
  };
  const alone: PersonRecord = {
    ...person,
    householdExternalId: dupHousehold.externalId,
    relationToHead: 'chu_ho',
    fatherExternalId: null,
    motherExternalId: null,
  };
  return { person: alone, household: { household: dupHousehold, people: [alone], truth: [truth] }, truth };
}

/**
 * Synchronous form of `generatePopulation`, the fast path for writers. Options are checked
 * when called, before the first household is asked for.
 */
export function iteratePopulation(options: GenerateOptions): Generator<GeneratedHousehold, void, undefined> {
  checkOptions(options);
  return households(new Run(options), options.people);
}

function* households(run: Run, wanted: number): Generator<GeneratedHousehold, void, undefined> {
  const rates = run.defects;
  let emitted = 0;
  while (emitted < wanted) {
    const place = run.places.home(run.rng);
    const householdId = `g-${run.tag}-h${++run.householdSeq}`;
    const addressDetail = composeAddress(run.rng, place.urban, place.region, place.oldProvinceCode);
    const specs = composeHousehold(run.rng, run.ages);
    let people = buildPeople(run, place, specs, householdId);
    const household: HouseholdRecord = {
      externalId: householdId,
      communeCode: place.communeCode,
      provinceCode: place.provinceCode,
      addressDetail,
      headExternalId: people[0]?.externalId ?? null,
    };
    const truth: TruthRecord[] = [];
    if (rates && people.length >= 2 && run.defectRng.chance(rates.headlessHouseholdRate)) {
      const head = people[0];
      if (head) {
        people = withoutPeople(people, new Set([head.externalId]));
        household.headExternalId = null;
        truth.push({
          kind: 'headless_household',
          householdExternalId: householdId,
          withheldHeadExternalId: head.externalId,
        });
      }
    }
    const room = wanted - emitted;
    if (people.length > room)
      people = withoutPeople(people, new Set(people.slice(room).map((p) => p.externalId)));
    emitted += people.length;

    const separate: GeneratedHousehold[] = [];
    if (rates) {
      const sameHousehold: PersonRecord[] = [];
      for (const person of people) {
        if (run.defectRng.chance(rates.wrongPinRate)) {
          const wrong = wrongPinPrefix(run.defectRng, person.pin.slice(0, 6));
          person.pin = run.pinWithPrefix(Number(wrong.prefix), 'high');
          truth.push({
            kind: 'wrong_pin',
            externalId: person.externalId,
            pin: person.pin,
            mutation: wrong.mutation,
          });
        }
        if (run.defectRng.chance(rates.duplicateRate)) {
          const dup = duplicateOf(run, person, household);
          if (dup.household) separate.push(dup.household);
          else {
            sameHousehold.push(dup.person);
            truth.push(dup.truth);
          }
        }
      }
      people.push(...sameHousehold);
    }
    yield { household, people, truth };
    yield* separate;
  }
}

/**
 * Generates a synthetic population as a stream of households. Memory stays flat whatever the
 * size; the same options always give the same records.
 */
export async function* generatePopulation(
  options: GenerateOptions,
): AsyncGenerator<GeneratedHousehold, void, undefined> {
  yield* iteratePopulation(options);
}
