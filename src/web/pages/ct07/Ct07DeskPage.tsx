import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../auth.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Field } from '../../components/Field.js';
import { ErrorBox } from '../../components/Status.js';
import { ct07Api, type ConfirmationView } from '../../ct07-api.js';
import { formatDate } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { ConfirmationDocument, IssuedSummary } from './ConfirmationParts.js';
import { pinTyped } from '../../forms.js';

/**
 * `/ct07`: any registration office confirms anyone's residence information (Circular 55/2021
 * as amended by 66/2023), not only its own residents: the officer types the PIN the citizen
 * presents, issues at once, hands over the PDF, and may revoke one issued in error.
 */
export function Ct07DeskPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('ct07.desk.title'));
  const mayRevoke = usePermission('residence.confirmation.revoke');
  const [pin, setPin] = useState('');
  const [pinError, setPinError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<ConfirmationView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);

  const issue = () => {
    if (!/^\d{12}$/.test(pin.trim())) {
      setPinError(t('ct07.desk.pinInvalid'));
      return;
    }
    setPinError(undefined);
    setBusy(true);
    setError(null);
    setIssued(null);
    ct07Api
      .issue(pin.trim())
      .then(setIssued, setError)
      .finally(() => setBusy(false));
  };

  const revoke = (c: ConfirmationView) => {
    setConfirming(false);
    setBusy(true);
    setError(null);
    ct07Api
      .revoke(c.id, reason.trim())
      .then(setIssued, setError)
      .finally(() => setBusy(false));
  };

  return (
    <section className="page" aria-labelledby="ct07-desk-heading" data-testid="ct07-desk">
      <div className="page-head">
        <h1 id="ct07-desk-heading">{t('ct07.desk.title')}</h1>
      </div>
      <p className="muted">{t('ct07.desk.intro')}</p>
      <form
        className="panel"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          issue();
        }}
      >
        <Field name="pin" label={t('ct07.pin')} error={pinError} required>
          {(props) => <input {...props} inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(pinTyped(e.target.value))} data-testid="ct07-desk-pin" />}
        </Field>
        <button type="submit" className="button" disabled={busy} data-testid="ct07-desk-issue">
          {busy ? t('ct07.issuing') : t('ct07.issueButton')}
        </button>
      </form>
      {error !== null && <ErrorBox error={error} />}
      {issued && (
        <div className="panel section" data-testid="ct07-desk-result">
          {issued.revokedAt ? (
            <div className="alert alert--error" role="status" data-testid="ct07-desk-revoked">
              <p>{t('ct07.desk.revokedNotice', { number: issued.number, on: formatDate(issued.revokedAt.slice(0, 10)) })}</p>
            </div>
          ) : (
            <IssuedSummary c={issued} />
          )}
          <ConfirmationDocument content={issued.content} />
          {mayRevoke && !issued.revokedAt && (
            <div className="section">
              <h2>{t('ct07.desk.revokeHeading')}</h2>
              <Field name="reason" label={t('ct07.desk.revokeReason')} error={reasonError} required>
                {(props) => <input {...props} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="ct07-desk-reason" />}
              </Field>
              <button
                type="button"
                className="button button--danger"
                disabled={busy}
                data-testid="ct07-desk-revoke"
                onClick={() => {
                  if (reason.trim().length < 3) {
                    setReasonError(t('ct07.desk.reasonRequired'));
                    return;
                  }
                  setReasonError(undefined);
                  setConfirming(true);
                }}
              >
                {t('ct07.desk.revoke')}
              </button>
              <ConfirmDialog open={confirming} title={t('ct07.desk.revokeConfirm', { number: issued.number })} confirmLabel={t('ct07.desk.revoke')} danger onCancel={() => setConfirming(false)} onConfirm={() => revoke(issued)} testId="ct07-desk-revoke-confirm">
                <p>{t('ct07.desk.revokeText')}</p>
              </ConfirmDialog>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
