import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Pagination } from '../../components/Pagination.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { useRemote } from '../../hooks/useRemote.js';
import { parseLevel, unitsApi, type UnitLevel } from '../../units-api.js';
import { useSearchInput } from './params.js';
import { useTree } from './tree.js';
import { UnitTable } from './UnitTable.js';

const MIN_LENGTH = 2;

/** Search every unit of a tree by name or code, diacritics optional, as you type. */
export function SearchView() {
  const { t } = useTranslation();
  const [tree] = useTree();
  const { q, page, setPage, text, setText, pending } = useSearchInput();
  const [params, setParams] = useSearchParams();
  const level = parseLevel(params.get('level'));
  const ready = q.length >= MIN_LENGTH;

  const setLevel = (next: UnitLevel | undefined) =>
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (next) updated.set('level', next);
      else updated.delete('level');
      updated.delete('page');
      return updated;
    });

  const results = useRemote(ready ? `${tree}|${level ?? ''}|${page}|${q}` : null, (signal) =>
    unitsApi.search({ q, tree, page, level }, signal),
  );
  const data = results.data;
  const searching = ready && (results.status === 'loading' || pending);

  return (
    <section aria-labelledby="search-heading" className="panel" data-testid="search">
      <h2 id="search-heading" className="visually-hidden">
        {t('units.search.label')}
      </h2>
      <form className="search-form" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field search-form__query">
          <label htmlFor="unit-search">{t('units.search.label')}</label>
          <input
            id="unit-search"
            type="search"
            className="input--wide"
            value={text}
            maxLength={100}
            autoComplete="off"
            spellCheck={false}
            placeholder={t('units.search.placeholder')}
            aria-describedby="unit-search-hint"
            onChange={(e) => setText(e.target.value)}
            data-testid="unit-search"
            // The search tab exists to type into.
            autoFocus
          />
          <p className="hint" id="unit-search-hint">
            {t('units.search.hint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="unit-level">{t('units.search.levelLabel')}</label>
          <select
            id="unit-level"
            value={level ?? ''}
            onChange={(e) => setLevel(parseLevel(e.target.value))}
            data-testid="unit-level"
          >
            <option value="">{t('units.search.levelAll')}</option>
            <option value="province">{t('units.search.levelProvince')}</option>
            {tree === 'pre2025' && <option value="district">{t('units.search.levelDistrict')}</option>}
            <option value="commune">{t('units.search.levelCommune')}</option>
          </select>
        </div>
      </form>

      {!ready && text.trim().length > 0 && !pending && <Empty>{t('units.search.tooShort')}</Empty>}
      {ready && results.status === 'error' && <ErrorBox error={results.error} onRetry={results.retry} />}
      {searching && !data && <Loading label={t('units.search.searching')} />}
      {ready && results.status === 'ok' && data?.items.length === 0 && (
        <Empty>{t('units.search.empty', { q })}</Empty>
      )}
      {ready && data && data.items.length > 0 && (
        <>
          <UnitTable
            items={data.items}
            tree={tree}
            caption={t('units.search.caption', { q })}
            testId="search-results"
            showProvince
            showValidity
            busy={searching}
          />
          <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}
