/**
 * The residence module's public surface: the residence procedures (declared with the dossier
 * engine when this module is loaded; filed and moved through /api/dossiers), their pure
 * eligibility rules, the province's floor-area minimum, removal notices, stay notifications.
 */
export * from './procedures/index.js';
export { residenceRoutes } from './routes.js';
export { registerResidenceCommands } from './cli.js';
export { floorAreaMinimum, listFloorAreas, setFloorArea, recordRemovalNotice, notifyStay, listAbsences, type StayNoticeInput } from './service.js';
export * as residenceRules from './model.js';
export { RESIDENCE_DECIDE, RESIDENCE_NOTICE, RESIDENCE_CONFIGURE } from './permissions.js';
export * as residenceEvents from './events.js';
export { residenceMergeSubscriber, RESIDENCE_MERGE_SUBSCRIBER } from './merge-subscriber.js';
/** CT07 confirmations of residence information (`ct07/`). */
export * from './ct07/index.js';
