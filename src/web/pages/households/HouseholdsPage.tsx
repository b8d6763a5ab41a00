import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { TextField } from '../../components/Field.js';
import { Pagination } from '../../components/Pagination.js';
import { UnitLabel } from '../../components/PersonBits.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { useFormProblems } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { HOUSEHOLD_NO, peopleApi } from '../../people-api.js';
import { parsePage } from '../units/params.js';

/** `/households`: open a household by its number, or (`?headless=1`) the households that have no head. */
export function HouseholdsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const headless = params.get('headless') === '1';
  useDocumentTitle(t('households.pageTitle'));
  const tabs = [
    { key: 'lookup', search: '', active: !headless },
    { key: 'headless', search: '?headless=1', active: headless },
  ] as const;

  return (
    <section className="page" aria-labelledby="households-heading" data-testid="households-page">
      <h1 id="households-heading">{t('households.pageTitle')}</h1>
      <p className="lead">{t('households.intro')}</p>
      <nav className="tabs" aria-label={t('households.tabsLabel')}>
        <ul>
          {tabs.map((tab) => (
            <li key={tab.key}>
              <Link
                to={{ pathname: '/households', search: tab.search }}
                className={tab.active ? 'tabs__link active' : 'tabs__link'}
                aria-current={tab.active ? 'page' : undefined}
                data-testid={`households-tab-${tab.key}`}
              >
                {t(`households.tabs.${tab.key}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {headless ? <HeadlessList page={parsePage(params.get('page'))} /> : <HouseholdLookup />}
    </section>
  );
}

function HouseholdLookup() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const { messageFor, setLocal, touch } = useFormProblems();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = text.trim();
    if (!HOUSEHOLD_NO.test(value))
      return setLocal([{ field: 'householdNo', key: value ? 'householdNo' : 'required' }]);
    navigate(`/households/${value}`);
  }

  return (
    <form className="panel inline-form" onSubmit={submit} noValidate data-testid="household-lookup">
      <TextField
        name="householdNo"
        label={t('households.householdNo')}
        value={text}
        onChange={(v) => {
          touch('householdNo');
          setText(v.replace(/[^\d-]/g, ''));
        }}
        error={messageFor('householdNo')}
        hint={t('households.lookupHint')}
        input={{
          maxLength: 14,
          inputMode: 'numeric',
          placeholder: '00004-00001234',
          className: 'input--pin',
        }}
      />
      <button type="submit" className="button button--primary">
        {t('households.open')}
      </button>
    </form>
  );
}

function HeadlessList({ page }: { page: number }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const list = useRemote(`headless|${page}`, (signal) => peopleApi.headless(page, signal));
  const data = list.data;
  const setPage = (next: number) =>
    setParams(next > 1 ? { headless: '1', page: String(next) } : { headless: '1' });

  return (
    <section className="panel" aria-labelledby="headless-heading" data-testid="headless-list">
      <h2 id="headless-heading">{t('households.headlessHeading')}</h2>
      <p className="muted">{t('households.headlessIntro')}</p>
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
      {list.status === 'loading' && !data && <Loading />}
      {list.status === 'ok' && data?.items.length === 0 && <Empty>{t('households.headlessEmpty')}</Empty>}
      {data && data.items.length > 0 && (
        <>
          <div className="table-wrap" aria-busy={list.status === 'loading'}>
            <table className="table" data-testid="headless-table">
              <caption className="visually-hidden">{t('households.headlessHeading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('households.householdNo')}</th>
                  <th scope="col">{t('households.address')}</th>
                  <th scope="col">{t('households.unit')}</th>
                  <th scope="col" className="num">
                    {t('households.memberCount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((h) => (
                  <tr key={h.id} data-testid="headless-row" data-household={h.householdNo}>
                    <td className="nowrap">
                      <Link to={`/households/${h.householdNo}`} className="code">
                        {h.householdNo}
                      </Link>
                    </td>
                    <th scope="row">{h.address}</th>
                    <td>
                      <UnitLabel code={h.unitCode} />
                    </td>
                    <td className="num">{h.members}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}
