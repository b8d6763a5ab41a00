import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TabNav, type TabLink } from '../../components/TabNav.js';
import { usePermission } from '../../auth.js';
import {
  cardsApi,
  DELIVERY_MOVES,
  REVOKE_REASONS,
  type CardStatus,
  type CardView,
  type DeliveryMove,
  type RevokeReason,
} from '../../cards-api.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Field } from '../../components/Field.js';
import { ErrorBox } from '../../components/Status.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useLang } from '../../i18n/index.js';
import { PageOutlet } from '../../lazy-page.js';

const TABS = [
  { key: 'desk', to: '/cards', end: true },
  { key: 'appointments', to: '/cards/appointments' },
  { key: 'production', to: '/cards/production' },
] as const satisfies readonly TabLink<string>[];

/** The card desk's frame: the heading and its three tabs (applications, appointments, production and delivery). */
export function CardsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('cards.title'));
  return (
    <section className="page" aria-labelledby="cards-heading" data-testid="cards-page">
      <h1 id="cards-heading" className="no-print">
        {t('cards.title')}
      </h1>
      <TabNav tabs={TABS} label={t('cards.tabsLabel')} labelOf={(key) => t(`cards.tabs.${key}`)} testIdPrefix="cards" />
      <PageOutlet />
    </section>
  );
}

const STATUS_TONE: Record<CardStatus, string> = {
  pending: 'not_yet_valid',
  valid: 'valid',
  expired: 'expired',
  revoked: 'revoked',
  replaced: 'expired',
};

/** What a verifier is told about the card (valid, pending, expired, revoked, replaced), named by the server. */
export function CardStatusBadge({ card }: { card: Pick<CardView, 'status' | 'statusName'> }) {
  const lang = useLang();
  return (
    <span
      className={`badge badge--doc-${STATUS_TONE[card.status]}`}
      data-testid="card-status"
      data-status={card.status}
    >
      {card.statusName[lang]}
    </span>
  );
}

/** Where the physical card is (approved, produced, shipped, delivered, returned), named by the server. */
export function CardStageBadge({ card }: { card: Pick<CardView, 'stage' | 'stageName'> }) {
  const lang = useLang();
  const tone =
    card.stage === 'delivered'
      ? 'dossier-done'
      : card.stage === 'returned'
        ? 'dossier-stop'
        : card.stage === 'approved'
          ? 'dossier-warning'
          : 'dossier-open';
  return (
    <span className={`badge badge--${tone}`} data-testid="card-stage" data-stage={card.stage}>
      {card.stageName[lang]}
    </span>
  );
}

/**
 * The delivery desk's buttons for one card: the moves its stage allows (shipped, delivered,
 * returned — returned asks why), and revocation (lost, stolen …) after a confirmation naming
 * the holder. Each sends the card's version, so a card someone else just moved is not moved twice.
 */
export function CardActions({
  card,
  onChanged,
  compact = false,
}: {
  card: CardView;
  onChanged: (next: CardView) => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const mayDeliver = usePermission('cards.deliver');
  const mayRevoke = usePermission('cards.revoke');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [asking, setAsking] = useState<'returned' | 'revoke' | null>(null);
  const [returnReason, setReturnReason] = useState('');
  const [revokeReason, setRevokeReason] = useState<RevokeReason | ''>('');
  const [note, setNote] = useState('');
  const [localError, setLocalError] = useState<string | undefined>();
  const moves = card.revokedAt ? [] : DELIVERY_MOVES[card.stage];
  const small = compact ? ' button--small' : '';

  const run = (call: () => Promise<CardView>) => {
    setBusy(true);
    setError(null);
    call().then(
      (next) => {
        setBusy(false);
        setAsking(null);
        onChanged(next);
      },
      (e: unknown) => {
        setBusy(false);
        setAsking(null);
        setError(e);
      },
    );
  };
  const move = (to: DeliveryMove) => {
    if (to === 'returned') {
      setLocalError(undefined);
      setAsking('returned');
      return;
    }
    run(() => cardsApi.deliver(card.id, to, card.version));
  };

  if (!mayDeliver && !mayRevoke) return null;
  return (
    <div className="idcard-actions" data-testid="card-actions">
      {mayDeliver &&
        moves.map((to) => (
          <button
            key={to}
            type="button"
            className={`button ${to === 'returned' ? 'button--secondary' : 'button--primary'}${small}`}
            disabled={busy}
            onClick={() => move(to)}
            data-testid={`card-move-${to}`}
          >
            {t(`cards.move.${to}`)}
          </button>
        ))}
      {mayRevoke && !card.revokedAt && (
        <button
          type="button"
          className={`button button--danger${small}`}
          disabled={busy}
          onClick={() => {
            setLocalError(undefined);
            setAsking('revoke');
          }}
          data-testid="card-revoke"
        >
          {t('cards.revoke.button')}
        </button>
      )}
      {error !== null && <ErrorBox error={error} />}
      <ConfirmDialog
        open={asking === 'returned'}
        title={t('cards.move.returnedTitle', { name: card.fullName })}
        confirmLabel={t('cards.move.returned')}
        busy={busy}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          if (returnReason.trim().length < 3) {
            setLocalError(t('cards.move.reasonRequired'));
            return;
          }
          run(() => cardsApi.deliver(card.id, 'returned', card.version, returnReason.trim()));
        }}
        testId="card-return-dialog"
      >
        <Field
          name="returnReason"
          label={t('cards.move.reason')}
          hint={t('cards.move.reasonHint')}
          error={localError}
          required
        >
          {(p) => (
            <input
              {...p}
              className="input"
              maxLength={500}
              value={returnReason}
              onChange={(e) => setReturnReason(e.target.value)}
              data-testid="card-return-reason"
            />
          )}
        </Field>
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'revoke'}
        title={t('cards.revoke.title', { name: card.fullName, pin: card.pin })}
        confirmLabel={t('cards.revoke.confirm')}
        danger
        busy={busy}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          if (!revokeReason) {
            setLocalError(t('cards.revoke.reasonRequired'));
            return;
          }
          run(() => cardsApi.revoke(card.id, revokeReason, card.version, note.trim() || undefined));
        }}
        testId="card-revoke-dialog"
      >
        <p>{t('cards.revoke.text')}</p>
        <Field name="revokeReason" label={t('cards.revoke.reason')} error={localError} required>
          {(p) => (
            <select
              {...p}
              className="input"
              value={revokeReason}
              onChange={(e) => setRevokeReason(e.target.value as RevokeReason | '')}
              data-testid="card-revoke-reason"
            >
              <option value="">{t('cards.revoke.choose')}</option>
              {REVOKE_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`cards.revokeReason.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="revokeNote" label={t('cards.revoke.note')}>
          {(p) => (
            <textarea
              {...p}
              className="input"
              rows={2}
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              data-testid="card-revoke-note"
            />
          )}
        </Field>
      </ConfirmDialog>
    </div>
  );
}
