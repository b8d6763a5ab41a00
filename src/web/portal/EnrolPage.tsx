import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { citizenApi, type EnrolmentStarted } from '../citizen-api.js';
import { ApiError } from '../api.js';
import { ErrorSummary, TextField } from '../components/Field.js';
import { formatDateTime, parseDateInput } from '../format.js';
import { useFormProblems, type LocalProblem } from '../forms.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { PhotoField } from './PhotoField.js';
import { PublicShell } from './PublicShell.js';
import { CODE, passcodeProblems, photoProblem, stripDataUrl } from './portal-logic.js';

type Step = 'details' | 'confirm' | 'done';

/** Level-1 self-enrolment: details checked against the registry, SMS code, passcode and face photo, then police review. */
export function EnrolPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('portal.enrol.pageTitle'));
  const [step, setStep] = useState<Step>('details');
  const [started, setStarted] = useState<EnrolmentStarted | null>(null);

  return (
    <PublicShell wide testId="enrol-page">
      <h1>{t('portal.enrol.heading')}</h1>
      <ol className="steps" aria-label={t('portal.enrol.stepsLabel')}>
        {(['details', 'confirm', 'done'] as const).map((s, i) => (
          <li key={s} className={s === step ? 'steps__item steps__item--current' : 'steps__item'} aria-current={s === step ? 'step' : undefined}>
            <span className="steps__n">{i + 1}</span> {t(`portal.enrol.steps.${s}`)}
          </li>
        ))}
      </ol>
      {step === 'details' && (
        <DetailsStep
          onStarted={(s) => {
            setStarted(s);
            setStep('confirm');
          }}
        />
      )}
      {step === 'confirm' && started && (
        <ConfirmStep started={started} onDone={() => setStep('done')} onRestart={() => setStep('details')} />
      )}
      {step === 'done' && (
        <div data-testid="enrol-done">
          <p className="alert alert--success" role="status">
            {t('portal.enrol.doneTitle')}
          </p>
          <p>{t('portal.enrol.doneText')}</p>
          <p>
            <Link to="/portal/login">{t('portal.enrol.toLogin')}</Link>
          </p>
        </div>
      )}
      {step !== 'done' && (
        <p className="portal-links">
          <Link to="/portal/login">{t('portal.enrol.haveAccount')}</Link>
        </p>
      )}
    </PublicShell>
  );
}

const DETAIL_LABELS = ['pin', 'fullName', 'birthDate', 'phone', 'email'] as const;

function DetailsStep({ onStarted }: { onStarted: (started: EnrolmentStarted) => void }) {
  const { t } = useTranslation();
  const form = useFormProblems();
  const [values, setValues] = useState({ pin: '', fullName: '', birthDate: '', phone: '', email: '' });
  const [pending, setPending] = useState(false);
  const set = (field: keyof typeof values) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    form.touch(field);
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const local: LocalProblem[] = [];
    if (!/^\d{12}$/.test(values.pin.trim())) local.push({ field: 'pin', key: 'pin' });
    if (!values.fullName.trim()) local.push({ field: 'fullName', key: 'required' });
    const birth = parseDateInput(values.birthDate);
    if (!birth.ok) local.push({ field: 'birthDate', key: 'date' });
    if (!values.phone.trim()) local.push({ field: 'phone', key: 'phone' });
    if (values.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) local.push({ field: 'email', key: 'email' });
    if (local.length || !birth.ok) {
      form.setLocal(local);
      return;
    }
    setPending(true);
    try {
      const email = values.email.trim();
      onStarted(
        await citizenApi.startEnrolment({
          pin: values.pin.trim(),
          fullName: values.fullName.trim(),
          birthDate: birth.iso,
          phone: values.phone.trim(),
          ...(email ? { email } : {}),
        }),
      );
    } catch (caught) {
      form.setServer(caught);
    } finally {
      setPending(false);
    }
  }

  // The registry refused the identity: say so, rather than "not saved" (nothing was to be saved).
  const mismatch = form.server instanceof ApiError && form.server.code === 'identity_mismatch';
  const label = (field: string) =>
    (DETAIL_LABELS as readonly string[]).includes(field) ? t(`portal.enrol.field.${field as (typeof DETAIL_LABELS)[number]}`) : undefined;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="enrol-details">
      <p className="muted">{t('portal.enrol.intro')}</p>
      <ErrorSummary
        problems={form.problems}
        attempt={form.attempt}
        labelFor={label}
        {...(mismatch ? { title: t('portal2.enrol.mismatchTitle'), testId: 'enrol-mismatch' } : {})}
      />
      {mismatch && <p className="hint enrol-mismatch-help" data-testid="enrol-mismatch-help">{t('portal2.enrol.mismatchHelp')}</p>}
      <TextField name="pin" label={t('portal.enrol.field.pin')} value={values.pin} onChange={set('pin')} error={form.messageFor('pin')} required input={{ inputMode: 'numeric', maxLength: 12, className: 'input--pin' }} />
      <TextField name="fullName" label={t('portal.enrol.field.fullName')} value={values.fullName} onChange={set('fullName')} error={form.messageFor('fullName')} hint={t('portal.enrol.fullNameHint')} required input={{ maxLength: 200, autoComplete: 'name' }} />
      <TextField name="birthDate" label={t('portal.enrol.field.birthDate')} value={values.birthDate} onChange={set('birthDate')} error={form.messageFor('birthDate')} hint={t('forms.dateHint')} required input={{ placeholder: t('forms.datePlaceholder'), maxLength: 10 }} />
      <TextField name="phone" label={t('portal.enrol.field.phone')} value={values.phone} onChange={set('phone')} error={form.messageFor('phone')} hint={t('portal.enrol.phoneHint')} required input={{ inputMode: 'tel', maxLength: 16, autoComplete: 'tel' }} />
      <TextField name="email" label={t('portal.enrol.field.email')} value={values.email} onChange={set('email')} error={form.messageFor('email')} input={{ type: 'email', maxLength: 200, autoComplete: 'email' }} />
      <button type="submit" className="button button--primary button--block" disabled={pending} data-testid="enrol-submit">
        {pending ? t('forms.saving') : t('portal.enrol.sendCode')}
      </button>
    </form>
  );
}

