import { NavLink } from 'react-router';

export interface TabLink<K extends string> {
  key: K;
  to: string;
  /** Active only on this exact path (the desk's first tab, whose path prefixes the others). */
  end?: boolean;
}

/**
 * A desk's tabs as links (each tab is a page of its own, so the browser's back button and a
 * shared link work): the current one is marked `active` and `aria-current="page"`. Test ids
 * are `{testIdPrefix}-tab-{key}`.
 */
export function TabNav<K extends string>({ tabs, label, labelOf, testIdPrefix, print = false }: { tabs: readonly TabLink<K>[]; label: string; labelOf: (key: K) => string; testIdPrefix: string; print?: boolean }) {
  return (
    <nav className={print ? 'tabs' : 'tabs no-print'} aria-label={label}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.key}>
            <NavLink to={tab.to} end={tab.end === true} className={({ isActive }) => (isActive ? 'tabs__link active' : 'tabs__link')} data-testid={`${testIdPrefix}-tab-${tab.key}`}>
              {labelOf(tab.key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
