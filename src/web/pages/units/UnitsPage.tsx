import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { treeSearch, useTree } from './tree.js';
import { TreeToggle } from './TreeToggle.js';
import { PageOutlet } from '../../lazy-page.js';

const TABS = [
  { key: 'browse', to: '/units' },
  { key: 'search', to: '/units/search' },
  { key: 'convert', to: '/units/convert' },
] as const;

/** Administrative units: browse by province, search, and old → new code lookup. */
export function UnitsPage() {
  const { t } = useTranslation();
  const [tree] = useTree();
  const { pathname } = useLocation();
  useDocumentTitle(t('units.pageTitle'));
  const onConvert = pathname.startsWith('/units/convert');
  const onSearch = pathname.startsWith('/units/search');

  return (
    <section className="page" aria-labelledby="units-heading" data-testid="units-page">
      <h1 id="units-heading">{t('units.pageTitle')}</h1>
      <p className="lead">{t('units.intro')}</p>

      <nav className="tabs" aria-label={t('units.tabsLabel')}>
        <ul>
          {TABS.map((tab) => {
            // "By province" stays highlighted on a province's commune list too.
            const active = tab.key === 'browse' ? !onConvert && !onSearch : pathname === tab.to;
            return (
              <li key={tab.key}>
                <Link
                  to={{ pathname: tab.to, search: tab.key === 'convert' ? '' : treeSearch(tree) }}
                  className={active ? 'tabs__link active' : 'tabs__link'}
                  aria-current={active ? 'page' : undefined}
                  data-testid={`tab-${tab.key}`}
                >
                  {t(`units.tabs.${tab.key}`)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      {!onConvert && <TreeToggle />}
      <PageOutlet />
    </section>
  );
}
