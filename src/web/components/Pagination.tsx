import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format.js';
import { useLang } from '../i18n/index.js';

interface Props {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  /** Names the list in the landmark label when a page has more than one. */
  label?: string;
}

/** First / previous / "page 2 of 9" / next / last, plus "21–40 of 170". Hidden when all fits on one page. */
export function Pagination({ page, pageSize, total, onPage, label }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const n = (value: number) => formatNumber(value, lang);

  return (
    <div className="pagination" data-testid="pagination">
      <p className="pagination__range" aria-live="polite">
        {t('pagination.range', { from: n(from), to: n(to), total: n(total) })}
      </p>
      {pages > 1 && (
        <nav aria-label={label ?? t('pagination.label')}>
          <ul className="pagination__controls">
            <li>
              <button
                type="button"
                className="button button--ghost"
                disabled={page <= 1}
                onClick={() => onPage(1)}
                aria-label={t('pagination.first')}
              >
                «
              </button>
            </li>
            <li>
              <button
                type="button"
                className="button button--ghost"
                disabled={page <= 1}
                onClick={() => onPage(page - 1)}
                aria-label={t('pagination.prev')}
                data-testid="page-prev"
              >
                ‹
              </button>
            </li>
            <li className="pagination__current" aria-current="page">
              {t('pagination.page', { page: n(page), pages: n(pages) })}
            </li>
            <li>
              <button
                type="button"
                className="button button--ghost"
                disabled={page >= pages}
                onClick={() => onPage(page + 1)}
                aria-label={t('pagination.next')}
                data-testid="page-next"
              >
                ›
              </button>
            </li>
            <li>
              <button
                type="button"
                className="button button--ghost"
                disabled={page >= pages}
                onClick={() => onPage(pages)}
                aria-label={t('pagination.last')}
              >
                »
              </button>
            </li>
          </ul>
        </nav>
      )}
    </div>
  );
}
