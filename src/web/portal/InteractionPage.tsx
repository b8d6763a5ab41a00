import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, errorMessage } from '../api.js';
import { interactionApi, type AbortReason, type InteractionView } from '../citizen-api.js';
import { ErrorBox, Loading } from '../components/Status.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useLang, type Lang } from '../i18n/index.js';
import { ScopeList } from './ActivityPage.js';
import { useCitizenAuth } from './citizen-auth.js';
import { CitizenLoginForm } from './CitizenLoginForm.js';
import { PublicShell } from './PublicShell.js';

type View =
  | { kind: 'loading' }
  | { kind: 'gone' }
  | { kind: 'error'; error: unknown }
  | { kind: 'ready'; details: InteractionView }
  | { kind: 'levelTooLow'; details: InteractionView; error: unknown }
  | { kind: 'redirecting' };

/**
 * A service's "log in with e-ID" request: log in here (the portal's two steps), the level is
 * checked against what the service needs, then the citizen consents to what it may read.
 */
export function InteractionPage() {
  const { t } = useTranslation();
  const { uid = '' } = useParams();
  const { state } = useCitizenAuth();
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // The login step is finished once per request, even if the effect runs again meanwhile.
  const loginPosted = useRef(new Set<string>());
  useDocumentTitle(t('portal.interaction.pageTitle'));

  const go = useCallback((redirectTo: string) => {
    setView({ kind: 'redirecting' });
    window.location.assign(redirectTo);
  }, []);

  const fail = useCallback((error: unknown, details?: InteractionView) => {
    if (error instanceof ApiError && error.code === 'interaction_not_found') setView({ kind: 'gone' });
    else if (error instanceof ApiError && error.code === 'level2_required' && details) setView({ kind: 'levelTooLow', details, error });
    // The service wants a newer login than the portal's (max_age, prompt=login): show the login form.
    else if (error instanceof ApiError && error.code === 'reauthentication_required' && details?.citizen) {
      loginPosted.current.delete(details.uid);
      setView({ kind: 'ready', details: { ...details, citizen: { ...details.citizen, reauthenticate: true } } });
    } else setView({ kind: 'error', error });
  }, []);

  useEffect(() => {
    if (state.status === 'checking') return;
    const controller = new AbortController();
    setView({ kind: 'loading' });
    interactionApi.details(uid, controller.signal).then(
      async (details) => {
        if (controller.signal.aborted) return;
        // Logged in and the service asks for login: finish it with this session (the server checks the level).
        if (details.prompt === 'login' && details.citizen && !details.citizen.reauthenticate && state.status === 'signed_in') {
          if (loginPosted.current.has(uid)) return;
          loginPosted.current.add(uid);
          try {
            go((await interactionApi.login(uid)).redirectTo);
          } catch (error) {
            fail(error, details);
          }
          return;
        }
        setView({ kind: 'ready', details });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) fail(error);
      },
    );
    return () => controller.abort();
  }, [uid, state.status, attempt, go, fail]);

  async function abort(reason: AbortReason) {
    try {
      go((await interactionApi.abort(uid, reason)).redirectTo);
    } catch (error) {
      fail(error);
    }
  }

  return (
    <PublicShell wide testId="interaction-page">
      {view.kind === 'loading' && <Loading />}
      {view.kind === 'redirecting' && <Loading label={t('portal.interaction.redirecting')} />}
      {view.kind === 'gone' && (
        <div data-testid="interaction-gone">
          <h1>{t('portal.interaction.goneTitle')}</h1>
          <p>{t('portal.interaction.goneText')}</p>
          <Beside text={(lng) => `${t('portal.interaction.goneTitle', { lng })}. ${t('portal.interaction.goneText', { lng })}`} />
        </div>
      )}
      {view.kind === 'error' && (
        <>
          <ErrorBox error={view.error} onRetry={() => setAttempt((n) => n + 1)} />
          <OtherLanguage error={view.error} />
        </>
      )}
      {view.kind === 'levelTooLow' && (
        <LevelTooLow details={view.details} error={view.error} onBack={() => void abort('unmet_authentication_requirements')} />
      )}
      {view.kind === 'ready' &&
        (view.details.prompt === 'consent' && view.details.citizen ? (
          <Consent
            details={view.details}
            onAccept={async () => {
              try {
                go((await interactionApi.consent(uid)).redirectTo);
              } catch (error) {
                fail(error, view.details);
              }
            }}
            onDecline={() => void abort('access_denied')}
          />
        ) : view.details.citizen && !view.details.citizen.levelSufficient ? (
          <LevelTooLow details={view.details} error={null} onBack={() => void abort('unmet_authentication_requirements')} />
        ) : (
          <section aria-labelledby="interaction-login-heading" data-testid="interaction-login">
            {view.details.citizen?.reauthenticate ? (
              <>
                <h1 id="interaction-login-heading">{t('portal.interaction.reauthTitle', { service: view.details.client.name })}</h1>
                <p className="alert alert--warning" role="status" data-testid="interaction-reauth">
                  {t('portal.interaction.reauthText')}
                </p>
                <Beside text={(lng) => t('portal.interaction.reauthText', { lng })} />
              </>
            ) : (
              <>
                <h1 id="interaction-login-heading">{t('portal.interaction.loginHeading', { service: view.details.client.name })}</h1>
                <Beside text={(lng) => t('portal.interaction.loginHeading', { service: view.details.client.name, lng })} />
              </>
            )}
            <p className="muted">
              {t('portal.interaction.loginIntro', { service: view.details.client.name })}
              {view.details.requiredLevel === 2 && ` ${t('portal.interaction.needsLevel2')}`}
            </p>
            {/* A login changes the session, which loads the request again (the attempt counter covers a second login in the same session). */}
            <CitizenLoginForm onDone={() => setAttempt((n) => n + 1)} />
            <p className="portal-links">
              <button type="button" className="button button--link" onClick={() => void abort('access_denied')} data-testid="interaction-cancel">
                {t('portal.interaction.cancel')}
              </button>
            </p>
          </section>
        ))}
    </PublicShell>
  );
}

