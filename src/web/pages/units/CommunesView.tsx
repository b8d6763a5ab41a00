import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Pagination } from '../../components/Pagination.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { useRemote } from '../../hooks/useRemote.js';
import { provincesOf, unitsApi } from '../../units-api.js';
import { useSearchInput } from './params.js';
import { treeSearch, useTree } from './tree.js';
import { UnitTable } from './UnitTable.js';

/** One province's communes, a page at a time, with a filter box. */
export function CommunesView() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const [tree] = useTree();
  const { q, page, setPage, text, setText } = useSearchInput();

  const provinces = useRemote(tree, () => provincesOf(tree));
  const province = useMemo(() => provinces.data?.find((p) => p.code === code), [provinces.data, code]);
  const name = province?.name ?? code;

  const communes = useRemote(`${tree}|${code}|${page}|${q}`, (signal) =>
    unitsApi.communes(code, { tree, page, q }, signal),
  );
  const data = communes.data;

  return (
    <section aria-labelledby="communes-heading" className="panel" data-testid="communes">
      <p>
        <Link to={{ pathname: '/units', search: treeSearch(tree) }}>
          {t('units.communes.backToProvinces')}
        </Link>
      </p>
      <h2 id="communes-heading">
        {t(tree === 'pre2025' ? 'units.communes.headingPre2025' : 'units.communes.heading', { name })}
      </h2>

      <div className="field field--inline">
        <label htmlFor="commune-filter">{t('units.communes.filter')}</label>
        <input
          id="commune-filter"
          type="search"
          value={text}
          maxLength={100}
          placeholder={t('units.communes.filterPlaceholder')}
          onChange={(e) => setText(e.target.value)}
          data-testid="commune-filter"
        />
      </div>

      {communes.status === 'error' && <ErrorBox error={communes.error} onRetry={communes.retry} />}
      {communes.status === 'loading' && !data && <Loading />}
      {communes.status === 'ok' && data?.items.length === 0 && (
        <Empty>{q ? t('units.communes.emptyFiltered', { q }) : t('units.communes.empty')}</Empty>
      )}
      {data && data.items.length > 0 && (
        <>
          <UnitTable
            items={data.items}
            tree={tree}
            caption={t('units.communes.caption', { name })}
            testId="commune-list"
            busy={communes.status === 'loading'}
          />
          <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}
