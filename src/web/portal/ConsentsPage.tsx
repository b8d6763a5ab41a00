import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsentRequestInfo } from '../contracts.js';
import { citizenDossiersApi } from '../citizen-api.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { Empty, ErrorBox, Loading } from '../components/Status.js';
import { errorMessage } from '../api.js';
import { formatDateTime } from '../format.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useRemote } from '../hooks/useRemote.js';
import { useLang } from '../i18n/index.js';

/**
 * "Yêu cầu đồng ý": dossiers waiting for my consent as household head or owner, with only what
 * I need to decide (who applies, for what, at which address, in which role); consent or refuse
 * after a confirmation step.
 */
export function ConsentsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('filing.consentsTitle'));
  const lang = useLang();
  const [round, setRound] = useState(0);
  const list = useRemote(`consent-requests-${round}`, (signal) => citizenDossiersApi.consentRequests(signal));
  const [asking, setAsking] = useState<{ request: ConsentRequestInfo; answer: 'give_consent' | 'refuse_consent' } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const answer = () => {
    if (!asking) return;
    const { request, answer: type } = asking;
    setBusy(true);
    setError(null);
    citizenDossiersApi.act(request.dossierId, { type, expectedSeq: request.lastSeq, payload: { requestSeq: request.requestSeq } }).then(
      () => {
        setBusy(false);
        setAsking(null);
        setDone(t(type === 'give_consent' ? 'filing.approved' : 'filing.refused', { code: request.code }));
        setRound((n) => n + 1);
      },
      (err: unknown) => {
        setBusy(false);
        setAsking(null);
        setError(err);
        setRound((n) => n + 1);
      },
    );
  };
  return (
    <section className="panel section" aria-labelledby="consents-heading" data-testid="consents">
      <h2 id="consents-heading">{t('filing.consentsTitle')}</h2>
      <p className="muted">{t('filing.consentsIntro')}</p>
      {done && (
        <p className="alert alert--success" role="status" data-testid="consent-done">
          {done}
        </p>
      )}
      {error !== null && (
        <p className="alert alert--error" role="alert">
          {errorMessage(error, lang)}
        </p>
      )}
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
      {!list.data && list.status !== 'error' && <Loading />}
      {list.data?.length === 0 && <Empty>{t('filing.consentsEmpty')}</Empty>}
      <ul className="cards">
        {list.data?.map((r) => (
          <li key={`${r.dossierId}-${r.requestSeq}`} className="card" data-testid="consent-request" data-code={r.code}>
            <p className="card__title">{r.procedure.name[lang]}</p>
            <dl className="facts facts--compact dossier-facts">
              <div className="facts__row">
                <dt>{t('filing.consentApplicant')}</dt>
                <dd data-testid="consent-applicant">{r.applicantName}</dd>
              </div>
              {r.address && (
                <div className="facts__row">
                  <dt>{t('filing.consentAddress')}</dt>
                  <dd>{r.address}</dd>
                </div>
              )}
              <div className="facts__row">
                <dt>{t('filing.consentRole')}</dt>
                <dd>{t(`filing.roles.${r.role}`)}</dd>
              </div>
              <div className="facts__row">
                <dt>{t('filing.code')}</dt>
                <dd className="code">{r.code}</dd>
              </div>
              <div className="facts__row">
                <dt>{t('filing.submittedAt')}</dt>
                <dd>{formatDateTime(r.requestedAt)}</dd>
              </div>
              {r.note && (
                <div className="facts__row">
                  <dt>{t('filing.consentNote')}</dt>
                  <dd>{r.note}</dd>
                </div>
              )}
            </dl>
            <div className="form-actions">
              <button type="button" className="button button--primary" onClick={() => setAsking({ request: r, answer: 'give_consent' })} data-testid="consent-approve">
                {t('filing.approve')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setAsking({ request: r, answer: 'refuse_consent' })} data-testid="consent-refuse">
                {t('filing.refuse')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={asking !== null}
        title={asking ? t(asking.answer === 'give_consent' ? 'filing.approveConfirmTitle' : 'filing.refuseConfirmTitle', { code: asking.request.code }) : ''}
        confirmLabel={asking?.answer === 'refuse_consent' ? t('filing.refuse') : t('filing.approve')}
        danger={asking?.answer === 'refuse_consent'}
        busy={busy}
        onCancel={() => setAsking(null)}
        onConfirm={answer}
        testId="consent-confirm"
      >
        {asking && <p>{t(asking.answer === 'give_consent' ? 'filing.approveConfirmText' : 'filing.refuseConfirmText', { name: asking.request.applicantName })}</p>}
      </ConfirmDialog>
    </section>
  );
}
