import { EthnicityReligionFields } from '../../components/PersonBits.js';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useOfficer } from '../../auth.js';
import { ErrorSummary, fieldId, SelectField, TextField } from '../../components/Field.js';
import { ChangeFields } from '../../components/ReasonPicker.js';
import { purposeWithNote } from '../../purposes.js';
import { unitFullName, UnitPicker } from '../../components/UnitPicker.js';
import { useLang } from '../../i18n/index.js';
import type { Unit } from '../../units-api.js';
import { formatDate } from '../../format.js';
import { useFormProblems } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { newRequestId, peopleApi, PIN, type BirthInput, type BirthResult, type PersonBrief, type Sex } from '../../people-api.js';
import { codeOptions, useLabels } from '../../reference.js';
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

/** What the officer sees of a parent whose PIN was typed: found (by name), or not in their scope. */
type ParentLookup = { state: 'idle' } | { state: 'looking' } | { state: 'found'; brief: PersonBrief } | { state: 'unknown' };

/**
 * Looks up the person behind a complete PIN as the officer types (a scoped, logged read with
 * its purpose). Outside the officer's area the server answers like an unknown PIN, and so
 * does this: the birth can still name a parent living elsewhere.
 */
function useParentLookup(pin: string): ParentLookup {
  const { t } = useTranslation();
  const [lookup, setLookup] = useState<{ pin: string; result: ParentLookup }>({ pin: '', result: { state: 'idle' } });
  const purpose = t('birth2.parent.lookupPurpose');
  useEffect(() => {
    if (!PIN.test(pin)) return;
    const controller = new AbortController();
    setLookup({ pin, result: { state: 'looking' } });
    peopleApi.brief(pin, purpose, controller.signal).then(
      (brief) => setLookup({ pin, result: { state: 'found', brief } }),
      () => {
        if (!controller.signal.aborted) setLookup({ pin, result: { state: 'unknown' } });
      },
    );
    return () => controller.abort();
  }, [pin, purpose]);
  return PIN.test(pin) && lookup.pin === pin ? lookup.result : { state: 'idle' };
}

function ParentNote({ lookup, role }: { lookup: ParentLookup; role: 'mother' | 'father' }) {
  const { t } = useTranslation();
  if (lookup.state === 'idle') return null;
  if (lookup.state === 'looking') return <p className="parent-note muted">{t('birth2.parent.looking')}</p>;
  if (lookup.state === 'unknown') {
    return (
      <p className="parent-note parent-note--unknown" role="status" data-testid={`parent-${role}-unknown`}>
        {t('birth2.parent.notFound')}
      </p>
    );
  }
  const { brief } = lookup;
  const wrongSex = (role === 'mother' && brief.sex !== 'F') || (role === 'father' && brief.sex !== 'M');
  return (
    <div className="parent-note parent-note--found" role="status" data-testid={`parent-${role}-found`}>
      <strong>{t('birth2.parent.found', { name: brief.fullName, date: formatDate(brief.birthDate) })}</strong>
      {wrongSex && (
        <p className="field-message" data-testid={`parent-${role}-sex`}>
          {t(role === 'mother' ? 'birth2.parent.notMother' : 'birth2.parent.notFather')}
        </p>
      )}
      {brief.status !== 'living' && <p className="field-message">{t('birth2.parent.deceased')}</p>}
    </div>
  );
}

/** Names of the units picked, kept for the confirmation step (the form holds only codes). */
type PickedUnits = Partial<Record<'birthPlaceCode' | 'birthAddressUnitCode' | 'originPlaceCode', string>>;

