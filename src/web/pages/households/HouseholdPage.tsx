import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PinLink, StatusBadge, UnitLabel } from '../../components/PersonBits.js';
import { PrintButton, PrintHeader } from '../../components/Print.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { formatDate } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { peopleApi, type Household, type HouseholdMember } from '../../people-api.js';
import { useLabels } from '../../reference.js';
import { PurposeBar } from '../../components/ReasonPicker.js';

const HEAD = 'chu_ho';

/** Current members, head first; past members, most recently left first. */
export function splitMembers(members: HouseholdMember[]): {
  current: HouseholdMember[];
  past: HouseholdMember[];
} {
  const current = members
    .filter((m) => m.validTo === null)
    .sort(
      (a, b) =>
        Number(b.relation === HEAD) - Number(a.relation === HEAD) || a.birthDate.localeCompare(b.birthDate),
    );
  const past = members
    .filter((m) => m.validTo !== null)
    .sort((a, b) => (b.validTo ?? '').localeCompare(a.validTo ?? ''));
  return { current, past };
}

/** `/households/:householdNo`: address, head, members with their relation to the head. */
export function HouseholdPage() {
  const { t } = useTranslation();
  const { householdNo = '' } = useParams();
  useDocumentTitle(t('households.pageTitleOne', { householdNo }));
  const household = useRemote(householdNo, (signal) => peopleApi.household(householdNo, signal));
  const data = household.data?.householdNo === householdNo ? household.data : undefined;

  return (
    <section className="page" aria-labelledby="household-heading" data-testid="household-page">
      <p className="no-print">
        <Link to="/households">{t('households.back')}</Link>
      </p>
      <PurposeBar />
      <PrintHeader title={t('print.householdTitle')} />
      <div className="page-title-row">
        <h1 id="household-heading">{t('households.pageTitleOne', { householdNo })}</h1>
        {data && <PrintButton />}
      </div>
      {data && (
        <p className="no-print">
          <Link to={`/audit?target=${encodeURIComponent(householdNo)}&chain=change`} data-testid="household-history">
            {t('households.historyLink')}
          </Link>
        </p>
      )}
      {household.status === 'error' && <ErrorBox error={household.error} onRetry={household.retry} />}
      {!data && household.status !== 'error' && <Loading />}
      {data && <HouseholdView household={data} />}
    </section>
  );
}

function HouseholdView({ household }: { household: Household }) {
  const { t } = useTranslation();
  const { current, past } = splitMembers(household.members);
  const head = household.members.find((m) => m.pin === household.headPin && m.validTo === null);
  return (
    <>
      {household.headless && (
        <div className="alert alert--headless" role="alert" data-testid="headless-flag">
          <p>
            <strong>{t('households.headless')}</strong>
          </p>
          <p>{t('households.headlessText')}</p>
        </div>
      )}
      <section className="card" aria-label={t('households.summary')}>
        <dl className="facts">
          <dt>{t('households.householdNo')}</dt>
          <dd className="code">{household.householdNo}</dd>
          <dt>{t('households.address')}</dt>
          <dd data-testid="household-address">{household.address}</dd>
          <dt>{t('households.unit')}</dt>
          <dd>
            <UnitLabel code={household.unitCode} />
          </dd>
          <dt>{t('households.head')}</dt>
          <dd data-testid="household-head">
            {head ? (
              <>
                {head.fullName} · <PinLink pin={head.pin} />
              </>
            ) : (
              <span className="text-danger">{t('households.noHead')}</span>
            )}
          </dd>
        </dl>
        <p className="card__actions no-print">
          <Link
            to={`/people/new/birth?householdNo=${household.householdNo}`}
            className="button button--ghost button--small"
            data-testid="household-birth"
          >
            {t('households.registerBirth')}
          </Link>
        </p>
      </section>

      <section className="panel section" aria-labelledby="members-heading">
        <h2 id="members-heading">{t('households.members', { count: current.length })}</h2>
        {current.length === 0 ? (
          <Empty>{t('households.noMembers')}</Empty>
        ) : (
          <MemberTable members={current} testId="current-members" />
        )}
      </section>
      {past.length > 0 && (
        <section className="panel section" aria-labelledby="past-heading">
          <h2 id="past-heading">{t('households.pastMembers', { count: past.length })}</h2>
          <MemberTable members={past} testId="past-members" past />
        </section>
      )}
    </>
  );
}

function MemberTable({
  members,
  testId,
  past = false,
}: {
  members: HouseholdMember[];
  testId: string;
  past?: boolean;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <div className="table-wrap">
      <table className={past ? 'table table--past' : 'table'} data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('people.field.pin')}</th>
            <th scope="col">{t('people.field.fullName')}</th>
            <th scope="col">{t('households.relation')}</th>
            <th scope="col">{t('people.field.birthDate')}</th>
            <th scope="col">{t('people.field.sex')}</th>
            <th scope="col">{t('people.field.status')}</th>
            <th scope="col">{past ? t('households.period') : t('households.since')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr
              key={`${m.pin}-${m.validFrom}`}
              data-testid="member-row"
              data-pin={m.pin}
              data-relation={m.relation}
            >
              <td className="nowrap">
                <PinLink pin={m.pin} />
              </td>
              <th scope="row">{m.fullName}</th>
              <td>
                {m.relation === HEAD ? (
                  <strong>{labels.relation(m.relation)}</strong>
                ) : (
                  labels.relation(m.relation)
                )}
              </td>
              <td className="nowrap">{formatDate(m.birthDate)}</td>
              <td>{t(`people.sex.${m.sex}`)}</td>
              <td>
                <StatusBadge status={m.status} />
              </td>
              <td className="nowrap">
                {past ? `${formatDate(m.validFrom)} – ${formatDate(m.validTo)}` : formatDate(m.validFrom)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
