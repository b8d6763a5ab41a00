import { startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api.js';
import { citizenApi, type LoginStarted, type SecondFactor } from '../citizen-api.js';
import { useLang } from '../i18n/index.js';
import { useCitizenAuth } from './citizen-auth.js';
import { CODE } from './portal-logic.js';
import { pinTyped } from '../forms.js';

type LocalKey = 'pinPasscode' | 'code' | 'passkeyCancelled';

/** Kept as a key or the error itself, so switching language re-translates what is shown. */
type LoginError = { kind: 'local'; key: LocalKey; field?: string } | { kind: 'server'; error: unknown; field?: string };

const FIELDS = new Set(['pin', 'passcode', 'code']);

/**
 * The portal login in two steps: PIN and passcode, then a second factor (authenticator code,
 * passkey, or a code sent by SMS). Used on /portal/login and inline on a service's login page.
 */
export function CitizenLoginForm({ onDone }: { onDone: () => void | Promise<void> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { accept } = useCitizenAuth();
  const [pin, setPin] = useState('');
  const [passcode, setPasscode] = useState('');
  const [started, setStarted] = useState<LoginStarted | null>(null);
  const [method, setMethod] = useState<SecondFactor>('sms');
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<LoginError | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (started && method !== 'passkey') codeRef.current?.focus();
  }, [started, method]);

  const fail = (caught: unknown) => {
    const field = caught instanceof ApiError && caught.field && FIELDS.has(caught.field) ? caught.field : undefined;
    if (caught instanceof ApiError && caught.code === 'login_expired') {
      setStarted(null);
      setCode('');
    }
    setError({ kind: 'server', error: caught, field });
  };

  async function start(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!/^\d{12}$/.test(pin.trim()) || !passcode) {
      setError({ kind: 'local', key: 'pinPasscode', field: !/^\d{12}$/.test(pin.trim()) ? 'pin' : 'passcode' });
      return;
    }
    setPending(true);
    setError(null);
    try {
      const answer = await citizenApi.login(pin.trim(), passcode);
      setStarted(answer);
      setMethod(answer.methods[0] ?? 'sms');
      setCode('');
    } catch (caught) {
      fail(caught);
    } finally {
      setPending(false);
    }
  }

  async function finish(csrfToken: string) {
    await accept(csrfToken);
    await onDone();
  }

  async function verify(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!started) return;
    if (method !== 'passkey' && !CODE.test(code.trim())) {
      setError({ kind: 'local', key: 'code', field: 'code' });
      return;
    }
    setPending(true);
    setError(null);
    try {
      let body: Parameters<typeof citizenApi.verify>[0];
      if (method === 'passkey') {
        const optionsJSON = await citizenApi.passkeyLoginOptions(started.loginToken);
        let response;
        try {
          response = await startAuthentication({ optionsJSON });
        } catch {
          setError({ kind: 'local', key: 'passkeyCancelled' });
          return;
        }
        body = { loginToken: started.loginToken, method, response };
      } else {
        body = { loginToken: started.loginToken, method, code: code.trim() };
      }
      const done = await citizenApi.verify(body);
      await finish(done.csrfToken);
    } catch (caught) {
      if (method !== 'passkey') setCode('');
      fail(caught);
    } finally {
      setPending(false);
    }
  }

  function startOver() {
    setStarted(null);
    setPasscode('');
    setCode('');
    setError(null);
  }

  const errorText =
    error === null ? null : error.kind === 'local' ? t(`portal.login.errors.${error.key}`) : errorMessage(error.error, lang);
  const fieldError = (field: string) => (error?.field === field ? errorText : null);
  const general = error && !error.field ? errorText : null;

  return (
    <div className="citizen-login" data-testid="citizen-login">
      {general && (
        <p className="alert alert--error" role="alert" data-testid="portal-login-error">
          {general}
        </p>
      )}
      {!started ? (
        <form onSubmit={(e) => void start(e)} noValidate data-testid="portal-login-form">
          <div className="field">
            <label htmlFor="portal-pin">{t('portal.login.pin')}</label>
            <input
              id="portal-pin"
              name="pin"
              inputMode="numeric"
              autoComplete="username"
              className="input--pin"
              value={pin}
              aria-invalid={error?.field === 'pin' ? true : undefined}
              aria-describedby={fieldError('pin') ? 'portal-pin-error' : 'portal-pin-hint'}
              onChange={(e) => setPin(pinTyped(e.target.value))}
              data-testid="portal-login-pin"
            />
            <p className="hint" id="portal-pin-hint">
              {t('portal.login.pinHint')}
            </p>
            {fieldError('pin') && (
              <p className="field-message" id="portal-pin-error" data-testid="portal-login-error">
                {fieldError('pin')}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="portal-passcode">{t('portal.login.passcode')}</label>
            <input
              id="portal-passcode"
              name="passcode"
              type="password"
              inputMode="numeric"
              autoComplete="current-password"
              maxLength={6}
              className="input--code"
              value={passcode}
              aria-invalid={error?.field === 'passcode' ? true : undefined}
              aria-describedby={fieldError('passcode') ? 'portal-passcode-error' : undefined}
              onChange={(e) => setPasscode(e.target.value.replace(/\D/g, ''))}
              data-testid="portal-login-passcode"
            />
            {fieldError('passcode') && (
              <p className="field-message" id="portal-passcode-error" data-testid="portal-login-error">
                {fieldError('passcode')}
              </p>
            )}
          </div>
          <button type="submit" className="button button--primary button--block" disabled={pending} data-testid="portal-login-submit">
            {pending ? t('portal.login.submitting') : t('portal.login.submit')}
          </button>
        </form>
      ) : (
        <form onSubmit={(e) => void verify(e)} noValidate data-testid="portal-login-second">
          <p className="alert alert--info" role="status">
            {t('portal.login.secondStep')}
          </p>
          {started.methods.length > 1 && (
            <fieldset className="radio-group">
              <legend>{t('portal.login.method')}</legend>
              <div className="radio-group__options radio-group__options--stack">
                {started.methods.map((m) => (
                  <label key={m} className="radio">
                    <input
                      type="radio"
                      name="method"
                      value={m}
                      checked={method === m}
                      onChange={() => {
                        setMethod(m);
                        setError(null);
                      }}
                      data-testid={`portal-login-method-${m}`}
                    />
                    {t(`portal.login.methods.${m}`, { phone: started.phoneMasked })}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          {method === 'passkey' ? (
            <p className="hint">{t('portal.login.passkeyHint')}</p>
          ) : (
            <div className="field">
              <label htmlFor="portal-code">{t('portal.login.code')}</label>
              <input
                id="portal-code"
                name="code"
                ref={codeRef}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                className="input--code"
                value={code}
                aria-invalid={error?.field === 'code' ? true : undefined}
                aria-describedby={fieldError('code') ? 'portal-code-error portal-code-hint' : 'portal-code-hint'}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                data-testid="portal-login-code"
              />
              <p className="hint" id="portal-code-hint">
                {method === 'sms'
                  ? t('portal.login.smsHint', { phone: started.phoneMasked })
                  : t('portal.login.totpHint')}
              </p>
              {fieldError('code') && (
                <p className="field-message" id="portal-code-error" data-testid="portal-login-error">
                  {fieldError('code')}
                </p>
              )}
            </div>
          )}
          <button type="submit" className="button button--primary button--block" disabled={pending} data-testid="portal-login-verify">
            {pending
              ? t('portal.login.submitting')
              : method === 'passkey'
                ? t('portal.login.usePasskey')
                : t('portal.login.verify')}
          </button>
          <button type="button" className="button button--link" onClick={startOver}>
            {t('portal.login.startOver')}
          </button>
        </form>
      )}
    </div>
  );
}
