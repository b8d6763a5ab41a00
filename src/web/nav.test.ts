import { describe, expect, it } from 'vitest';
import { activeNavKey, NAV, navFor } from './nav.js';

const keys = (role: Parameters<typeof navFor>[0]) => navFor(role).map((item) => item.key);

describe('navFor', () => {
  it('gives every role the overview and the administrative units', () => {
    for (const role of ['commune_officer', 'province_officer', 'national_officer', 'admin'] as const) {
      expect(keys(role)).toEqual(expect.arrayContaining(['overview', 'units']));
    }
  });

  it('shows officer accounts from the province up and the audit log to everyone', () => {
    expect(keys('commune_officer')).not.toContain('officers');
    expect(keys('province_officer')).toContain('officers');
    expect(keys('commune_officer')).toContain('audit');
    expect(keys('admin')).toEqual(expect.arrayContaining(['officers', 'audit']));
  });

  it('shows registry work to officers, and everyone their own account security', () => {
    expect(keys('commune_officer')).toEqual(['overview', 'units', 'people', 'households', 'lists', 'dossiers', 'counterFiling', 'ct07', 'cards', 'verifyCard', 'quality', 'eid', 'audit', 'security']);
    expect(keys('admin')).toContain('security');
  });

  it('builds nothing disabled: every entry leads to a page', () => {
    expect(NAV.filter((item) => item.comingSoon)).toEqual([]);
  });
});

describe('ID card entries', () => {
  it('gives officers the card desk and everyone who may check cards the verification desk', () => {
    expect(keys('province_officer')).toEqual(expect.arrayContaining(['cards', 'verifyCard']));
    expect(keys('admin')).toContain('verifyCard');
    expect(keys('admin')).not.toContain('cards');
  });
});

describe('e-ID entries', () => {
  it('gives every officer the e-ID desk and only administrators the relying parties', () => {
    expect(keys('commune_officer')).toContain('eid');
    expect(keys('commune_officer')).not.toContain('eidClients');
    expect(keys('admin')).toEqual(expect.arrayContaining(['eid', 'eidClients']));
  });
});

describe('activeNavKey', () => {
  it('picks the most specific entry for a path', () => {
    expect(activeNavKey(NAV, '/')).toBe('overview');
    expect(activeNavKey(NAV, '/eid')).toBe('eid');
    expect(activeNavKey(NAV, '/eid/level2')).toBe('eid');
    expect(activeNavKey(NAV, '/eid/clients')).toBe('eidClients');
    expect(activeNavKey(NAV, '/people/001234567890/history')).toBe('people');
    expect(activeNavKey(NAV, '/peoplex')).toBeUndefined();
    expect(activeNavKey(NAV, '/officers')).toBe('officers');
    expect(activeNavKey(NAV, '/account/security')).toBe('security');
    expect(activeNavKey(NAV, '/cards/intake/0b6f')).toBe('cards');
    expect(activeNavKey(NAV, '/verify-card')).toBe('verifyCard');
  });
});

describe('permissionFor', () => {
  it('takes the most specific console route', async () => {
    const { permissionFor } = await import('./console-routes.js');
    expect(permissionFor('/')).toBeUndefined();
    expect(permissionFor('/people/001088000001/history')).toBe('people.read');
    expect(permissionFor('/people/new/birth')).toBe('people.write');
    expect(permissionFor('/eid/level2')).toBe('eid.verify');
    expect(permissionFor('/eid/clients')).toBe('eid.clients');
    expect(permissionFor('/officers')).toBe('officers.read');
    expect(permissionFor('/audit')).toBe('audit.read');
    expect(permissionFor('/account/security')).toBeUndefined();
    expect(permissionFor('/cards/intake/0b6f')).toBe('cards.intake');
    expect(permissionFor('/cards/production')).toBe('cards.read');
    expect(permissionFor('/verify-card')).toBe('cards.verify');
  });
});
