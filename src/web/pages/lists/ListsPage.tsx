import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Query } from '../../api.js';
import { Pagination } from '../../components/Pagination.js';
import { PinLink, StatusBadge, UnitLabel } from '../../components/PersonBits.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { formatDate, formatNumber } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { downloadExport, listsApi, type ExportFormat, type ListKind } from '../../lists-api.js';
import { errorMessage } from '../../api.js';
import { PurposeBar } from '../../components/ReasonPicker.js';

/** The filters each list understands, as they appear in the page's address (so a figure can link to a filtered list). */
const FILTERS: Record<ListKind, readonly string[]> = {
  people: ['unitCode', 'status', 'sex', 'bornIn', 'aged14', 'diedIn', 'noIdNumber', 'sort', 'dir'],
  households: ['unitCode', 'headless', 'minMembers', 'maxMembers', 'address', 'sort', 'dir'],
};

function queryOf(kind: ListKind, params: URLSearchParams): Query {
  const q: Query = {};
  for (const key of FILTERS[kind]) {
    const v = params.get(key);
    if (v) q[key] = v;
  }
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 1) q.page = page;
  return q;
}

/** `/lists` (people by filters) and `/lists/households`: browse, sort, page and take away as Excel or CSV. */
export function ListsPage({ kind }: { kind: ListKind }) {
  const { t } = useTranslation();
  useDocumentTitle(t(`lists.title.${kind}`));
  const tabs: Array<{ key: ListKind; to: string }> = [
    { key: 'people', to: '/lists' },
    { key: 'households', to: '/lists/households' },
  ];
  return (
    <section className="page" aria-labelledby="lists-heading" data-testid={`lists-${kind}`}>
      <h1 id="lists-heading">{t(`lists.title.${kind}`)}</h1>
      <p className="lead">{t(`lists.intro.${kind}`)}</p>
      <PurposeBar />
      <nav className="tabs" aria-label={t('lists.tabsLabel')}>
        <ul>
          {tabs.map((tab) => (
            <li key={tab.key}>
              <Link to={tab.to} className={tab.key === kind ? 'tabs__link active' : 'tabs__link'} aria-current={tab.key === kind ? 'page' : undefined} data-testid={`lists-tab-${tab.key}`}>
                {t(`lists.title.${tab.key}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {kind === 'people' ? <PeopleList /> : <HouseholdList />}
    </section>
  );
}

function useListParams(kind: ListKind) {
  const [params, setParams] = useSearchParams();
  const query = queryOf(kind, params);
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  return { params, query, set };
}

function SortHeader({ field, label, params, set, defaultSort, className }: { field: string; label: string; params: URLSearchParams; set: (c: Record<string, string | null>) => void; defaultSort: string; className?: string }) {
  const { t } = useTranslation();
  const active = (params.get('sort') ?? defaultSort) === field;
  const dir = params.get('dir') === 'desc' ? 'desc' : 'asc';
  return (
    <th scope="col" className={className} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => set({ sort: field, dir: active && dir === 'asc' ? 'desc' : 'asc' })} data-testid={`sort-${field}`} title={t('lists.sortHint')}>
        {label}
        <span aria-hidden="true" className="sort-button__arrow">{active ? (dir === 'asc' ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );
}

function FilterForm({ children, onApply, onClear }: { children: ReactNode; onApply: () => void; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <form
      className="panel filter-form"
      data-testid="list-filters"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onApply();
      }}
    >
      <div className="filter-form__fields">{children}</div>
      <div className="filter-form__actions">
        <button type="submit" className="button button--primary" data-testid="filters-apply">{t('lists.apply')}</button>
        <button type="button" className="button button--ghost" onClick={onClear}>{t('lists.clear')}</button>
      </div>
    </form>
  );
}

function Input({ name, label, value, onChange, hint, pattern, inputMode }: { name: string; label: string; value: string; onChange: (v: string) => void; hint?: string; pattern?: string; inputMode?: 'numeric' | 'text' }) {
  return (
    <label className="filter-field">
      <span className="filter-field__label">{label}</span>
      <input name={name} className="input" value={value} onChange={(e) => onChange(e.target.value)} pattern={pattern} inputMode={inputMode} data-testid={`filter-${name}`} />
      {hint && <span className="filter-field__hint muted">{hint}</span>}
    </label>
  );
}

function Select({ name, label, value, onChange, options }: { name: string; label: string; value: string; onChange: (v: string) => void; options: Array<[string, string]> }) {
  return (
    <label className="filter-field">
      <span className="filter-field__label">{label}</span>
      <select name={name} className="input" value={value} onChange={(e) => onChange(e.target.value)} data-testid={`filter-${name}`}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>{l}</option>
        ))}
      </select>
    </label>
  );
}

function Check({ name, label, checked, onChange }: { name: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="filter-check">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={`filter-${name}`} />
      {label}
    </label>
  );
}

function Total({ total, capped }: { total: number; capped: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  return <p className="muted" data-testid="list-total">{capped ? t('lists.totalCapped', { n: formatNumber(total, lang) }) : t('lists.total', { n: formatNumber(total, lang) })}</p>;
}

function PeopleList() {
  const { t } = useTranslation();
  const { params, query, set } = useListParams('people');
  const [draft, setDraft] = useState(() => Object.fromEntries(FILTERS.people.map((k) => [k, params.get(k) ?? ''])));
  const list = useRemote(`people|${JSON.stringify(query)}`, (signal) => listsApi.people(query, signal));
  const data = list.data;
  const field = (k: string) => draft[k] ?? '';
  const setField = (k: string) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const bool = (k: string) => (v: boolean) => setDraft((d) => ({ ...d, [k]: v ? 'true' : '' }));

  return (
    <>
      <FilterForm onApply={() => set(Object.fromEntries(['unitCode', 'status', 'sex', 'bornIn', 'aged14', 'diedIn', 'noIdNumber'].map((k) => [k, field(k)])))} onClear={() => { setDraft({}); set(Object.fromEntries(FILTERS.people.map((k) => [k, null]))); }}>
        <Input name="bornIn" label={t('lists.filter.bornIn')} hint={t('lists.filter.yearOrMonthHint')} value={field('bornIn')} onChange={setField('bornIn')} />
        <Input name="diedIn" label={t('lists.filter.diedIn')} hint={t('lists.filter.yearOrMonthHint')} value={field('diedIn')} onChange={setField('diedIn')} />
        <Select name="status" label={t('lists.filter.status')} value={field('status')} onChange={setField('status')} options={[['', t('lists.any')], ['living', t('people.status.living')], ['deceased', t('people.status.deceased')]]} />
        <Select name="sex" label={t('lists.filter.sex')} value={field('sex')} onChange={setField('sex')} options={[['', t('lists.any')], ['M', t('people.sex.M')], ['F', t('people.sex.F')]]} />
        <Input name="unitCode" label={t('lists.filter.unitCode')} hint={t('lists.filter.unitCodeHint')} value={field('unitCode')} onChange={setField('unitCode')} inputMode="numeric" />
        <Check name="aged14" label={t('lists.filter.aged14')} checked={field('aged14') === 'true'} onChange={bool('aged14')} />
        <Check name="noIdNumber" label={t('lists.filter.noIdNumber')} checked={field('noIdNumber') === 'true'} onChange={bool('noIdNumber')} />
      </FilterForm>
      <ExportPanel kind="people" query={query} />
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
      {list.status === 'loading' && !data && <Loading />}
      {data && (
        <section className="panel" aria-label={t('lists.title.people')}>
          <Total total={data.total} capped={data.totalCapped} />
          {data.items.length === 0 ? (
            <Empty>{t('lists.empty')}</Empty>
          ) : (
            <div className="table-wrap" aria-busy={list.status === 'loading'}>
              <table className="table" data-testid="people-list">
                <thead>
                  <tr>
                    <SortHeader field="pin" label={t('people.field.pin')} params={params} set={set} defaultSort="name" />
                    <SortHeader field="name" label={t('people.field.fullName')} params={params} set={set} defaultSort="name" />
                    <SortHeader field="birthDate" label={t('people.field.birthDate')} params={params} set={set} defaultSort="name" />
                    <th scope="col">{t('people.field.sex')}</th>
                    <th scope="col">{t('people.field.status')}</th>
                    <th scope="col">{t('lists.unit')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((p) => (
                    <tr key={p.pin} data-testid="list-row" data-pin={p.pin}>
                      <td className="nowrap"><PinLink pin={p.pin} /></td>
                      <th scope="row">{p.fullName}</th>
                      <td className="nowrap">{formatDate(p.birthDate)}</td>
                      <td>{t(`people.sex.${p.sex}`)}</td>
                      <td>
                        <StatusBadge status={p.status} />
                        {p.deathDate && <span className="muted"> {formatDate(p.deathDate)}</span>}
                      </td>
                      <td><UnitLabel code={p.unitCode} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={(n) => set({ page: n > 1 ? String(n) : null })} />
        </section>
      )}
    </>
  );
}

function HouseholdList() {
  const { t } = useTranslation();
  const { params, query, set } = useListParams('households');
  const [draft, setDraft] = useState(() => Object.fromEntries(FILTERS.households.map((k) => [k, params.get(k) ?? ''])));
  const list = useRemote(`households|${JSON.stringify(query)}`, (signal) => listsApi.households(query, signal));
  const data = list.data;
  const field = (k: string) => draft[k] ?? '';
  const setField = (k: string) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));

  return (
    <>
      <FilterForm onApply={() => set(Object.fromEntries(['unitCode', 'headless', 'minMembers', 'maxMembers', 'address'].map((k) => [k, field(k).trim()])))} onClear={() => { setDraft({}); set(Object.fromEntries(FILTERS.households.map((k) => [k, null]))); }}>
        <Input name="address" label={t('lists.filter.address')} hint={t('lists.filter.addressHint')} value={field('address')} onChange={setField('address')} />
        <Input name="minMembers" label={t('lists.filter.minMembers')} value={field('minMembers')} onChange={setField('minMembers')} inputMode="numeric" />
        <Input name="maxMembers" label={t('lists.filter.maxMembers')} value={field('maxMembers')} onChange={setField('maxMembers')} inputMode="numeric" />
        <Input name="unitCode" label={t('lists.filter.unitCode')} hint={t('lists.filter.unitCodeHint')} value={field('unitCode')} onChange={setField('unitCode')} inputMode="numeric" />
        <Check name="headless" label={t('lists.filter.headless')} checked={field('headless') === 'true'} onChange={(v) => setDraft((d) => ({ ...d, headless: v ? 'true' : '' }))} />
      </FilterForm>
      <ExportPanel kind="households" query={query} />
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
      {list.status === 'loading' && !data && <Loading />}
      {data && (
        <section className="panel" aria-label={t('lists.title.households')}>
          <Total total={data.total} capped={data.totalCapped} />
          {data.items.length === 0 ? (
            <Empty>{t('lists.empty')}</Empty>
          ) : (
            <div className="table-wrap" aria-busy={list.status === 'loading'}>
              <table className="table" data-testid="households-list">
                <thead>
                  <tr>
                    <SortHeader field="householdNo" label={t('households.householdNo')} params={params} set={set} defaultSort="householdNo" />
                    <SortHeader field="address" label={t('households.address')} params={params} set={set} defaultSort="householdNo" />
                    <th scope="col">{t('households.head')}</th>
                    <SortHeader field="members" label={t('households.memberCount')} params={params} set={set} defaultSort="householdNo" className="num" />
                    <th scope="col">{t('lists.unit')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((h) => (
                    <tr key={h.householdNo} data-testid="list-row" data-household={h.householdNo}>
                      <td className="nowrap"><Link to={`/households/${h.householdNo}`} className="code">{h.householdNo}</Link></td>
                      <th scope="row">{h.address}</th>
                      <td>{h.headPin ? <>{h.headName} · <PinLink pin={h.headPin} /></> : <span className="text-danger">{t('households.noHead')}</span>}</td>
                      <td className="num">{h.members}</td>
                      <td><UnitLabel code={h.unitCode} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={(n) => set({ page: n > 1 ? String(n) : null })} />
        </section>
      )}
    </>
  );
}

/** Excel or CSV of the whole filtered list: the officer says why (kept in the access log the citizen sees). */
function ExportPanel({ kind, query }: { kind: ListKind; query: Query }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [purpose, setPurpose] = useState('');
  const [state, setState] = useState<{ status: 'idle' } | { status: 'busy' } | { status: 'done'; name: string } | { status: 'error'; message: string }>({ status: 'idle' });
  const [touched, setTouched] = useState(false);
  const short = purpose.trim().length < 3;

  async function run(format: ExportFormat) {
    setTouched(true);
    if (short) return;
    setState({ status: 'busy' });
    try {
      setState({ status: 'done', name: await downloadExport(kind, query, format, purpose.trim()) });
    } catch (error) {
      setState({ status: 'error', message: errorMessage(error, lang) });
    }
  }

  return (
    <section className="panel export-panel" aria-labelledby="export-heading" data-testid="export-panel">
      <h2 id="export-heading" className="export-panel__title">{t('lists.export.heading')}</h2>
      <label className="filter-field export-panel__purpose">
        <span className="filter-field__label">{t('lists.export.purpose')}</span>
        <input className={touched && short ? 'input input--invalid' : 'input'} value={purpose} maxLength={200} onChange={(e) => setPurpose(e.target.value)} aria-invalid={touched && short} aria-describedby="export-purpose-hint" data-testid="export-purpose" />
        <span id="export-purpose-hint" className={touched && short ? 'filter-field__hint text-danger' : 'filter-field__hint muted'}>{touched && short ? t('lists.export.purposeRequired') : t('lists.export.purposeHint')}</span>
      </label>
      <div className="export-panel__buttons">
        <button type="button" className="button button--secondary" disabled={state.status === 'busy'} onClick={() => void run('xlsx')} data-testid="export-xlsx">{t('lists.export.xlsx')}</button>
        <button type="button" className="button button--ghost" disabled={state.status === 'busy'} onClick={() => void run('csv')} data-testid="export-csv">{t('lists.export.csv')}</button>
      </div>
      <p className="export-panel__status" role="status" data-testid="export-status">
        {state.status === 'busy' && t('lists.export.busy')}
        {state.status === 'done' && t('lists.export.done', { name: state.name })}
        {state.status === 'error' && <span className="text-danger">{state.message}</span>}
      </p>
      <p className="muted export-panel__note">{t('lists.export.note')}</p>
    </section>
  );
}
