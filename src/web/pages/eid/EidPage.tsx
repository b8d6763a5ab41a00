import { useTranslation } from 'react-i18next';
import { TabNav, type TabLink } from '../../components/TabNav.js';
import type { AccountStatus } from '../../eid-api.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { PageOutlet } from '../../lazy-page.js';

const TABS = [
  { key: 'review', to: '/eid', end: true },
  { key: 'level2', to: '/eid/level2' },
  { key: 'accounts', to: '/eid/accounts' },
] as const satisfies readonly TabLink<string>[];

/** The officers' e-ID desk: the review queue of enrolments, level-2 verification at the counter, accounts. */
export function EidPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('eid.pageTitle'));
  return (
    <section className="page" aria-labelledby="eid-heading" data-testid="eid-page">
      <h1 id="eid-heading">{t('eid.heading')}</h1>
      <p className="lead">{t('eid.intro')}</p>
      <TabNav tabs={TABS} label={t('eid.tabsLabel')} labelOf={(key) => t(`eid.tabs.${key}`)} testIdPrefix="eid" print />
      <PageOutlet />
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
