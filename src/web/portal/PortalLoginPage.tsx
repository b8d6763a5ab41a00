import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Loading } from '../components/Status.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useCitizenAuth } from './citizen-auth.js';
import { CitizenLoginForm } from './CitizenLoginForm.js';
import { PublicShell } from './PublicShell.js';
import { safeNext } from './portal-logic.js';

export function PortalLoginPage() {
  const { t } = useTranslation();
  const { state } = useCitizenAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  useDocumentTitle(t('portal.login.pageTitle'));
  const next = safeNext(params.get('next'));

  if (state.status === 'checking') {
    return (
      <div className="splash">
        <Loading label={t('login.checking')} />
      </div>
    );
  }
  if (state.status === 'signed_in') return <Navigate to={next} replace />;
  const notice =
    state.reason === 'expired'
      ? t('errors.sessionExpired')
      : state.reason === 'logged_out'
        ? t('portal.login.loggedOut')
        : state.reason === 'locked'
          ? t('portal.login.lockedNotice')
          : null;

  return (
    <PublicShell testId="portal-login-page">
      <h1>{t('portal.login.heading')}</h1>
      <p className="muted">{t('portal.login.intro')}</p>
      {notice && (
        <p className="alert alert--info" role="status" data-testid="portal-login-notice">
          {notice}
        </p>
      )}
      <CitizenLoginForm onDone={() => navigate(next, { replace: true })} />
      <ul className="portal-links">
        <li>
          <Link to="/portal/enrol" data-testid="link-enrol">
            {t('portal.login.enrolLink')}
          </Link>
        </li>
        <li>
          <Link to="/portal/activate" data-testid="link-activate">
            {t('portal.login.activateLink')}
          </Link>
        </li>
      </ul>
    </PublicShell>
  );
}
