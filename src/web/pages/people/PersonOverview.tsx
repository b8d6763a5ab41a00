import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { UnitLabel } from '../../components/PersonBits.js';
import { ErrorBox, Loading } from '../../components/Status.js';
import { useRemote } from '../../hooks/useRemote.js';
import { formatDate } from '../../format.js';
import { peopleApi, type Person, type PersonDetails, type Relative } from '../../people-api.js';
import { useLabels } from '../../reference.js';
import { PinTable } from './PinTable.js';
import { usePerson } from './PersonPage.js';
import { ResidenceTable } from './ResidenceTable.js';
import { PersonCards } from '../cards/PersonCards.js';

/** Notice passed in navigation state after a successful change. */
export interface SavedState {
  saved?: { version: number };
}

/** The person's record: personal data, family, household, residence history, PINs held. */
export function PersonOverview() {
  const { t } = useTranslation();
  const { details } = usePerson();
  const location = useLocation();
  const saved = (location.state as SavedState | null)?.saved;

  return (
    <div className="person-overview" data-testid="person-overview">
      {saved && saved.version === details.person.version && (
        <p className="alert alert--success" role="status" data-testid="saved-notice">
          {t('people.edit.saved', { version: saved.version })}
        </p>
      )}
      <div className="cards cards--tight">
        <PersonalData person={details.person} />
        <div className="stack">
          <FamilyLinks person={details.person} />
          <HouseholdCard details={details} />
        </div>
      </div>
      <PersonCards pin={details.person.pin} living={details.person.status === 'living'} />
      <section className="panel section" aria-labelledby="residences-heading">
        <h2 id="residences-heading">{t('people.residence.heading')}</h2>
        <ResidenceTable residences={details.residences} />
      </section>
      <section className="panel section" aria-labelledby="pins-heading">
        <h2 id="pins-heading">{t('people.pins.heading')}</h2>
        <PinTable pins={details.pins} />
      </section>
    </div>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const empty = children === null || children === undefined || children === '' || children === false;
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{empty ? <span className="muted">{t('common.none')}</span> : children}</dd>
    </>
  );
}

/** A place as written, with its unit code resolved to a name when there is one. */
function Place({ text, code }: { text: string | null; code: string | null }) {
  // The text already names the place (a birth writes the commune's name): the code only confirms it.
  if (text && code) {
    return (
      <>
        {text} <span className="code muted">({code})</span>
      </>
    );
  }
  return text ? <>{text}</> : <UnitLabel code={code} />;
}

function PersonalData({ person }: { person: Person }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <section className="card" aria-labelledby="personal-heading" data-testid="personal-data">
      <h2 id="personal-heading">{t('people.person.personalHeading')}</h2>
      <dl className="facts">
        <Fact label={t('people.field.fullName')}>{person.fullName}</Fact>
        <Fact label={t('people.field.birthDate')} testId="fact-birthDate">
          {formatDate(person.birthDate)}
        </Fact>
        <Fact label={t('people.field.sex')}>{t(`people.sex.${person.sex}`)}</Fact>
        <Fact label={t('people.field.nationality')}>
          {person.nationality === 'VN' ? t('people.nationalityVN') : person.nationality}
        </Fact>
        <Fact label={t('people.field.ethnicity')} testId="fact-ethnicity">
          {labels.ethnicity(person.ethnicity)}
        </Fact>
        <Fact label={t('people.field.religion')} testId="fact-religion">
          {labels.religion(person.religion)}
        </Fact>
        <Fact label={t('birth2.legends.birthPlace')} testId="fact-placeOfBirth">
          {(person.birthFacility || person.birthAddress || person.birthAddressUnitCode) && (
            <>
              {[person.birthFacility, person.birthAddress].filter(Boolean).join(', ')}
              {(person.birthFacility || person.birthAddress) && person.birthAddressUnitCode && ' · '}
              {person.birthAddressUnitCode && <UnitLabel code={person.birthAddressUnitCode} />}
            </>
          )}
        </Fact>
        <Fact label={t('people.field.birthPlace')} testId="fact-birthPlace">
          {(person.birthPlace || person.birthPlaceCode) && (
            <Place text={person.birthPlace} code={person.birthPlaceCode} />
          )}
        </Fact>
        <Fact label={t('people.field.originPlace')}>
          {(person.originPlace || person.originPlaceCode) && (
            <Place text={person.originPlace} code={person.originPlaceCode} />
          )}
        </Fact>
        <Fact label={t('people.field.identifyingMarks')} testId="fact-identifyingMarks">
          {person.identifyingMarks}
        </Fact>
        <Fact label={t('people.field.oldId9')}>
          {person.oldId9 && <span className="code">{person.oldId9}</span>}
        </Fact>
        <Fact label={t('people.field.oldId12')}>
          {person.oldId12 && <span className="code">{person.oldId12}</span>}
        </Fact>
        <Fact label={t('people.field.unit')}>
          <UnitLabel code={person.unitCode} />
        </Fact>
        {person.deathDate && <Fact label={t('people.field.deathDate')}>{formatDate(person.deathDate)}</Fact>}
      </dl>
    </section>
  );
}

