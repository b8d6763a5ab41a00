import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api.js';
import { Field } from '../../components/Field.js';
import { Pagination } from '../../components/Pagination.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { useFormProblems } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { peopleApi } from '../../people-api.js';
import { checkSearch, readSearch, searchParamsOf, type SearchForm } from './search-params.js';
import { SearchResults } from './SearchResults.js';
import { PurposeBar } from '../../components/ReasonPicker.js';

const FORM_FIELDS = ['q', 'birthYear', 'unitCode'];

function formOf(params: URLSearchParams): SearchForm {
  return {
    q: params.get('q') ?? '',
    birthYear: params.get('birthYear') ?? '',
    unitCode: params.get('unitCode') ?? '',
  };
}

/**
 * Person search: one box for a name (diacritics optional, typos tolerated), a PIN or an
 * old ID number, with birth-year and unit filters. It searches on submit, not as you type:
 * every hit is a logged read of personal data, so half-typed names must not be sent.
 */
export function PeopleSearchPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('people.search.pageTitle'));
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState<SearchForm>(() => formOf(params));
  const { messageFor, setLocal, setServer, clear, touch } = useFormProblems();
  const search = readSearch(params);
  const paramsKey = params.toString();
  useEffect(() => setForm(formOf(new URLSearchParams(paramsKey))), [paramsKey]); // back/forward

  const key = search ? JSON.stringify(search) : null;
  // Only called while `key` is not null, that is while there is a search to run.
  const results = useRemote(key, (signal) => peopleApi.search(search!, signal));
  const fieldError = results.error instanceof ApiError && FORM_FIELDS.includes(results.error.field ?? '');
  useEffect(() => {
    if (fieldError) setServer(results.error);
    else clear();
  }, [fieldError, results.error, setServer, clear]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = checkSearch(form, new Date().getFullYear());
    setLocal(problems);
    if (problems.length > 0) return;
    const next = searchParamsOf(form);
    if (new URLSearchParams(next).toString() === paramsKey) results.retry();
    else setParams(next);
  }

  const setPage = (page: number) =>
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (page > 1) updated.set('page', String(page));
      else updated.delete('page');
      return updated;
    });

  const set = (field: keyof SearchForm) => (value: string) => {
    touch(field);
    setForm((f) => ({ ...f, [field]: value }));
  };
  const data = results.data;

  return (
    <section className="page" aria-labelledby="people-heading" data-testid="people-search-page">
      <div className="page-head">
        <h1 id="people-heading">{t('people.search.pageTitle')}</h1>
        <div className="page-head__actions">
          <Link to="/people/new/birth" className="button button--primary" data-testid="new-birth">
            {t('people.birth.action')}
          </Link>
          <Link to="/people/new/death" className="button button--secondary" data-testid="new-death">
            {t('people.death.action')}
          </Link>
        </div>
      </div>
      <PurposeBar />
      <p className="lead">{t('people.search.intro')}</p>

      <div className="panel">
        <form
          className="search-form"
          role="search"
          onSubmit={submit}
          noValidate
          data-testid="people-search-form"
        >
          <Field
            name="q"
            label={t('people.search.label')}
            hint={t('search2.hint')}
            error={messageFor('q')}
            className="search-form__query"
          >
            {(p) => (
              <input
                {...p}
                type="search"
                className="input--wide"
                maxLength={100}
                autoComplete="off"
                spellCheck={false}
                placeholder={t('people.search.placeholder')}
                value={form.q}
                onChange={(e) => set('q')(e.target.value)}
                data-testid="people-search"
                autoFocus
              />
            )}
          </Field>
          <Field
            name="birthYear"
            label={t('people.search.birthYear')}
            error={messageFor('birthYear')}
            className="field--narrow"
          >
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                maxLength={4}
                placeholder="1980"
                value={form.birthYear}
                onChange={(e) => set('birthYear')(e.target.value.replace(/\D/g, ''))}
                data-testid="filter-birth-year"
              />
            )}
          </Field>
          <Field
            name="unitCode"
            label={t('people.search.unitCode')}
            hint={t('people.search.unitCodeHint')}
            error={messageFor('unitCode')}
            className="field--narrow"
          >
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                maxLength={5}
                placeholder="00004"
                value={form.unitCode}
                onChange={(e) => set('unitCode')(e.target.value.replace(/\D/g, ''))}
                data-testid="filter-unit"
              />
            )}
          </Field>
          <div className="search-form__submit">
            <button type="submit" className="button button--primary" data-testid="people-search-submit">
              {t('people.search.submit')}
            </button>
          </div>
        </form>

        {!search && <Empty>{t('people.search.prompt')}</Empty>}
        {search && results.status === 'error' && !fieldError && (
          <ErrorBox error={results.error} onRetry={results.retry} />
        )}
        {search && results.status === 'loading' && !data && <Loading label={t('people.search.searching')} />}
        {search && results.status === 'ok' && data?.items.length === 0 && (
          <Empty>{t('people.search.empty', { q: search.q })}</Empty>
        )}
        {search && data && data.items.length > 0 && !fieldError && (
          <>
            <SearchResults result={data} q={search.q} busy={results.status === 'loading'} />
            <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
          </>
        )}
      </div>
    </section>
  );
}