/** The same text in the other language, beside the one the page is shown in (the interaction pages are read by citizens of both). */
function Beside({ text }: { text: (lng: Lang) => string }) {
  const other: Lang = useLang() === 'vi' ? 'en' : 'vi';
  return (
    <p className="muted" lang={other} data-testid="other-language">
      {text(other)}
    </p>
  );
}

function OtherLanguage({ error }: { error: unknown }) {
  const other: Lang = useLang() === 'vi' ? 'en' : 'vi';
  return <Beside text={() => errorMessage(error, other)} />;
}

function LevelTooLow({ details, error, onBack }: { details: InteractionView; error: unknown; onBack: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section aria-labelledby="level-heading" data-testid="interaction-level">
      <h1 id="level-heading">{t('portal.interaction.levelTitle', { service: details.client.name })}</h1>
      <p className="alert alert--warning" role="alert" data-testid="interaction-level-message">
        {error ? errorMessage(error, lang) : t('portal.interaction.levelText')}
      </p>
      {error ? <OtherLanguage error={error} /> : <Beside text={(lng) => t('portal.interaction.levelText', { lng })} />}
      <button type="button" className="button button--primary" onClick={onBack} data-testid="interaction-back">
        {t('portal.interaction.back')}
      </button>
    </section>
  );
}

function Consent({ details, onAccept, onDecline }: { details: InteractionView; onAccept: () => Promise<void>; onDecline: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <section aria-labelledby="consent-heading" data-testid="interaction-consent">
      <h1 id="consent-heading">{t('portal.interaction.consentHeading', { service: details.client.name })}</h1>
      <Beside text={(lng) => t('portal.interaction.consentHeading', { service: details.client.name, lng })} />
      <p>{t('portal.interaction.consentIntro', { service: details.client.name })}</p>
      {details.scopes.length > 0 ? (
        <ScopeList scopes={details.scopes} />
      ) : (
        <p className="muted">{t('portal.interaction.noScopes')}</p>
      )}
      <p className="muted">{t('portal.interaction.consentNote')}</p>
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onAccept().finally(() => setBusy(false));
          }}
          data-testid="consent-accept"
        >
          {t('portal.interaction.accept')}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={onDecline} data-testid="consent-decline">
          {t('portal.interaction.decline')}
        </button>
      </div>
    </section>
  );
}
