import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { Role } from '../api.js';
import { activeNavKey, navFor } from '../nav.js';
import { useRemote } from '../hooks/useRemote.js';
import { listsApi } from '../lists-api.js';
import { dossiersApi } from '../dossiers-api.js';

export function SideNav({ role }: { role: Role }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const items = navFor(role);
  // Enrolments waiting for review, counted again as the officer moves between pages.
  const pending = useRemote(items.some((i) => i.key === 'eid') ? `eid-pending|${pathname}` : null, (signal) => listsApi.eidPending(signal));
  const waiting = pending.data?.pending ?? 0;
  // Open dossiers past their appointment date, counted again on every page change.
  const overdue = useRemote(items.some((i) => i.key === 'dossiers') ? `dossiers-overdue|${pathname}` : null, (signal) => dossiersApi.overdue(signal));
  const late = overdue.data?.overdue ?? 0;
  // One entry is current even where paths nest (/eid and /eid/clients).
  const active = activeNavKey(
    items.filter((item) => !item.comingSoon),
    pathname,
  );
  return (
    <nav className="sidenav" aria-label={t('nav.label')} data-testid="sidenav">
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            {item.comingSoon ? (
              <span
                className="sidenav__link sidenav__link--disabled"
                aria-disabled="true"
                title={t('nav.comingSoonHint')}
                data-testid={`nav-${item.key}`}
              >
                {t(`nav.${item.key}`)}
                <span className="badge badge--muted">{t('common.comingSoon')}</span>
              </span>
            ) : (
              <Link
                to={item.to}
                className={item.key === active ? 'sidenav__link active' : 'sidenav__link'}
                aria-current={item.key === active ? 'page' : undefined}
                data-testid={`nav-${item.key}`}
              >
                {t(`nav.${item.key}`)}
                {item.key === 'eid' && waiting > 0 && (
                  <span className="badge badge--count" data-testid="nav-eid-badge" aria-label={t('desk.eidBadge', { count: waiting })}>
                    {waiting}
                  </span>
                )}
                {item.key === 'dossiers' && late > 0 && (
                  <span className="badge badge--count badge--count-danger" data-testid="nav-dossiers-badge" aria-label={t('dossierDesk.overdueBadge', { count: late })} title={t('dossierDesk.overdueBadge', { count: late })}>
                    {late}
                  </span>
                )}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
