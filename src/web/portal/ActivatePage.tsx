import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api.js';
import { citizenApi } from '../citizen-api.js';
import { ErrorSummary, TextField } from '../components/Field.js';
import { useFormProblems, type LocalProblem } from '../forms.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { PublicShell } from './PublicShell.js';
import { CODE, passcodeProblems } from './portal-logic.js';

const LABELS = ['pin', 'code', 'passcode', 'passcodeRepeat'] as const;

/**
 * Level-2 activation with the code sent after the in-person check. An account created at the
 * police desk has no passcode yet: the server says so (passcode_required) and the fields appear.
 */
export function ActivatePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('portal.activate.pageTitle'));
  const form = useFormProblems();
  const [pin, setPin] = useState('');
  const [code, setCode] = useState('');
  const [passcode, setPasscode] = useState('');
  const [repeat, setRepeat] = useState('');
  const [needsPasscode, setNeedsPasscode] = useState(false);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const local: LocalProblem[] = [];
    if (!/^\d{12}$/.test(pin)) local.push({ field: 'pin', key: 'pin' });
    if (!CODE.test(code)) local.push({ field: 'code', key: 'code' });
    if (needsPasscode) local.push(...passcodeProblems(passcode, repeat));
    if (local.length) {
      form.setLocal(local);
      return;
    }
    setPending(true);
    try {
      await citizenApi.activate({ pin, code, ...(needsPasscode ? { passcode } : {}) });
      setDone(true);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'passcode_required') setNeedsPasscode(true);
      form.setServer(caught);
    } finally {
      setPending(false);
    }
  }

  const digits = (setter: (v: string) => void, field: string) => (value: string) => {
    setter(value.replace(/\D/g, ''));
    form.touch(field);
  };
  const label = (field: string) =>
    (LABELS as readonly string[]).includes(field) ? t(`portal.activate.field.${field as (typeof LABELS)[number]}`) : undefined;
  const secret = { type: 'password', inputMode: 'numeric', maxLength: 6, autoComplete: 'new-password', className: 'input--code' } as const;

  return (
    <PublicShell testId="activate-page">
      <h1>{t('portal.activate.heading')}</h1>
      {done ? (
        <div data-testid="activate-done">
          <p className="alert alert--success" role="status">
            {t('portal.activate.done')}
          </p>
          <p>
            <Link to="/portal/login">{t('portal.enrol.toLogin')}</Link>
          </p>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate data-testid="activate-form">
          <p className="muted">{t('portal.activate.intro')}</p>
          <ErrorSummary problems={form.problems} attempt={form.attempt} labelFor={label} />
          <TextField name="pin" label={t('portal.activate.field.pin')} value={pin} onChange={digits(setPin, 'pin')} error={form.messageFor('pin')} required input={{ inputMode: 'numeric', maxLength: 12, className: 'input--pin' }} />
          <TextField name="code" label={t('portal.activate.field.code')} value={code} onChange={digits(setCode, 'code')} error={form.messageFor('code')} required input={{ inputMode: 'numeric', maxLength: 6, autoComplete: 'one-time-code', className: 'input--code' }} />
          {needsPasscode && (
            <>
              <TextField name="passcode" label={t('portal.activate.field.passcode')} value={passcode} onChange={digits(setPasscode, 'passcode')} error={form.messageFor('passcode')} hint={t('portal.passcodeHint')} required input={secret} />
              <TextField name="passcodeRepeat" label={t('portal.activate.field.passcodeRepeat')} value={repeat} onChange={digits(setRepeat, 'passcodeRepeat')} error={form.messageFor('passcodeRepeat')} required input={secret} />
            </>
          )}
          <button type="submit" className="button button--primary button--block" disabled={pending} data-testid="activate-submit">
            {pending ? t('forms.saving') : t('portal.activate.submit')}
          </button>
        </form>
      )}
      <p className="portal-links">
        <Link to="/portal/login">{t('portal.enrol.haveAccount')}</Link>
      </p>
    </PublicShell>
  );
}
