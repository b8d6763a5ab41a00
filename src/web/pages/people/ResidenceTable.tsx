import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { purposeText } from '../../purposes.js';
import { Empty } from '../../components/Status.js';
import { formatDate } from '../../format.js';
import type { Residence } from '../../people-api.js';

/** Residence periods, newest first; open periods (no end) highlighted. */
export function ResidenceTable({ residences }: { residences: Residence[] }) {
  const { t } = useTranslation();
  if (residences.length === 0) return <Empty>{t('people.residence.empty')}</Empty>;
  const sorted = [...residences].sort(
    (a, b) =>
      Number(a.validTo !== null) - Number(b.validTo !== null) || b.validFrom.localeCompare(a.validFrom),
  );
  return (
    <div className="table-wrap">
      <table className="table" data-testid="residences">
        <caption className="visually-hidden">{t('people.residence.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('people.residence.kind')}</th>
            <th scope="col">{t('people.residence.address')}</th>
            <th scope="col">{t('people.residence.period')}</th>
            <th scope="col">{t('people.residence.ended')}</th>
            <th scope="col">{t('forms.dossier')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <ResidenceRow key={r.id} residence={r} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Closing reasons the server writes itself are codes; an officer's reason is shown as written. */
function endedReasonText(t: TFunction, reason: string | null): string {
  if (reason === 'death' || reason === 'birth') return t(`people.residence.endedReasons.${reason}`);
  return purposeText(t, reason) ?? '';
}

function ResidenceRow({ residence: r }: { residence: Residence }) {
  const { t } = useTranslation();
  const open = r.validTo === null;
  const today = r.currentUnits ?? [];
  // Recorded in a unit that no longer exists under that name: say what it is today.
  const renamed = today.length > 0 && !(today.length === 1 && today[0]?.code === r.unitCode);
  return (
    <tr className={open ? 'row--open' : undefined} data-testid="residence-row" data-open={open}>
      <td>
        <span className="nowrap">{t(`people.residence.kinds.${r.kind}`)}</span>
        {open && <span className="badge badge--open badge--inline">{t('people.residence.current')}</span>}
      </td>
      <td>
        <div>{r.address}</div>
        <div className="cell-note">{r.unitName ?? <span className="code">{r.unitCode}</span>}</div>
        {renamed && (
          <div className="cell-note">
            {t(r.currentExact === false ? 'people.residence.todayOneOf' : 'people.residence.today', {
              units: today.map((u) => `${u.name} (${u.code})`).join('; '),
            })}
          </div>
        )}
      </td>
      <td className="nowrap">
        {formatDate(r.validFrom)} –{' '}
        {open
          ? r.plannedEnd
            ? t('people.residence.planned', { date: formatDate(r.plannedEnd) })
            : t('people.residence.now')
          : formatDate(r.validTo)}
      </td>
      <td>{endedReasonText(t, r.endedReason)}</td>
      <td className="code">{r.dossier ?? ''}</td>
    </tr>
  );
}