function BirthFormView({ onDone }: { onDone: (result: BirthResult) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const labels = useLabels();
  const officer = useOfficer();
  const [params] = useSearchParams();
  const [form, setForm] = useState<BirthForm>(() =>
    emptyBirthForm({
      birthPlaceCode: officer.unitCode?.length === 5 ? officer.unitCode : '',
      params,
    }),
  );
  // One id per form: a second click, or a retry after a lost answer, returns the same person.
  const [requestId] = useState(newRequestId);
  const [pending, setPending] = useState(false);
  const [review, setReview] = useState<BirthInput | null>(null);
  const [picked, setPicked] = useState<PickedUnits>({});
  const { problems, messageFor, setLocal, setServer, touch, attempt } = useFormProblems();
  const mother = useParentLookup(form.motherPin.trim());
  const father = useParentLookup(form.fatherPin.trim());
  const set = (field: BirthField) => (value: string) => {
    touch(field);
    setForm((f) => ({ ...f, [field]: value }));
  };
  const pick = (field: keyof PickedUnits) => (code: string, unit: Unit | null) => {
    set(field)(code);
    setPicked((p) => ({ ...p, [field]: unit ? unitFullName(unit) : undefined }));
  };
  const labelFor = (field: string) => {
    if (field in BIRTH2_FIELDS) return t(`birth2.fields.${field as keyof typeof BIRTH2_FIELDS}`);
    return field in form ? t(`people.birth.fields.${field as Exclude<BirthField, keyof typeof BIRTH2_FIELDS>}`) : undefined;
  };

  function toReview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = birthRequest(form, requestId);
    if (!checked.ok) return setLocal(checked.problems);
    setLocal([]);
    setReview(checked.body);
    window.scrollTo(0, 0);
  }

  async function submit() {
    if (pending || !review) return;
    setPending(true);
    try {
      onDone(await peopleApi.birth(review));
    } catch (error) {
      // Back to the form, with the server's problems beside their fields.
      setServer(error);
      setReview(null);
      setPending(false);
    }
  }

  if (review) {
    return (
      <BirthReview
        body={review}
        picked={picked}
        mother={mother}
        father={father}
        pending={pending}
        onBack={() => setReview(null)}
        onConfirm={() => void submit()}
      />
    );
  }

  const text = (
    field: BirthField,
    extra: {
      required?: boolean;
      hint?: string;
      maxLength?: number;
      code?: boolean;
      placeholder?: string;
      label?: string;
    } = {},
  ) => (
    <TextField
      name={field}
      label={extra.label ?? labelFor(field) ?? field}
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
    <form className="panel form" onSubmit={toReview} noValidate data-testid="birth-form">
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
          <SelectField
            name="nationality"
            label={t('birth2.fields.nationality')}
            value={form.nationality}
            onChange={set('nationality')}
            options={codeOptions(labels, 'nationalities', lang, form.nationality)}
            error={messageFor('nationality')}
            required
          />
          <EthnicityReligionFields
            ethnicity={form.ethnicity}
            religion={form.religion}
            onEthnicity={set('ethnicity')}
            onReligion={set('religion')}
            messageFor={messageFor}
          />
        </div>
      </fieldset>
      <fieldset className="fieldset" data-testid="birth-place-fields">
        <legend>{t('birth2.legends.birthPlace')}</legend>
        <p className="hint">{t('birth2.hints.birthPlace')}</p>
        <div className="form-grid">
          {text('birthFacility', { hint: t('birth2.hints.birthFacility') })}
          {text('birthAddress', { hint: t('birth2.hints.birthAddress'), maxLength: 300 })}
          <UnitPicker
            name="birthAddressUnitCode"
            label={t('birth2.fields.birthAddressUnitCode')}
            value={form.birthAddressUnitCode}
            onChange={pick('birthAddressUnitCode')}
            level="commune"
            error={messageFor('birthAddressUnitCode')}
          />
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('birth2.legends.registration')}</legend>
        <div className="form-grid">
          <UnitPicker
            name="birthPlaceCode"
            label={t('birth2.fields.birthPlaceCode')}
            value={form.birthPlaceCode}
            onChange={pick('birthPlaceCode')}
            level="commune"
            hint={t('birth2.hints.birthPlaceCode')}
            error={messageFor('birthPlaceCode')}
            required
          />
          <UnitPicker
            name="originPlaceCode"
            label={t('birth2.fields.originPlaceCode')}
            value={form.originPlaceCode}
            onChange={pick('originPlaceCode')}
            hint={t('birth2.hints.originPlaceCode')}
            error={messageFor('originPlaceCode')}
          />
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('people.birth.parentsLegend')}</legend>
        <p className="hint">{t('people.birth.parentsHint')}</p>
        <div className="form-grid">
          <div>
            {text('motherPin', { maxLength: 12, code: true })}
            <ParentNote lookup={mother} role="mother" />
          </div>
          <div>
            {text('fatherPin', { maxLength: 12, code: true })}
            <ParentNote lookup={father} role="father" />
          </div>
          {text('householdNo', {
            maxLength: 14,
            code: true,
            hint: t('people.birth.householdHint'),
            placeholder: '00004-00001234',
          })}
        </div>
      </fieldset>
      <ChangeFields
        reason={{ code: form.reasonCode, note: form.reasonNote }}
        dossier={form.dossier}
        onReason={(r) => {
          set('reasonCode')(r.code);
          set('reasonNote')(r.note);
        }}
        onDossier={set('dossier')}
        messageFor={messageFor}
      />
      <div className="form-actions">
        <button type="submit" className="button button--primary" data-testid="birth-review">
          {t('birth2.review')}
        </button>
      </div>
    </form>
  );
}

/** Field names whose labels live in the `birth2` namespace. */
const BIRTH2_FIELDS = {
  nationality: true,
  birthFacility: true,
  birthAddress: true,
  birthAddressUnitCode: true,
  birthPlaceCode: true,
  originPlaceCode: true,
} as const;

