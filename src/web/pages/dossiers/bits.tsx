import { useTranslation } from 'react-i18next';
import type { DossierStatus, DossierSummary } from '../../dossiers-api.js';

export const STATES: readonly DossierStatus[] = ['submitted', 'supplement_requested', 'received', 'fee_paid', 'in_review', 'approved', 'rejected', 'result_notified', 'refused', 'withdrawn'];

const TONE: Record<DossierStatus, string> = {
  submitted: 'warning',
  supplement_requested: 'warning',
  received: 'open',
  fee_paid: 'open',
  in_review: 'open',
  approved: 'done',
  rejected: 'stop',
  result_notified: 'done',
  refused: 'stop',
  withdrawn: 'muted',
};

/** A dossier's state as a coloured badge in the UI language. */
export function StateBadge({ state }: { state: DossierStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--dossier-${TONE[state]}`} data-testid="dossier-state" data-state={state}>
      {t(`dossierDesk.state.${state}`)}
    </span>
  );
}

/** "Overdue" or "due soon" beside an appointment date. */
export function DueBadges({ d }: { d: Pick<DossierSummary, 'overdue' | 'dueSoon' | 'late'> }) {
  const { t } = useTranslation();
  return (
    <>
      {d.overdue && <span className="badge badge--dossier-stop" data-testid="badge-overdue">{t('dossierDesk.flag.overdue')}</span>}
      {d.dueSoon && <span className="badge badge--warning" data-testid="badge-due-soon">{t('dossierDesk.flag.dueSoon')}</span>}
      {d.late === true && <span className="badge badge--dossier-stop">{t('dossierDesk.flag.late')}</span>}
    </>
  );
}
