/**
 * The types the web app takes from the dossiers module, through its index (type-only: erased
 * from the bundle). Code lists come from the API (/api/people/reference, see reference.ts);
 * the form convention's names are the web's own (procedure-form.ts), checked against these types.
 */
export type { FormWidget, Label, Prefill, PrefillPath, ProcedureInfo, ConsentRequestInfo } from '../modules/dossiers/index.js';
