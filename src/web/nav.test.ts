import { describe, expect, it } from 'vitest';
import { activeNavKey, NAV, navFor } from './nav.js';

const keys = (role: Parameters<typeof navFor>[0]) => navFor(role).map((item) => item.key);

describe('navFor', () => {
  it('gives every role the overview and the administrative units', () => {
    for (const role of ['commune_officer', 'province_officer', 'national_officer', 'admin'] as const) {
      expect(keys(role)).toEqual(expect.arrayContaining(['overview', 'units']));
    }
  });

  it('keeps officers and the audit log to administrators', () => {
    expect(keys('commune_officer')).not.toContain('officers');
    expect(keys('national_officer')).not.toContain('audit');
    expect(keys('admin')).toEqual(expect.arrayContaining(['officers', 'audit']));
  });

  it('shows registry work to officers', () => {
    expect(keys('commune_officer')).toEqual(['overview', 'units', 'people', 'households', 'lists', 'eid']);
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
  });
});
