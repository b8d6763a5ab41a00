import type { Role } from './api.js';

export type NavKey = 'overview' | 'units' | 'people' | 'households' | 'lists' | 'eid' | 'eidClients' | 'officers' | 'audit';

export interface NavItem {
  key: NavKey;
  to: string;
  /** Who sees the entry at all. */
  roles: readonly Role[];
  /** Not built yet: shown disabled with "coming soon". */
  comingSoon?: boolean;
}

const ALL: readonly Role[] = ['commune_officer', 'province_officer', 'national_officer', 'admin'];
const OFFICERS: readonly Role[] = ['commune_officer', 'province_officer', 'national_officer'];
const ADMIN: readonly Role[] = ['admin'];

/**
 * The side navigation. People and households are registry work (officers in a unit);
 * officer accounts and the audit log are the administrator's. The server checks every
 * action again: hiding an entry here is convenience, not security.
 */
export const NAV: readonly NavItem[] = [
  { key: 'overview', to: '/', roles: ALL },
  { key: 'units', to: '/units', roles: ALL },
  { key: 'people', to: '/people', roles: OFFICERS },
  { key: 'households', to: '/households', roles: OFFICERS },
  { key: 'lists', to: '/lists', roles: OFFICERS },
  { key: 'eid', to: '/eid', roles: ALL },
  { key: 'eidClients', to: '/eid/clients', roles: ADMIN },
  { key: 'officers', to: '/officers', roles: ADMIN, comingSoon: true },
  { key: 'audit', to: '/audit', roles: ADMIN, comingSoon: true },
];

export function navFor(role: Role): NavItem[] {
  return NAV.filter((item) => item.roles.includes(role));
}

/**
 * The entry the page at `pathname` belongs to: the longest `to` that is the path or a folder
 * of it, so /eid/clients is "eidClients" and not also "eid".
 */
export function activeNavKey(items: readonly NavItem[], pathname: string): NavKey | undefined {
  let best: NavItem | undefined;
  for (const item of items) {
    const matches =
      item.to === '/' ? pathname === '/' : pathname === item.to || pathname.startsWith(`${item.to}/`);
    if (matches && (!best || item.to.length > best.to.length)) best = item;
  }
  return best?.key;
}
