/**
 * Draws names: a family name per family line, middle and given names per person, following the
 * naming habits of the line's ethnic group and the person's birth cohort.
 */
import type { Sex } from '../pin.js';
import type { Region } from '../reference/provinces-pre-2025.js';
import { ETHNIC_GROUPS } from '../reference/ethnicities.js';
import { MINORITY_NAMING, type MinorityNaming } from '../reference/names-minorities.js';
import {
  COMMON_FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  FEMALE_MIDDLE_NAMES,
  MALE_GIVEN_NAMES,
  MALE_MIDDLE_NAMES,
  OTHER_FAMILY_NAMES,
  type CohortTag,
} from '../reference/names-vietnamese.js';
import { Weighted, type Prng } from './prng.js';

export type Cohort = 0 | 1 | 2; // born before 1975, 1975–1999, from 2000

export function cohortOf(birthYear: number): Cohort {
  return birthYear < 1975 ? 0 : birthYear < 2000 ? 1 : 2;
}

const TAG_WEIGHTS: Record<CohortTag, readonly [number, number, number]> = {
  '': [1, 1, 1],
  o: [2.5, 1, 0.25],
  y: [0.2, 0.8, 3],
};

/** How likely a northern / southern spelling is by region (Hoàng vs Huỳnh, Vũ vs Võ). */
const SOUTHERN_SPELLING: Record<Region, number> = {
  north: 0.05,
  north_central: 0.35,
  south_central: 0.75,
  highlands: 0.6,
  south: 0.85,
};

export interface PersonName {
  familyName: string;
  middleName: string | null;
  givenName: string;
  fullName: string;
}

export function composeFullName(
  familyName: string,
  middleName: string | null,
  givenName: string,
  order: MinorityNaming['order'],
): string {
  if (order === 'clan_last') return `${givenName} ${familyName}`;
  return middleName ? `${familyName} ${middleName} ${givenName}` : `${familyName} ${givenName}`;
}

type CohortTables = readonly [Weighted<string>, Weighted<string>, Weighted<string>];

function cohortTables(rows: ReadonlyArray<readonly [string, number, number, number]>): CohortTables {
  return [
    new Weighted(rows.map(([name, older]) => [name, older] as const)),
    new Weighted(rows.map(([name, , middle]) => [name, middle] as const)),
    new Weighted(rows.map(([name, , , younger]) => [name, younger] as const)),
  ];
}

function givenTables(rows: ReadonlyArray<readonly [string, CohortTag]>): CohortTables {
  return cohortTables(rows.map(([name, tag]) => [name, ...TAG_WEIGHTS[tag]] as const));
}

interface Style {
  naming: MinorityNaming | undefined;
  family: Weighted<string>;
  maleMiddle: Weighted<string> | undefined;
  femaleMiddle: Weighted<string> | undefined;
}

export class NameSampler {
  private readonly kinhFamily: Weighted<number>;
  private readonly maleMiddle = cohortTables(MALE_MIDDLE_NAMES);
  private readonly femaleMiddle = cohortTables(FEMALE_MIDDLE_NAMES);
  private readonly maleGiven = givenTables(MALE_GIVEN_NAMES);
  private readonly femaleGiven = givenTables(FEMALE_GIVEN_NAMES);
  private readonly styles = new Map<string, Style>();
  private readonly familyEntries: ReadonlyArray<readonly [string, string | undefined]>;

  constructor() {
    // The common-name shares are for the whole population, but groups with their own naming
    // (Thái, Mông, Khmer, Dao, Gia-rai, Ê-đê ≈ 6.6 %) almost never carry them. Dividing by the
    // rest of the population keeps the national shares right: Nguyễn = 38 % / 0.934 among lines
    // using Vietnamese names. The less common names fill what is left.
    const total = ETHNIC_GROUPS.reduce((s, g) => s + g.population, 0);
    const own = new Set(MINORITY_NAMING.map((m) => m.ethnicCode));
    const ownShare =
      ETHNIC_GROUPS.filter((g) => own.has(g.code)).reduce((s, g) => s + g.population, 0) / total;
    const common = COMMON_FAMILY_NAMES.map(
      ([north, share, south]) => [north, south, share / (1 - ownShare)] as const,
    );
    const commonTotal = common.reduce((s, [, , share]) => s + share, 0);
    const otherTotal = OTHER_FAMILY_NAMES.reduce((s, [, weight]) => s + weight, 0);
    const rest = Math.max(0, 100 - commonTotal);
    const entries: Array<readonly [string, string | undefined, number]> = [
      ...common,
      ...OTHER_FAMILY_NAMES.map(([name, weight]) => [name, undefined, (weight / otherTotal) * rest] as const),
    ];
    this.familyEntries = entries.map(([north, south]) => [north, south] as const);
    this.kinhFamily = new Weighted(entries.map(([, , share], i) => [i, share] as const));
    for (const naming of MINORITY_NAMING) {
      this.styles.set(naming.ethnicCode, {
        naming,
        family: new Weighted(naming.familyNames),
        maleMiddle: new Weighted(naming.maleMiddle),
        femaleMiddle: new Weighted(naming.femaleMiddle),
      });
    }
  }

  /** The naming order of a group ('family_first' for all but the Ê-đê). */
  orderOf(ethnicCode: string): MinorityNaming['order'] {
    return this.styles.get(ethnicCode)?.naming?.order ?? 'family_first';
  }

  familyName(rng: Prng, ethnicCode: string, region: Region): string {
    const style = this.styles.get(ethnicCode);
    if (style) return style.family.pick(rng);
    const [north, south] = this.familyEntries[this.kinhFamily.pick(rng)] ?? ['Nguyễn', undefined];
    return south !== undefined && rng.chance(SOUTHERN_SPELLING[region]) ? south : north;
  }

  /** Middle and given name for a person; `avoid` holds given names already used by siblings. */
  personal(
    rng: Prng,
    ethnicCode: string,
    sex: Sex,
    birthYear: number,
    avoid: readonly string[],
  ): { middleName: string | null; givenName: string } {
    const cohort = cohortOf(birthYear);
    const style = this.styles.get(ethnicCode);
    const naming = style?.naming;
    const middleTable = naming
      ? sex === 'M'
        ? style.maleMiddle
        : style.femaleMiddle
      : (sex === 'M' ? this.maleMiddle : this.femaleMiddle)[cohort];
    const middle = middleTable?.pick(rng) ?? '';
    let given = '';
    for (let attempt = 0; attempt < 4; attempt++) {
      given = this.given(rng, naming, sex, cohort);
      if (!avoid.includes(given)) break;
    }
    return { middleName: middle === '' ? null : middle, givenName: given };
  }

  private given(rng: Prng, naming: MinorityNaming | undefined, sex: Sex, cohort: Cohort): string {
    const vietnamese = (sex === 'M' ? this.maleGiven : this.femaleGiven)[cohort];
    if (!naming) return vietnamese.pick(rng);
    const own = rng.chance(naming.ownGivenShare);
    const base = own ? rng.pick(sex === 'M' ? naming.maleGiven : naming.femaleGiven) : vietnamese.pick(rng);
    const prefix = sex === 'M' ? naming.malePrefix : naming.femalePrefix;
    return prefix !== undefined && rng.chance(naming.prefixShare ?? 1) ? prefix + base : base;
  }
}
