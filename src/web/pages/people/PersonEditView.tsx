import { EthnicityReligionFields } from '../../components/PersonBits.js';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { ApiError } from '../../api.js';
import { ErrorSummary, SelectField, TextField } from '../../components/Field.js';
import { ChangeFields } from '../../components/ReasonPicker.js';
import { emptyReason, reasonBody, reasonProblems } from '../../reasons.js';
import type { ChangeReasonCode } from '../../../kernel/purposes.js';
import { useFormProblems } from '../../forms.js';
import { peopleApi, type Person } from '../../people-api.js';
import type { SavedState } from './PersonOverview.js';
import { usePerson } from './PersonPage.js';
import { changesOf, checkPersonForm, editFormOf, type EditField, type EditForm } from './person-form.js';

/** Edit tab: a fresh form per version, so a reload after a conflict starts from the new data. */
export function PersonEditView() {
  const { details, reload } = usePerson();
  const { person, requestedPin } = details;
  if (person.status === 'deceased') return <Navigate to={`/people/${requestedPin}`} replace />;
  return (
    <EditPersonForm key={person.version} person={person} base={`/people/${requestedPin}`} reload={reload} />
  );
}

function EditPersonForm({ person, base, reload }: { person: Person; base: string; reload: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form, setForm] = useState<EditForm>(() => editFormOf(person));
  const [reason, setReason] = useState(() => emptyReason());
  const [dossier, setDossier] = useState('');
  const [pending, setPending] = useState(false);
  const { problems, messageFor, server, setLocal, setServer, touch, attempt } = useFormProblems();
  const conflict = server instanceof ApiError && server.code === 'version_conflict';

  const set = (field: EditField) => (value: string) => {
    touch(field);
    setForm((f) => ({ ...f, [field]: value }));
  };
  const labelFor = (field: string) =>
    field in form
      ? t(`people.field.${field as EditField}`)
      : field === 'reasonCode' || field === 'reasonNote' || field === 'dossier'
        ? t(`forms.${field === 'reasonCode' ? 'reason' : field}`)
        : undefined;
  const text = (
    field: EditField,
    extra: { required?: boolean; hint?: string; maxLength?: number; code?: boolean } = {},
  ) => (
    <TextField
      name={field}
      label={t(`people.field.${field}`)}
      value={form[field]}
      onChange={set(field)}
      error={messageFor(field)}
      hint={extra.hint}
      required={extra.required}
      input={{
        maxLength: extra.maxLength ?? 200,
        ...(extra.code ? { inputMode: 'numeric', className: 'input--pin' } : {}),
      }}
    />
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { problems: local, birthDate } = checkPersonForm(form);
    const changes = birthDate === undefined ? {} : changesOf(person, form, birthDate);
    if (local.length === 0 && Object.keys(changes).length === 0) return setLocal([{ key: 'nothingChanged' }]);
    local.push(...reasonProblems(reason));
    if (local.length > 0) return setLocal(local);
    setPending(true);
    try {
      const updated = await peopleApi.update(person.pin, {
        ...changes,
        expectedVersion: person.version,
        ...reasonBody<ChangeReasonCode>(reason),
        dossier: dossier.trim() || null,
      });
      reload();
      navigate(base, { state: { saved: { version: updated.version } } satisfies SavedState });
    } catch (error) {
      setServer(error);
      setPending(false);
    }
  }

  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} noValidate data-testid="person-edit-form">
      <h2>{t('people.edit.heading')}</h2>
      <p className="muted">{t('people.edit.intro', { version: person.version })}</p>
      {conflict ? (
        <ConflictAlert onReload={reload} />
      ) : (
        <ErrorSummary problems={problems} attempt={attempt} labelFor={labelFor} />
      )}

      <fieldset className="fieldset">
        <legend>{t('people.person.personalHeading')}</legend>
        <div className="form-grid">
          {text('fullName', { required: true, maxLength: 100 })}
          {text('birthDate', { required: true, hint: t('forms.datePartialHint'), maxLength: 10 })}
          <SelectField
            name="sex"
            label={t('people.field.sex')}
            value={form.sex}
            onChange={(v) => set('sex')(v === 'F' ? 'F' : 'M')}
            options={[
              { value: 'M', label: t('people.sex.M') },
              { value: 'F', label: t('people.sex.F') },
            ]}
            error={messageFor('sex')}
            required
          />
          {text('nationality', { required: true, maxLength: 2, hint: t('forms.nationalityHint') })}
          <EthnicityReligionFields
            ethnicity={form.ethnicity}
            religion={form.religion}
            onEthnicity={set('ethnicity')}
            onReligion={set('religion')}
            messageFor={messageFor}
          />
          {text('identifyingMarks')}
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t('people.edit.placesLegend')}</legend>
        <div className="form-grid">
          {text('birthPlace')}
          {text('birthPlaceCode', { maxLength: 5, code: true, hint: t('forms.placeCodeHint') })}
          {text('originPlace')}
          {text('originPlaceCode', { maxLength: 5, code: true, hint: t('forms.placeCodeHint') })}
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>{t('people.edit.idsLegend')}</legend>
        <div className="form-grid">
          {text('oldId9', { maxLength: 9, code: true })}
          {text('oldId12', { maxLength: 12, code: true })}
          {text('fatherPin', { maxLength: 12, code: true })}
          {text('motherPin', { maxLength: 12, code: true })}
          {text('spousePin', { maxLength: 12, code: true })}
        </div>
      </fieldset>

      <ChangeFields
        reason={reason}
        dossier={dossier}
        onReason={(v) => {
          touch('reasonCode');
          touch('reasonNote');
          setReason(v);
        }}
        onDossier={(v) => {
          touch('dossier');
          setDossier(v);
        }}
        messageFor={messageFor}
      />

      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending} data-testid="edit-submit">
          {pending ? t('forms.saving') : t('people.edit.submit')}
        </button>
        <Link to={base} className="button button--secondary">
          {t('forms.cancel')}
        </Link>
      </div>
    </form>
  );
}

/** 409 version_conflict: someone saved in between. Focused, since the officer is at the bottom of the form. */
function ConflictAlert({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1} ref={ref} data-testid="version-conflict">
      <p>{t('people.edit.conflict')}</p>
      <button
        type="button"
        className="button button--secondary"
        onClick={onReload}
        data-testid="conflict-reload"
      >
        {t('people.edit.reload')}
      </button>
    </div>
  );
}
