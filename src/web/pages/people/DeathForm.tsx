import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorSummary, TextField } from '../../components/Field.js';
import { ChangeFields } from '../../components/ReasonPicker.js';
import { emptyReason, reasonBody, reasonProblems } from '../../reasons.js';
import type { ChangeReasonCode } from '../../../kernel/purposes.js';
import { PinLink } from '../../components/PersonBits.js';
import { formatDate, isAfterToday, parseDateInput } from '../../format.js';
import { useFormProblems, type LocalProblem } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { PIN, peopleApi, type DeathResult, type Person } from '../../people-api.js';
import { usePerson } from './PersonPage.js';

interface DeathFormProps {
  /** The person, when the form is opened from their page (PIN fixed, version checked). */
  person?: Person;
  initialPin?: string;
  onDone?: (result: DeathResult) => void;
}

/** Registers a death: date (full or partial), reason, dossier. The record is locked afterwards. */
export function DeathForm({ person, initialPin = '', onDone }: DeathFormProps) {
  const { t } = useTranslation();
  const [pin, setPin] = useState(person?.pin ?? initialPin);
  const [deathDate, setDeathDate] = useState('');
  const [reason, setReason] = useState(() => emptyReason('death_registration'));
  const [dossier, setDossier] = useState('');
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<DeathResult | null>(null);
  const { problems, messageFor, setLocal, setServer, touch, attempt } = useFormProblems();
  const labelFor = (field: string) =>
    field === 'pin' || field === 'deathDate'
      ? t(`people.field.${field}`)
      : field === 'reasonCode' || field === 'reasonNote' || field === 'dossier'
        ? t(`forms.${field === 'reasonCode' ? 'reason' : field}`)
        : undefined;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const local: LocalProblem[] = [];
    if (!PIN.test(pin.trim())) local.push({ field: 'pin', key: pin.trim() ? 'pin' : 'required' });
    const date = parseDateInput(deathDate, { partial: true });
    if (!deathDate.trim()) local.push({ field: 'deathDate', key: 'required' });
    else if (!date.ok) local.push({ field: 'deathDate', key: 'datePartial' });
    else if (isAfterToday(date.iso)) local.push({ field: 'deathDate', key: 'future' });
    local.push(...reasonProblems(reason));
    if (local.length > 0 || !date.ok) return setLocal(local);
    setPending(true);
    try {
      const done = await peopleApi.death({
        pin: pin.trim(),
        deathDate: date.iso,
        ...(person ? { expectedVersion: person.version } : {}),
        ...reasonBody<ChangeReasonCode>(reason),
        dossier: dossier.trim() || null,
      });
      setResult(done);
      onDone?.(done);
    } catch (error) {
      setServer(error);
    } finally {
      setPending(false);
    }
  }

  if (result) return <DeathDone result={result} />;
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} noValidate data-testid="death-form">
      {person && <h2>{t('people.death.heading')}</h2>}
      <p className="muted">{t('people.death.intro')}</p>
      <ErrorSummary problems={problems} attempt={attempt} labelFor={labelFor} />
      <div className="form-grid">
        <TextField
          name="pin"
          label={t('people.field.pin')}
          value={pin}
          onChange={(v) => {
            touch('pin');
            setPin(v.replace(/\D/g, ''));
          }}
          error={messageFor('pin')}
          required
          input={{ maxLength: 12, inputMode: 'numeric', className: 'input--pin', readOnly: Boolean(person) }}
        />
        <TextField
          name="deathDate"
          label={t('people.field.deathDate')}
          value={deathDate}
          onChange={(v) => {
            touch('deathDate');
            setDeathDate(v);
          }}
          error={messageFor('deathDate')}
          hint={t('forms.datePartialHint')}
          required
          input={{ maxLength: 10, placeholder: t('forms.datePlaceholder') }}
        />
      </div>
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
        <button type="submit" className="button button--danger" disabled={pending} data-testid="death-submit">
          {pending ? t('forms.saving') : t('people.death.submit')}
        </button>
      </div>
    </form>
  );
}

function DeathDone({ result }: { result: DeathResult }) {
  const { t } = useTranslation();
  const { person, headlessHouseholdNo } = result;
  return (
    <section className="panel" data-testid="death-done" aria-live="polite">
      <p className="alert alert--success" role="status">
        {t('people.death.done', { name: person.fullName, date: formatDate(person.deathDate) })}
      </p>
      <p>
        <PinLink pin={person.pin} /> ·{' '}
        {t('people.death.closedResidences', { count: result.closedResidences })}
      </p>
      {headlessHouseholdNo && (
        <div className="alert alert--error" role="alert" data-testid="death-headless">
          <p>
            <strong>{t('people.death.headlessTitle', { householdNo: headlessHouseholdNo })}</strong>
          </p>
          <p>{t('people.death.headlessText')}</p>
          <Link
            to={`/households/${headlessHouseholdNo}`}
            className="button button--secondary"
            data-testid="death-headless-link"
          >
            {t('people.death.openHousehold')}
          </Link>
        </div>
      )}
    </section>
  );
}

/** The death tab of a person's page. */
export function PersonDeathView() {
  const { details, reload } = usePerson();
  const [done, setDone] = useState(false);
  const { person } = details;
  if (person.status === 'deceased' && !done) return <DeceasedAlready />;
  return (
    <DeathForm
      person={person}
      onDone={() => {
        setDone(true);
        reload();
      }}
    />
  );
}

function DeceasedAlready() {
  const { t } = useTranslation();
  return <p className="alert alert--info">{t('people.death.already')}</p>;
}

/** `/people/new/death`: the PIN typed in (or passed as `?pin=`). */
export function DeathPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  useDocumentTitle(t('people.death.heading'));
  return (
    <section className="page" aria-labelledby="death-heading" data-testid="death-page">
      <p>
        <Link to="/people">{t('people.person.backToSearch')}</Link>
      </p>
      <h1 id="death-heading">{t('people.death.heading')}</h1>
      <DeathForm initialPin={params.get('pin') ?? ''} />
    </section>
  );
}
