/**
 * Household composition: who lives together, their ages, sexes, relationship to the head and
 * family links. Names, dates and identifiers are added later (people.ts).
 *
 * Sizes follow the 2019 census (mean ≈ 3.5, one-person households ≈ 11 %, most households 3–4
 * people); shapes are the common Vietnamese ones: a couple with children, a couple living with
 * the head's parent(s), three generations under an older head (a married son and his wife, or a
 * daughter and her husband, with their children), a lone parent, a single person. Ages are built
 * from the youngest generation up so that every mother is 18–40 years older than her children.
 * The head is member 0 and is usually the oldest adult man of the senior couple.
 */
import type { Sex } from '../pin.js';
import type { RelationCode } from '../reference/relations.js';
import { clampAge, type AgeSampler } from './ages.js';
import { Weighted, type Prng } from './prng.js';

export interface MemberSpec {
  relation: RelationCode;
  sex: Sex;
  age: number;
  /** Family line: members with the same line share a family name (children take their father's). */
  line: number;
  /** Indices into the member list, or -1. */
  father: number;
  mother: number;
  spouse: number;
}

const SIZES = new Weighted<number>([
  [1, 11],
  [2, 19],
  [3, 22],
  [4, 25],
  [5, 12],
  [6, 6],
  [7, 3],
  [8, 2],
]);

type Shape = 'nuclear' | 'with_parents' | 'three_generations' | 'lone_parent';

/** Shape mix by household size (index = size, from 3). */
const SHAPES: ReadonlyArray<Weighted<Shape> | undefined> = [
  undefined,
  undefined,
  undefined,
  ...[3, 4, 5, 6, 7, 8].map(shapeMix),
];

function shapeMix(size: number): Weighted<Shape> {
  const threeGen = [0, 0, 0, 0, 0.06, 0.15, 0.35, 0.45, 0.5][size] ?? 0.5;
  const withParents = size === 3 ? 0.13 : size === 4 ? 0.18 : 0.22;
  const lone = size === 3 ? 0.14 : 0.05;
  return new Weighted<Shape>([
    ['nuclear', 1 - threeGen - withParents - lone],
    ['with_parents', withParents],
    ['three_generations', threeGen],
    ['lone_parent', lone],
  ]);
}

const BOY_SHARE = 0.525; // ≈ 111 boys per 100 girls at birth
const YOUNGEST_TILT = 1.3;

class Builder {
  readonly members: MemberSpec[] = [];
  private lines = 0;

  constructor(
    readonly rng: Prng,
    readonly ages: AgeSampler,
  ) {}

  newLine(): number {
    return this.lines++;
  }

  add(
    relation: RelationCode,
    sex: Sex,
    age: number,
    line: number,
    links: Partial<Pick<MemberSpec, 'father' | 'mother' | 'spouse'>> = {},
  ): number {
    this.members.push({
      relation,
      sex,
      age: clampAge(age),
      line,
      father: links.father ?? -1,
      mother: links.mother ?? -1,
      spouse: links.spouse ?? -1,
    });
    return this.members.length - 1;
  }

  marry(a: number, b: number): void {
    const ma = this.members[a];
    const mb = this.members[b];
    if (ma && mb) {
      ma.spouse = b;
      mb.spouse = a;
    }
  }

  childSex(): Sex {
    return this.rng.chance(BOY_SHARE) ? 'M' : 'F';
  }

  /**
   * Ages of k siblings and of their mother (18–38 years older than the eldest). The youngest
   * child's age leans young (a household's last-born is more often a toddler than a student;
   * calibrated so the whole population matches the pyramid), the others follow 1–7 years apart.
   */
  siblingAges(k: number, youngestMax = 25): { kids: number[]; motherAge: number } {
    const kids: number[] = [];
    let age = Math.floor(youngestMax * this.rng.next() ** YOUNGEST_TILT);
    for (let i = 0; i < k; i++) {
      kids.push(age);
      age += this.rng.triangular(1, 3, 7);
    }
    const eldest = kids[kids.length - 1] ?? 0;
    return { kids: kids.reverse(), motherAge: eldest + this.rng.triangular(18, 25, 38) };
  }

  husbandAgeFor(wifeAge: number): number {
    return Math.max(18, wifeAge + this.rng.triangular(-3, 3, 12));
  }
}

