import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Officer } from '../api.js';
import { useAuth } from '../auth.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { Brand } from './Brand.js';

export function Header({ officer }: { officer: Officer }) {
  const { t } = useTranslation();
  const { logout } = useAuth();
  const [leaving, setLeaving] = useState(false);
  const unit = officer.unitName ?? t('levels.nation');

  return (
    <header className="topbar" data-testid="header">
      <Brand to="/" title={t('app.title')} />
      <div className="topbar__end">
        <div className="who" data-testid="officer">
          <span className="visually-hidden">{t('header.signedInAs')}: </span>
          <span className="who__name">{officer.displayName}</span>
          <span className="who__unit">
            {t(`roles.${officer.role}`)} · {unit}
          </span>
        </div>
        <LanguageSwitch />
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="logout"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            void logout();
          }}
        >
          {leaving ? t('header.loggingOut') : t('header.logout')}
        </button>
      </div>
    </header>
  );
}
