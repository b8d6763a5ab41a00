import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePermission } from '../../auth.js';
import {
  cardsApi,
  CARD_STAGES,
  type BatchResult,
  type CardStage,
  type CardView,
  type DeliveryRates,
} from '../../cards-api.js';
import { formatRate } from '../../cards-logic.js';
import { Pagination } from '../../components/Pagination.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { formatDate, formatDateTime, formatNumber, todayInVietnam } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { downloadTable, type TableFormat } from '../../table-download.js';
import { CardActions, CardStageBadge, CardStatusBadge } from './CardBits.js';

/**
 * `/cards/production`: the card centre's and the offices' desk after approval — today's batch
 * (province or national officers), the cards by stage with the delivery moves and revocation,
 * the batches made, and the delivery rate per unit with its export.
 */
export function ProductionView() {
  const { t } = useTranslation();
  useDocumentTitle(t('cards.production.title'));
  const [version, setVersion] = useState(0);
  const [batchFilter, setBatchFilter] = useState<{ id: string; number: string } | null>(null);
  const bump = () => setVersion((n) => n + 1);
  return (
    <div data-testid="card-production">
      <ProducePanel version={version} onProduced={bump} />
      <CardsByStage
        version={version}
        onChanged={bump}
        batch={batchFilter}
        onClearBatch={() => setBatchFilter(null)}
      />
      <BatchesPanel version={version} onPick={setBatchFilter} />
      <RatesPanel version={version} />
    </div>
  );
}

