import type { Role } from './api.js';

export type NavKey = 'overview' | 'units' | 'people' | 'households' | 'lists' | 'dossiers' | 'eid' | 'eidClients' | 'officers' | 'audit' | 'security' | 'counterFiling' | 'ct07' | 'cards' | 'verifyCard' | 'quality';

export interface NavItem {
  key: NavKey;
  to: string;
  /** Who sees the entry at all. */
  roles: readonly Role[];
  /**
   * The server permission the page needs (access.ts); every role listed must hold it
   * (test/permissions.test.ts), and a role without it gets the "not permitted" page.
   */
  permission?: string;
  /** Not built yet: shown disabled with "coming soon". */
  comingSoon?: boolean;
}

const ALL: readonly Role[] = ['commune_officer', 'province_officer', 'national_officer', 'admin'];
const OFFICERS: readonly Role[] = ['commune_officer', 'province_officer', 'national_officer'];
const ADMIN: readonly Role[] = ['admin'];
const ABOVE_COMMUNE: readonly Role[] = ['province_officer', 'national_officer', 'admin'];

/**
 * The side navigation: an entry for what the role can do. People and households are registry
 * work (officers in a unit); officer accounts are read from the province up and changed by
 * administrators; every officer reads the audit log of their own unit. The server checks
 * every action again: hiding an entry here is convenience, not security.
 */
export const NAV: readonly NavItem[] = [
  { key: 'overview', to: '/', roles: ALL },
  { key: 'units', to: '/units', roles: ALL },
  { key: 'people', to: '/people', roles: OFFICERS, permission: 'people.read' },
  { key: 'households', to: '/households', roles: OFFICERS, permission: 'people.read' },
  { key: 'lists', to: '/lists', roles: OFFICERS, permission: 'people.read' },
  { key: 'dossiers', to: '/dossiers', roles: ALL, permission: 'dossiers.read' },
  { key: 'counterFiling', to: '/dossiers/new', roles: OFFICERS, permission: 'dossiers.process' },
  { key: 'ct07', to: '/ct07', roles: OFFICERS, permission: 'residence.confirmation.issue' },
  { key: 'cards', to: '/cards', roles: OFFICERS, permission: 'cards.intake' },
  { key: 'verifyCard', to: '/verify-card', roles: ALL, permission: 'cards.verify' },
  { key: 'quality', to: '/quality', roles: ALL, permission: 'quality.read' },
  { key: 'eid', to: '/eid', roles: ALL, permission: 'eid.verify' },
  { key: 'eidClients', to: '/eid/clients', roles: ADMIN, permission: 'eid.clients' },
  { key: 'officers', to: '/officers', roles: ABOVE_COMMUNE, permission: 'officers.read' },
  { key: 'audit', to: '/audit', roles: ALL, permission: 'audit.read' },
  { key: 'security', to: '/account/security', roles: ALL },
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