/** Composes one household. Member 0 is the head. */
export function composeHousehold(rng: Prng, ages: AgeSampler): MemberSpec[] {
  const b = new Builder(rng, ages);
  const size = SIZES.pick(rng);
  if (size === 1) single(b);
  else if (size === 2) pair(b);
  else {
    const shape = (SHAPES[size] ?? SHAPES[8])?.pick(rng) ?? 'nuclear';
    if (shape === 'nuclear') withRelative(b, size, (n) => nuclear(b, n - 2));
    else if (shape === 'with_parents') withParents(b, size);
    else if (shape === 'three_generations') threeGenerations(b, size);
    else withRelative(b, size, (n) => loneParent(b, n - 1));
  }
  return b.members;
}

function single(b: Builder): void {
  const r = b.rng.next();
  const age =
    r < 0.38
      ? b.ages.between(b.rng, 18, 35)
      : r < 0.55
        ? b.ages.between(b.rng, 36, 59)
        : b.ages.between(b.rng, 60, 100);
  const sex: Sex = age >= 60 ? (b.rng.chance(0.68) ? 'F' : 'M') : b.rng.chance(0.55) ? 'M' : 'F';
  b.add('chu_ho', sex, age, b.newLine());
}

function pair(b: Builder): void {
  const r = b.rng.next();
  if (r < 0.45) {
    // A couple without children at home: young, or older with children gone.
    const wifeAge = b.rng.chance(0.28) ? b.ages.between(b.rng, 19, 34) : b.ages.between(b.rng, 48, 90);
    couple(b, wifeAge);
  } else if (r < 0.75) loneParent(b, 1);
  else {
    // An adult child living with one elderly parent; either may be the head.
    const childAge = b.ages.between(b.rng, 25, 60);
    const parentAge = childAge + b.rng.triangular(20, 27, 40);
    const parentSex: Sex = b.rng.chance(0.7) ? 'F' : 'M';
    const childSex = b.childSex();
    const line = b.newLine();
    if (b.rng.chance(0.6)) {
      const head = b.add('chu_ho', childSex, childAge, line);
      const parent = b.add(
        parentSex === 'F' ? 'me' : 'cha',
        parentSex,
        parentAge,
        parentSex === 'F' ? b.newLine() : line,
      );
      const h = b.members[head];
      if (h) h[parentSex === 'F' ? 'mother' : 'father'] = parent;
    } else {
      b.add('chu_ho', parentSex, parentAge, parentSex === 'F' ? b.newLine() : line);
      b.add('con', childSex, childAge, line, parentSex === 'F' ? { mother: 0 } : { father: 0 });
    }
  }
}

/** Head and spouse; the husband heads 85 % of couples. Returns [husband, wife]. */
function couple(b: Builder, wifeAge: number): [number, number] {
  const husbandAge = b.husbandAgeFor(wifeAge);
  const husbandLine = b.newLine();
  const wifeLine = b.newLine();
  if (b.rng.chance(0.85)) {
    const h = b.add('chu_ho', 'M', husbandAge, husbandLine);
    const w = b.add('vo', 'F', wifeAge, wifeLine);
    b.marry(h, w);
    return [h, w];
  }
  const w = b.add('chu_ho', 'F', wifeAge, wifeLine);
  const h = b.add('chong', 'M', husbandAge, husbandLine);
  b.marry(h, w);
  return [h, w];
}

function addChildren(
  b: Builder,
  kids: number[],
  father: number,
  mother: number,
  line: number,
  relation: RelationCode = 'con',
): void {
  for (const age of kids) b.add(relation, b.childSex(), age, line, { father, mother });
}

function nuclear(b: Builder, k: number): void {
  const { kids, motherAge } = b.siblingAges(k);
  const [husband, wife] = couple(b, motherAge);
  addChildren(b, kids, husband, wife, b.members[husband]?.line ?? 0);
}

function loneParent(b: Builder, k: number): void {
  const { kids, motherAge } = b.siblingAges(k);
  if (b.rng.chance(0.8)) {
    const motherLine = b.newLine();
    const mother = b.add('chu_ho', 'F', motherAge, motherLine);
    // Children carry their (absent) father's family name, sometimes their mother's.
    addChildren(b, kids, -1, mother, b.rng.chance(0.3) ? motherLine : b.newLine());
  } else {
    const line = b.newLine();
    const father = b.add('chu_ho', 'M', b.husbandAgeFor(motherAge), line);
    addChildren(b, kids, father, -1, line);
  }
}

