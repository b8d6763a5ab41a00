import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../api.js';
import { citizenApi, type PasskeyView, type SessionView } from '../citizen-api.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { Field } from '../components/Field.js';
import { Empty, ErrorBox, Loading } from '../components/Status.js';
import { formatDateTime } from '../format.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useRemote } from '../hooks/useRemote.js';
import { useLang } from '../i18n/index.js';
import { useCitizen, useCitizenAuth } from './citizen-auth.js';
import { CODE, describeUserAgent, groupSecret } from './portal-logic.js';
import { QrCode } from './QrCode.js';
import { ReasonPicker } from '../components/ReasonPicker.js';
import type { LocalProblem } from '../forms.js';
import { emptyReason, reasonBody, reasonProblems, SELF_LOCK_REASON_CHOICES } from '../reasons.js';

/** Runs an action again once the citizen has proved a current second factor (step-up). */
type RequestStepUp = (retry: () => void) => void;

const needsStepUp = (caught: unknown) => caught instanceof ApiError && caught.code === 'step_up_required';

/**
 * Security: where the account is logged in, second factors (authenticator app, passkeys), and
 * locking it. Adding, replacing or removing a second factor first asks for a current one
 * (the server answers `step_up_required`); the action then runs again by itself.
 */
export function SecurityPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('portal.tabs.security'));
  const [retry, setRetry] = useState<(() => void) | null>(null);
  const requestStepUp: RequestStepUp = (fn) => setRetry(() => fn);
  return (
    <div className="security" data-testid="security-page">
      <Sessions />
      <Totp requestStepUp={requestStepUp} />
      <Passkeys requestStepUp={requestStepUp} />
      <LockAccount />
      <StepUpDialog
        open={retry !== null}
        onCancel={() => setRetry(null)}
        onDone={() => {
          const fn = retry;
          setRetry(null);
          fn?.();
        }}
      />
    </div>
  );
}

/**
 * The step-up: the authenticator code or a passkey once either is set up, else a code sent by
 * SMS to the bound phone (the server decides which it accepts; this offers the same).
 */
