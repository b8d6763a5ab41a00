/** The people module's public surface: other modules and the app import only from here. */
export { peopleRoutes } from './routes.js';
export { getPerson, getPersonHistory, registerPerson, updatePerson, reestablishPin, type PersonDetails, type RegisterPersonInput } from './person-service.js';
export { searchPeople, type SearchQuery, type SearchResult } from './search.js';
export { createHousehold, getHousehold, addHouseholdMember, changeHouseholdHead, recordResidence, listHeadlessHouseholds } from './household-service.js';
export { registerBirth, registerDeath, type BirthInput, type DeathInput } from './life-events.js';
export { validatePin, decodePin, pinCheckCommand } from './pin.js';
export type { Person, PersonData, PersonLinks, Household, HouseholdMember, Residence, PersonVersion, PinHistoryEntry } from './model.js';
export type { PersonHistory } from './person-service.js';
export { registerPeopleCommands } from './cli.js';
export { importPeople, type ImportSummary, type ImportOptions } from './import/importer.js';
export { seedDemoPopulation } from './demo-population.js';
export { personByActivePin, personById, identifiersOf } from './identity.js';
// The names these raw readers carry on main (the rename that says they are unlogged); e-ID already uses them.
export { personByActivePin as unloggedPersonByActivePin, personById as unloggedPersonById, identifiersOf as unloggedIdentifiersOf } from './identity.js';
export { PersonView, HouseholdView, PinEntryView, ResidenceView } from './schemas.js';
