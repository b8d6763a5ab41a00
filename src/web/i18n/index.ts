import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from './en.json' with { type: 'json' };
import vi from './vi.json' with { type: 'json' };

export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const resources = { vi: { translation: vi }, en: { translation: en } } as const;

const STORAGE_KEY = 'dancu.lang';

export function isLang(value: unknown): value is Lang {
  return value === 'vi' || value === 'en';
}

function storedLang(): Lang {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLang(value) ? value : 'vi';
  } catch {
    // Storage can be blocked (privacy settings); Vietnamese is the default anyway.
    return 'vi';
  }
}

/** The language the UI speaks now, narrowed to the two we ship. */
export function currentLang(): Lang {
  return isLang(i18next.resolvedLanguage) ? i18next.resolvedLanguage : 'vi';
}

export async function setLang(lang: Lang): Promise<void> {
  await i18next.changeLanguage(lang);
}

i18next.on('languageChanged', (lng) => {
  const lang = isLang(lng) ? lng : 'vi';
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisting the choice is harmless.
  }
});

export const i18nReady = i18next.use(initReactI18next).init({
  resources,
  lng: storedLang(),
  fallbackLng: 'vi',
  supportedLngs: LANGS,
  interpolation: { escapeValue: false }, // React escapes
  showSupportNotice: false,
});

export default i18next;

/** The UI language inside components (re-renders when it changes). */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return isLang(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'vi';
}
