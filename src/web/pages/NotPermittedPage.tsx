import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOfficer } from '../auth.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';

/** A console page the officer's role may not use: said plainly, with what to do, never a silent 404. */
export function NotPermittedPage() {
  const { t } = useTranslation();
  const officer = useOfficer();
  useDocumentTitle(t('admin.notPermitted.title'));
  return (
    <section className="page" data-testid="not-permitted" aria-labelledby="not-permitted-heading">
      <h1 id="not-permitted-heading">{t('admin.notPermitted.title')}</h1>
      <p className="alert alert--warning" role="alert">
        {t('admin.notPermitted.text', { role: t(`roles.${officer.role}`) })}
      </p>
      <p className="muted">{t('admin.notPermitted.hint')}</p>
      <p>
        <Link to="/">{t('errors.goHome')}</Link>
      </p>
    </section>
  );
}
