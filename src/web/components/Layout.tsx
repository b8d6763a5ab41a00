import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { mustEnrolTotp, useAuth, useOfficer } from '../auth.js';
import { permissionFor } from '../console-routes.js';
import { NotPermittedPage } from '../pages/NotPermittedPage.js';
import { Header } from './Header.js';
import { SideNav } from './SideNav.js';
import { PageOutlet } from '../lazy-page.js';

const SECURITY = '/account/security';

/**
 * Header, side navigation by role, and the page. Rendered only behind <RequireAuth>. A page
 * the role may not use shows "not permitted"; an officer who must turn TOTP on first is led
 * to the security page whatever they open.
 */
export function Layout() {
  const { t } = useTranslation();
  const officer = useOfficer();
  const { state } = useAuth();
  const { pathname } = useLocation();
  const needed = permissionFor(pathname);
  const permitted = !needed || (state.status === 'signed_in' && state.permissions.includes(needed));
  if (mustEnrolTotp(officer) && pathname !== SECURITY) return <Navigate to={SECURITY} replace />;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header officer={officer} />
      <div className="shell__body">
        <SideNav role={officer.role} />
        <main id="main" className="content" tabIndex={-1}>
          {permitted ? <PageOutlet /> : <NotPermittedPage />}
        </main>
      </div>
      <footer className="footer">{t('app.footer')}</footer>
    </div>
  );
}
