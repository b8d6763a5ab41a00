/**
 * The people module's public surface: other modules and the app import only from here.
 * Each service that changes or reads the registry comes twice: `x(ctx, actor, …)` opens its own
 * transaction, and `xInTx(tx, ctx, actor, …)` runs inside the caller's, so another module's
 * procedure (a residence dossier, a card application) makes its decision, the registry change,
 * the audit rows and the events one atomic step. Both check scope and write the same history.
 */
export { peopleRoutes } from './routes.js';
export { referenceLists } from './reference-lists.js';
export {
  getPerson,
  getPersonInTx,
  getPersonHistory,
  registerPerson,
  registerPersonInTx,
  updatePerson,
  updatePersonInTx,
  reestablishPin,
  reestablishPinInTx,
  type PersonDetails,
  type RegisterPersonInput,
  type UpdatePersonInput,
  type ReestablishInput,
} from './person-service.js';
export { mergePeopleInTx, type MergeInput, type MergeOutcome, type MergeMoves } from './merge.js';
export { getResidenceRecordInTx, placeName, type ResidenceRecord, type ResidenceLine, type RecordMember } from './residence-record.js';
export { getFamily, getPersonBrief, type Family, type Relative, type PersonBrief } from './family.js';
export { searchPeople, type SearchMatch, type SearchQuery, type SearchResult } from './search.js';
export {
  createHousehold,
  createHouseholdInTx,
  getHousehold,
  getHouseholdInTx,
  addHouseholdMember,
  addHouseholdMemberInTx,
  changeHouseholdHead,
  changeHouseholdHeadInTx,
  recordResidence,
  recordResidenceInTx,
  listHeadlessHouseholds,
  formatHouseholdNo,
  type NewHouseholdInput,
  type HeadChangeInput,
  type ResidenceInput,
} from './household-service.js';
export {
  removePermanentResidence,
  removePermanentResidenceInTx,
  removeTemporaryResidence,
  removeTemporaryResidenceInTx,
  splitHousehold,
  splitHouseholdInTx,
  adjustHousehold,
  adjustHouseholdInTx,
  type RemovalInput,
  type SplitInput,
} from './residence-changes.js';
export { headAfterLeaving, type HeadOutcome, HEAD as HEAD_RELATION } from './household-rules.js';
export { RELATIONS, RELATION_CODES, isRelationCode, type RelationCode } from './reference/relations.js';
export { registerBirth, registerBirthInTx, registerDeath, registerDeathInTx, type BirthInput, type DeathInput } from './life-events.js';
export { validatePin, decodePin, pinCheckCommand, pinPrefix } from './pin.js';
export type { Person, PersonData, PersonLinks, Household, HouseholdMember, Residence, PersonVersion, PinHistoryEntry, ChangeReason, ProcedureAuthority } from './model.js';
export type { PersonHistory } from './person-service.js';
export { registerPeopleCommands } from './cli.js';
export { importPeople, type ImportSummary, type ImportOptions } from './import/importer.js';
export { readRows, formatOf, type SourceRow, type SourceFormat } from './import/source.js';
export { seedDemoPopulation } from './demo-population.js';
export { listPeople, listHouseholds, exportPeople, exportHouseholds, EXPORT_CAP, type PeopleListQuery, type HouseholdListQuery, type ListPage } from './lists.js';
export type { PersonListRow, HouseholdListRow, Figures } from './list-store.js';
export { getOverview, type Overview, type RecentChangeView } from './overview.js';
export { unloggedPersonByActivePin, unloggedPersonByAnyPin, unloggedPersonById, unloggedIdentifiersOf, unloggedStatusByAnyPin } from './identity.js';
export { PEOPLE_READ, PEOPLE_WRITE, PEOPLE_IMPORT } from './permissions.js';
export * as peopleEvents from './events.js';
export { PersonView, HouseholdView, PinEntryView, ResidenceView, FamilyView, PersonBriefView } from './schemas.js';
