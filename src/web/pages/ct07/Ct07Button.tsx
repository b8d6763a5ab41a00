import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../auth.js';
import { ErrorBox } from '../../components/Status.js';
import { ct07Api, type ConfirmationView } from '../../ct07-api.js';
import { IssuedSummary } from './ConfirmationParts.js';

/** The person page's "issue CT07" button: any office with the permission, at once. */
export function Ct07Button({ pin }: { pin: string }) {
  const { t } = useTranslation();
  const allowed = usePermission('residence.confirmation.issue');
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<ConfirmationView | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!allowed) return null;
  return (
    <div className="ct07-issue no-print">
      <button
        type="button"
        className="button button--secondary"
        data-testid="ct07-issue"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          ct07Api
            .issue(pin)
            .then(setIssued, setError)
            .finally(() => setBusy(false));
        }}
      >
        {busy ? t('ct07.issuing') : t('ct07.issueButton')}
      </button>
      {error !== null && <ErrorBox error={error} />}
      {issued && <IssuedSummary c={issued} />}
    </div>
  );
}
