import { useTranslation } from 'react-i18next';
import { Link, useLocation, useOutletContext, useParams } from 'react-router';
import { PinLink, StatusBadge } from '../../components/PersonBits.js';
import { PrintButton, PrintHeader } from '../../components/Print.js';
import { ErrorBox, Loading } from '../../components/Status.js';
import { formatDate } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { peopleApi, type PersonDetails } from '../../people-api.js';
import { PurposeBar } from '../../components/ReasonPicker.js';
import { Ct07Button } from '../ct07/Ct07Button.js';
import { PageOutlet } from '../../lazy-page.js';

export interface PersonOutlet {
  details: PersonDetails;
  /** Fetch the record again (after an edit, or when someone else changed it). */
  reload: () => void;
}

/** The loaded person, for the views inside <PersonPage>. */
export function usePerson(): PersonOutlet {
  return useOutletContext<PersonOutlet>();
}

const TABS = [
  { key: 'overview', path: '' },
  { key: 'history', path: '/history' },
  { key: 'edit', path: '/edit' },
  { key: 'death', path: '/death' },
] as const;

/** A person's page: header, banners (old PIN, deceased), tabs, and the view of the tab. */
export function PersonPage() {
  const { t } = useTranslation();
  const { pin = '' } = useParams();
  const person = useRemote(pin, (signal) => peopleApi.person(pin, signal));
  const details = person.data?.requestedPin === pin ? person.data : undefined;
  useDocumentTitle(details?.person.fullName ?? t('people.person.pageTitle'));

  return (
    <section className="page" aria-labelledby="person-heading" data-testid="person-page">
      <p className="no-print">
        <Link to="/people">{t('people.person.backToSearch')}</Link>
      </p>
      <PurposeBar />
      {person.status === 'error' && (
        <>
          <h1 id="person-heading">{t('people.person.pageTitle')}</h1>
          <ErrorBox error={person.error} onRetry={person.retry} />
        </>
      )}
      {!details && person.status !== 'error' && <Loading />}
      {details && <PersonFrame details={details} reload={person.retry} />}
    </section>
  );
}

function PersonFrame({ details, reload }: PersonOutlet) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const { person, requestedPin, replacedBy } = details;
  const base = `/people/${requestedPin}`;
  const deceased = person.status === 'deceased';
  const tabs = TABS.filter((tab) => !deceased || (tab.key !== 'edit' && tab.key !== 'death'));

  return (
    <>
      <PrintHeader title={t('print.personTitle')} />
      <div className="person-head">
        <div className="page-title-row">
          <h1 id="person-heading" data-testid="person-name">
            {person.fullName}
          </h1>
          <PrintButton />
        </div>
        <p className="person-head__facts">
          <span className="code person-head__pin" data-testid="person-pin">
            {person.pin}
          </span>
          <span>{formatDate(person.birthDate)}</span>
          <span>{t(`people.sex.${person.sex}`)}</span>
          <StatusBadge status={person.status} />
          <span className="muted" data-testid="person-version">
            {t('people.person.version', { version: person.version })}
          </span>
        </p>
        {!deceased && <Ct07Button pin={person.pin} />}
      </div>

      {replacedBy && (
        <p className="alert alert--info" role="status" data-testid="replaced-banner">
          {t('people.person.replacedBanner', { old: requestedPin })} <PinLink pin={replacedBy} />
        </p>
      )}
      {deceased && (
        <div className="alert alert--deceased" role="status" data-testid="deceased-banner">
          <p>
            <strong>{t('people.person.deceasedTitle', { date: formatDate(person.deathDate) || '?' })}</strong>
          </p>
          <p>{t('people.person.deceasedLocked')}</p>
        </div>
      )}

      <nav className="tabs no-print" aria-label={t('people.person.tabsLabel')}>
        <ul>
          {tabs.map((tab) => {
            const to = `${base}${tab.path}`;
            const active = pathname === to || (tab.path === '' && pathname === `${base}/`);
            return (
              <li key={tab.key}>
                <Link
                  to={to}
                  className={active ? 'tabs__link active' : 'tabs__link'}
                  aria-current={active ? 'page' : undefined}
                  data-testid={`person-tab-${tab.key}`}
                >
                  {t(`people.person.tabs.${tab.key}`)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <PageOutlet context={{ details, reload } satisfies PersonOutlet} />
    </>
  );
}
