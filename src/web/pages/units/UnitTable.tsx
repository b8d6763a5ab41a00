import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Tree, Unit } from '../../units-api.js';
import { typeLabel, validityLabel } from './labels.js';

interface Props {
  items: Unit[];
  tree: Tree;
  caption: string;
  testId: string;
  /** Search results span provinces; a province's commune list does not need the column. */
  showProvince?: boolean;
  showValidity?: boolean;
  busy?: boolean;
}

/** Communes (or any units) as a table; pre-2025 communes link to their new unit. */
export function UnitTable({
  items,
  tree,
  caption,
  testId,
  showProvince = false,
  showValidity = false,
  busy = false,
}: Props) {
  const { t } = useTranslation();
  const showDistrict = tree === 'pre2025' || items.some((u) => u.districtName);
  const canConvert = (unit: Unit) => unit.tree === 'pre2025' && unit.level === 'commune';
  const showActions = items.some(canConvert);

  return (
    <div className="table-wrap" aria-busy={busy}>
      <table className="table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="col-code">
              {t('units.col.code')}
            </th>
            <th scope="col">{t('units.col.name')}</th>
            <th scope="col">{t('units.col.type')}</th>
            {showDistrict && <th scope="col">{t('units.col.district')}</th>}
            {showProvince && <th scope="col">{t('units.col.province')}</th>}
            {showValidity && <th scope="col">{t('units.col.validity')}</th>}
            {showActions && (
              <th scope="col">
                <span className="visually-hidden">{t('units.col.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {items.map((unit) => (
            <tr key={`${unit.tree}:${unit.level}:${unit.code}`} data-testid="unit-row" data-code={unit.code}>
              <td className="code">{unit.code}</td>
              <th scope="row" className="unit-name">
                {unit.name}
              </th>
              <td>{typeLabel(t, unit.type)}</td>
              {showDistrict && <td>{unit.districtName ?? ''}</td>}
              {showProvince && <td>{unit.provinceName}</td>}
              {showValidity && <td className="nowrap">{validityLabel(t, unit)}</td>}
              {showActions && (
                <td>
                  {canConvert(unit) && (
                    <Link
                      to={{ pathname: '/units/convert', search: `?code=${unit.code}` }}
                      className="button button--ghost button--small"
                    >
                      {t('units.communes.convert')} →
                    </Link>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
