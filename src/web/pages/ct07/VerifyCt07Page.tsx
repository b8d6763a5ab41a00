import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ErrorBox, Loading } from '../../components/Status.js';
import { ct07Api, tokenFromLocation, type VerificationAnswer } from '../../ct07-api.js';
import { formatDate } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { PublicShell } from '../../portal/PublicShell.js';
import { ConfirmationDocument } from './ConfirmationParts.js';

/**
 * The public verification page a phone opens from the CT07's QR code (/xac-minh/ct07#token):
 * no login; it shows the answer and, for a genuine confirmation, no more than the paper says.
 */
export function VerifyCt07Page() {
  const { t } = useTranslation();
  useDocumentTitle(t('ct07.verifyTitle'));
  const location = useLocation();
  const initial = tokenFromLocation(location.hash, location.search);
  const [text, setText] = useState(initial);
  const [answer, setAnswer] = useState<VerificationAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const check = (token: string) => {
    if (!token.trim()) return;
    setBusy(true);
    setError(null);
    setAnswer(null);
    ct07Api
      .verify(token.trim())
      .then(setAnswer, setError)
      .finally(() => setBusy(false));
  };
  useEffect(() => {
    if (initial) check(initial);
    // Only the token the page was opened with is checked by itself.
  }, [initial]);

  return (
    <PublicShell wide testId="ct07-verify-page">
      <h1>{t('ct07.verifyTitle')}</h1>
      {busy && <Loading label={t('ct07.checking')} />}
      {error !== null && <ErrorBox error={error} />}
      {answer && (
        <div className={answer.status === 'genuine' ? 'alert alert--success' : 'alert alert--error'} role="status" data-testid="ct07-status" data-status={answer.status}>
          <p>
            <strong>{t(`ct07.status.${answer.status}`)}</strong>
          </p>
          {answer.number && (
            <p>
              {t('ct07.number')} {answer.number} · {t('ct07.issuedOn')} {formatDate(answer.issuedOn)} · {t('ct07.validUntil')} {formatDate(answer.validUntil)}
            </p>
          )}
          {answer.issuingOffice && (
            <p>
              {t('ct07.office')}: {answer.issuingOffice}
            </p>
          )}
        </div>
      )}
      {answer?.document && (
        <>
          <h2>{t('ct07.documentHeading')}</h2>
          <ConfirmationDocument content={answer.document} />
        </>
      )}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          check(text);
        }}
      >
        <p>{t('ct07.verifyIntro')}</p>
        <label className="field">
          <span className="field__label">{t('ct07.tokenLabel')}</span>
          <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} data-testid="ct07-token" spellCheck={false} />
        </label>
        <button type="submit" className="button" disabled={busy} data-testid="ct07-verify">
          {t('ct07.verifyButton')}
        </button>
      </form>
      <p className="muted">{t('ct07.offlineNote')}</p>
    </PublicShell>
  );
}
