import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { citizenCards } from '../citizen-api.js';
import type { CardStatus, CardView } from '../cards-api.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { Field } from '../components/Field.js';
import { Empty, ErrorBox, Loading } from '../components/Status.js';
import { formatDate } from '../format.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useRemote } from '../hooks/useRemote.js';
import { useLang } from '../i18n/index.js';
import { QrCode } from './QrCode.js';

const TONE: Record<CardStatus, string> = {
  pending: 'not_yet_valid',
  valid: 'valid',
  expired: 'expired',
  revoked: 'revoked',
  replaced: 'expired',
};

/**
 * `/portal/card`: "my ID card", as the VNeID app shows it on a phone — the current card's face
 * (photo, name, PIN, dates, status), its QR code drawn here from the payload printed on the card
 * (what a hotel or bank scans), the back as printed, and the earlier cards.
 */
export function MyCardPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('cards.portal.title'));
  const cards = useRemote('my-cards', (signal) => citizenCards.mine(signal));
  if (cards.status === 'error') return <ErrorBox error={cards.error} onRetry={cards.retry} />;
  if (!cards.data) return <Loading />;
  const { current, all } = cards.data;
  const earlier = all.filter((c) => c.id !== current?.id);
  return (
    <div className="idcard-portal" data-testid="my-card">
      <h2>{t('cards.portal.title')}</h2>
      {!current ? (
        <Empty>{t('cards.portal.none')}</Empty>
      ) : (
        <>
          <CardFront card={current} />
          {(current.status === 'revoked' || current.status === 'expired') && (
            <p className="alert alert--error section" role="status" data-testid="my-card-not-valid">
              {t(current.status === 'revoked' ? 'cards.portal.revokedNote' : 'cards.portal.expiredNote')}
            </p>
          )}
          {/* A revoked or expired card's QR code is not shown for anyone to scan. */}
          {current.qr && (current.status === 'valid' || current.status === 'pending') && (
            <section
              className="panel section idcard-portal__qr"
              aria-labelledby="my-card-qr-heading"
              data-testid="my-card-qr"
            >
              <h3 id="my-card-qr-heading">{t('cards.portal.qrHeading')}</h3>
              <QrCode
                text={current.qr}
                label={t('cards.portal.qrAlt')}
                testId="my-card-qr-image"
                size={240}
              />
              <p className="muted">{t('cards.portal.qrHint')}</p>
            </section>
          )}
          {current.mrz && (
            <section
              className="panel section"
              aria-labelledby="my-card-back-heading"
              data-testid="my-card-back"
            >
              <h3 id="my-card-back-heading">{t('cards.portal.back')}</h3>
              <img
                className="idcard-portal__back"
                src={citizenCards.faceUrl(current.id, 'back')}
                alt={t('cards.portal.backAlt')}
                data-testid="my-card-back-image"
              />
            </section>
          )}
          {current.issueDate && !current.revokedAt && current.status !== 'replaced' && (
            <ReportLost card={current} onDone={cards.retry} />
          )}
        </>
      )}
      {earlier.length > 0 && (
        <section
          className="panel section"
          aria-labelledby="my-card-earlier-heading"
          data-testid="my-card-earlier"
        >
          <h3 id="my-card-earlier-heading">{t('cards.portal.earlier')}</h3>
          <ul className="plain-list idcard-portal__earlier">
            {earlier.map((c) => (
              <li key={c.id} data-testid="my-earlier-card">
                <StatusBadge card={c} />{' '}
                {t('cards.portal.earlierLine', {
                  issued: formatDate(c.issueDate) || '—',
                  expires: c.expiryDate ? formatDate(c.expiryDate) : t('cards.noExpiry'),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="muted section">{t('cards.portal.note')}</p>
    </div>
  );
}

/** "My card is lost or stolen": the holder revokes it at once (nobody can pass it off as theirs), after a confirmation. */
function ReportLost({ card, onDone }: { card: CardView; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<'lost' | 'stolen'>('lost');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const report = () => {
    setBusy(true);
    setError(null);
    citizenCards.reportLost(card.id, reason, note.trim() || undefined).then(
      () => {
        setBusy(false);
        setOpen(false);
        onDone();
      },
      (e: unknown) => {
        setBusy(false);
        setOpen(false);
        setError(e);
      },
    );
  };
  return (
    <section className="panel section" aria-labelledby="my-card-lost-heading" data-testid="my-card-report">
      <h3 id="my-card-lost-heading">{t('cards.portal.lostHeading')}</h3>
      <p className="muted">{t('cards.portal.lostText')}</p>
      {error !== null && <ErrorBox error={error} />}
      <button
        type="button"
        className="button button--danger"
        onClick={() => setOpen(true)}
        data-testid="my-card-report-open"
      >
        {t('cards.portal.lostButton')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('cards.portal.lostTitle')}
        confirmLabel={t('cards.portal.lostConfirm')}
        danger
        busy={busy}
        onCancel={() => setOpen(false)}
        onConfirm={report}
        testId="my-card-report-dialog"
      >
        <p>{t('cards.portal.lostWarning')}</p>
        <fieldset className="fieldset">
          <legend>{t('cards.portal.lostWhat')}</legend>
          {(['lost', 'stolen'] as const).map((r) => (
            <label key={r} className="radio">
              <input
                type="radio"
                name="lost-reason"
                checked={reason === r}
                onChange={() => setReason(r)}
                data-testid={`my-card-report-${r}`}
              />{' '}
              {t(`cards.revokeReason.${r}`)}
            </label>
          ))}
        </fieldset>
        <Field name="lostNote" label={t('cards.portal.lostNote')}>
          {(p) => (
            <textarea
              {...p}
              rows={2}
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              data-testid="my-card-report-note"
            />
          )}
        </Field>
      </ConfirmDialog>
    </section>
  );
}

function StatusBadge({ card }: { card: CardView }) {
  const lang = useLang();
  return (
    <span
      className={`badge badge--doc-${TONE[card.status]}`}
      data-testid="my-card-status"
      data-status={card.status}
    >
      {card.statusName[lang]}
    </span>
  );
}

/** The card's face drawn from its data: the emblem's colours, the photo from the chip, name, PIN and dates. */
function CardFront({ card }: { card: CardView }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <article className="idcard-front" aria-label={t('cards.portal.frontLabel')} data-testid="my-card-front">
      <header className="idcard-front__head">
        <span>{t('cards.portal.country')}</span>
        <strong>{t('cards.portal.cardName')}</strong>
      </header>
      <div className="idcard-front__body">
        {card.hasPhoto ? (
          <img
            className="idcard-front__photo"
            src={citizenCards.photoUrl(card.id)}
            alt={t('cards.portal.photoAlt')}
            data-testid="my-card-photo"
          />
        ) : (
          <div className="idcard-front__photo idcard-front__photo--none" aria-hidden="true" />
        )}
        <dl className="idcard-front__facts">
          <dt>{t('cards.portal.pin')}</dt>
          <dd className="code idcard-front__pin" data-testid="my-card-pin">
            {card.pin}
          </dd>
          <dt>{t('cards.portal.name')}</dt>
          <dd className="idcard-front__name" data-testid="my-card-name">
            {card.fullName.toLocaleUpperCase('vi')}
          </dd>
          <dt>{t('cards.portal.birthDate')}</dt>
          <dd>{formatDate(card.birthDate)}</dd>
          <dt>{t('cards.portal.sex')}</dt>
          <dd>{t(`people.sex.${card.sex}`)}</dd>
          <dt>{t('cards.portal.issued')}</dt>
          <dd data-testid="my-card-issued">{card.issueDate ? formatDate(card.issueDate) : '—'}</dd>
          <dt>{t('cards.portal.expires')}</dt>
          <dd data-testid="my-card-expires">
            {card.issueDate ? (card.expiryDate ? formatDate(card.expiryDate) : t('cards.noExpiry')) : '—'}
          </dd>
        </dl>
      </div>
      <footer className="idcard-front__foot">
        <StatusBadge card={card} />
        {card.stage !== 'delivered' && !card.revokedAt && (
          <span className="idcard-front__stage">{card.stageName[lang]}</span>
        )}
      </footer>
    </article>
  );
}
