import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { Loading } from '../components/Status.js';
import { useCitizen, useCitizenAuth } from './citizen-auth.js';
import { Brand } from '../components/Brand.js';

/** Renders the portal for a logged-in citizen; otherwise /portal/login?next=… and back afterwards. */
export function RequireCitizen({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { state } = useCitizenAuth();
  const location = useLocation();
  if (state.status === 'checking') {
    return (
      <div className="splash">
        <Loading label={t('login.checking')} />
      </div>
    );
  }
  if (state.status === 'anonymous') {
    // Back to this page after login, unless the citizen chose to leave (log out, lock).
    const next = location.pathname + location.search;
    const keep = (state.reason === 'none' || state.reason === 'expired') && next !== '/portal';
    const search = keep ? `?${new URLSearchParams({ next }).toString()}` : '';
    return <Navigate to={`/portal/login${search}`} replace />;
  }
  return <>{children}</>;
}

export function LevelBadge({ level }: { level: number }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--level badge--level-${level}`} data-testid="eid-level">
      {t('portal.level', { level })}
    </span>
  );
}

const TABS = [
  { key: 'myData', to: '/portal', end: true },
  { key: 'card', to: '/portal/card' },
  { key: 'procedures', to: '/portal/procedures' },
  { key: 'dossiers', to: '/portal/dossiers' },
  { key: 'consents', to: '/portal/consents' },
  { key: 'access', to: '/portal/access' },
  { key: 'activity', to: '/portal/activity' },
  { key: 'ct07', to: '/portal/ct07' },
  { key: 'security', to: '/portal/security' },
  { key: 'children', to: '/portal/children', level2: true },
] as const;

/** The portal's own frame: header with the citizen and language, who they are, tabs, the page. */
export function PortalLayout() {
  const { t } = useTranslation();
  const account = useCitizen();
  const { logout } = useCitizenAuth();
  const [leaving, setLeaving] = useState(false);
  return (
    <div className="shell portal">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar" data-testid="portal-header">
        <Brand to="/portal" title={t('portal.title')} />
        <div className="topbar__end">
          <div className="who" data-testid="citizen">
            <span className="visually-hidden">{t('header.signedInAs')}: </span>
            <span className="who__name">{account.fullName}</span>
            <span className="who__unit">{t('portal.level', { level: account.level })}</span>
          </div>
          <LanguageSwitch />
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="portal-logout"
            disabled={leaving}
            onClick={() => {
              setLeaving(true);
              void logout();
            }}
          >
            {leaving ? t('header.loggingOut') : t('header.logout')}
          </button>
        </div>
      </header>
      <main id="main" className="content portal__content" tabIndex={-1}>
        <div className="person-head portal-head">
          <h1 data-testid="portal-name">{account.fullName}</h1>
          <p className="person-head__facts">
            <span className="muted">{t('portal.pin')}</span>
            <span className="code person-head__pin" data-testid="portal-pin">
              {account.pin}
            </span>
            <LevelBadge level={account.level} />
          </p>
        </div>
        <nav className="tabs" aria-label={t('portal.tabsLabel')}>
          <ul>
            {TABS.filter((tab) => !('level2' in tab) || account.level >= 2).map((tab) => (
              <li key={tab.key}>
                <NavLink
                  to={tab.to}
                  end={'end' in tab}
                  className={({ isActive }) => (isActive ? 'tabs__link active' : 'tabs__link')}
                  data-testid={`portal-tab-${tab.key}`}
                >
                  {t(`portal.tabs.${tab.key}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <Outlet />
      </main>
      <footer className="footer">{t('portal.footer')}</footer>
    </div>
  );
}
