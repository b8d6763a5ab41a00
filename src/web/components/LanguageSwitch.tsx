import { useTranslation } from 'react-i18next';
import { LANGS, setLang, useLang } from '../i18n/index.js';

/** Two pressed/unpressed buttons: VI | EN. The choice is kept in localStorage (see i18n/index.ts). */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const active = useLang();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGS.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          className="lang-switch__option"
          aria-pressed={lang === active}
          title={t(`lang.${lang}`)}
          data-testid={`lang-${lang}`}
          onClick={() => void setLang(lang)}
        >
          <span aria-hidden="true">{lang.toUpperCase()}</span>
          <span className="visually-hidden">{t(`lang.${lang}`)}</span>
        </button>
      ))}
    </div>
  );
}
