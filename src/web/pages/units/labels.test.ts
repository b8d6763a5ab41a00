import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { i18nReady, loadLang } from '../../i18n/index.js';
import { dayBefore, typeLabel, validityLabel } from './labels.js';

beforeAll(async () => {
  await i18nReady;
  await loadLang('en');
});

describe('unit labels', () => {
  it('shows the last day in force, since validTo is exclusive', () => {
    expect(dayBefore('2025-07-01')).toBe('2025-06-30');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    const t = i18next.getFixedT('vi');
    expect(validityLabel(t, { validFrom: '2008-08-01', validTo: '2025-07-01' })).toBe(
      '01/08/2008 – 30/06/2025',
    );
    expect(validityLabel(t, { validFrom: '2025-07-01', validTo: null })).toBe('từ 01/07/2025');
  });

  it('translates the legal unit types and passes unknown ones through', () => {
    expect(typeLabel(i18next.getFixedT('vi'), 'Phường')).toBe('Phường');
    expect(typeLabel(i18next.getFixedT('en'), 'Phường')).toBe('Ward');
    expect(typeLabel(i18next.getFixedT('en'), 'Đặc khu')).toBe('Special zone');
    expect(typeLabel(i18next.getFixedT('en'), 'Khu kinh tế')).toBe('Khu kinh tế');
  });
});
