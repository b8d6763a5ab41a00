import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PinLink } from '../components/PersonBits.js';
import { Empty, ErrorBox, Loading } from '../components/Status.js';
import { formatDateTime, formatNumber } from '../format.js';
import { useLang } from '../i18n/index.js';
import type { Overview } from '../lists-api.js';
import i18next from 'i18next';
import { purposeText } from '../purposes.js';

type FigureKey = 'residents' | 'households' | 'birthsThisMonth' | 'deathsThisMonth' | 'adultsWithoutIdNumber' | 'headlessHouseholds' | 'eidPending';

/** Where each figure leads: the list filtered to exactly what it counts. */
function linkOf(key: FigureKey, month: string): string {
  switch (key) {
    case 'residents':
      return '/lists?status=living';
    case 'households':
      return '/lists/households';
    case 'birthsThisMonth':
      return `/lists?bornIn=${month}`;
    case 'deathsThisMonth':
      return `/lists?diedIn=${month}`;
    case 'adultsWithoutIdNumber':
      return '/lists?status=living&aged14=true&noIdNumber=true';
    case 'headlessHouseholds':
      return '/lists/households?headless=true';
    case 'eidPending':
      return '/eid';
  }
}

/** Figures that ask for work today are marked when they are not zero. */
const TODO: ReadonlySet<FigureKey> = new Set(['adultsWithoutIdNumber', 'headlessHouseholds', 'eidPending']);

/** The unit's figures, each a link to its list; the counting time when it is not this moment. */
export function DeskFigures({ overview, error, onRetry, eidPending }: { overview: Overview | undefined; error: unknown; onRetry: () => void; eidPending: number | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (error !== undefined) return <ErrorBox error={error} onRetry={onRetry} />;
  if (!overview) return <Loading />;
  const f = overview.figures;
  const items: Array<[FigureKey, number | undefined]> = [
    ['residents', f.residents],
    ['households', f.households],
    ['birthsThisMonth', f.birthsThisMonth],
    ['deathsThisMonth', f.deathsThisMonth],
    ['adultsWithoutIdNumber', f.adultsWithoutIdNumber],
    ['headlessHouseholds', f.headlessHouseholds],
    ['eidPending', eidPending],
  ];
  const [year, month] = overview.month.split('-');
  return (
    <section className="desk" aria-labelledby="desk-heading" data-testid="desk">
      <h2 id="desk-heading">{t(`desk.heading.${overview.level}`)}</h2>
      <ul className="desk__figures">
        {items.map(([key, value]) => (
          <li key={key}>
            <Link to={linkOf(key, overview.month)} className={TODO.has(key) && value ? 'figure figure--todo' : 'figure'} data-testid={`figure-${key}`}>
              <span className="figure__value">{value === undefined ? '…' : formatNumber(value, lang)}</span>
              <span className="figure__label">{t(`desk.figure.${key}`, { month: `${month}/${year}` })}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="muted desk__asof" data-testid="desk-asof">
        {overview.cached ? t('desk.asOfCached', { time: formatDateTime(overview.asOf) }) : t('desk.asOf', { time: formatDateTime(overview.asOf) })}{' '}
        {t('desk.noIdNote')}
      </p>
    </section>
  );
}

/** What changed lately in the unit: who was born, died, moved in … with links to the records. */
export function RecentChanges({ overview }: { overview: Overview }) {
  const { t } = useTranslation();
  const label = (action: string) => (i18next.exists(`desk.action.${action}`) ? t(`desk.action.${action}` as 'desk.action.person.born') : action);
  return (
    <section className="panel section" aria-labelledby="recent-heading" data-testid="recent-changes">
      <h2 id="recent-heading">{t('desk.recentHeading')}</h2>
      {overview.recent.length === 0 ? (
        <Empty>{t('desk.recentEmpty')}</Empty>
      ) : (
        <ul className="recent">
          {overview.recent.map((c, i) => (
            <li key={`${c.at}-${i}`} className="recent__item" data-testid="recent-item">
              <span className="recent__time nowrap">{formatDateTime(c.at)}</span>
              <span className="recent__what">
                <strong>{label(c.action)}</strong>{' '}
                {c.targetKind === 'person' ? (
                  <>
                    {c.personName && <span data-testid="recent-name">{c.personName} · </span>}
                    <PinLink pin={c.targetId} />
                  </>
                ) : c.targetKind === 'household' ? (
                  <Link to={`/households/${c.targetId}`} className="code">{c.targetId}</Link>
                ) : (
                  <span className="code">{c.targetId}</span>
                )}
                {c.reason && <span className="muted" data-testid="recent-reason"> — {purposeText(t, c.reason)}</span>}
                {c.byMe && <span className="badge badge--muted recent__me">{t('desk.byMe')}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