/** The photo as bare base64, read in the browser. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(stripDataUrl(String(reader.result)));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

const CONFIRM_LABELS = ['code', 'passcode', 'passcodeRepeat', 'photo'] as const;

function ConfirmStep({ started, onDone, onRestart }: { started: EnrolmentStarted; onDone: () => void; onRestart: () => void }) {
  const { t } = useTranslation();
  const form = useFormProblems();
  const [code, setCode] = useState('');
  const [passcode, setPasscode] = useState('');
  const [repeat, setRepeat] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const local: LocalProblem[] = [];
    if (!CODE.test(code)) local.push({ field: 'code', key: 'code' });
    local.push(...passcodeProblems(passcode, repeat));
    if (!photo) local.push({ field: 'photo', key: 'photoRequired' });
    else {
      const problem = photoProblem(photo);
      if (problem) local.push({ field: 'photo', key: problem });
    }
    if (local.length || !photo) {
      form.setLocal(local);
      return;
    }
    setPending(true);
    try {
      await citizenApi.confirmEnrolment(started.enrolmentId, { code, passcode, photo: await readBase64(photo) });
      onDone();
    } catch (caught) {
      form.setServer(caught);
    } finally {
      setPending(false);
    }
  }

  const label = (field: string) =>
    (CONFIRM_LABELS as readonly string[]).includes(field) ? t(`portal.enrol.field.${field as (typeof CONFIRM_LABELS)[number]}`) : undefined;
  const digits = (setter: (v: string) => void, field: string) => (value: string) => {
    setter(value.replace(/\D/g, ''));
    form.touch(field);
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="enrol-confirm">
      <p className="alert alert--info" role="status" data-testid="enrol-code-sent">
        {t('portal.enrol.codeSent', { phone: started.phoneMasked, time: formatDateTime(started.expiresAt) })}
      </p>
      <ErrorSummary problems={form.problems} attempt={form.attempt} labelFor={label} />
      <TextField name="code" label={t('portal.enrol.field.code')} value={code} onChange={digits(setCode, 'code')} error={form.messageFor('code')} required input={{ inputMode: 'numeric', maxLength: 6, autoComplete: 'one-time-code', className: 'input--code' }} />
      <TextField name="passcode" label={t('portal.enrol.field.passcode')} value={passcode} onChange={digits(setPasscode, 'passcode')} error={form.messageFor('passcode')} hint={t('portal.passcodeHint')} required input={{ type: 'password', inputMode: 'numeric', maxLength: 6, autoComplete: 'new-password', className: 'input--code' }} />
      <TextField name="passcodeRepeat" label={t('portal.enrol.field.passcodeRepeat')} value={repeat} onChange={digits(setRepeat, 'passcodeRepeat')} error={form.messageFor('passcodeRepeat')} required input={{ type: 'password', inputMode: 'numeric', maxLength: 6, autoComplete: 'new-password', className: 'input--code' }} />
      <PhotoField
        file={photo}
        onChange={(file) => {
          setPhoto(file);
          form.touch('photo');
        }}
        error={form.messageFor('photo')}
        required
      />
      <button type="submit" className="button button--primary button--block" disabled={pending} data-testid="enrol-confirm-submit">
        {pending ? t('forms.saving') : t('portal.enrol.confirm')}
      </button>
      <button type="button" className="button button--link" onClick={onRestart}>
        {t('portal.enrol.restart')}
      </button>
    </form>
  );
}
