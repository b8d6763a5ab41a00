import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import './quality.css';

const TABS = [
  { key: 'duplicates', to: '/quality', end: true },
  { key: 'findings', to: '/quality/findings' },
  { key: 'report', to: '/quality/report' },
  { key: 'runs', to: '/quality/runs' },
] as const;

/** The data-quality desk's frame: the heading and its four tabs (duplicates, cleaning list, report, runs). */
export function QualityPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('quality.title'));
  return (
    <section className="page" aria-labelledby="quality-heading" data-testid="quality-page">
      <h1 id="quality-heading" className="no-print">
        {t('quality.title')}
      </h1>
      <nav className="tabs no-print" aria-label={t('quality.tabsLabel')}>
        <ul>
          {TABS.map((tab) => (
            <li key={tab.key}>
              <NavLink
                to={tab.to}
                end={'end' in tab}
                className={({ isActive }) => (isActive ? 'tabs__link active' : 'tabs__link')}
                data-testid={`quality-tab-${tab.key}`}
              >
                {t(`quality.tabs.${tab.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </section>
  );
}
