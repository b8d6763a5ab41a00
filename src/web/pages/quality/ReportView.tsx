import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api.js';
import { UnitLabel } from '../../components/PersonBits.js';
import { PrintButton, PrintHeader } from '../../components/Print.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { downloadFile } from '../../dossiers-api.js';
import { formatDate, formatNumber } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { formatRate, qualityApi, RULE_CODES, type QualityReport } from './quality-api.js';

const DAYS = [7, 30, 90] as const;

/** `/quality/report`: the clean rate, open findings per unit and rule, and the trend of the last days. */
export function ReportView() {
  const { t } = useTranslation();
  const lang = useLang();
  useDocumentTitle(t('quality.report.title'));
  const [days, setDays] = useState<number>(30);
  const [exporting, setExporting] = useState<string | null>(null);
  const report = useRemote(`quality-report|${days}`, (signal) => qualityApi.report(days, signal));
  const n = (v: number) => formatNumber(v, lang);

  async function exportAs(format: 'csv' | 'xlsx') {
    setExporting(t('lists.export.busy'));
    try {
      setExporting(t('lists.export.done', { name: await downloadFile('/api/quality/report/export', { format }) }));
    } catch (error) {
      setExporting(errorMessage(error, lang));
    }
  }

  const r = report.data;
  const openFindings = r ? RULE_CODES.reduce((sum, code) => sum + (r.totals.byRule[code] ?? 0), 0) : 0;
  return (
    <section className="panel" aria-labelledby="report-heading" data-testid="quality-report">
      <PrintHeader title={t('quality.report.title')} />
      <div className="page-head">
        <h2 id="report-heading">{t('quality.report.title')}</h2>
        <div className="page-head__actions no-print">
          <button type="button" className="button button--secondary button--small" onClick={() => void exportAs('xlsx')} data-testid="report-export-xlsx">
            {t('quality.exportXlsx')}
          </button>
          <button type="button" className="button button--secondary button--small" onClick={() => void exportAs('csv')} data-testid="report-export-csv">
            {t('quality.exportCsv')}
          </button>
          <PrintButton />
        </div>
      </div>
      {exporting && (
        <p className="muted no-print" role="status" data-testid="report-export-status">
          {exporting}
        </p>
      )}
      {report.status === 'error' && <ErrorBox error={report.error} onRetry={report.retry} />}
      {!r && report.status !== 'error' && <Loading />}
      {r && (
        <>
          <div className="desk__figures quality-figures" data-testid="report-totals">
            <div className="figure">
              <span className="figure__label">{t('quality.report.cleanRate')}</span>
              <span className="figure__value" data-testid="report-clean-rate">
                {formatRate(r.totals.cleanRate, lang)}
              </span>
            </div>
            <div className="figure">
              <span className="figure__label">{t('quality.report.people')}</span>
              <span className="figure__value">{n(r.totals.people)}</span>
            </div>
            <div className="figure">
              <span className="figure__label">{t('quality.report.clean')}</span>
              <span className="figure__value">{n(r.totals.clean)}</span>
            </div>
            <div className="figure">
              <span className="figure__label">{t('quality.report.openFindings')}</span>
              <span className="figure__value">{n(openFindings)}</span>
            </div>
            <div className="figure">
              <span className="figure__label">{t('quality.report.duplicates')}</span>
              <span className="figure__value">{n(r.totals.byRule.duplicates ?? 0)}</span>
            </div>
          </div>

          <h3>{t('quality.report.byUnit')}</h3>
          {r.units.length === 0 ? (
            <Empty>{t('quality.report.none')}</Empty>
          ) : (
            <div className="table-wrap quality-report-wrap">
              <table className="table table--compact quality-report-table" data-testid="report-table">
                <thead>
                  <tr>
                    <th scope="col">{t('quality.report.unit')}</th>
                    <th scope="col" className="num">{t('quality.report.people')}</th>
                    <th scope="col" className="num">{t('quality.report.cleanRate')}</th>
                    {RULE_CODES.map((code) => (
                      <th key={code} scope="col" className="num" title={t(`quality.rule.${code}`)}>
                        {t(`quality.ruleShort.${code}`)}
                      </th>
                    ))}
                    <th scope="col" className="num">{t('quality.report.duplicates')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.units.map((u) => (
                    <tr key={u.unitCode} data-testid="report-unit">
                      <th scope="row">{u.unitCode === '-' ? t('quality.report.noUnit') : <UnitLabel code={u.unitCode} />}</th>
                      <td className="num">{n(u.people)}</td>
                      <td className="num">{formatRate(u.cleanRate, lang)}</td>
                      {RULE_CODES.map((code) => (
                        <td key={code} className={`num${u.byRule[code] ? '' : ' muted'}`}>
                          {n(u.byRule[code] ?? 0)}
                        </td>
                      ))}
                      <td className={`num${u.byRule.duplicates ? '' : ' muted'}`}>{n(u.byRule.duplicates ?? 0)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <div className="page-head quality-trend-head">
            <h3>{t('quality.report.trend')}</h3>
            <div className="segmented no-print" role="group" aria-label={t('quality.report.days')}>
              <div className="segmented__options">
                {DAYS.map((d) => (
                  <label key={d} className="segmented__option">
                    <input type="radio" name="trend-days" checked={days === d} onChange={() => setDays(d)} data-testid={`trend-days-${d}`} />
                    <span className="segmented__text">{t('quality.report.lastDays', { n: d })}</span>
                  </label>
                ))}
              </div>
            </div>
          </div>
          <Trend trend={r.trend} />
        </>
      )}
    </section>
  );
}

/** The clean rate per day as a line (inline SVG, no chart library), the open findings as bars behind it. */
function Trend({ trend }: { trend: QualityReport['trend'] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (trend.length === 0) return <Empty>{t('quality.report.noTrend')}</Empty>;
  const W = 640;
  const H = 180;
  const pad = { l: 44, r: 44, t: 12, b: 28 };
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const rates = trend.map((d) => d.cleanRate);
  const lo = Math.max(0, Math.floor((Math.min(...rates) - 0.01) * 20) / 20);
  const hi = 1;
  const maxOpen = Math.max(1, ...trend.map((d) => d.open));
  const step = trend.length > 1 ? iw / (trend.length - 1) : 0;
  const x = (i: number) => pad.l + (trend.length > 1 ? i * step : iw / 2);
  const y = (rate: number) => pad.t + ih - ((rate - lo) / (hi - lo || 1)) * ih;
  const barW = Math.max(2, Math.min(18, trend.length > 1 ? step * 0.6 : 18));
  const line = trend.map((d, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(d.cleanRate).toFixed(1)}`).join(' ');
  const last = trend[trend.length - 1]!;
  return (
    <figure className="quality-trend" data-testid="report-trend">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('quality.report.trendLabel', { rate: formatRate(last.cleanRate, lang), day: formatDate(last.day) })}>
        {[lo, (lo + hi) / 2, hi].map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} className="quality-trend__grid" />
            <text x={pad.l - 6} y={y(v) + 4} textAnchor="end" className="quality-trend__axis">
              {formatRate(v, lang)}
            </text>
          </g>
        ))}
        {trend.map((d, i) => {
          const h = (d.open / maxOpen) * ih * 0.5;
          return <rect key={d.day} x={x(i) - barW / 2} y={pad.t + ih - h} width={barW} height={h} className="quality-trend__bar"><title>{`${formatDate(d.day)}: ${d.open}`}</title></rect>;
        })}
        {/* The bars have their own scale (counts, up to half the height): its top on the right. */}
        <line x1={W - pad.r} x2={W - pad.r + 4} y1={pad.t + ih * 0.5} y2={pad.t + ih * 0.5} className="quality-trend__grid" />
        <text x={W - pad.r + 6} y={pad.t + ih * 0.5 + 4} className="quality-trend__axis" data-testid="trend-open-max">
          {new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN').format(maxOpen)}
        </text>
        <path d={line} className="quality-trend__line" />
        {trend.map((d, i) => (
          <circle key={d.day} cx={x(i)} cy={y(d.cleanRate)} r={3} className="quality-trend__dot">
            <title>{`${formatDate(d.day)}: ${formatRate(d.cleanRate, lang)}`}</title>
          </circle>
        ))}
        <text x={pad.l} y={H - 8} className="quality-trend__axis">
          {formatDate(trend[0]!.day)}
        </text>
        {trend.length > 1 && (
          <text x={W - pad.r} y={H - 8} textAnchor="end" className="quality-trend__axis">
            {formatDate(last.day)}
          </text>
        )}
      </svg>
      <figcaption className="muted">
        <span className="quality-trend__key quality-trend__key--line" aria-hidden="true" /> {t('quality.report.cleanRate')}{' '}
        <span className="quality-trend__key quality-trend__key--bar" aria-hidden="true" /> {t('quality.report.openFindings')}
      </figcaption>
    </figure>
  );
}
