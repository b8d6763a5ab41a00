import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch.js';

/** The citizen's pages before login (login, enrolment, activation, a service's login): one card on the red band. */
export function PublicShell({ wide = false, children, testId }: { wide?: boolean; children: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="login">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <main className={wide ? 'login__card login__card--wide' : 'login__card'} id="main" data-testid={testId}>
        <div className="login__brand">
          <span className="brand__mark" aria-hidden="true">
            dc
          </span>
          <div>
            <p className="login__product">{t('portal.productName')}</p>
            <p className="login__console">{t('portal.console')}</p>
          </div>
        </div>
        {children}
      </main>
    </div>
  );
}
