/**
 * The synthetic population generator (docs/generator.md): what the people module exposes to
 * the CLI, the importer and benchmarks.
 */
export { runGenerateCommand, type GenerateCommandOptions } from './command.js';
export { COMMUNE_WEIGHTS, loadCommunesForGenerator } from './communes.js';
export { householdLine, PEOPLE_CSV_HEADER, personCsvRow, personLine } from './format.js';
export { DEFAULT_REFERENCE_DATE, generatePopulation, iteratePopulation, seedTag } from './population.js';
export {
  DEFAULT_DEFECT_RATES,
  PERSON_FIELDS,
  type CommuneRef,
  type DefectRates,
  type DuplicateMutation,
  type GeneratedHousehold,
  type GenerateOptions,
  type HouseholdRecord,
  type PersonRecord,
  type TruthRecord,
  type WrongPinMutation,
} from './records.js';
export {
  writePopulation,
  type OutputFormat,
  type Progress,
  type WriteOptions,
  type WriteSummary,
} from './write.js';
