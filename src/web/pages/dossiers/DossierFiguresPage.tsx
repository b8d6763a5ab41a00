import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../api.js';
import { useOfficer } from '../../auth.js';
import { PrintButton, PrintHeader } from '../../components/Print.js';
import { ErrorBox, Loading } from '../../components/Status.js';
import { dossiersApi, downloadFile, type FigureRow } from '../../dossiers-api.js';
import { formatDate, formatDateTime, formatNumber, parseDateInput, todayInVietnam } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { UnitPicker } from '../admin/UnitPicker.js';

type Column = Exclude<keyof FigureRow, 'code' | 'name'>;
const COLUMNS: readonly Column[] = ['filed', 'filedOnline', 'onlineShare', 'received', 'decided', 'avgWorkingDays', 'avgCalendarDays', 'resultsGiven', 'onTime', 'late', 'onTimeShare', 'overdueNow'];
const PERCENT: ReadonlySet<Column> = new Set(['onlineShare', 'onTimeShare']);
const DECIMAL: ReadonlySet<Column> = new Set(['avgWorkingDays', 'avgCalendarDays']);

/** `/dossiers/figures`: per-commune figures of a period (per province for national officers), sortable and exportable. */
export function DossierFiguresPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const officer = useOfficer();
  useDocumentTitle(t('dossierDesk.figures.title'));
  const [params, setParams] = useSearchParams();
  const today = todayInVietnam();
  const from = params.get('from') ?? `${today.slice(0, 8)}01`;
  const to = params.get('to') ?? today;
  const unitCode = params.get('unitCode');
  const [draft, setDraft] = useState({ from: formatDate(from), to: formatDate(to) });
  const [badDate, setBadDate] = useState(false);
  const [sort, setSort] = useState<{ by: Column | 'name'; dir: 1 | -1 }>({ by: 'name', dir: 1 });
  const [exporting, setExporting] = useState<string | null>(null);
  const query = { from, to, ...(unitCode ? { unitCode } : {}) };
  const figures = useRemote(`figures|${JSON.stringify(query)}`, (signal) => dossiersApi.figures(query, signal));
  const f = figures.data;
  const rows = f ? [...f.rows].sort((a, b) => sort.dir * (sort.by === 'name' ? a.name.localeCompare(b.name, 'vi') : ((a[sort.by] as number | null) ?? -1) - ((b[sort.by] as number | null) ?? -1))) : [];
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const cell = (r: FigureRow, c: Column) => {
    const v = r[c] as number | null;
    if (v === null) return '—';
    if (PERCENT.has(c)) return `${formatNumber(Math.round(v * 1000) / 10, lang)} %`;
    if (DECIMAL.has(c)) return formatNumber(v, lang);
    return formatNumber(v, lang);
  };
  async function exportAs(format: 'csv' | 'xlsx') {
    setExporting(t('lists.export.busy'));
    try {
      setExporting(t('lists.export.done', { name: await downloadFile('/api/dossiers/figures/export', { ...query, format }) }));
    } catch (error) {
      setExporting(errorMessage(error, lang));
    }
  }

  return (
    <section className="page" aria-labelledby="figures-heading" data-testid="dossier-figures">
      <PrintHeader title={t('dossierDesk.figures.title')} />
      <p className="no-print"><Link to="/dossiers">← {t('dossierDesk.queue.title')}</Link></p>
      <div className="page-head">
        <h1 id="figures-heading">{t('dossierDesk.figures.title')}</h1>
        <div className="page-head__actions"><PrintButton /></div>
      </div>
      <form
        className="panel filter-form no-print"
        onSubmit={(e) => {
          e.preventDefault();
          const a = parseDateInput(draft.from);
          const b = parseDateInput(draft.to);
          setBadDate(!a.ok || !b.ok);
          if (a.ok && b.ok) set({ from: a.iso, to: b.iso });
        }}
        data-testid="figures-filters"
      >
        <div className="filter-form__fields">
          <label className="filter-field">
            <span className="filter-field__label">{t('dossierDesk.figures.from')}</span>
            <input className="input input--date" inputMode="numeric" placeholder="dd/mm/yyyy" maxLength={10} value={draft.from} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} aria-invalid={badDate} data-testid="figures-from" />
          </label>
          <label className="filter-field">
            <span className="filter-field__label">{t('dossierDesk.figures.to')}</span>
            <input className="input input--date" inputMode="numeric" placeholder="dd/mm/yyyy" maxLength={10} value={draft.to} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} aria-invalid={badDate} data-testid="figures-to" />
          </label>
          {officer.unitLevel === 'nation' && (
            <div className="filter-field">
              <label className="filter-field__label" htmlFor="figures-province">{t('dossierDesk.figures.province')}</label>
              <UnitPicker level="province" value={unitCode} onChange={(code) => set({ unitCode: code })} inputId="figures-province" testId="figures-province" />
            </div>
          )}
        </div>
        <div className="filter-form__actions">
          <button type="submit" className="button button--primary" data-testid="figures-apply">{t('lists.apply')}</button>
          {badDate && <span className="text-danger" role="alert">{t('dossierDesk.figures.badDate')}</span>}
        </div>
      </form>
      {figures.status === 'error' && <ErrorBox error={figures.error} onRetry={figures.retry} />}
      {!f && figures.status === 'loading' && <Loading />}
      {f && (
        <section className="panel" aria-label={t('dossierDesk.figures.title')}>
          <p className="muted" data-testid="figures-period">
            {t('dossierDesk.figures.period', { from: formatDate(f.from), to: formatDate(f.to), asOf: formatDateTime(f.asOf) })} · {t(`dossierDesk.figures.by.${f.by}`)}
          </p>
          <div className="table-wrap">
            <table className="table table--figures" data-testid="figures-table">
              <thead>
                <tr>
                  {(['name', ...COLUMNS] as const).map((c) => (
                    <th key={c} scope="col" className={c === 'name' ? undefined : 'num'} aria-sort={sort.by === c ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
                      <button type="button" className="sort-button" onClick={() => setSort((s) => ({ by: c, dir: s.by === c ? (s.dir === 1 ? -1 : 1) : c === 'name' ? 1 : -1 }))} data-testid={`sort-${c}`}>
                        {t(`dossierDesk.figures.col.${c}`)}
                        <span aria-hidden="true" className="sort-button__arrow">{sort.by === c ? (sort.dir === 1 ? '▲' : '▼') : '↕'}</span>
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.code} data-testid="figures-row" data-code={r.code}>
                    <th scope="row">
                      {f.by === 'province' ? (
                        <button type="button" className="link-button" onClick={() => set({ unitCode: r.code })} data-testid="figures-drill">{r.name}</button>
                      ) : (
                        r.name
                      )}{' '}
                      <span className="code muted">{r.code}</span>
                    </th>
                    {COLUMNS.map((c) => (
                      <td key={c} className={c === 'overdueNow' && r.overdueNow > 0 ? 'num text-danger' : 'num'} data-col={c}>{cell(r, c)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-testid="figures-total">
                  <th scope="row">{t('dossierDesk.figures.total')}</th>
                  {COLUMNS.map((c) => (
                    <td key={c} className="num" data-col={c}>{cell(f.total, c)}</td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
          {f.by === 'commune' && <p className="muted">{t('dossierDesk.figures.quietCommunes')}</p>}
          <div className="export-panel__buttons no-print">
            <button type="button" className="button button--secondary" onClick={() => void exportAs('xlsx')} data-testid="figures-xlsx">{t('lists.export.xlsx')}</button>
            <button type="button" className="button button--ghost" onClick={() => void exportAs('csv')} data-testid="figures-csv">{t('lists.export.csv')}</button>
            {exporting && <span role="status" className="muted">{exporting}</span>}
          </div>
        </section>
      )}
      <section className="panel" aria-labelledby="definitions-heading">
        <h2 id="definitions-heading">{t('dossierDesk.figures.definitions')}</h2>
        <dl className="facts facts--compact">
          {COLUMNS.map((c) => (
            <div key={c}>
              <dt>{t(`dossierDesk.figures.col.${c}`)}</dt>
              <dd>{t(`dossierDesk.figures.def.${c}`)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </section>
  );
}
