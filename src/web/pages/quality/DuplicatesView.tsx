import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Pagination } from '../../components/Pagination.js';
import { UnitLabel } from '../../components/PersonBits.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { formatDate } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { DecisionBadge, ScoreText } from './QualityBits.js';
import { QUALITY_PAGE_SIZE, qualityApi, type CandidateListItem, type CandidateSide } from './quality-api.js';

type DecisionFilter = '' | 'match' | 'review';

/** `/quality`: suspected duplicate pairs with a record in the officer's unit, best score first. */
export function DuplicatesView() {
  const { t } = useTranslation();
  useDocumentTitle(t('quality.duplicates.title'));
  const [decision, setDecision] = useState<DecisionFilter>('');
  const [page, setPage] = useState(1);
  const list = useRemote(`quality-dups|${decision}|${page}`, (signal) =>
    qualityApi.duplicates({ state: 'open', decision: decision || undefined, page, pageSize: QUALITY_PAGE_SIZE }, signal),
  );
  return (
    <section className="panel" aria-labelledby="dups-heading" data-testid="quality-duplicates">
      <h2 id="dups-heading">{t('quality.duplicates.title')}</h2>
      <p className="muted">{t('quality.duplicates.lead')}</p>
      <div className="segmented" role="group" aria-label={t('quality.duplicates.decisionFilter')}>
        <div className="segmented__options">
          {(['', 'match', 'review'] as const).map((d) => (
            <label key={d || 'all'} className="segmented__option">
              <input
                type="radio"
                name="pair-decision"
                checked={decision === d}
                onChange={() => {
                  setDecision(d);
                  setPage(1);
                }}
                data-testid={`dups-filter-${d || 'all'}`}
              />
              <span className="segmented__text">{d ? t(`quality.decision.${d}`) : t('quality.all')}</span>
            </label>
          ))}
        </div>
      </div>
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
      {!list.data && list.status !== 'error' && <Loading />}
      {list.data && list.data.total === 0 && <Empty>{t('quality.duplicates.none')}</Empty>}
      {list.data && list.data.total > 0 && (
        <>
          <div className="table-wrap" aria-busy={list.status === 'loading'}>
            <table className="table table--compact table--cards quality-pairs" data-testid="pairs-table">
              <thead>
                <tr>
                  <th scope="col">{t('quality.duplicates.score')}</th>
                  <th scope="col">{t('quality.duplicates.recordA')}</th>
                  <th scope="col">{t('quality.duplicates.recordB')}</th>
                  <th scope="col">{t('quality.duplicates.decision')}</th>
                  <th scope="col">{t('quality.duplicates.foundAt')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('quality.duplicates.open')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) => (
                  <PairRow key={`${p.pinA ?? p.otherUnit}-${p.pinB ?? p.otherUnit}-${p.foundAt}`} pair={p} />
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={QUALITY_PAGE_SIZE} total={list.data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}

function PairRow({ pair }: { pair: CandidateListItem }) {
  const { t } = useTranslation();
  const href = pair.decidable && pair.pinA && pair.pinB ? `/quality/duplicates/${pair.pinA}/${pair.pinB}` : null;
  return (
    <tr data-testid="pair-row" data-pins={`${pair.pinA ?? ''} ${pair.pinB ?? ''}`}>
      <td data-label={t('quality.duplicates.score')}>
        <ScoreText score={pair.score} probability={pair.probability} />
      </td>
      <td data-label={t('quality.duplicates.recordA')}>
        <SideCell side={pair.a} otherUnit={pair.otherUnit} />
      </td>
      <td data-label={t('quality.duplicates.recordB')}>
        <SideCell side={pair.b} otherUnit={pair.otherUnit} />
      </td>
      <td data-label={t('quality.duplicates.decision')}>
        <DecisionBadge decision={pair.decision} />
        {pair.cluster && pair.cluster.size > 2 ? (
          <span className="muted" data-testid="pair-cluster">
            {' '}
            {t('quality.duplicates.cluster', { count: pair.cluster.size })}
          </span>
        ) : null}
      </td>
      <td data-label={t('quality.duplicates.foundAt')}>{formatDate(pair.foundAt)}</td>
      <td>
        {href ? (
          <Link to={href} className="button button--secondary button--small" data-testid="pair-open">
            {t('quality.duplicates.compare')}
          </Link>
        ) : (
          <span className="muted" data-testid="pair-not-decidable">
            {t('quality.duplicates.notDecidable')}
          </span>
        )}
      </td>
    </tr>
  );
}

function SideCell({ side, otherUnit }: { side: CandidateSide | null; otherUnit: string | null }) {
  const { t } = useTranslation();
  if (!side) {
    return (
      <span className="quality-side quality-side--hidden" data-testid="pair-side-hidden">
        <span className="badge badge--muted">{t('quality.duplicates.anotherUnit')}</span>
        {otherUnit && (
          <span className="quality-side__unit">
            <UnitLabel code={otherUnit} />
          </span>
        )}
      </span>
    );
  }
  return (
    <span className="quality-side" data-testid="pair-side">
      <strong className="quality-side__name">{side.fullName}</strong>
      <span>
        {formatDate(side.birthDate)} · {t(`people.sex.${side.sex}`)}
      </span>
      <span className="code">{side.pin}</span>
      {side.unitCode && (
        <span className="quality-side__unit">
          <UnitLabel code={side.unitCode} />
        </span>
      )}
    </span>
  );
}
