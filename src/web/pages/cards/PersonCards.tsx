import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePermission } from '../../auth.js';
import { cardsApi, type CardView } from '../../cards-api.js';
import { ErrorBox, Loading } from '../../components/Status.js';
import { formatDate } from '../../format.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useReadPurpose } from '../../read-purpose.js';
import { CardStageBadge, CardStatusBadge } from './CardBits.js';

/** The card a person holds now: delivered and still in force, else the newest (cards come newest first). */
export function currentCard(cards: readonly CardView[]): CardView | undefined {
  return cards.find((c) => c.stage === 'delivered' && !c.replacedBy && !c.revokedAt) ?? cards[0];
}

/**
 * The person page's ID cards: the face photo from the current card's chip and every card with
 * its stage and status, and the way to the card desk. Read with the purpose the officer picked
 * in the purpose bar; the photo is a logged read of its own.
 */
export function PersonCards({ pin, living }: { pin: string; living: boolean }) {
  const { t } = useTranslation();
  const mayRead = usePermission('cards.read');
  const mayApply = usePermission('cards.intake');
  const purpose = useReadPurpose();
  const cards = useRemote(mayRead ? `person-cards|${pin}|${purpose.code}` : null, (signal) =>
    cardsApi.ofPerson(pin, signal),
  );
  if (!mayRead) return null;
  const current = cards.data ? currentCard(cards.data) : undefined;
  return (
    <section className="panel section" aria-labelledby="person-cards-heading" data-testid="person-cards">
      <div className="page-title-row">
        <h2 id="person-cards-heading">{t('cards.person.heading')}</h2>
        {mayApply && living && (
          <Link
            to={`/cards?pin=${pin}`}
            className="button button--ghost button--small no-print"
            data-testid="person-card-apply"
          >
            {t('cards.person.apply')}
          </Link>
        )}
      </div>
      {cards.status === 'error' && <ErrorBox error={cards.error} onRetry={cards.retry} />}
      {!cards.data && cards.status !== 'error' && <Loading />}
      {cards.data && cards.data.length === 0 && <p className="muted">{t('cards.person.none')}</p>}
      {cards.data && cards.data.length > 0 && (
        <div className="idcard-person">
          {current?.hasPhoto && (
            <figure className="review2__figure">
              <img
                src={cardsApi.photoUrl(current.id, purpose.code)}
                alt={t('cards.person.photoAlt')}
                className="review__photo"
                data-testid="person-card-photo"
              />
              <figcaption>
                {t('cards.person.photoCaption', { date: formatDate(current.issueDate) || '—' })}
              </figcaption>
            </figure>
          )}
          <div className="table-wrap">
            <table className="table table--compact table--cards">
              <thead>
                <tr>
                  <th scope="col">{t('cards.field.issueDate')}</th>
                  <th scope="col">{t('cards.field.expiryDate')}</th>
                  <th scope="col">{t('cards.field.stage')}</th>
                  <th scope="col">{t('cards.field.dossier')}</th>
                </tr>
              </thead>
              <tbody>
                {cards.data.map((c) => (
                  <tr key={c.id} data-testid="person-card-row" data-status={c.status}>
                    <td data-label={t('cards.field.issueDate')}>
                      <Link to={`/cards/card/${c.id}`}>
                        {c.issueDate ? formatDate(c.issueDate) : t('cards.person.notYet')}
                      </Link>
                    </td>
                    <td data-label={t('cards.field.expiryDate')}>
                      {c.issueDate ? (c.expiryDate ? formatDate(c.expiryDate) : t('cards.noExpiry')) : '—'}
                    </td>
                    <td data-label={t('cards.field.stage')}>
                      <CardStageBadge card={c} /> <CardStatusBadge card={c} />
                    </td>
                    <td data-label={t('cards.field.dossier')}>
                      <Link to={`/dossiers/${c.dossier.id}`} className="code">
                        {c.dossier.code}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

const INTAKE_OPEN = new Set(['submitted', 'supplement_requested', 'received', 'fee_paid', 'in_review']);

/** On a card application's dossier page: the way to its intake (photo, fingerprints, signature) while it is open. */
export function CardIntakeLink({
  dossierId,
  procedure,
  state,
}: {
  dossierId: string;
  procedure: string;
  state: string;
}) {
  const { t } = useTranslation();
  const mayCapture = usePermission('cards.intake');
  if (!procedure.startsWith('CARD.') || !mayCapture || !INTAKE_OPEN.has(state)) return null;
  return (
    <p className="alert alert--info no-print" data-testid="card-intake-link">
      {t('cards.intake.fromDossier')}{' '}
      <Link to={`/cards/intake/${dossierId}`} className="button button--secondary button--small">
        {t('cards.intake.title')}
      </Link>
    </p>
  );
}
