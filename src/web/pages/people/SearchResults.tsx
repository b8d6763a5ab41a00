import { useTranslation } from 'react-i18next';
import { PinLink, StatusBadge, UnitLabel } from '../../components/PersonBits.js';
import { formatDate } from '../../format.js';
import type { SearchHit, SearchResult } from '../../people-api.js';

/** One page of search hits: PIN, name, date of birth (partial dates stay partial), sex, status, commune. */
export function SearchResults({ result, q, busy }: { result: SearchResult; q: string; busy: boolean }) {
  const { t } = useTranslation();
  const replaced = result.items.find((hit) => hit.replacedPin);
  return (
    <>
      {replaced && (
        <p className="alert alert--info" role="status" data-testid="replaced-notice">
          {t('people.search.replacedNotice', { old: replaced.replacedPin, pin: replaced.pin })}
        </p>
      )}
      <p className="muted search-mode" data-testid="search-mode">
        {t(`people.search.mode.${result.mode}`)}
      </p>
      <div className="table-wrap" aria-busy={busy}>
        <table className="table" data-testid="people-results">
          <caption className="visually-hidden">{t('people.search.caption', { q })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('people.field.pin')}</th>
              <th scope="col">{t('people.field.fullName')}</th>
              <th scope="col">{t('people.field.birthDate')}</th>
              <th scope="col">{t('people.field.sex')}</th>
              <th scope="col">{t('people.field.status')}</th>
              <th scope="col">{t('people.field.unit')}</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((hit) => (
              <HitRow key={hit.pin} hit={hit} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function HitRow({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  return (
    <tr data-testid="person-row" data-pin={hit.pin}>
      <td className="nowrap">
        <PinLink pin={hit.pin} />
        {hit.replacedPin && (
          <span className="cell-note" data-testid="replaced-pin">
            <span className="code">{hit.replacedPin}</span> {t('people.pins.oldReplacedBy', { pin: hit.pin })}
          </span>
        )}
      </td>
      <th scope="row">
        {hit.fullName}
        {/* Why a name that is not the query matched, so the officer checks before acting on it. */}
        {hit.match !== 'exact' && (
          <span
            className="badge badge--muted badge--inline"
            title={t(`search2.matchTitle.${hit.match}`)}
            data-testid="match-reason"
            data-match={hit.match}
          >
            {t(`search2.match.${hit.match}`)}
          </span>
        )}
      </th>
      <td className="nowrap">{formatDate(hit.birthDate)}</td>
      <td>{t(`people.sex.${hit.sex}`)}</td>
      <td>
        <StatusBadge status={hit.status} />
      </td>
      <td>
        <UnitLabel code={hit.unitCode} />
      </td>
    </tr>
  );
}
