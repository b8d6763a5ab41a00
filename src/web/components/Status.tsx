import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, isRetryable } from '../api.js';
import { useLang } from '../i18n/index.js';

/** A polite "loading" line for screen readers and eyes. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="status status--loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

/** The server's message in the UI language, with a retry when retrying can help. Never raw error text. */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="alert alert--error" role="alert" data-testid="error">
      <p>{errorMessage(error, lang)}</p>
      {onRetry && isRetryable(error) && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="status status--empty" role="status" data-testid="empty">
      {children}
    </p>
  );
}
