import { EthnicityReligionFields } from '../../components/PersonBits.js';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useOfficer } from '../../auth.js';
import { ChangeFields, ErrorSummary, fieldId, TextField } from '../../components/Field.js';
import { formatDate } from '../../format.js';
import { useFormProblems } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { newRequestId, peopleApi, type BirthResult, type Sex } from '../../people-api.js';
import { useLabels } from '../../reference.js';
import { birthRequest, emptyBirthForm, type BirthField, type BirthForm } from './birth-form.js';

/** `/people/new/birth`: the form, then the new PIN. "Another birth" starts a fresh form (and request id). */
export function BirthPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('people.birth.heading'));
  const [round, setRound] = useState(0);
  const [result, setResult] = useState<BirthResult | null>(null);
  return (
    <section className="page" aria-labelledby="birth-heading" data-testid="birth-page">
      <p>
        <Link to="/people">{t('people.person.backToSearch')}</Link>
      </p>
      <h1 id="birth-heading">{t('people.birth.heading')}</h1>
      {result ? (
        <BirthDone
          result={result}
          onAnother={() => {
            setResult(null);
            setRound((n) => n + 1);
          }}
        />
      ) : (
        <BirthFormView key={round} onDone={setResult} />
      )}
    </section>
  );
}

function BirthFormView({ onDone }: { onDone: (result: BirthResult) => void }) {
  const { t } = useTranslation();
  const officer = useOfficer();
  const [params] = useSearchParams();
  const [form, setForm] = useState<BirthForm>(() =>
    emptyBirthForm({
      birthPlaceCode: officer.unitCode?.length === 5 ? officer.unitCode : '',
      reason: t('people.birth.defaultReason'),
      params,
    }),
  );
  // One id per form: a second click, or a retry after a lost answer, returns the same person.
  const [requestId] = useState(newRequestId);
  const [pending, setPending] = useState(false);
  const { problems, messageFor, setLocal, setServer, touch, attempt } = useFormProblems();
  const set = (field: BirthField) => (value: string) => {
    touch(field);
    setForm((f) => ({ ...f, [field]: value }));
  };
  const labelFor = (field: string) =>
    field in form ? t(`people.birth.fields.${field as BirthField}`) : undefined;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const checked = birthRequest(form, requestId);
    if (!checked.ok) return setLocal(checked.problems);
    setPending(true);
    try {
      onDone(await peopleApi.birth(checked.body));
    } catch (error) {
      setServer(error);
      setPending(false);
    }
  }

  const text = (
    field: BirthField,
    extra: {
      required?: boolean;
      hint?: string;
      maxLength?: number;
      code?: boolean;
      placeholder?: string;
    } = {},
  ) => (
    <TextField
      name={field}
      label={t(`people.birth.fields.${field}`)}
      value={form[field]}
      onChange={extra.code ? (v) => set(field)(v.replace(/[^\d-]/g, '')) : set(field)}
      error={messageFor(field)}
      hint={extra.hint}
      required={extra.required}
      input={{
        maxLength: extra.maxLength ?? 200,
        ...(extra.placeholder ? { placeholder: extra.placeholder } : {}),
        ...(extra.code ? { inputMode: 'numeric', className: 'input--pin' } : {}),
      }}
    />
  );

  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} noValidate data-testid="birth-form">
      <p className="muted">{t('people.birth.intro')}</p>
      <ErrorSummary problems={problems} attempt={attempt} labelFor={labelFor} />
      <fieldset className="fieldset">
        <legend>{t('people.birth.childLegend')}</legend>
        <div className="form-grid">
          {text('fullName', { required: true, maxLength: 100 })}
          {text('birthDate', {
            required: true,
            maxLength: 10,
            hint: t('forms.dateHint'),
            placeholder: t('forms.datePlaceholder'),
          })}
          <SexRadios value={form.sex} onChange={set('sex')} error={messageFor('sex')} />
          {text('nationality', { required: true, maxLength: 2, hint: t('forms.nationalityHint') })}
          <EthnicityReligionFields
            ethnicity={form.ethnicity}
            religion={form.religion}
            onEthnicity={set('ethnicity')}
            onReligion={set('religion')}
            messageFor={messageFor}
          />
          {text('birthPlaceCode', {
            required: true,
            maxLength: 5,
            code: true,
            hint: t('people.birth.birthPlaceCodeHint'),
          })}
          {text('birthPlace', { hint: t('people.birth.birthPlaceHint') })}
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('people.birth.parentsLegend')}</legend>
        <p className="hint">{t('people.birth.parentsHint')}</p>
        <div className="form-grid">
          {text('motherPin', { maxLength: 12, code: true })}
          {text('fatherPin', { maxLength: 12, code: true })}
          {text('householdNo', {
            maxLength: 14,
            code: true,
            hint: t('people.birth.householdHint'),
            placeholder: '00004-00001234',
          })}
        </div>
      </fieldset>
      <ChangeFields
        reason={form.reason}
        dossier={form.dossier}
        onReason={set('reason')}
        onDossier={set('dossier')}
        messageFor={messageFor}
      />
      <div className="form-actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={pending}
          data-testid="birth-submit"
        >
          {pending ? t('forms.saving') : t('people.birth.submit')}
        </button>
      </div>
    </form>
  );
}

function SexRadios({
  value,
  onChange,
  error,
}: {
  value: Sex | '';
  onChange: (value: Sex) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const id = fieldId('sex');
  return (
    <fieldset
      className="field radio-group"
      data-field="sex"
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>
        {t('people.field.sex')}
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      <div className="radio-group__options">
        {(['M', 'F'] as const).map((sex, i) => (
          <label key={sex} className="radio">
            <input
              type="radio"
              name="sex"
              id={i === 0 ? id : undefined}
              value={sex}
              checked={value === sex}
              onChange={() => onChange(sex)}
              aria-invalid={error ? true : undefined}
              data-testid={`input-sex-${sex}`}
            />
            {t(`people.sex.${sex}`)}
          </label>
        ))}
      </div>
      {error && (
        <p className="field-message" id={`${id}-error`} data-testid="error-sex">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function BirthDone({ result, onAnother }: { result: BirthResult; onAnother: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { person, householdNo, relation } = result;
  return (
    <section className="panel birth-done" aria-live="polite" data-testid="birth-done">
      <p className="alert alert--success" role="status">
        {t('people.birth.done', { name: person.fullName })}
      </p>
      <p className="birth-done__label">{t('people.birth.newPin')}</p>
      <p className="birth-done__pin code" data-testid="new-pin">
        {person.pin}
      </p>
      <dl className="facts">
        <dt>{t('people.field.fullName')}</dt>
        <dd>{person.fullName}</dd>
        <dt>{t('people.field.birthDate')}</dt>
        <dd>{formatDate(person.birthDate)}</dd>
        <dt>{t('people.field.sex')}</dt>
        <dd>{t(`people.sex.${person.sex}`)}</dd>
        <dt>{t('households.householdNo')}</dt>
        <dd>
          {householdNo ? (
            <>
              <Link to={`/households/${householdNo}`} className="code" data-testid="birth-household">
                {householdNo}
              </Link>
              {relation && ` · ${labels.relation(relation)}`}
            </>
          ) : (
            <span className="muted">{t('people.birth.noHousehold')}</span>
          )}
        </dd>
      </dl>
      <div className="form-actions">
        <Link to={`/people/${person.pin}`} className="button button--primary" data-testid="open-new-person">
          {t('people.birth.openPerson')}
        </Link>
        <button type="button" className="button button--secondary" onClick={onAnother}>
          {t('people.birth.another')}
        </button>
      </div>
    </section>
  );
}
