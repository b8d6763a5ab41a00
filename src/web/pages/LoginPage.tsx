import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../api.js';
import { useAuth } from '../auth.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { Loading } from '../components/Status.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useLang } from '../i18n/index.js';

type Step = 'credentials' | 'totp';

/** Kept as a key or the error itself, so switching language re-translates what is shown. */
type LoginError =
  | { kind: 'local'; key: 'login.required' | 'login.totpInvalid'; field: string }
  | { kind: 'server'; error: unknown; field: string | undefined };

function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  // Only paths inside this app: never bounce to another origin after login.
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { state, login } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  useDocumentTitle(t('login.pageTitle'));

  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [totp, setTotp] = useState('');
  const [step, setStep] = useState<Step>('credentials');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<LoginError | null>(null);
  const totpRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (step === 'totp') totpRef.current?.focus();
  }, [step]);

  if (state.status === 'checking') {
    return (
      <div className="splash">
        <Loading label={t('login.checking')} />
      </div>
    );
  }
  if (state.status === 'signed_in') return <Navigate to={returnPath(location.state)} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError({ kind: 'local', key: 'login.required', field: !username.trim() ? 'username' : 'password' });
      return;
    }
    if (step === 'totp' && !/^\d{6}$/.test(totp.trim())) {
      setError({ kind: 'local', key: 'login.totpInvalid', field: 'totp' });
      return;
    }
    setPending(true);
    setError(null);
    try {
      await login({ username: username.trim(), password, ...(step === 'totp' ? { totp: totp.trim() } : {}) });
      navigate(returnPath(location.state), { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'totp_required' && step === 'credentials') {
        setStep('totp');
      } else {
        setError({
          kind: 'server',
          error: caught,
          field: caught instanceof ApiError ? caught.field : undefined,
        });
        if (step === 'totp') setTotp('');
      }
    } finally {
      setPending(false);
    }
  }

  function startOver() {
    setStep('credentials');
    setTotp('');
    setPassword('');
    setError(null);
  }

  const errorText =
    error === null ? null : error.kind === 'local' ? t(error.key) : errorMessage(error.error, lang);
  const invalid = (field: string) => (error?.field === field ? true : undefined);
  const notice = state.reason === 'expired' ? t('errors.sessionExpired') : null;

  return (
    <div className="login">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <main className="login__card" id="main">
        <div className="login__brand">
          <span className="brand__mark" aria-hidden="true">
            dc
          </span>
          <div>
            <p className="login__product" data-testid="product-name">
              {t('app.productName')}
            </p>
            <p className="login__console">{t('app.console')}</p>
          </div>
        </div>
        <h1>{t('login.heading')}</h1>
        <p className="muted">{t('login.intro')}</p>

        {notice && !errorText && (
          <p className="alert alert--info" role="status">
            {notice}
          </p>
        )}
        {errorText && (
          <p className="alert alert--error" role="alert" id="login-error" data-testid="login-error">
            {errorText}
          </p>
        )}

        <form onSubmit={(event) => void submit(event)} noValidate data-testid="login-form">
          <div className="field">
            <label htmlFor="username">{t('login.username')}</label>
            <input
              id="username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={64}
              required
              value={username}
              readOnly={step === 'totp'}
              aria-invalid={invalid('username')}
              aria-describedby={errorText ? 'login-error' : undefined}
              onChange={(e) => setUsername(e.target.value)}
              data-testid="login-username"
            />
          </div>
          <div className="field">
            <label htmlFor="password">{t('login.password')}</label>
            <input
              id="password"
              name="password"
              type={showPassword ? 'text' : 'password'}
              autoComplete="current-password"
              maxLength={256}
              required
              value={password}
              readOnly={step === 'totp'}
              aria-invalid={invalid('password')}
              aria-describedby={errorText ? 'login-error' : undefined}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="login-password"
            />
            {step === 'credentials' && (
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={showPassword}
                  onChange={(e) => setShowPassword(e.target.checked)}
                />
                {t('login.showPassword')}
              </label>
            )}
          </div>

          {step === 'totp' && (
            <div className="field field--totp">
              <p className="alert alert--info" role="status">
                {t('login.totpPrompt')}
              </p>
              <label htmlFor="totp">{t('login.totp')}</label>
              <input
                id="totp"
                name="totp"
                ref={totpRef}
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                className="input--code"
                value={totp}
                aria-invalid={invalid('totp')}
                aria-describedby="totp-hint"
                onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))}
                data-testid="login-totp"
              />
              <p className="hint" id="totp-hint">
                {t('login.totpHint')}
              </p>
            </div>
          )}

          <button
            type="submit"
            className="button button--primary button--block"
            disabled={pending}
            data-testid="login-submit"
          >
            {pending ? t('login.submitting') : step === 'totp' ? t('login.verify') : t('login.submit')}
          </button>
          {step === 'totp' && (
            <button type="button" className="button button--link" onClick={startOver}>
              {t('login.startOver')}
            </button>
          )}
        </form>
      </main>
    </div>
  );
}
