/**
 * The procedure form convention (docs: /work/briefs/forms.md → docs/procedure-forms.md) and the
 * filing API's shapes, as pure data and types the web app may import (no server code here).
 *
 * A procedure's form is a closed TypeBox object; the generic form component renders it from
 * its JSON schema by these annotations on each property: `title` (Vietnamese label),
 * `x-label-en`, `x-widget`, `x-prefill`, `x-option-labels` on enums, `x-help`.
 */
export const FORM_WIDGETS = ['pin', 'unit', 'date', 'textarea', 'relation', 'household', 'number'] as const;
export type FormWidget = (typeof FORM_WIDGETS)[number];

/** Where a form value comes from the registry, so the citizen is not asked for it again. */
export const PREFILL_PATHS = [
  'applicant.pin',
  'applicant.permanent.unitCode',
  'applicant.permanent.address',
  'applicant.householdNo',
  'applicant.temporary.unitCode',
  'applicant.temporary.address',
  'applicant.temporary.plannedEnd',
  'applicant.head.pin',
] as const;
export type PrefillPath = (typeof PREFILL_PATHS)[number];

/** The annotation keywords a form schema may carry beside JSON Schema's own. */
export const FORM_ANNOTATIONS = ['x-label-en', 'x-widget', 'x-prefill', 'x-option-labels', 'x-help'] as const;

export interface Label {
  vi: string;
  en: string;
}

/** The registry values a form may be prefilled with: every path, null where the registry holds nothing. */
export interface Prefill {
  person: { pin: string; fullName: string };
  values: Record<PrefillPath, string | null>;
}

/** A procedure as the filing screens see it. */
export interface ProcedureInfo {
  code: string;
  name: Label;
  documents: Array<{ code: string; name: Label; required: boolean; heldByRegistry: boolean }>;
  fee: { counterVnd: number; onlineVnd: number };
  workingDays: number;
  decidedBy: string;
  channels: Array<'counter' | 'portal' | 'mobile_team'>;
  /** The e-ID level online filing needs. */
  minEidLevel: 1 | 2;
  /** The form's JSON schema with its x- annotations. */
  form: Record<string, unknown>;
}

/** One consent asked of the signed-in citizen: what a consenter needs to decide, no more. */
export interface ConsentRequestInfo {
  dossierId: string;
  code: string;
  procedure: { code: string; name: Label };
  applicantName: string;
  /** The address the dossier concerns (the form's address fields and the commune's name). */
  address: string | null;
  role: 'household_head' | 'owner' | 'guardian' | 'other';
  requestSeq: number;
  requestedAt: string;
  note: string | null;
  /** The dossier's last action: send it as `expectedSeq` with the answer. */
  lastSeq: number;
}
