import { useTranslation } from 'react-i18next';
import type { LabelledCode } from '../../kernel/purposes.js';
import { READ_PURPOSE_CHOICES, setReadPurpose, useReadPurpose } from '../read-purpose.js';
import { CHANGE_REASON_CHOICES, type ReasonValue } from '../reasons.js';
import { Field } from './Field.js';

/**
 * Why a change is made: a list of reasons by their label in the UI language, and the officer's
 * own words beside it (required for "Other reason"). The form sends the code; every reader
 * sees the label in their own language.
 */
export function ReasonPicker({
  value,
  onChange,
  codes,
  messageFor,
  label,
  optional = false,
  testId = 'reason',
}: {
  value: ReasonValue;
  onChange: (value: ReasonValue) => void;
  codes: readonly LabelledCode[];
  messageFor: (field: string) => string | undefined;
  label?: string | undefined;
  /** The citizen locking their own account need not say why. */
  optional?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const other = value.code === 'other';
  return (
    <>
      <Field name="reasonCode" label={label ?? t('forms.reason')} error={messageFor('reasonCode')} required={!optional}>
        {(p) => (
          <select {...p} value={value.code} onChange={(e) => onChange({ ...value, code: e.target.value })} data-testid={`${testId}-code`}>
            <option value="">{optional ? t('forms.reasonNone') : t('forms.reasonPick')}</option>
            {codes.map((c) => (
              <option key={c} value={c}>
                {t(`purposes.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        name="reasonNote"
        label={t('forms.reasonNote')}
        hint={other ? t('forms.reasonNoteOther') : t('forms.reasonNoteHint')}
        error={messageFor('reasonNote')}
        required={other}
        className="form-grid__wide"
      >
        {(p) => <textarea {...p} rows={2} maxLength={300} value={value.note} onChange={(e) => onChange({ ...value, note: e.target.value })} data-testid={`${testId}-note`} />}
      </Field>
    </>
  );
}

/**
 * Why the officer is reading: one choice for the console session, sent with every read of a
 * person, household or list and kept in the access log the citizen sees.
 */
export function PurposeBar() {
  const { t } = useTranslation();
  const choice = useReadPurpose();
  return (
    <div className="purpose-bar" role="group" aria-labelledby="purpose-bar-label" data-testid="purpose-bar">
      <span id="purpose-bar-label" className="purpose-bar__label">
        {t('purposeBar.label')}
      </span>
      <select
        aria-labelledby="purpose-bar-label"
        className="purpose-bar__select"
        value={choice.code}
        onChange={(e) => setReadPurpose({ ...choice, code: e.target.value as typeof choice.code })}
        data-testid="purpose-code"
      >
        {READ_PURPOSE_CHOICES.map((c) => (
          <option key={c} value={c}>
            {t(`purposes.${c}`)}
          </option>
        ))}
      </select>
      <input
        className="purpose-bar__note"
        aria-label={t('purposeBar.note')}
        placeholder={t('purposeBar.notePlaceholder')}
        maxLength={200}
        value={choice.note}
        onChange={(e) => setReadPurpose({ ...choice, note: e.target.value })}
        data-testid="purpose-note"
      />
      <span className="purpose-bar__hint muted">{t('purposeBar.hint')}</span>
    </div>
  );
}

/** Reason (a code, and a note) and dossier number: every change to the registry carries both into its history. */
export function ChangeFields({
  reason,
  dossier,
  onReason,
  onDossier,
  messageFor,
}: {
  reason: ReasonValue;
  dossier: string;
  onReason: (value: ReasonValue) => void;
  onDossier: (value: string) => void;
  messageFor: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset">
      <legend>{t('forms.changeLegend')}</legend>
      <div className="form-grid">
        <ReasonPicker value={reason} onChange={onReason} codes={CHANGE_REASON_CHOICES} messageFor={messageFor} />
        <Field name="dossier" label={t('forms.dossier')} hint={t('forms.dossierHint')} error={messageFor('dossier')}>
          {(p) => <input {...p} maxLength={40} autoComplete="off" value={dossier} onChange={(e) => onDossier(e.target.value)} data-testid="input-dossier" />}
        </Field>
      </div>
    </fieldset>
  );
}
