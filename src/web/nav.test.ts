import { describe, expect, it } from 'vitest';
import { navFor } from './nav.js';

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
    expect(keys('commune_officer')).toEqual(['overview', 'units', 'people', 'households']);
  });
});
