import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PersonStatus } from '../people-api.js';
import { codeOptions, useLabels, useUnitName } from '../reference.js';
import { useLang } from '../i18n/index.js';
import { SelectField } from './Field.js';

/** A PIN as a link to the person's page, in the code font (12 digits must be readable). */
export function PinLink({ pin, testId }: { pin: string; testId?: string }) {
  return (
    <Link to={`/people/${pin}`} className="code" data-testid={testId}>
      {pin}
    </Link>
  );
}

export function StatusBadge({ status }: { status: PersonStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--status-${status}`} data-testid="person-status">
      {t(`people.status.${status}`)}
    </span>
  );
}

/** "Phường Ba Đình (00004)"; the code alone until the name arrives. */
export function UnitLabel({ code }: { code: string | null | undefined }) {
  const name = useUnitName(code);
  if (!code) return null;
  return (
    <span className="unit-label">
      {name ? `${name} ` : ''}
      <span className="code muted">{name ? `(${code})` : code}</span>
    </span>
  );
}

/** Ethnicity and religion pickers, the same on every person form (birth, edit). */
export function EthnicityReligionFields({
  ethnicity,
  religion,
  onEthnicity,
  onReligion,
  messageFor,
}: {
  ethnicity: string;
  religion: string;
  onEthnicity: (v: string) => void;
  onReligion: (v: string) => void;
  messageFor: (field: 'ethnicity' | 'religion') => string | undefined;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const labels = useLabels();
  return (
    <>
      <SelectField
        name="ethnicity"
        label={t('people.field.ethnicity')}
        value={ethnicity}
        onChange={onEthnicity}
        options={codeOptions(labels, 'ethnicities', lang, ethnicity)}
        error={messageFor('ethnicity')}
        required
      />
      <SelectField
        name="religion"
        label={t('people.field.religion')}
        value={religion}
        onChange={onReligion}
        options={codeOptions(labels, 'religions', lang, religion)}
        empty={t('forms.notRecorded')}
        error={messageFor('religion')}
      />
    </>
  );
}
