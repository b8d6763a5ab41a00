import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { absoluteLink, type PasswordLink } from '../../admin-api.js';
import { formatDateTime } from '../../format.js';

/** A password link, shown this once (the server keeps only its hash): copy it and hand it to the officer. */
export function PasswordLinkBox({ link }: { link: PasswordLink }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const url = absoluteLink(link.path);
  return (
    <div className="password-link" data-testid="password-link">
      <p><strong>{t('admin.link.heading')}</strong></p>
      <p className="muted">{t('admin.link.once', { at: formatDateTime(link.expiresAt) })}</p>
      <code className="secret secret--url" data-testid="password-link-url">{url}</code>
      <p>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {copied ? t('admin.link.copied') : t('admin.link.copy')}
        </button>
      </p>
    </div>
  );
}
