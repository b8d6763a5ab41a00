import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { ct07Api, type ConfirmationView } from '../../ct07-api.js';
import { formatDate } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { IssuedSummary } from './ConfirmationParts.js';

/** The citizen's CT07: get one at once, download it, see those issued before (phone-first: one column). */
export function PortalCt07Page() {
  const { t } = useTranslation();
  useDocumentTitle(t('ct07.portalTitle'));
  const list = useRemote('ct07', (signal) => ct07Api.listOwn(signal));
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<ConfirmationView | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <section className="page" aria-labelledby="ct07-heading" data-testid="portal-ct07">
      <h2 id="ct07-heading">{t('ct07.portalTitle')}</h2>
      <p>{t('ct07.portalIntro')}</p>
      <p>
        <button
          type="button"
          className="button"
          data-testid="ct07-issue-own"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setError(null);
            ct07Api
              .issueOwn()
              .then((c) => {
                setIssued(c);
                list.retry();
              }, setError)
              .finally(() => setBusy(false));
          }}
        >
          {busy ? t('ct07.issuing') : t('ct07.portalIssue')}
        </button>
      </p>
      {error !== null && <ErrorBox error={error} />}
      {issued && <IssuedSummary c={issued} />}
      <h3>{t('ct07.mine')}</h3>
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
      {!list.data && list.status !== 'error' && <Loading />}
      {list.data && list.data.length === 0 && <Empty>{t('ct07.none')}</Empty>}
      {list.data && list.data.length > 0 && (
        <ul className="card-list" data-testid="ct07-list">
          {list.data.map((c) => (
            <li key={c.id} className="card">
              <p>
                <strong>
                  {t('ct07.number')} {c.number}
                </strong>
                {c.revokedAt && <span className="badge"> {t('ct07.revoked')}</span>}
              </p>
              <p className="muted">
                {t('ct07.issuedOn')} {formatDate(c.issuedOn)} · {t('ct07.validUntil')} {formatDate(c.validUntil)}
              </p>
              <p className="muted">
                {t('ct07.office')}: {c.issuingOffice}
              </p>
              <a href={c.pdfUrl} download>
                {t('ct07.download')}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
