import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOfficer } from '../auth.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { navFor } from '../nav.js';
import { devApi } from '../eid-api.js';
import { useRemote } from '../hooks/useRemote.js';
import { DeskFigures, RecentChanges } from './DeskSections.js';
import { listsApi } from '../lists-api.js';

/** Welcome and the officer's scope: role, unit, level. */
export function OverviewPage() {
  const { t } = useTranslation();
  const officer = useOfficer();
  useDocumentTitle(t('overview.pageTitle'));
  const nationwide = officer.unitLevel === 'nation';
  const registry = navFor(officer.role).some((item) => item.key === 'people');
  // The development outbox exists only where messages are not really sent (the demo).
  const outbox = useRemote('dev-outbox', (signal) => devApi.messages(undefined, signal, 1));
  const devOutbox = outbox.status === 'ok';
  // Registry figures for officers of a unit (and administrators, who read nationwide).
  const desk = useRemote(registry || officer.role === 'admin' ? 'overview' : null, (signal) => listsApi.overview(signal));
  const eid = useRemote('eid-pending', (signal) => listsApi.eidPending(signal));

  return (
    <section className="page" aria-labelledby="overview-heading" data-testid="overview">
      <h1 id="overview-heading">{t('overview.welcome', { name: officer.displayName })}</h1>
      <p className="lead">{t('overview.intro')}</p>

      {desk.status !== 'idle' && (
        <DeskFigures overview={desk.data} error={desk.status === 'error' ? desk.error : undefined} onRetry={desk.retry} eidPending={eid.data?.pending} />
      )}
      {desk.data && <RecentChanges overview={desk.data} />}

      <div className="cards">
        <section className="card" aria-labelledby="scope-heading" data-testid="scope">
          <h2 id="scope-heading">{t('overview.scopeHeading')}</h2>
          <dl className="facts">
            <dt>{t('overview.role')}</dt>
            <dd>{t(`roles.${officer.role}`)}</dd>
            {!nationwide && (
              <>
                <dt>{t('overview.unit')}</dt>
                <dd>{officer.unitName ?? t('common.none')}</dd>
              </>
            )}
            {officer.unitCode && (
              <>
                <dt>{t('overview.unitCode')}</dt>
                <dd className="code">{officer.unitCode}</dd>
              </>
            )}
            <dt>{t('overview.level')}</dt>
            <dd>{t(`levels.${officer.unitLevel}`)}</dd>
            <dt>{t('overview.username')}</dt>
            <dd className="code">{officer.username}</dd>
          </dl>
        </section>

        <section className="card" aria-labelledby="links-heading">
          <h2 id="links-heading">{t('overview.quickLinks')}</h2>
          <ul className="link-list">
            {registry && (
              <>
                <li>
                  <Link to="/people">{t('overview.linkPeople')}</Link>
                </li>
                <li>
                  <Link to="/people/new/birth">{t('overview.linkBirth')}</Link>
                </li>
                <li>
                  <Link to={{ pathname: '/households', search: '?headless=1' }}>
                    {t('overview.linkHeadless')}
                  </Link>
                </li>
              </>
            )}
            <li>
              <Link to="/eid">{t('overview.linkEid')}</Link>
            </li>
            <li>
              <Link to="/units">{t('overview.linkBrowse')}</Link>
            </li>
            <li>
              <Link to="/units/search">{t('overview.linkSearch')}</Link>
            </li>
            <li>
              <Link to="/units/convert">{t('overview.linkConvert')}</Link>
            </li>
            <li>
              <Link to="/audit">{t('overview.linkAudit')}</Link>
            </li>
          </ul>
        </section>

        <section className="card" aria-labelledby="citizen-links-heading" data-testid="citizen-links">
          <h2 id="citizen-links-heading">{t('overview.citizenHeading')}</h2>
          <p className="muted">{t('overview.citizenIntro')}</p>
          <ul className="link-list">
            <li>
              <Link to="/portal" data-testid="link-portal">
                {t('overview.linkPortal')}
              </Link>
            </li>
            {devOutbox && (
              <li>
                <Link to="/dev/messages" data-testid="link-dev-messages">
                  {t('overview.linkDevMessages')}
                </Link>
              </li>
            )}
          </ul>
        </section>
      </div>
    </section>
  );
}
