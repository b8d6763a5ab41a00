/**
 * Which server permission each console page needs (access.ts declares them per module). The
 * layout answers a page the role may not use with the "not permitted" page instead of letting
 * it load and fail; test/permissions.test.ts checks every name here is declared. The server
 * still checks every request: this is for a clear answer, not for security.
 */
export interface ConsoleRoute {
  /** The path, and every path under it unless a longer entry matches. */
  path: string;
  permission?: string;
}

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  { path: '/' },
  { path: '/units' },
  { path: '/people', permission: 'people.read' },
  { path: '/people/new', permission: 'people.write' },
  { path: '/households', permission: 'people.read' },
  { path: '/lists', permission: 'people.read' },
  { path: '/dossiers', permission: 'dossiers.read' },
  { path: '/eid', permission: 'eid.verify' },
  { path: '/eid/clients', permission: 'eid.clients' },
  { path: '/officers', permission: 'officers.read' },
  { path: '/audit', permission: 'audit.read' },
  { path: '/dossiers/new', permission: 'dossiers.process' },
  { path: '/ct07', permission: 'residence.confirmation.issue' },
  { path: '/cards', permission: 'cards.intake' },
  { path: '/cards/production', permission: 'cards.read' },
  { path: '/cards/card', permission: 'cards.read' },
  { path: '/verify-card', permission: 'cards.verify' },
  { path: '/quality', permission: 'quality.read' },
  { path: '/account/security' },
];

/** The permission the page at `pathname` needs, if any (the longest matching entry decides). */
export function permissionFor(pathname: string): string | undefined {
  let best: ConsoleRoute | undefined;
  for (const route of CONSOLE_ROUTES) {
    const matches = route.path === '/' ? true : pathname === route.path || pathname.startsWith(`${route.path}/`);
    if (matches && (!best || route.path.length > best.path.length)) best = route;
  }
  return best?.permission;
}