/** A couple (with or without children) and one or both of the head's parents. */
function withParents(b: Builder, size: number): void {
  const parents = size >= 4 && b.rng.chance(0.4) ? 2 : 1;
  const k = size - 2 - parents;
  if (k > 0) nuclear(b, k);
  else couple(b, b.ages.between(b.rng, 24, 45));
  const head = b.members[0];
  if (!head) return;
  const fatherAge = head.age + b.rng.triangular(20, 27, 40);
  const motherAge = Math.max(head.age + 18, fatherAge - b.rng.triangular(-3, 3, 10));
  const withFather = parents === 2 || b.rng.chance(0.3);
  const withMother = parents === 2 || !withFather;
  let father = -1;
  let mother = -1;
  if (withFather) father = b.add('cha', 'M', fatherAge, head.line);
  if (withMother) mother = b.add('me', 'F', motherAge, b.newLine());
  if (father >= 0 && mother >= 0) b.marry(father, mother);
  head.father = father;
  head.mother = mother;
}

/** An older head (or couple), a married child with spouse, grandchildren, maybe an unmarried child. */
function threeGenerations(b: Builder, size: number): void {
  const rng = b.rng;
  let seniors = rng.chance(0.65) ? 2 : 1;
  let unmarried = size - seniors - 3 >= 1 && rng.chance(0.3) ? 1 : 0;
  let grandchildren = size - seniors - 2 - unmarried;
  if (grandchildren < 1) {
    seniors = 1;
    unmarried = 0;
    grandchildren = size - 3;
  }
  const { kids, motherAge } = b.siblingAges(grandchildren, 16);
  const youngFatherAge = b.husbandAgeFor(motherAge);
  const viaSon = rng.chance(0.8);
  const childAge = viaSon ? youngFatherAge : motherAge;
  const seniorWifeAge = childAge + rng.triangular(19, 25, 38);
  const seniorHusbandAge = b.husbandAgeFor(seniorWifeAge);
  const seniorLine = b.newLine();

  let seniorMan = -1;
  let seniorWoman = -1;
  if (seniors === 2) {
    [seniorMan, seniorWoman] = couple(b, seniorWifeAge);
  } else if (rng.chance(0.7)) {
    seniorWoman = b.add('chu_ho', 'F', seniorWifeAge, b.newLine());
  } else {
    seniorMan = b.add('chu_ho', 'M', seniorHusbandAge, seniorLine);
  }
  const familyLine = seniorMan >= 0 ? (b.members[seniorMan]?.line ?? seniorLine) : seniorLine;
  const parents = { father: seniorMan, mother: seniorWoman };

  const child = b.add('con', viaSon ? 'M' : 'F', childAge, familyLine, parents);
  const inLawLine = b.newLine();
  const inLaw = viaSon
    ? b.add('con_dau', 'F', motherAge, inLawLine)
    : b.add('con_re', 'M', youngFatherAge, inLawLine);
  b.marry(child, inLaw);
  if (unmarried === 1) {
    const maxAge = seniorWifeAge - 18;
    const age = Math.max(15, Math.min(maxAge, childAge + rng.range(-10, 8)));
    b.add('con', b.childSex(), age, familyLine, parents);
  }
  const [gFather, gMother] = viaSon ? [child, inLaw] : [inLaw, child];
  addChildren(b, kids, gFather, gMother, viaSon ? familyLine : inLawLine, 'chau');
}

/**
 * Builds the household with one place left, and fills it (6 % of the time) with the head's
 * sibling or an unrelated lodger instead of one more child.
 */
function withRelative(b: Builder, size: number, build: (size: number) => void): void {
  if (size < 4 || !b.rng.chance(0.06)) {
    build(size);
    return;
  }
  build(size - 1);
  const head = b.members[0];
  if (!head) return;
  if (b.rng.chance(0.6)) {
    b.add('anh_chi_em', b.childSex(), Math.max(15, head.age + b.rng.range(-12, 12)), head.line, {
      father: head.father,
      mother: head.mother,
    });
  } else {
    b.add('khac', b.childSex(), b.ages.between(b.rng, 16, 40), b.newLine());
  }
}
