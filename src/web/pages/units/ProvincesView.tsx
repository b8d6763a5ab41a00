import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { formatNumber } from '../../format.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { provincesOf } from '../../units-api.js';
import { typeLabel } from './labels.js';
import { treeSearch, useTree } from './tree.js';

/** The provinces of the chosen tree; each opens its paged commune list. */
export function ProvincesView() {
  const { t } = useTranslation();
  const lang = useLang();
  const [tree] = useTree();
  const provinces = useRemote(tree, () => provincesOf(tree));
  const items = provinces.data ?? [];
  const showCounts = items.some((p) => typeof p.communeCount === 'number');

  return (
    <section aria-labelledby="provinces-heading" className="panel">
      <h2 id="provinces-heading">{t('units.provinces.heading')}</h2>
      {provinces.status === 'error' && <ErrorBox error={provinces.error} onRetry={provinces.retry} />}
      {provinces.status === 'loading' && !provinces.data && <Loading />}
      {provinces.status === 'ok' && items.length === 0 && <Empty>{t('units.provinces.empty')}</Empty>}
      {items.length > 0 && (
        <div className="table-wrap" aria-busy={provinces.status === 'loading'}>
          <table className="table" data-testid="province-list">
            <caption className="visually-hidden">{t('units.provinces.caption', { n: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col" className="col-code">
                  {t('units.col.code')}
                </th>
                <th scope="col">{t('units.col.name')}</th>
                <th scope="col">{t('units.col.type')}</th>
                {showCounts && (
                  <th scope="col" className="num">
                    {t('units.col.communes')}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((province) => (
                <tr key={province.code} data-testid="province-row">
                  <td className="code">{province.code}</td>
                  <th scope="row">
                    <Link
                      to={{ pathname: `/units/provinces/${province.code}`, search: treeSearch(tree) }}
                      aria-label={t('units.provinces.open', { name: province.name })}
                    >
                      {province.name}
                    </Link>
                  </th>
                  <td>{typeLabel(t, province.type)}</td>
                  {showCounts && (
                    <td className="num">
                      {typeof province.communeCount === 'number'
                        ? formatNumber(province.communeCount, lang)
                        : ''}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
