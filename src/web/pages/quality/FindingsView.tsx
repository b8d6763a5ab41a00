import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../api.js';
import { usePermission } from '../../auth.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Pagination } from '../../components/Pagination.js';
import { UnitLabel } from '../../components/PersonBits.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { downloadFile } from '../../dossiers-api.js';
import { formatDate } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { RuleLabel } from './QualityBits.js';
import { FINDING_STATES, QUALITY_PAGE_SIZE, qualityApi, RULE_CODES, type Finding, type FindingState, type RuleCode } from './quality-api.js';

/** `/quality/findings`: the cleaning list of the unit by rule and state, with "correct as it is" and the file export. */
export function FindingsView() {
  const { t } = useTranslation();
  const lang = useLang();
  useDocumentTitle(t('quality.findings.title'));
  const mayReview = usePermission('quality.review');
  const [rule, setRule] = useState<RuleCode | ''>('');
  const [state, setState] = useState<FindingState>('open');
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const [accepting, setAccepting] = useState<Finding | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [acceptError, setAcceptError] = useState<unknown>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const [accepted, setAccepted] = useState<string | null>(null);
  const query = { rule: rule || undefined, state };
  const list = useRemote(`quality-findings|${rule}|${state}|${page}|${version}`, (signal) =>
    qualityApi.findings({ ...query, page, pageSize: QUALITY_PAGE_SIZE }, signal),
  );

  async function exportAs(format: 'csv' | 'xlsx') {
    setExporting(t('lists.export.busy'));
    try {
      setExporting(t('lists.export.done', { name: await downloadFile('/api/quality/findings/export', { ...query, format }) }));
    } catch (error) {
      setExporting(errorMessage(error, lang));
    }
  }

  function accept() {
    if (!accepting) return;
    if (!reason.trim()) {
      setAcceptError(null);
      return;
    }
    setBusy(true);
    setAcceptError(null);
    qualityApi.accept(accepting.id, reason.trim()).then(
      (f) => {
        setBusy(false);
        setAccepting(null);
        setReason('');
        setAccepted(f.subjectRef);
        setVersion((n) => n + 1);
      },
      (e: unknown) => {
        setBusy(false);
        setAcceptError(e);
      },
    );
  }

  return (
    <section className="panel" aria-labelledby="findings-heading" data-testid="quality-findings">
      <h2 id="findings-heading">{t('quality.findings.title')}</h2>
      <p className="muted">{t('quality.findings.lead')}</p>
      <div className="filter-form no-print">
        <div className="filter-form__fields">
          <label className="filter-field">
            <span className="filter-field__label">{t('quality.findings.rule')}</span>
            <select
              className="input"
              value={rule}
              onChange={(e) => {
                setRule(e.target.value as RuleCode | '');
                setPage(1);
              }}
              data-testid="findings-rule"
            >
              <option value="">{t('quality.all')}</option>
              {RULE_CODES.map((r) => (
                <option key={r} value={r}>
                  {t(`quality.rule.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="filter-field">
            <span className="filter-field__label">{t('quality.findings.state')}</span>
            <select
              className="input"
              value={state}
              onChange={(e) => {
                setState(e.target.value as FindingState);
                setPage(1);
              }}
              data-testid="findings-state"
            >
              {FINDING_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`quality.findingState.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="export-panel__buttons">
          <button type="button" className="button button--secondary button--small" onClick={() => void exportAs('xlsx')} data-testid="findings-export-xlsx">
            {t('quality.exportXlsx')}
          </button>
          <button type="button" className="button button--secondary button--small" onClick={() => void exportAs('csv')} data-testid="findings-export-csv">
            {t('quality.exportCsv')}
          </button>
          {exporting && (
            <span className="muted" role="status" data-testid="findings-export-status">
              {exporting}
            </span>
          )}
        </div>
      </div>
      {accepted && (
        <p className="alert alert--success" role="status" data-testid="finding-accepted">
          {t('quality.findings.accepted', { ref: accepted })}
        </p>
      )}
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
      {!list.data && list.status !== 'error' && <Loading />}
      {list.data && list.data.total === 0 && <Empty>{t('quality.findings.none')}</Empty>}
      {list.data && list.data.total > 0 && (
        <>
          <div className="table-wrap" aria-busy={list.status === 'loading'}>
            <table className="table table--compact table--cards" data-testid="findings-table">
              <thead>
                <tr>
                  <th scope="col">{t('quality.findings.rule')}</th>
                  <th scope="col">{t('quality.findings.subject')}</th>
                  <th scope="col">{t('quality.findings.unit')}</th>
                  <th scope="col">{t('quality.findings.detail')}</th>
                  <th scope="col">{t('quality.findings.foundAt')}</th>
                  <th scope="col">{state === 'open' ? <span className="visually-hidden">{t('quality.findings.actions')}</span> : t('quality.findings.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((f) => (
                  <tr key={f.id} data-testid="finding-row" data-rule={f.rule}>
                    <td data-label={t('quality.findings.rule')}>
                      <RuleLabel rule={f.rule} />
                    </td>
                    <td data-label={t('quality.findings.subject')}>
                      <Link
                        to={f.subjectKind === 'person' ? `/people/${f.subjectRef}` : `/households/${f.subjectRef}`}
                        className="code"
                        data-testid="finding-subject"
                      >
                        {f.subjectRef}
                      </Link>
                      <span className="muted"> · {t(`quality.subjectKind.${f.subjectKind}`)}</span>
                    </td>
                    <td data-label={t('quality.findings.unit')}>{f.unitCode ? <UnitLabel code={f.unitCode} /> : '—'}</td>
                    <td data-label={t('quality.findings.detail')}>
                      <FindingDetail detail={f.detail} />
                    </td>
                    <td data-label={t('quality.findings.foundAt')}>{formatDate(f.foundAt)}</td>
                    <td data-label={state === 'open' ? undefined : t('quality.findings.reason')}>
                      {f.state === 'open' && mayReview ? (
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={() => {
                            setAccepting(f);
                            setReason('');
                            setAcceptError(null);
                          }}
                          data-testid="finding-accept"
                        >
                          {t('quality.findings.accept')}
                        </button>
                      ) : (
                        (f.reason ?? '')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={QUALITY_PAGE_SIZE} total={list.data.total} onPage={setPage} />
        </>
      )}
      <ConfirmDialog
        open={accepting !== null}
        title={t('quality.findings.acceptTitle')}
        confirmLabel={t('quality.findings.acceptConfirm')}
        onConfirm={accept}
        onCancel={() => setAccepting(null)}
        busy={busy || !reason.trim()}
        testId="accept-dialog"
      >
        {accepting && (
          <>
            <p>
              {t('quality.findings.acceptBody', { ref: accepting.subjectRef })} <strong>{t(`quality.rule.${accepting.rule}`)}</strong>
            </p>
            <label className="field">
              <span>{t('quality.findings.reasonLabel')}</span>
              <textarea className="input" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="accept-reason" required />
            </label>
            {acceptError !== null && <ErrorBox error={acceptError} />}
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}

/** A finding's detail as short "what: value" lines (the server's detail object, per rule). */
function FindingDetail({ detail }: { detail: Record<string, unknown> }) {
  const { t } = useTranslation();
  const entries = Object.entries(detail).filter(([, v]) => !(Array.isArray(v) && v.length === 0));
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="quality-detail">
      {entries.map(([k, v]) => (
        <span key={k}>
          {t(`quality.detailKey.${k}`, { defaultValue: k })}: {Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'boolean' ? (v ? t('quality.yes') : t('quality.no')) : String(v)}
        </span>
      ))}
    </span>
  );
}
