import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import vi from './vi.json' with { type: 'json' };
import { i18nReady, setLang } from './index.js';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(text: unknown): string[] {
  return typeof text === 'string' ? [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] ?? '').sort() : [];
}

function at(tree: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree);
}

describe('translations', () => {
  it('have the same keys in Vietnamese and English', () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const key of keys(vi)) expect(placeholders(at(en, key)), key).toEqual(placeholders(at(vi, key)));
  });

  it('have no empty text', () => {
    for (const key of keys(vi)) {
      expect(String(at(vi, key)).trim(), key).not.toBe('');
      expect(String(at(en, key)).trim(), key).not.toBe('');
    }
  });
});

describe('loading the texts', () => {
  // That the first load fetches no English is checked in the browser (portal-phone.e2e.test.ts):
  // here other files of the worker share i18next (isolate: false) and may have loaded it.
  it('loads English when it is chosen, and speaks it', async () => {
    await i18nReady;
    await setLang('vi');
    i18next.removeResourceBundle('en', 'translation');
    expect(i18next.hasResourceBundle('vi', 'translation')).toBe(true);
    expect(i18next.hasResourceBundle('en', 'translation')).toBe(false);
    expect(i18next.t('common.retry')).toBe('Thử lại');
    await setLang('en');
    expect(i18next.hasResourceBundle('en', 'translation')).toBe(true);
    expect(i18next.t('common.retry')).toBe('Try again');
    await setLang('vi');
  });
});
