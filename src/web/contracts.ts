/**
 * What the web app takes from the modules' pure contracts (code lists, form convention, view
 * types), in one place: pages and components import from here, never from a module's files.
 */
export { ETHNIC_GROUPS, RELATIONS, RELIGIONS } from '../modules/people/contracts.js';
export { FORM_WIDGETS, PREFILL_PATHS, type FormWidget, type Label, type Prefill, type PrefillPath, type ProcedureInfo, type ConsentRequestInfo } from '../modules/dossiers/contracts.js';
