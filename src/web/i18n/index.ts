import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import vi from './vi.json' with { type: 'json' };

export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/**
 * Vietnamese, the country's language and the fallback, comes with the app; English (about
 * 80 KB) is a chunk of its own, downloaded when it is first chosen: a phone opening the portal
 * in Vietnamese downloads one set of texts, with no extra round trip before the first page.
 */
const englishTexts = async (): Promise<object> => (await import('./en.json')).default;

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

/** Makes a language's texts available (once); the UI keeps speaking the current one meanwhile. */
export async function loadLang(lang: Lang): Promise<void> {
  // Vietnamese is always there (init below): only English is ever added.
  if (i18next.hasResourceBundle(lang, 'translation')) return;
  i18next.addResourceBundle(lang, 'translation', await englishTexts());
}

export async function setLang(lang: Lang): Promise<void> {
  await loadLang(lang);
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

/** Resolves when the stored language's texts are in: the app renders after it, so no key flashes. */
export const i18nReady: Promise<unknown> = (async () => {
  const lng = storedLang();
  await i18next.use(initReactI18next).init({
    resources: { vi: { translation: vi }, ...(lng === 'en' ? { en: { translation: await englishTexts() } } : {}) },
    partialBundledLanguages: true,
    lng,
    fallbackLng: 'vi',
    supportedLngs: LANGS,
    interpolation: { escapeValue: false }, // React escapes
    showSupportNotice: false,
  });
})();

export default i18next;

/** The UI language inside components (re-renders when it changes). */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return isLang(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'vi';
}
