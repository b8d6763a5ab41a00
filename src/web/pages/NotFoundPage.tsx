import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';

/** `home`: where "back" leads (the console's overview, or the portal's home). */
export function NotFoundPage({ home = '/' }: { home?: string }) {
  const { t } = useTranslation();
  useDocumentTitle(t('errors.notFoundTitle'));
  return (
    <section className="page" data-testid="not-found">
      <h1>{t('errors.notFoundTitle')}</h1>
      <p>{t('errors.notFoundText')}</p>
      <p>
        <Link to={home}>{home === '/' ? t('errors.goHome') : t('portal.goHome')}</Link>
      </p>
    </section>
  );
}
