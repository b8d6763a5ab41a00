import type { DossierForCheck, DossierForEffect } from '../../dossiers/index.js';
export { closed, pinField, dateField, textField, householdField, relationField, numberField, choiceField } from '../../dossiers/index.js';
import type { ChangeReason, ProcedureAuthority } from '../../people/index.js';

/** The declaration form every residence dossier carries (CT01). */
export const CT01 = { code: 'CT01', name: { vi: 'Tờ khai thay đổi thông tin cư trú (CT01)', en: 'Residence information change form (CT01)' }, required: true } as const;

/** The dossier is the authority for the registry change its approval makes. */
export const authorityOf = (d: Pick<DossierForEffect<unknown>, 'code' | 'procedure'>): ProcedureAuthority => ({ dossier: d.code, procedure: d.procedure });
export const changeOf = (d: Pick<DossierForCheck<unknown>, 'code'>, reason: 'residence_registration' | 'household_change'): ChangeReason => ({ reasonCode: reason, dossier: d.code });