/**
 * Parents, spouse and children by name, each a link to their record; a relative outside the
 * officer's area shows only as such (the server sends nothing more, and logs every relative
 * it does show).
 */
function FamilyLinks({ person }: { person: Person }) {
  const { t } = useTranslation();
  const family = useRemote(`family-${person.pin}-${person.version}`, (signal) => peopleApi.family(person.pin, signal));
  const one = (relative: Relative | null | undefined, testId: string) =>
    relative ? <RelativeItem relative={relative} testId={testId} /> : null;
  return (
    <section className="card" aria-labelledby="family-heading" data-testid="family-links">
      <h2 id="family-heading">{t('family.heading')}</h2>
      {family.status === 'error' && <ErrorBox error={family.error} onRetry={family.retry} />}
      {!family.data && family.status !== 'error' && <Loading />}
      {family.data && (
        <dl className="facts">
          <Fact label={t('family.father')}>{one(family.data.father, 'family-father')}</Fact>
          <Fact label={t('family.mother')}>{one(family.data.mother, 'family-mother')}</Fact>
          <Fact label={t('family.spouse')}>{one(family.data.spouse, 'family-spouse')}</Fact>
          <dt>{t('family.children')}</dt>
          <dd data-testid="family-children">
            {family.data.children.length === 0 ? (
              <span className="muted">{t('family.noChildren')}</span>
            ) : (
              <ul className="family-list">
                {family.data.children.map((c, i) => (
                  <li key={c.visible ? c.pin : `hidden-${i}`}>
                    <RelativeItem relative={c} testId="family-child" />
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      )}
    </section>
  );
}

function RelativeItem({ relative, testId }: { relative: Relative; testId: string }) {
  const { t } = useTranslation();
  if (!relative.visible) {
    return (
      <span className="muted relative relative--outside" data-testid={`${testId}-outside`}>
        {t('family.outside')}
      </span>
    );
  }
  return (
    <span className="relative" data-testid={testId}>
      <Link to={`/people/${relative.pin}`}>{relative.fullName}</Link>
      <span className="muted">
        {' · '}
        {t('family.born', { date: formatDate(relative.birthDate) })}
        {relative.status === 'deceased' && ` · ${t('family.deceased')}`}
      </span>
    </span>
  );
}

/** Where a child of this person is registered: their household, with them as a parent. */
export function birthLinkFor(person: Person, householdNo: string | undefined): string {
  const params = new URLSearchParams({ [person.sex === 'F' ? 'motherPin' : 'fatherPin']: person.pin });
  if (person.spousePin) params.set(person.sex === 'F' ? 'fatherPin' : 'motherPin', person.spousePin);
  if (householdNo) params.set('householdNo', householdNo);
  return `/people/new/birth?${params.toString()}`;
}

function HouseholdCard({ details }: { details: PersonDetails }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { household, person } = details;
  return (
    <section className="card" aria-labelledby="household-heading" data-testid="person-household">
      <h2 id="household-heading">{t('people.person.householdHeading')}</h2>
      {household ? (
        <dl className="facts">
          <Fact label={t('households.householdNo')}>
            <Link to={`/households/${household.householdNo}`} className="code" data-testid="household-link">
              {household.householdNo}
            </Link>
          </Fact>
          <Fact label={t('households.relation')}>{labels.relation(household.relation)}</Fact>
          <Fact label={t('households.since')}>{formatDate(household.validFrom)}</Fact>
        </dl>
      ) : (
        <p className="muted">{t('people.person.noHousehold')}</p>
      )}
      {person.status === 'living' && (
        <p className="card__actions">
          <Link
            to={birthLinkFor(person, household?.householdNo)}
            className="button button--ghost button--small"
            data-testid="birth-for-child"
          >
            {t('people.birth.forChild')}
          </Link>
        </p>
      )}
    </section>
  );
}