function ProducePanel({ version, onProduced }: { version: number; onProduced: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const mayProduce = usePermission('cards.produce');
  const waiting = useRemote(`cards-waiting|${version}`, (signal) =>
    cardsApi.list({ stage: 'approved', page: 1 }, signal),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<BatchResult | null>(null);
  const produce = () => {
    setBusy(true);
    setError(null);
    cardsApi.produceBatch().then(
      (r) => {
        setBusy(false);
        setResult(r);
        onProduced();
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };
  const count = waiting.data?.total;
  return (
    <section className="panel" aria-labelledby="produce-heading" data-testid="produce-panel">
      <h2 id="produce-heading">{t('cards.production.produceHeading')}</h2>
      <p data-testid="waiting-count">
        {count === undefined ? '…' : t('cards.production.waiting', { count, n: formatNumber(count, lang) })}
      </p>
      {mayProduce ? (
        <button
          type="button"
          className="button button--primary"
          disabled={busy || count === 0}
          onClick={produce}
          data-testid="produce-batch"
        >
          {busy ? t('cards.production.producing') : t('cards.production.produce')}
        </button>
      ) : (
        <p className="muted">{t('cards.production.notProducer')}</p>
      )}
      {error !== null && <ErrorBox error={error} />}
      {result && (
        <div className="section" data-testid="batch-result">
          {result.number ? (
            <>
              <p className="alert alert--success" role="status">
                {t('cards.production.produced', {
                  number: result.number,
                  count: result.cards.length,
                  day: formatDate(result.producedOn),
                })}
              </p>
              <div className="table-wrap">
                <table className="table table--compact table--cards">
                  <thead>
                    <tr>
                      <th scope="col">{t('people.field.fullName')}</th>
                      <th scope="col">{t('people.field.pin')}</th>
                      <th scope="col">{t('cards.field.expiryDate')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.cards.map((c) => (
                      <tr key={c.id} data-testid="batch-card">
                        <td data-label={t('people.field.fullName')}>
                          <Link to={`/cards/card/${c.id}`}>{c.fullName}</Link>
                        </td>
                        <td className="code" data-label={t('people.field.pin')}>
                          {c.pin}
                        </td>
                        <td data-label={t('cards.field.expiryDate')}>
                          {c.expiryDate ? formatDate(c.expiryDate) : t('cards.noExpiry')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p className="alert alert--info" role="status">
              {t('cards.production.nothing')}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function CardsByStage({
  version,
  onChanged,
  batch,
  onClearBatch,
}: {
  version: number;
  onChanged: () => void;
  batch: { id: string; number: string } | null;
  onClearBatch: () => void;
}) {
  const { t } = useTranslation();
  const [stage, setStage] = useState<CardStage>('produced');
  const [page, setPage] = useState(1);
  const list = useRemote(`cards-stage|${stage}|${page}|${batch?.id ?? ''}|${version}`, (signal) =>
    cardsApi.list({ stage, page, ...(batch ? { batchId: batch.id } : {}) }, signal),
  );
  return (
    <section className="panel section" aria-labelledby="stage-heading" data-testid="cards-by-stage">
      <h2 id="stage-heading">{t('cards.production.byStage')}</h2>
      <div className="segmented" role="group" aria-label={t('cards.production.stage')}>
        <div className="segmented__options idcard-stages">
          {CARD_STAGES.map((s) => (
            <label key={s} className="segmented__option">
              <input
                type="radio"
                name="stage"
                checked={stage === s}
                onChange={() => {
                  setStage(s);
                  setPage(1);
                }}
                data-testid={`stage-${s}`}
              />
              <span className="segmented__text">{t(`cards.stage.${s}`)}</span>
            </label>
          ))}
        </div>
      </div>
      {batch && (
        <p className="idcard-filter">
          {t('cards.production.ofBatch', { number: batch.number })}{' '}
          <button
            type="button"
            className="button button--link"
            onClick={onClearBatch}
            data-testid="clear-batch"
          >
            {t('cards.production.allBatches')}
          </button>
        </p>
      )}
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
      {!list.data && list.status !== 'error' && <Loading />}
      {list.data && list.data.total === 0 && <Empty>{t('cards.production.none')}</Empty>}
      {list.data && list.data.total > 0 && (
        <>
          <div className="table-wrap" aria-busy={list.status === 'loading'}>
            <table className="table table--cards" data-testid="cards-table">
              <thead>
                <tr>
                  <th scope="col">{t('people.field.fullName')}</th>
                  <th scope="col">{t('people.field.pin')}</th>
                  <th scope="col">{t('cards.field.stage')}</th>
                  <th scope="col">{t('cards.field.batch')}</th>
                  <th scope="col">{t('cards.field.delivery')}</th>
                  <th scope="col">{t('cards.field.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((c) => (
                  <CardRow key={c.id} card={c} onChanged={onChanged} />
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}

function CardRow({ card, onChanged }: { card: CardView; onChanged: () => void }) {
  const { t } = useTranslation();
  return (
    <tr data-testid="card-row" data-pin={card.pin} data-stage={card.stage}>
      <td data-label={t('people.field.fullName')}>
        <Link to={`/cards/card/${card.id}`} data-testid="card-link">
          {card.fullName}
        </Link>
      </td>
      <td className="code" data-label={t('people.field.pin')}>
        {card.pin}
      </td>
      <td data-label={t('cards.field.stage')}>
        <CardStageBadge card={card} /> <CardStatusBadge card={card} />
        {card.returnReason && <span className="cell-note">{card.returnReason}</span>}
      </td>
      <td className="code" data-label={t('cards.field.batch')}>
        {card.batchNumber ?? '—'}
      </td>
      <td data-label={t('cards.field.delivery')}>
        {t(`cards.delivery.${card.deliveryMethod}`)}
        {card.deliveryAddress && <span className="cell-note">{card.deliveryAddress}</span>}
      </td>
      <td data-label={t('cards.field.actions')}>
        <CardActions card={card} onChanged={onChanged} compact />
      </td>
    </tr>
  );
}

function BatchesPanel({
  version,
  onPick,
}: {
  version: number;
  onPick: (b: { id: string; number: string }) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [page, setPage] = useState(1);
  const batches = useRemote(`batches|${page}|${version}`, (signal) => cardsApi.batches(page, signal));
  return (
    <section className="panel section" aria-labelledby="batches-heading" data-testid="batches">
      <h2 id="batches-heading">{t('cards.production.batches')}</h2>
      {batches.status === 'error' && <ErrorBox error={batches.error} onRetry={batches.retry} />}
      {!batches.data && batches.status !== 'error' && <Loading />}
      {batches.data && batches.data.total === 0 && <Empty>{t('cards.production.noBatches')}</Empty>}
      {batches.data && batches.data.total > 0 && (
        <>
          <div className="table-wrap">
            <table className="table table--compact table--cards">
              <thead>
                <tr>
                  <th scope="col">{t('cards.field.batch')}</th>
                  <th scope="col">{t('cards.production.producedAt')}</th>
                  <th scope="col">{t('cards.production.cardCount')}</th>
                  <th scope="col">{t('cards.production.signer')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('cards.production.showCards')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {batches.data.items.map((b) => (
                  <tr key={b.id} data-testid="batch-row">
                    <td className="code" data-label={t('cards.field.batch')}>
                      {b.number}
                    </td>
                    <td data-label={t('cards.production.producedAt')}>{formatDateTime(b.producedAt)}</td>
                    <td data-label={t('cards.production.cardCount')}>{formatNumber(b.cardCount, lang)}</td>
                    <td className="code muted" data-label={t('cards.production.signer')}>
                      {b.signerSerial}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--ghost button--small"
                        onClick={() => onPick({ id: b.id, number: b.number })}
                      >
                        {t('cards.production.showCards')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={page}
            pageSize={batches.data.pageSize}
            total={batches.data.total}
            onPage={setPage}
          />
        </>
      )}
    </section>
  );
}

const STAGE_COLUMNS = ['approved', 'produced', 'shipped', 'delivered', 'returned'] as const;

function RatesPanel({ version }: { version: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rates = useRemote(`rates|${version}`, (signal) => cardsApi.deliveryRates(signal));
  const [exporting, setExporting] = useState<TableFormat | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const exportAs = (data: DeliveryRates, format: TableFormat) => {
    setExporting(format);
    setError(null);
    const row = (r: DeliveryRates['total']) => [
      r.unitCode,
      r.unitName,
      ...STAGE_COLUMNS.map((s) => r.counts[s]),
      r.rate === null ? null : Math.round(r.rate * 1000) / 10,
    ];
    downloadTable(
      {
        title: t('cards.rates.heading'),
        columns: [
          { header: t('cards.rates.code'), width: 10 },
          { header: t('cards.rates.unit'), width: 32 },
          ...STAGE_COLUMNS.map((s) => ({ header: t(`cards.stage.${s}`), width: 14 })),
          { header: t('cards.rates.ratePercent'), width: 14 },
        ],
        rows: [...data.rows.map(row), ...(data.rows.length > 1 ? [row(data.total)] : [])],
      },
      format,
      `ty-le-tra-the-${data.total.unitCode}-${todayInVietnam()}`,
    ).then(
      (name) => {
        setExporting(null);
        setSaved(name);
      },
      (e: unknown) => {
        setExporting(null);
        setError(e);
      },
    );
  };
  return (
    <section className="panel section" aria-labelledby="rates-heading" data-testid="delivery-rates">
      <div className="page-title-row">
        <h2 id="rates-heading">{t('cards.rates.heading')}</h2>
        {rates.data && (
          <div className="button-row">
            <button
              type="button"
              className="button button--ghost button--small"
              disabled={exporting !== null}
              onClick={() => exportAs(rates.data!, 'xlsx')}
              data-testid="rates-xlsx"
            >
              {t('cards.rates.exportXlsx')}
            </button>
            <button
              type="button"
              className="button button--ghost button--small"
              disabled={exporting !== null}
              onClick={() => exportAs(rates.data!, 'csv')}
              data-testid="rates-csv"
            >
              {t('cards.rates.exportCsv')}
            </button>
          </div>
        )}
      </div>
      <p className="muted">{t('cards.rates.intro')}</p>
      {saved && (
        <p className="alert alert--success" role="status" data-testid="rates-saved">
          {t('cards.rates.saved', { name: saved })}
        </p>
      )}
      {error !== null && <ErrorBox error={error} />}
      {rates.status === 'error' && <ErrorBox error={rates.error} onRetry={rates.retry} />}
      {!rates.data && rates.status !== 'error' && <Loading />}
      {rates.data && (
        <div className="table-wrap">
          <table className="table table--figures table--cards" data-testid="rates-table">
            <thead>
              <tr>
                <th scope="col">
                  {t(rates.data.level === 'commune' ? 'cards.rates.commune' : 'cards.rates.province')}
                </th>
                {STAGE_COLUMNS.map((s) => (
                  <th key={s} scope="col">
                    {t(`cards.stage.${s}`)}
                  </th>
                ))}
                <th scope="col">{t('cards.rates.rate')}</th>
              </tr>
            </thead>
            <tbody>
              {rates.data.rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    {t('cards.rates.empty')}
                  </td>
                </tr>
              )}
              {/* The total of one unit is that unit again (and for a commune officer it would be named after the province). */}
              {[...rates.data.rows, ...(rates.data.rows.length > 1 ? [rates.data.total] : [])].map((r, i) => {
                const total = i === rates.data!.rows.length;
                return (
                  <tr
                    key={`${r.unitCode}-${i}`}
                    className={total ? 'idcard-total' : undefined}
                    data-testid={total ? 'rates-total' : 'rates-row'}
                  >
                    <th scope="row" data-label={t('cards.rates.unit')}>
                      {total ? t('cards.rates.total', { name: r.unitName }) : r.unitName}{' '}
                      <span className="code muted">{r.unitCode}</span>
                    </th>
                    {STAGE_COLUMNS.map((s) => (
                      <td key={s} data-label={t(`cards.stage.${s}`)}>
                        {formatNumber(r.counts[s], lang)}
                      </td>
                    ))}
                    <td data-label={t('cards.rates.rate')} data-testid="rate">
                      <strong>{formatRate(r.rate, lang)}</strong>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
