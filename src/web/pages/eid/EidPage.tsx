import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import type { AccountStatus } from '../../eid-api.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';

const TABS = [
  { key: 'review', to: '/eid', end: true },
  { key: 'level2', to: '/eid/level2' },
  { key: 'accounts', to: '/eid/accounts' },
] as const;

/** The officers' e-ID desk: the review queue of enrolments, level-2 verification at the counter, accounts. */
export function EidPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('eid.pageTitle'));
  return (
    <section className="page" aria-labelledby="eid-heading" data-testid="eid-page">
      <h1 id="eid-heading">{t('eid.heading')}</h1>
      <p className="lead">{t('eid.intro')}</p>
      <nav className="tabs" aria-label={t('eid.tabsLabel')}>
        <ul>
          {TABS.map((tab) => (
            <li key={tab.key}>
              <NavLink
                to={tab.to}
                end={'end' in tab}
                className={({ isActive }) => (isActive ? 'tabs__link active' : 'tabs__link')}
                data-testid={`eid-tab-${tab.key}`}
              >
                {t(`eid.tabs.${tab.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </section>
  );
}

export function AccountStatusBadge({ status }: { status: AccountStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--acct-${status}`} data-testid="account-status">
      {t(`eid.status.${status}`)}
    </span>
  );
}
