import { describe, expect, it } from 'vitest';
import { ALL_ROLES, declaredPermissions, hasPermission } from '../src/kernel/access.js';
import type { OfficerActor, Role } from '../src/kernel/actor.js';
// The declarations, as the app loads them: every module the app composes, not a hand-kept list
// (a hand list once missed the CT07 permissions).
import '../src/app.js';
import { NAV } from '../src/web/nav.js';
import { CONSOLE_ROUTES } from '../src/web/console-routes.js';

/**
 * The permission table as the product promises it, written out by hand: a change to any
 * module's declarations that grants or takes away a right fails here until this table is
 * changed on purpose. (Which unit each role reaches is the services' matrix: see
 * people.scopes.test.ts and eid.scopes.test.ts.)
 */
const EXPECTED: Record<string, Record<Role, boolean>> = {
  //                 commune  province national admin
  'people.read': row(true, true, true, true),
  'people.write': row(true, true, true, true),
  'people.import': row(false, true, true, true),
  'eid.verify': row(true, true, true, true),
  'eid.clients': row(false, false, false, true),
  'officers.read': row(false, true, true, true),
  'officers.manage': row(false, false, false, true),
  'audit.read': row(true, true, true, true),
  'audit.verify': row(false, false, true, true),
  'calendar.manage': row(false, false, false, true),
  'dossiers.read': row(true, true, true, true),
  'dossiers.process': row(true, true, true, false),
  'dossiers.decide': row(true, true, true, false),
  'residence.decide': row(true, true, true, false),
  'residence.notice': row(true, true, true, false),
  'residence.configure': row(false, false, true, true),
  'residence.confirmation.issue': row(true, true, true, false),
  'residence.confirmation.revoke': row(true, true, true, false),
  'cards.intake': row(true, true, true, false),
  'cards.decide': row(true, true, true, false),
  'cards.produce': row(false, true, true, false),
  'cards.deliver': row(true, true, true, false),
  'cards.revoke': row(true, true, true, false),
  'cards.read': row(true, true, true, false),
  'cards.verify': row(true, true, true, true),
  'cards.keys': row(false, false, true, true),
  'quality.read': row(true, true, true, true),
  'quality.review': row(true, true, true, false),
  'quality.merge': row(true, true, true, false),
  'quality.run': row(false, true, true, true),
};
function row(commune: boolean, province: boolean, national: boolean, admin: boolean): Record<Role, boolean> {
  return { commune_officer: commune, province_officer: province, national_officer: national, admin };
}

const officerOf = (role: Role): OfficerActor => ({
  kind: 'officer',
  id: 'o',
  username: 'u',
  role,
  unitLevel: role === 'commune_officer' ? 'commune' : role === 'province_officer' ? 'province' : 'nation',
  unitCode: role === 'commune_officer' ? '00004' : role === 'province_officer' ? '01' : null,
  provinceCode: role === 'commune_officer' || role === 'province_officer' ? '01' : null,
});

describe('permissions declared by the modules', () => {
  it('are exactly the table above, role by role', () => {
    expect(declaredPermissions().map((p) => p.name).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [permission, byRole] of Object.entries(EXPECTED)) {
      for (const role of ALL_ROLES) expect(hasPermission(officerOf(role), permission), `${role} ${permission}`).toBe(byRole[role]);
    }
  });

  it('are held by no citizen and no relying party, and an undeclared one is an error, not a silent no', () => {
    const citizen = { kind: 'citizen' as const, id: 'a', personId: 'p', pin: '001088000001', level: 2 as const };
    for (const permission of Object.keys(EXPECTED)) expect(hasPermission(citizen, permission)).toBe(false);
    expect(() => hasPermission(officerOf('admin'), 'people.delete')).toThrow(/not declared/);
  });
});


describe('the console follows the permission table', () => {
  it('shows a menu entry only to roles that hold the permission its page needs', () => {
    for (const item of NAV) {
      if (!item.permission) continue;
      for (const role of item.roles) expect(hasPermission(officerOf(role), item.permission), `${role} sees ${item.key}`).toBe(true);
    }
    // Pages a role may use are in its menu, apart from registry work kept off the administrator's.
    for (const item of NAV.filter((i) => i.permission && !['people', 'households', 'lists'].includes(i.key))) {
      for (const role of ALL_ROLES) expect(item.roles.includes(role), `${role} / ${item.key}`).toBe(hasPermission(officerOf(role), item.permission!));
    }
  });

  it('names a declared permission for every guarded console route', () => {
    const declared = new Set(declaredPermissions().map((p) => p.name));
    for (const route of CONSOLE_ROUTES) if (route.permission) expect(declared.has(route.permission), route.path).toBe(true);
    expect(CONSOLE_ROUTES.map((r) => r.path)).toEqual(expect.arrayContaining(['/officers', '/audit', '/eid/clients', '/people', '/account/security']));
  });
});
