import { useTranslation } from 'react-i18next';
import { purposeText } from '../../purposes.js';
import { PinLink } from '../../components/PersonBits.js';
import { formatDate } from '../../format.js';
import type { PinEntry } from '../../people-api.js';

/** Every PIN the person has held; a cancelled one says which PIN replaced it and why. */
export function PinTable({ pins }: { pins: PinEntry[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="pins">
        <caption className="visually-hidden">{t('people.pins.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('people.field.pin')}</th>
            <th scope="col">{t('people.pins.state')}</th>
            <th scope="col">{t('people.pins.issuedAt')}</th>
            <th scope="col">{t('people.pins.cancelledAt')}</th>
            <th scope="col">{t('people.pins.cancelReason')}</th>
          </tr>
        </thead>
        <tbody>
          {pins.map((p) => (
            <tr key={p.pin} data-testid="pin-row" data-status={p.status}>
              <td className="code nowrap">{p.pin}</td>
              <td>
                {p.status === 'active' ? (
                  <span className="badge badge--open">{t('people.pins.active')}</span>
                ) : (
                  <>
                    <span className="badge badge--muted">{t('people.pins.cancelled')}</span>{' '}
                    {p.replacedBy && (
                      <span className="nowrap">
                        {t('people.pins.replacedBy')} <PinLink pin={p.replacedBy} />
                      </span>
                    )}
                  </>
                )}
              </td>
              <td className="nowrap">{formatDate(p.issuedAt)}</td>
              <td className="nowrap">{formatDate(p.cancelledAt)}</td>
              <td>{purposeText(t, p.cancelReason) ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