/**
 * The confirmation step: everything the form will send, in words (unit names, parents'
 * names, labels of codes), before a permanent PIN is issued.
 */
function BirthReview({
  body,
  picked,
  mother,
  father,
  pending,
  onBack,
  onConfirm,
}: {
  body: BirthInput;
  picked: PickedUnits;
  mother: ParentLookup;
  father: ParentLookup;
  pending: boolean;
  onBack: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const labels = useLabels();
  const notGiven = <span className="muted">{t('birth2.confirm.notGiven')}</span>;
  const nationality = labels.reference?.nationalities.find((n) => n.code === body.nationality)?.[lang] ?? body.nationality;
  const unit = (field: keyof PickedUnits, code: string | null | undefined) =>
    code ? (
      <>
        {picked[field] ?? ''} <span className="code muted">({code})</span>
      </>
    ) : (
      notGiven
    );
  const parent = (pin: string | null | undefined, lookup: ParentLookup) => {
    if (!pin) return notGiven;
    if (lookup.state === 'found') {
      return (
        <>
          {lookup.brief.fullName} · {formatDate(lookup.brief.birthDate)} · <span className="code">{pin}</span>
        </>
      );
    }
    return t('birth2.confirm.outsideParent', { pin });
  };
  return (
    <section className="panel birth-review" aria-labelledby="birth-review-heading" data-testid="birth-confirm">
      <h2 id="birth-review-heading">{t('birth2.confirm.heading')}</h2>
      <p className="alert alert--warning">{t('birth2.confirm.intro')}</p>
      <div className="cards cards--tight">
        <section className="card">
          <h3>{t('birth2.confirm.child')}</h3>
          <dl className="facts">
            <dt>{t('people.field.fullName')}</dt>
            <dd data-testid="confirm-fullName">{body.fullName}</dd>
            <dt>{t('people.field.birthDate')}</dt>
            <dd data-testid="confirm-birthDate">{formatDate(body.birthDate)}</dd>
            <dt>{t('people.field.sex')}</dt>
            <dd>{t(`people.sex.${body.sex}`)}</dd>
            <dt>{t('birth2.fields.nationality')}</dt>
            <dd data-testid="confirm-nationality">{nationality}</dd>
            <dt>{t('people.field.ethnicity')}</dt>
            <dd>{labels.ethnicity(body.ethnicity)}</dd>
            <dt>{t('people.field.religion')}</dt>
            <dd>{body.religion ? labels.religion(body.religion) : notGiven}</dd>
          </dl>
        </section>
        <section className="card">
          <h3>{t('birth2.confirm.places')}</h3>
          <dl className="facts">
            <dt>{t('birth2.fields.birthFacility')}</dt>
            <dd data-testid="confirm-birthFacility">{body.birthFacility ?? notGiven}</dd>
            <dt>{t('birth2.fields.birthAddress')}</dt>
            <dd>{body.birthAddress ?? notGiven}</dd>
            <dt>{t('birth2.fields.birthAddressUnitCode')}</dt>
            <dd>{unit('birthAddressUnitCode', body.birthAddressUnitCode)}</dd>
            <dt>{t('birth2.fields.birthPlaceCode')}</dt>
            <dd data-testid="confirm-birthPlaceCode">{unit('birthPlaceCode', body.birthPlaceCode)}</dd>
            <dt>{t('birth2.fields.originPlaceCode')}</dt>
            <dd>{unit('originPlaceCode', body.originPlaceCode)}</dd>
          </dl>
        </section>
        <section className="card">
          <h3>{t('birth2.confirm.parents')}</h3>
          <dl className="facts">
            <dt>{t('family.mother')}</dt>
            <dd data-testid="confirm-mother">{parent(body.motherPin, mother)}</dd>
            <dt>{t('family.father')}</dt>
            <dd data-testid="confirm-father">{parent(body.fatherPin, father)}</dd>
            <dt>{t('households.householdNo')}</dt>
            <dd>{body.householdNo ? <span className="code">{body.householdNo}</span> : t('birth2.confirm.householdDefault')}</dd>
            <dt>{t('forms.reason')}</dt>
            <dd data-testid="confirm-reason">{purposeWithNote(t, body.reasonCode ?? null, body.reasonNote)}</dd>
            <dt>{t('forms.dossier')}</dt>
            <dd>{body.dossier ?? notGiven}</dd>
          </dl>
        </section>
      </div>
      <div className="form-actions">
        <button type="button" className="button button--secondary" onClick={onBack} disabled={pending} data-testid="birth-back">
          {t('birth2.confirm.back')}
        </button>
        <button type="button" className="button button--primary" onClick={onConfirm} disabled={pending} data-testid="birth-submit">
          {pending ? t('forms.saving') : t('birth2.confirm.submit')}
        </button>
      </div>
    </section>
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
