import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { errorMessage, type Query } from '../../api.js';
import { useOfficer } from '../../auth.js';
import { Pagination } from '../../components/Pagination.js';
import { PinLink, UnitLabel } from '../../components/PersonBits.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { dossiersApi, downloadFile, type DossierSummary } from '../../dossiers-api.js';
import { formatDate, formatNumber } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { UnitPicker } from '../admin/UnitPicker.js';
import { DueBadges, StateBadge, STATES } from './bits.js';

const FILTERS = ['unitCode', 'procedure', 'state', 'assignedTo', 'overdue'] as const;

function queryOf(params: URLSearchParams): Query {
  const q: Query = {};
  for (const key of FILTERS) {
    const v = params.get(key);
    if (v) q[key] = v;
  }
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 1) q.page = page;
  return q;
}

/** `/dossiers`: the work queue of the officer's unit, earliest appointment first, with due-soon and overdue flags. */
export function DossierQueuePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const officer = useOfficer();
  useDocumentTitle(t('dossierDesk.queue.title'));
  const [params, setParams] = useSearchParams();
  const query = queryOf(params);
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const procedures = useRemote('procedures', (signal) => dossiersApi.procedures(signal));
  const list = useRemote(`queue|${JSON.stringify(query)}`, (signal) => dossiersApi.queue(query, signal));
  const data = list.data;
  const choosesUnit = officer.unitLevel !== 'commune';

  return (
    <section className="page" aria-labelledby="queue-heading" data-testid="dossier-queue">
      <div className="page-head">
        <h1 id="queue-heading">{t('dossierDesk.queue.title')}</h1>
        <Link to="/dossiers/figures" className="button button--ghost" data-testid="to-figures">{t('dossierDesk.figures.title')}</Link>
      </div>
      <p className="lead">{t('dossierDesk.queue.intro')}</p>
      <form className="panel filter-form" data-testid="queue-filters" onSubmit={(e) => e.preventDefault()}>
        <div className="filter-form__fields">
          {choosesUnit && (
            <div className="filter-field">
              <label className="filter-field__label" htmlFor="queue-unit">{t('dossierDesk.queue.unit')}</label>
              <UnitPicker level="commune" value={params.get('unitCode')} onChange={(code) => set({ unitCode: code })} inputId="queue-unit" testId="filter-unit" />
            </div>
          )}
          <label className="filter-field">
            <span className="filter-field__label">{t('dossierDesk.queue.procedure')}</span>
            <select className="input" value={params.get('procedure') ?? ''} onChange={(e) => set({ procedure: e.target.value })} data-testid="filter-procedure">
              <option value="">{t('dossierDesk.queue.anyProcedure')}</option>
              {(procedures.data ?? []).map((p) => (
                <option key={p.code} value={p.code}>{p.name[lang]}</option>
              ))}
            </select>
          </label>
          <label className="filter-field">
            <span className="filter-field__label">{t('dossierDesk.queue.state')}</span>
            <select className="input" value={params.get('state') ?? 'open'} onChange={(e) => set({ state: e.target.value === 'open' ? null : e.target.value })} data-testid="filter-state">
              <option value="open">{t('dossierDesk.queue.open')}</option>
              <option value="all">{t('dossierDesk.queue.all')}</option>
              {STATES.map((s) => (
                <option key={s} value={s}>{t(`dossierDesk.state.${s}`)}</option>
              ))}
            </select>
          </label>
          <label className="filter-check">
            <input type="checkbox" checked={params.get('assignedTo') === 'me'} onChange={(e) => set({ assignedTo: e.target.checked ? 'me' : null })} data-testid="filter-mine" />
            {t('dossierDesk.queue.mine')}
          </label>
          <label className="filter-check">
            <input type="checkbox" checked={params.get('overdue') === 'true'} onChange={(e) => set({ overdue: e.target.checked ? 'true' : null })} data-testid="filter-overdue" />
            {t('dossierDesk.queue.overdueOnly')}
          </label>
        </div>
      </form>
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
      {list.status === 'loading' && !data && <Loading />}
      {data && (
        <section className="panel" aria-label={t('dossierDesk.queue.title')}>
          <p className="muted" data-testid="queue-total">{t('dossierDesk.queue.total', { n: formatNumber(data.total, lang) })}</p>
          {data.items.length === 0 ? (
            <Empty>{t('dossierDesk.queue.empty')}</Empty>
          ) : (
            <div className="table-wrap" aria-busy={list.status === 'loading'}>
              <table className="table" data-testid="queue-table">
                <thead>
                  <tr>
                    <th scope="col">{t('dossierDesk.field.code')}</th>
                    <th scope="col">{t('dossierDesk.field.procedure')}</th>
                    <th scope="col">{t('dossierDesk.field.applicant')}</th>
                    <th scope="col">{t('dossierDesk.field.channel')}</th>
                    <th scope="col">{t('dossierDesk.field.state')}</th>
                    <th scope="col">{t('dossierDesk.field.dueDate')}</th>
                    <th scope="col">{t('dossierDesk.field.assigned')}</th>
                    {choosesUnit && <th scope="col">{t('dossierDesk.queue.unit')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((d) => (
                    <QueueRow key={d.id} d={d} showUnit={choosesUnit} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={(n) => set({ page: n > 1 ? String(n) : null })} />
        </section>
      )}
      <QueueExport query={query} />
    </section>
  );
}

function QueueRow({ d, showUnit }: { d: DossierSummary; showUnit: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <tr data-testid="queue-row" data-code={d.code} className={d.overdue ? 'row--overdue' : undefined}>
      <td className="nowrap"><Link to={`/dossiers/${d.id}`} className="code" data-testid="queue-open">{d.code}</Link></td>
      <td>{d.procedure.name[lang]}</td>
      <td>{d.applicant.fullName}<br /><PinLink pin={d.applicant.pin} /></td>
      <td>{t(`dossierDesk.channel.${d.channel}`)}</td>
      <td><StateBadge state={d.state} /></td>
      <td className="nowrap">{d.dueDate ? formatDate(d.dueDate) : <span className="muted">{t('dossierDesk.queue.noDueDate')}</span>} <DueBadges d={d} /></td>
      <td>{d.assignedName ?? <span className="muted">—</span>}</td>
      {showUnit && <td><UnitLabel code={d.unitCode} /></td>}
    </tr>
  );
}

/** The queue as it is filtered, as Excel or CSV: the officer says why (each applicant's access log shows it). */
function QueueExport({ query }: { query: Query }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [purpose, setPurpose] = useState('');
  const [touched, setTouched] = useState(false);
  const [state, setState] = useState<{ status: 'idle' | 'busy' } | { status: 'done'; name: string } | { status: 'error'; message: string }>({ status: 'idle' });
  const short = purpose.trim().length < 3;
  async function run(format: 'csv' | 'xlsx') {
    setTouched(true);
    if (short) return;
    setState({ status: 'busy' });
    try {
      const { page: _p, ...filters } = query;
      setState({ status: 'done', name: await downloadFile('/api/dossiers/export', { ...filters, format, purposeNote: purpose.trim() }) });
    } catch (error) {
      setState({ status: 'error', message: errorMessage(error, lang) });
    }
  }
  return (
    <section className="panel export-panel no-print" aria-labelledby="queue-export-heading" data-testid="export-panel">
      <h2 id="queue-export-heading" className="export-panel__title">{t('lists.export.heading')}</h2>
      <label className="filter-field export-panel__purpose">
        <span className="filter-field__label">{t('lists.export.purpose')}</span>
        <input className={touched && short ? 'input input--invalid' : 'input'} value={purpose} maxLength={200} onChange={(e) => setPurpose(e.target.value)} aria-invalid={touched && short} data-testid="export-purpose" />
        <span className={touched && short ? 'filter-field__hint text-danger' : 'filter-field__hint muted'}>{touched && short ? t('lists.export.purposeRequired') : t('lists.export.purposeHint')}</span>
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
    </section>
  );
}
