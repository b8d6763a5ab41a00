import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOfficer, usePermission } from '../../auth.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { formatDateTime, formatNumber } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { qualityApi, type RunSummary, type Thresholds } from './quality-api.js';

/** `/quality/runs`: the whole-population runs with their progress, starting one, and the linkage thresholds. */
export function RunsView() {
  const { t } = useTranslation();
  useDocumentTitle(t('quality.runs.title'));
  const officer = useOfficer();
  const mayRun = usePermission('quality.run') && officer.unitLevel !== 'commune';
  const [version, setVersion] = useState(0);
  const runs = useRemote(`quality-runs|${version}`, (signal) => qualityApi.runs(signal));
  const running = runs.data?.some((r) => r.status === 'running' || r.status === 'queued') ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setVersion((n) => n + 1), 2000);
    return () => clearTimeout(timer);
  }, [running, version]);
  return (
    <>
      <section className="panel" aria-labelledby="runs-heading" data-testid="quality-runs">
        <h2 id="runs-heading">{t('quality.runs.title')}</h2>
        <p className="muted">{t('quality.runs.lead')}</p>
        {mayRun && <StartRun onStarted={() => setVersion((n) => n + 1)} nation={officer.unitLevel === 'nation'} />}
        {runs.status === 'error' && <ErrorBox error={runs.error} onRetry={runs.retry} />}
        {!runs.data && runs.status !== 'error' && <Loading />}
        {runs.data && runs.data.length === 0 && <Empty>{t('quality.runs.none')}</Empty>}
        {runs.data && runs.data.length > 0 && (
          <div className="table-wrap">
            <table className="table table--compact table--cards" data-testid="runs-table">
              <thead>
                <tr>
                  <th scope="col">{t('quality.runs.kind')}</th>
                  <th scope="col">{t('quality.runs.scope')}</th>
                  <th scope="col">{t('quality.runs.status')}</th>
                  <th scope="col">{t('quality.runs.progress')}</th>
                  <th scope="col">{t('quality.runs.found')}</th>
                  <th scope="col">{t('quality.runs.started')}</th>
                  <th scope="col">{t('quality.runs.finished')}</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.map((r) => (
                  <RunRow key={r.id} run={r} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ThresholdsForm />
    </>
  );
}

const STATUS_TONE: Record<RunSummary['status'], string> = { queued: 'dossier-warning', running: 'dossier-open', done: 'dossier-done', failed: 'dossier-stop', stopped: 'dossier-muted' };

function RunRow({ run }: { run: RunSummary }) {
  const { t } = useTranslation();
  const lang = useLang();
  const share = run.total > 0 ? Math.min(1, run.done / run.total) : run.status === 'done' ? 1 : 0;
  return (
    <tr data-testid="run-row" data-status={run.status} data-kind={run.kind}>
      <td data-label={t('quality.runs.kind')}>{t(`quality.runs.kinds.${run.kind}`)}</td>
      <td data-label={t('quality.runs.scope')}>{run.provinceCode ? t('quality.runs.province', { code: run.provinceCode }) : t('quality.runs.nation')}</td>
      <td data-label={t('quality.runs.status')}>
        <span className={`badge badge--${STATUS_TONE[run.status]}`}>{t(`quality.runs.statuses.${run.status}`)}</span>
      </td>
      <td data-label={t('quality.runs.progress')}>
        <span className="quality-progress">
          <progress max={1} value={share} aria-label={t('quality.runs.progress')} />
          <span className="muted">
            {formatNumber(run.done, lang)} / {formatNumber(run.total, lang)}
          </span>
        </span>
      </td>
      <td data-label={t('quality.runs.found')}>{formatNumber(run.found, lang)}</td>
      <td data-label={t('quality.runs.started')}>{formatDateTime(run.startedAt)}</td>
      <td data-label={t('quality.runs.finished')}>{run.finishedAt ? formatDateTime(run.finishedAt) : '—'}</td>
    </tr>
  );
}

function StartRun({ onStarted, nation }: { onStarted: () => void; nation: boolean }) {
  const { t } = useTranslation();
  const [province, setProvince] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [started, setStarted] = useState<string | null>(null);
  const badProvince = province !== '' && !/^\d{2}$/.test(province);
  const start = (kind: RunSummary['kind']) => {
    if (badProvince) return;
    setBusy(true);
    setError(null);
    qualityApi.startRun(kind, nation && province ? province : undefined).then(
      () => {
        setBusy(false);
        setStarted(t(`quality.runs.kinds.${kind}`));
        onStarted();
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };
  return (
    <div className="quality-start" data-testid="run-start">
      {nation && (
        <label className="filter-field">
          <span className="filter-field__label">{t('quality.runs.provinceLabel')}</span>
          <input className="input input--code" inputMode="numeric" maxLength={2} value={province} onChange={(e) => setProvince(e.target.value.trim())} aria-invalid={badProvince} placeholder="01" data-testid="run-province" />
        </label>
      )}
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={busy || badProvince} onClick={() => start('rules')} data-testid="run-rules">
          {t('quality.runs.startRules')}
        </button>
        <button type="button" className="button button--secondary" disabled={busy || badProvince} onClick={() => start('duplicates')} data-testid="run-duplicates">
          {t('quality.runs.startDuplicates')}
        </button>
      </div>
      {badProvince && <p className="text-danger">{t('quality.runs.badProvince')}</p>}
      {started && (
        <p className="alert alert--success" role="status">
          {t('quality.runs.started_', { kind: started })}
        </p>
      )}
      {error !== null && <ErrorBox error={error} />}
    </div>
  );
}

function ThresholdsForm() {
  const { t } = useTranslation();
  const mayRun = usePermission('quality.run');
  const current = useRemote('quality-thresholds', (signal) => qualityApi.thresholds(signal));
  const [draft, setDraft] = useState<{ match: string; review: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<Thresholds | null>(null);
  const values = draft ?? (current.data ? { match: String(current.data.match), review: String(current.data.review) } : null);
  const parse = (s: string) => (s.trim() === '' ? NaN : Number(s.replace(',', '.')));
  return (
    <section className="panel" aria-labelledby="thresholds-heading" data-testid="quality-thresholds">
      <h2 id="thresholds-heading">{t('quality.thresholds.title')}</h2>
      <p className="muted">{t('quality.thresholds.lead')}</p>
      {current.status === 'error' && <ErrorBox error={current.error} onRetry={current.retry} />}
      {!values && current.status !== 'error' && <Loading />}
      {values && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const body = { match: parse(values.match), review: parse(values.review) };
            if (Number.isNaN(body.match) || Number.isNaN(body.review)) return;
            setBusy(true);
            setError(null);
            qualityApi.setThresholds(body).then(
              (r) => {
                setBusy(false);
                setSaved(r);
                setDraft(null);
                current.retry();
              },
              (err: unknown) => {
                setBusy(false);
                setError(err);
              },
            );
          }}
        >
          <label className="filter-field">
            <span className="filter-field__label">{t('quality.thresholds.match')}</span>
            <input className="input input--code" inputMode="decimal" value={values.match} disabled={!mayRun} onChange={(e) => setDraft({ ...values, match: e.target.value })} data-testid="threshold-match" />
          </label>
          <label className="filter-field">
            <span className="filter-field__label">{t('quality.thresholds.review')}</span>
            <input className="input input--code" inputMode="decimal" value={values.review} disabled={!mayRun} onChange={(e) => setDraft({ ...values, review: e.target.value })} data-testid="threshold-review" />
          </label>
          {mayRun && (
            <button type="submit" className="button button--primary" disabled={busy} data-testid="threshold-save">
              {t('quality.thresholds.save')}
            </button>
          )}
        </form>
      )}
      {saved && (
        <p className="alert alert--success" role="status">
          {t('quality.thresholds.saved')}
        </p>
      )}
      {error !== null && <ErrorBox error={error} />}
    </section>
  );
}
