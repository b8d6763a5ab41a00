/**
 * Test helpers. A small commune list: three communes (one ward, two rural communes) in each of the
 * 63 pre-2025 provinces, with made-up five-digit codes. Real runs use loadCommunesForGenerator.
 */
import { PRE_REFORM_PROVINCES } from '../reference/provinces-pre-2025.js';
import { spreadProvincePopulation } from './communes.js';
import { iteratePopulation } from './population.js';
import type { CommuneRef, GenerateOptions, HouseholdRecord, PersonRecord, TruthRecord } from './records.js';

export function fixtureCommunes(): CommuneRef[] {
  return spreadProvincePopulation(
    PRE_REFORM_PROVINCES.flatMap((p, i) =>
      [0, 1, 2].map((k) => ({
        code: String(i * 3 + k + 1).padStart(5, '0'),
        provinceCode: p.code,
        oldProvinceCode: p.code,
        weight: k === 0 ? 3 : 1,
        urban: k === 0,
      })),
    ),
  );
}

/** A whole (small) population in memory, for tests that look across households. */
export function collectPopulation(options: GenerateOptions): {
  households: HouseholdRecord[];
  people: PersonRecord[];
  truth: TruthRecord[];
} {
  const households: HouseholdRecord[] = [];
  const people: PersonRecord[] = [];
  const truth: TruthRecord[] = [];
  for (const item of iteratePopulation(options)) {
    households.push(item.household);
    people.push(...item.people);
    truth.push(...item.truth);
  }
  return { households, people, truth };
}