function StepUpDialog({ open, onDone, onCancel }: { open: boolean; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const account = useCitizen();
  const methods: Array<'totp' | 'passkey' | 'sms'> = [...(account.totpEnabled ? (['totp'] as const) : []), ...(account.passkeys > 0 ? (['passkey'] as const) : [])];
  if (methods.length === 0) methods.push('sms');
  const [method, setMethod] = useState(methods[0]!);
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState(false);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setCode('');
      setError(null);
      setLocalError(false);
      setSentTo(null);
      setMethod(methods[0]!);
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
    // methods follow the account, which does not change while the dialog is open
  }, [open]);

  async function sendSms() {
    setBusy(true);
    setError(null);
    try {
      setSentTo((await citizenApi.stepUpSms()).phoneMasked);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (method !== 'passkey' && !CODE.test(code)) {
      setLocalError(true);
      return;
    }
    setLocalError(false);
    setBusy(true);
    setError(null);
    try {
      if (method === 'passkey') {
        const optionsJSON = await citizenApi.stepUpPasskeyOptions();
        let response;
        try {
          response = await startAuthentication({ optionsJSON });
        } catch {
          setError(new Error(t('portal.login.errors.passkeyCancelled')));
          return;
        }
        await citizenApi.stepUp({ method: 'passkey', response });
      } else {
        await citizenApi.stepUp({ method, code });
      }
      onDone();
    } catch (caught) {
      setError(caught);
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  const codeError = localError ? t('forms.errors.code') : error instanceof ApiError && error.field === 'code' ? errorMessage(error, lang) : undefined;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="step-up-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      data-testid="step-up"
    >
      <h2 id="step-up-title">{t('portal.security.stepUpTitle')}</h2>
      <form onSubmit={(e) => void confirm(e)} noValidate>
        <div className="dialog__body">
          <p>{t('portal.security.stepUpIntro')}</p>
          {methods.length > 1 && (
            <fieldset className="field">
              <legend>{t('portal.login.method')}</legend>
              {methods.map((m) => (
                <label key={m} className="choice">
                  <input type="radio" name="stepUpMethod" value={m} checked={method === m} onChange={() => setMethod(m)} data-testid={`step-up-method-${m}`} />{' '}
                  {m === 'totp' ? t('portal.login.methods.totp') : t('portal.login.methods.passkey')}
                </label>
              ))}
            </fieldset>
          )}
          {!codeError && error !== null && (
            <p className="alert alert--error" role="alert" data-testid="step-up-error">
              {error instanceof ApiError ? errorMessage(error, lang) : (error as Error).message}
            </p>
          )}
          {method === 'sms' && (
            <p>
              {sentTo ? (
                <span data-testid="step-up-sent">{t('portal.security.stepUpSent', { phone: sentTo })}</span>
              ) : (
                <button type="button" className="button button--secondary" disabled={busy} onClick={() => void sendSms()} data-testid="step-up-send">
                  {t('portal.security.stepUpSend')}
                </button>
              )}
            </p>
          )}
          {method !== 'passkey' && (method === 'totp' || sentTo) && (
            <Field name="stepUpCode" label={t('portal.security.stepUpCode')} error={codeError}>
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  className="input--code"
                  value={code}
                  onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                  data-testid="step-up-code"
                />
              )}
            </Field>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy || (method === 'sms' && !sentTo)} data-testid="step-up-confirm">
            {method === 'passkey' ? t('portal.login.usePasskey') : t('portal.security.stepUpConfirm')}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
            {t('forms.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** An error (or nothing) in the UI language, as an alert. */
function Problem({ error, testId }: { error: unknown; testId?: string }) {
  const lang = useLang();
  if (error === null || error === undefined) return null;
  return (
    <p className="alert alert--error" role="alert" data-testid={testId}>
      {errorMessage(error, lang)}
    </p>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const { forget } = useCitizenAuth();
  const navigate = useNavigate();
  const sessions = useRemote('sessions', (signal) => citizenApi.sessions(signal));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirmAll, setConfirmAll] = useState(false);

  async function signOut(s: SessionView) {
    setBusy(true);
    setError(null);
    try {
      await citizenApi.revokeSession(s.id);
      if (s.current) {
        forget('logged_out');
        navigate('/portal/login', { replace: true });
      } else sessions.retry();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function signOutEverywhere() {
    setBusy(true);
    setError(null);
    try {
      await citizenApi.revokeAll();
      forget('logged_out');
      navigate('/portal/login', { replace: true });
    } catch (caught) {
      setError(caught);
      setBusy(false);
      setConfirmAll(false);
    }
  }

  return (
    <section className="panel section" aria-labelledby="sessions-heading" data-testid="sessions">
      <h2 id="sessions-heading">{t('portal.security.sessionsHeading')}</h2>
      <Problem error={error} />
      {sessions.status === 'error' && <ErrorBox error={sessions.error} onRetry={sessions.retry} />}
      {!sessions.data && sessions.status !== 'error' && <Loading />}
      {sessions.data && (
        <div className="table-wrap">
          <table className="table table--cards" data-testid="sessions-table">
            <thead>
              <tr>
                <th scope="col">{t('portal.security.device')}</th>
                <th scope="col">{t('portal.security.since')}</th>
                <th scope="col">{t('portal.security.lastSeen')}</th>
                <th scope="col">{t('portal.security.factor')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('portal.consents.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => (
                <tr key={s.id} data-testid="session-row" data-current={s.current}>
                  <td data-label={t('portal.security.device')}>
                    {describeUserAgent(s.userAgent) || t('common.none')}
                    {s.current && <span className="badge badge--open badge--inline">{t('portal.security.thisDevice')}</span>}
                    {s.ip && <div className="cell-note code">{s.ip}</div>}
                  </td>
                  <td className="nowrap" data-label={t('portal.security.since')}>{formatDateTime(s.createdAt)}</td>
                  <td className="nowrap" data-label={t('portal.security.lastSeen')}>{formatDateTime(s.lastSeenAt)}</td>
                  <td data-label={t('portal.security.factor')}>{s.amr.map((m) => (m === 'pwd' ? t('portal.security.amr.pwd') : m === 'otp' ? t('portal.security.amr.otp') : m === 'sms' ? t('portal.security.amr.sms') : m === 'hwk' ? t('portal.security.amr.hwk') : m)).join(' + ')}</td>
                  <td>
                    <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void signOut(s)} data-testid="session-signout">
                      {t('portal.security.signOut')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="card__actions">
        <button type="button" className="button button--secondary" onClick={() => setConfirmAll(true)} data-testid="signout-everywhere">
          {t('portal.security.signOutEverywhere')}
        </button>
      </p>
      <ConfirmDialog
        open={confirmAll}
        title={t('portal.security.signOutEverywhere')}
        confirmLabel={t('portal.security.signOutEverywhere')}
        onConfirm={() => void signOutEverywhere()}
        onCancel={() => setConfirmAll(false)}
        busy={busy}
        testId="signout-everywhere-dialog"
      >
        <p>{t('portal.security.signOutEverywhereText')}</p>
      </ConfirmDialog>
    </section>
  );
}

function Totp({ requestStepUp }: { requestStepUp: RequestStepUp }) {
  const { t } = useTranslation();
  const account = useCitizen();
  const { refresh } = useCitizenAuth();
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const [disabled, setDisabled] = useState(false);

  async function begin() {
    setBusy(true);
    setError(null);
    setDone(false);
    setDisabled(false);
    try {
      setSetup(await citizenApi.totpSetup());
      setCode('');
      await refresh();
    } catch (caught) {
      if (needsStepUp(caught)) requestStepUp(() => void begin());
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function turnOff() {
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await citizenApi.totpDisable();
      // Read the session again first, so the notice and the status badge never disagree.
      await refresh();
      setDisabled(true);
    } catch (caught) {
      if (needsStepUp(caught)) requestStepUp(() => void turnOff());
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!CODE.test(code)) {
      setLocalError(true);
      return;
    }
    setLocalError(false);
    setBusy(true);
    setError(null);
    try {
      await citizenApi.totpConfirm(code);
      await refresh();
      setSetup(null);
      setDone(true);
    } catch (caught) {
      setError(caught);
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  const lang = useLang();
  const codeError = localError ? t('forms.errors.code') : error instanceof ApiError && error.field === 'code' ? errorMessage(error, lang) : undefined;
  return (
    <section className="panel section" aria-labelledby="totp-heading" data-testid="totp">
      <h2 id="totp-heading">
        {t('portal.security.totpHeading')}{' '}
        <span className={account.totpEnabled ? 'badge badge--whole' : 'badge badge--muted'} data-testid="totp-status">
          {account.totpEnabled ? t('portal.security.on') : t('portal.security.off')}
        </span>
      </h2>
      <p className="muted">{t('portal.security.totpIntro')}</p>
      {done && (
        <p className="alert alert--success" role="status" data-testid="totp-done">
          {t('portal.security.totpDone')}
        </p>
      )}
      {disabled && (
        <p className="alert alert--success" role="status" data-testid="totp-disabled">
          {t('portal.security.totpDisabled')}
        </p>
      )}
      {!codeError && <Problem error={error} />}
      {!setup ? (
        <p className="card__actions">
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => void begin()} data-testid="totp-setup">
            {account.totpEnabled ? t('portal.security.totpReset') : t('portal.security.totpSetup')}
          </button>
          {account.totpEnabled && (
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => void turnOff()} data-testid="totp-disable">
              {t('portal.security.totpDisable')}
            </button>
          )}
        </p>
      ) : (
        <form onSubmit={(e) => void confirm(e)} noValidate className="totp-setup" data-testid="totp-form">
          <ol className="totp-setup__steps">
            <li>
              <p>{t('portal.security.totpScan')}</p>
              <QrCode text={setup.otpauthUrl} label={t('portal.security.totpQr')} />
              <p>
                {t('portal.security.totpSecret')}{' '}
                <code className="secret" data-testid="totp-secret" data-secret={setup.secret}>
                  {groupSecret(setup.secret)}
                </code>
              </p>
              <details>
                <summary>{t('portal.security.totpUrl')}</summary>
                <code className="secret secret--url" data-testid="totp-url">
                  {setup.otpauthUrl}
                </code>
              </details>
            </li>
            <li>
              <Field name="totpCode" label={t('portal.security.totpCode')} error={codeError}>
                {(p) => (
                  <input
                    {...p}
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={6}
                    className="input--code"
                    value={code}
                    onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                    data-testid="totp-code"
                  />
                )}
              </Field>
            </li>
          </ol>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy} data-testid="totp-confirm">
              {t('portal.security.totpConfirm')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setSetup(null)}>
              {t('forms.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function Passkeys({ requestStepUp }: { requestStepUp: RequestStepUp }) {
  const { t } = useTranslation();
  const { refresh } = useCitizenAuth();
  const passkeys = useRemote('passkeys', (signal) => citizenApi.passkeys(signal));
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [cancelled, setCancelled] = useState(false);
  const [busy, setBusy] = useState(false);

  async function add(event?: FormEvent<HTMLFormElement>) {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    setCancelled(false);
    try {
      const optionsJSON = await citizenApi.passkeyRegistrationOptions();
      let response;
      try {
        response = await startRegistration({ optionsJSON });
      } catch {
        setCancelled(true);
        return;
      }
      await citizenApi.addPasskey(name.trim() || t('portal.security.passkeyDefaultName'), response);
      setName('');
      passkeys.retry();
      await refresh();
    } catch (caught) {
      if (needsStepUp(caught)) requestStepUp(() => void add());
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function remove(p: PasskeyView) {
    setBusy(true);
    setError(null);
    try {
      await citizenApi.removePasskey(p.id);
      passkeys.retry();
      await refresh();
    } catch (caught) {
      if (needsStepUp(caught)) requestStepUp(() => void remove(p));
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel section" aria-labelledby="passkeys-heading" data-testid="passkeys">
      <h2 id="passkeys-heading">{t('portal.security.passkeysHeading')}</h2>
      <p className="muted">{t('portal.security.passkeysIntro')}</p>
      <Problem error={error} />
      {cancelled && (
        <p className="alert alert--warning" role="alert">
          {t('portal.security.passkeyCancelled')}
        </p>
      )}
      {passkeys.status === 'error' && <ErrorBox error={passkeys.error} onRetry={passkeys.retry} />}
      {passkeys.data && passkeys.data.length === 0 && <Empty>{t('portal.security.noPasskeys')}</Empty>}
      {passkeys.data && passkeys.data.length > 0 && (
        <ul className="passkey-list" data-testid="passkey-list">
          {passkeys.data.map((p) => (
            <li key={p.id} data-testid="passkey">
              <span>
                <strong>{p.name}</strong>
                <span className="cell-note">
                  {t('portal.security.passkeyAdded', { date: formatDateTime(p.createdAt) })}
                  {p.lastUsedAt && ` · ${t('portal.security.passkeyUsed', { date: formatDateTime(p.lastUsedAt) })}`}
                </span>
              </span>
              <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void remove(p)} aria-label={t('portal.security.removePasskeyNamed', { name: p.name })}>
                {t('portal.security.removePasskey')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={(e) => void add(e)} noValidate>
        <Field name="passkeyName" className="field--grow" label={t('portal.security.passkeyName')}>
          {(p) => <input {...p} maxLength={60} value={name} placeholder={t('portal.security.passkeyDefaultName')} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <button type="submit" className="button button--secondary" disabled={busy} data-testid="passkey-add">
          {t('portal.security.addPasskey')}
        </button>
      </form>
    </section>
  );
}

function LockAccount() {
  const { t } = useTranslation();
  const { forget } = useCitizenAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState(() => emptyReason());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<LocalProblem[]>([]);

  async function lock() {
    const local = reasonProblems(reason, true);
    setMissing(local);
    if (local.length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await citizenApi.lock(reason.code ? reasonBody(reason) : {});
      forget('locked');
      navigate('/portal/login', { replace: true });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <section className="panel section section--danger" aria-labelledby="lock-heading" data-testid="lock">
      <h2 id="lock-heading">{t('portal.security.lockHeading')}</h2>
      <p>{t('portal.security.lockIntro')}</p>
      <button type="button" className="button button--danger" onClick={() => setOpen(true)} data-testid="lock-open">
        {t('portal.security.lock')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('portal.security.lockConfirmTitle')}
        confirmLabel={t('portal.security.lockConfirm')}
        onConfirm={() => void lock()}
        onCancel={() => setOpen(false)}
        danger
        busy={busy}
        testId="lock-dialog"
      >
        <p className="alert alert--warning">{t('portal.security.lockWarning')}</p>
        <Problem error={error} />
        <ReasonPicker
          value={reason}
          onChange={setReason}
          codes={SELF_LOCK_REASON_CHOICES}
          messageFor={(field) => (missing.some((m) => m.field === field) ? t(`forms.errors.${field === 'reasonCode' ? 'reasonCode' : 'reasonNote'}`) : undefined)}
          label={t('portal.security.lockReason')}
          optional
          testId="lock-reason"
        />
      </ConfirmDialog>
    </section>
  );
}
