import { useTranslation } from 'react-i18next';
import { TabNav, type TabLink } from '../../components/TabNav.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import './quality.css';
import { PageOutlet } from '../../lazy-page.js';

const TABS = [
  { key: 'duplicates', to: '/quality', end: true },
  { key: 'findings', to: '/quality/findings' },
  { key: 'report', to: '/quality/report' },
  { key: 'runs', to: '/quality/runs' },
] as const satisfies readonly TabLink<string>[];

/** The data-quality desk's frame: the heading and its four tabs (duplicates, cleaning list, report, runs). */
export function QualityPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('quality.title'));
  return (
    <section className="page" aria-labelledby="quality-heading" data-testid="quality-page">
      <h1 id="quality-heading" className="no-print">
        {t('quality.title')}
      </h1>
      <TabNav tabs={TABS} label={t('quality.tabsLabel')} labelOf={(key) => t(`quality.tabs.${key}`)} testIdPrefix="quality" />
      <PageOutlet />
    </section>
  );
}
