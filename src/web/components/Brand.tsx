import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The top bar's logo and names, linking home; `title` says which part of the product this is. */
export function Brand({ to, title }: { to: string; title: string }) {
  const { t } = useTranslation();
  return (
    <Link to={to} className="brand">
      <span className="brand__mark" aria-hidden="true">
        dc
      </span>
      <span className="brand__text">
        <span className="brand__name">{t('app.name')}</span>
        <span className="brand__title">{title}</span>
      </span>
    </Link>
  );
}
