import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { useOfficer } from '../auth.js';
import { Header } from './Header.js';
import { SideNav } from './SideNav.js';

/** Header, side navigation by role, and the page. Rendered only behind <RequireAuth>. */
export function Layout() {
  const { t } = useTranslation();
  const officer = useOfficer();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header officer={officer} />
      <div className="shell__body">
        <SideNav role={officer.role} />
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <footer className="footer">{t('app.footer')}</footer>
    </div>
  );
}
