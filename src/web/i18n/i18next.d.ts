import type vi from './vi.json';

// Type-checked translation keys: `t('units.search.label')` fails to compile when the key is missing.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}
