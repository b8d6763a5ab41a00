import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { cardsApi, REVOKE_REASONS, type CardView, type RevokeReason } from '../../cards-api.js';
import { PinLink, UnitLabel } from '../../components/PersonBits.js';
import { PrintButton, PrintHeader } from '../../components/Print.js';
import { ErrorBox, Loading } from '../../components/Status.js';
import { formatDate, formatDateTime } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { CardActions, CardStageBadge, CardStatusBadge } from './CardBits.js';

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children ?? '—'}</dd>
    </>
  );
}

/**
 * `/cards/card/:id`: one card — the holder, its stage and status, the dates of its life, the
 * front and back as printed (drawn by the server from the chip data), the MRZ, and the delivery
 * desk's actions. Every image shown is a logged read of the holder's data.
 */
export function CardDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [fresh, setFresh] = useState<CardView | null>(null);
  const remote = useRemote(`card|${id}`, (signal) => cardsApi.card(id, signal));
  const card = fresh && fresh.id === id ? fresh : remote.data;
  useDocumentTitle(card ? `${t('cards.detail.title')} ${card.fullName}` : t('cards.detail.title'));
  if (remote.status === 'error' && !card) return <ErrorBox error={remote.error} onRetry={remote.retry} />;
  if (!card) return <Loading />;
  const printed = card.mrz !== null;
  return (
    <div data-testid="card-detail">
      <PrintHeader title={`${t('cards.detail.title')} ${card.pin}`} />
      <p className="no-print">
        <Link to="/cards/production">← {t('cards.production.title')}</Link>
      </p>
      <div className="page-title-row">
        <h2 data-testid="card-holder">
          {card.fullName} <span className="code muted">{card.pin}</span>
        </h2>
        <PrintButton />
      </div>
      <p className="badges">
        <CardStageBadge card={card} /> <CardStatusBadge card={card} />
      </p>
      <div className="idcard-detail">
        <section className="panel" aria-labelledby="card-facts-heading">
          <h3 id="card-facts-heading">{t('cards.detail.facts')}</h3>
          <dl className="facts facts--compact">
            <Fact label={t('people.field.pin')}>
              <PinLink pin={card.pin} />
            </Fact>
            <Fact label={t('people.field.birthDate')}>{formatDate(card.birthDate)}</Fact>
            <Fact label={t('people.field.sex')}>{t(`people.sex.${card.sex}`)}</Fact>
            <Fact label={t('cards.field.case')}>
              {t(`cards.case.${card.applicationCase as 'first_issue'}`)}
            </Fact>
            <Fact label={t('cards.field.dossier')}>
              <Link to={`/dossiers/${card.dossier.id}`} className="code">
                {card.dossier.code}
              </Link>
            </Fact>
            <Fact label={t('cards.field.unit')}>
              <UnitLabel code={card.unitCode} />
            </Fact>
            <Fact label={t('cards.field.issueDate')} testId="card-issue">
              {card.issueDate ? formatDate(card.issueDate) : '—'}
            </Fact>
            <Fact label={t('cards.field.expiryDate')} testId="card-expiry">
              {card.issueDate ? (card.expiryDate ? formatDate(card.expiryDate) : t('cards.noExpiry')) : '—'}
            </Fact>
            <Fact label={t('cards.field.batch')}>
              {card.batchNumber ? <span className="code">{card.batchNumber}</span> : '—'}
            </Fact>
            <Fact label={t('cards.field.delivery')}>
              {t(`cards.delivery.${card.deliveryMethod}`)}
              {card.deliveryAddress ? ` — ${card.deliveryAddress}` : ''}
            </Fact>
          </dl>
          <h3>{t('cards.detail.life')}</h3>
          <ol className="timeline" data-testid="card-timeline">
            {(
              [
                ['approved', card.approvedAt],
                ['produced', card.producedAt],
                ['shipped', card.shippedAt],
                ['delivered', card.deliveredAt],
                ['returned', card.returnedAt],
              ] as const
            )
              .filter(([, at]) => at)
              .map(([s, at]) => (
                <li key={s} className="timeline__item">
                  <span className="timeline__when">{formatDateTime(at)}</span>
                  <span>
                    {t(`cards.stage.${s}`)}
                    {s === 'returned' && card.returnReason ? ` — ${card.returnReason}` : ''}
                  </span>
                </li>
              ))}
            {card.revokedAt && (
              <li className="timeline__item" data-testid="card-revoked">
                <span className="timeline__when">{formatDateTime(card.revokedAt)}</span>
                <span className="text-danger">
                  {t('cards.detail.revoked', {
                    reason: revokeText(card.revokeReason, (code) => t(`cards.revokeReason.${code}`)),
                  })}
                </span>
              </li>
            )}
          </ol>
          <div className="no-print">
            <CardActions card={card} onChanged={setFresh} />
          </div>
        </section>
        <section className="panel idcard-faces" aria-labelledby="card-faces-heading">
          <h3 id="card-faces-heading">{t('cards.detail.faces')}</h3>
          {printed ? (
            <>
              <figure className="idcard-face">
                <img
                  src={cardsApi.faceUrl(card.id, 'front')}
                  alt={t('cards.detail.frontAlt', { name: card.fullName })}
                  data-testid="card-front"
                />
                <figcaption>{t('cards.detail.front')}</figcaption>
              </figure>
              <figure className="idcard-face">
                <img
                  src={cardsApi.faceUrl(card.id, 'back')}
                  alt={t('cards.detail.backAlt', { name: card.fullName })}
                  data-testid="card-back"
                />
                <figcaption>{t('cards.detail.back')}</figcaption>
              </figure>
              <h3>{t('cards.detail.mrz')}</h3>
              <pre className="idcard-mrz" data-testid="card-mrz" aria-label={t('cards.detail.mrz')}>
                {card.mrz}
              </pre>
            </>
          ) : (
            <p className="muted" data-testid="card-not-printed">
              {t('cards.detail.notPrinted')}
            </p>
          )}
        </section>
      </div>
    </div>
  );
}

/** "Mất thẻ: để quên trên xe" — the stored `reason: note` with the reason named in the UI language. */
function revokeText(stored: string | null, label: (code: RevokeReason) => string): string {
  if (!stored) return '—';
  const [code = '', ...rest] = stored.split(': ');
  const named = (REVOKE_REASONS as readonly string[]).includes(code) ? label(code as RevokeReason) : code;
  return rest.length ? `${named}: ${rest.join(': ')}` : named;
}
