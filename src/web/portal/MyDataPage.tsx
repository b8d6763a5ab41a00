import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { citizenApi, type IntegratedDocument, type MyData } from '../citizen-api.js';
import { Empty, ErrorBox, Loading } from '../components/Status.js';
import { formatDate } from '../format.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useRemote } from '../hooks/useRemote.js';
import type { Household, Residence } from '../people-api.js';
import { useLabels } from '../reference.js';

/** "My information": the registry record, residences, household, and documents held in the account. */
export function MyDataPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('portal.tabs.myData'));
  const data = useRemote('my-data', (signal) => citizenApi.myData(signal));
  if (data.status === 'error') return <ErrorBox error={data.error} onRetry={data.retry} />;
  if (!data.data) return <Loading />;
  return <MyDataView data={data.data} />;
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const empty = children === null || children === undefined || children === '';
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{empty ? <span className="muted">{t('common.none')}</span> : children}</dd>
    </>
  );
}

function MyDataView({ data }: { data: MyData }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { person, residences } = data.record;
  return (
    <div data-testid="my-data">
      <div className="cards cards--tight">
        <section className="card" aria-labelledby="my-person-heading" data-testid="my-person">
          <h2 id="my-person-heading">{t('portal.myData.personHeading')}</h2>
          <dl className="facts">
            <Fact label={t('people.field.fullName')} testId="my-fullName">
              {person.fullName}
            </Fact>
            <Fact label={t('people.field.pin')}>
              <span className="code">{person.pin}</span>
            </Fact>
            <Fact label={t('people.field.birthDate')} testId="my-birthDate">
              {formatDate(person.birthDate)}
            </Fact>
            <Fact label={t('people.field.sex')}>{t(`people.sex.${person.sex}`)}</Fact>
            <Fact label={t('people.field.nationality')}>
              {person.nationality === 'VN' ? t('people.nationalityVN') : person.nationality}
            </Fact>
            <Fact label={t('people.field.ethnicity')}>{labels.ethnicity(person.ethnicity)}</Fact>
            <Fact label={t('people.field.religion')}>{labels.religion(person.religion)}</Fact>
            <Fact label={t('people.field.birthPlace')}>{person.birthPlace}</Fact>
            <Fact label={t('people.field.originPlace')}>{person.originPlace}</Fact>
          </dl>
        </section>
        <HouseholdCard household={data.household} relation={data.record.household?.relation ?? null} />
      </div>
      <section className="panel section" aria-labelledby="my-residences-heading">
        <h2 id="my-residences-heading">{t('portal.myData.residencesHeading')}</h2>
        <Residences residences={residences} />
      </section>
      <section className="panel section" aria-labelledby="my-documents-heading" data-testid="my-documents">
        <h2 id="my-documents-heading">{t('portal.myData.documentsHeading')}</h2>
        <Documents documents={data.documents} />
      </section>
      <p className="muted section">{t('portal.myData.correctionHint')}</p>
    </div>
  );
}

function HouseholdCard({ household, relation }: { household: Household | null; relation: string | null }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const members = household?.members.filter((m) => m.validTo === null) ?? [];
  return (
    <section className="card" aria-labelledby="my-household-heading" data-testid="my-household">
      <h2 id="my-household-heading">{t('portal.myData.householdHeading')}</h2>
      {household ? (
        <>
          <dl className="facts">
            <Fact label={t('households.householdNo')}>
              <span className="code">{household.householdNo}</span>
            </Fact>
            <Fact label={t('portal.myData.address')}>{household.address}</Fact>
            <Fact label={t('households.relation')}>{labels.relation(relation)}</Fact>
          </dl>
          <h3 className="card__subheading">{t('portal.myData.members')}</h3>
          <ul className="member-list" data-testid="my-members">
            {members.map((m) => (
              <li key={m.pin} data-testid="my-member" data-pin={m.pin}>
                <span className="member-list__name">{m.fullName}</span>
                <span className="muted"> · {labels.relation(m.relation)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t('people.person.noHousehold')}</p>
      )}
    </section>
  );
}

function Residences({ residences }: { residences: Residence[] }) {
  const { t } = useTranslation();
  if (residences.length === 0) return <Empty>{t('people.residence.empty')}</Empty>;
  const sorted = [...residences].sort(
    (a, b) => Number(a.validTo !== null) - Number(b.validTo !== null) || b.validFrom.localeCompare(a.validFrom),
  );
  return (
    <div className="table-wrap">
      <table className="table table--cards" data-testid="my-residences">
        <thead>
          <tr>
            <th scope="col">{t('people.residence.kind')}</th>
            <th scope="col">{t('people.residence.address')}</th>
            <th scope="col">{t('people.residence.period')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.id} className={r.validTo === null ? 'row--open' : undefined} data-testid="my-residence">
              <td className="nowrap" data-label={t('people.residence.kind')}>
                {t(`people.residence.kinds.${r.kind}`)}
                {r.validTo === null && <span className="badge badge--open badge--inline">{t('people.residence.current')}</span>}
              </td>
              <td data-label={t('people.residence.address')}>
                <div>{r.address}</div>
                <div className="cell-note">{r.unitName ?? r.unitCode}</div>
              </td>
              <td className="nowrap" data-label={t('people.residence.period')}>
                {formatDate(r.validFrom)} – {r.validTo === null ? t('people.residence.now') : formatDate(r.validTo)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const DOCUMENT_KINDS = ['health_insurance', 'social_insurance', 'driving_licence', 'birth_certificate', 'marriage_certificate', 'vehicle_registration', 'other'] as const;
type DocumentKind = (typeof DOCUMENT_KINDS)[number];
const isDocumentKind = (kind: string): kind is DocumentKind => (DOCUMENT_KINDS as readonly string[]).includes(kind);

function Documents({ documents }: { documents: IntegratedDocument[] }) {
  const { t } = useTranslation();
  if (documents.length === 0) return <Empty>{t('portal.myData.noDocuments')}</Empty>;
  return (
    <div className="cards cards--tight documents">
      {documents.map((d) => (
        <article key={d.id} className="card document" data-testid="my-document" data-state={d.state}>
          <p className="document__kind muted">{isDocumentKind(d.kind) ? t(`portal.documents.kinds.${d.kind}`) : d.kind}</p>
          <h3>{d.title}</h3>
          <p>
            <span className={`badge badge--doc-${d.state}`}>{t(`portal.documents.states.${d.state}`)}</span>
          </p>
          <dl className="facts facts--compact">
            <Fact label={t('portal.documents.number')}>
              <span className="code">{d.number}</span>
            </Fact>
            <Fact label={t('portal.documents.issuer')}>{d.issuer}</Fact>
            <Fact label={t('portal.documents.valid')}>
              {formatDate(d.validFrom)} – {d.validUntil ? formatDate(d.validUntil) : t('portal.documents.noEnd')}
            </Fact>
            {Object.entries(d.fields).map(([k, v]) => (
              <Fact key={k} label={k}>
                {v}
              </Fact>
            ))}
          </dl>
        </article>
      ))}
    </div>
  );
}
