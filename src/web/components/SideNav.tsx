import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import type { Role } from '../api.js';
import { navFor } from '../nav.js';

export function SideNav({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <nav className="sidenav" aria-label={t('nav.label')} data-testid="sidenav">
      <ul>
        {navFor(role).map((item) => (
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
              <NavLink
                to={item.to}
                end={item.to === '/'}
                className="sidenav__link"
                data-testid={`nav-${item.key}`}
              >
                {t(`nav.${item.key}`)}
              </NavLink>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
