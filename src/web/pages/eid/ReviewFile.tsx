import { useTranslation } from 'react-i18next';
import { usePermission } from '../../auth.js';
import { cardsApi } from '../../cards-api.js';
import { PinLink, StatusBadge, UnitLabel } from '../../components/PersonBits.js';
import { eidApi, type ReviewDetail } from '../../eid-api.js';
import { formatDate, formatDateTime } from '../../format.js';
import { useRemote } from '../../hooks/useRemote.js';
import type { PersonStatus } from '../../people-api.js';
import { currentCard } from '../cards/PersonCards.js';

/**
 * The registry side of a review: the uploaded portrait beside the photo on the person's ID
 * card (read from the card's chip, a logged read for the review; when there is no card yet the
 * panel says so rather than leaving a gap), and the person's record as the registry has it.
 */
export function ReviewCompare({ file, accountId, name }: { file: ReviewDetail; accountId: string; name: string }) {
  const { t } = useTranslation();
  const p = file.person;
  return (
    <div className="review2" data-testid="review-compare">
      <div className="review2__photos">
        <figure className="review2__figure">
          <img src={eidApi.photoUrl(accountId)} alt={t('eid.review.photoAlt', { name })} className="review__photo" data-testid="review-photo" />
          <figcaption>{t('review2.uploaded')}</figcaption>
        </figure>
        <CardPhoto pin={p.pin} name={name} />
      </div>
      <h3>{t('review2.recordHeading')}</h3>
      <dl className="facts facts--compact" data-testid="review-record">
        <dt>{t('people.field.fullName')}</dt>
        <dd><strong>{p.fullName}</strong></dd>
        <dt>{t('people.field.pin')}</dt>
        <dd><PinLink pin={p.pin} testId="review-person-link" /></dd>
        <dt>{t('people.field.birthDate')}</dt>
        <dd>{formatDate(p.birthDate)}</dd>
        <dt>{t('people.field.sex')}</dt>
        <dd>{t(`people.sex.${p.sex === 'F' ? 'F' : 'M'}`)}</dd>
        <dt>{t('review2.status')}</dt>
        <dd><StatusBadge status={p.status as PersonStatus} /></dd>
        <dt>{t('review2.address')}</dt>
        <dd>{p.address ?? '—'}</dd>
        <dt>{t('people.field.unit')}</dt>
        <dd><UnitLabel code={p.unitCode} /></dd>
        <dt>{t('review2.household')}</dt>
        <dd className="code">{p.householdNo ?? '—'}</dd>
      </dl>
    </div>
  );
}

const REVIEW_PURPOSE = 'eid_enrolment_review';

/** The photo on the person's current ID card, to compare with the selfie; "none on file" when there is no card with a photo (or the role may not read cards). */
function CardPhoto({ pin, name }: { pin: string; name: string }) {
  const { t } = useTranslation();
  const mayRead = usePermission('cards.read');
  const cards = useRemote(mayRead ? `review-cards|${pin}` : null, (signal) => cardsApi.ofPerson(pin, signal, { purpose: REVIEW_PURPOSE }));
  const card = cards.data ? currentCard(cards.data) : undefined;
  if (card?.hasPhoto) {
    return (
      <figure className="review2__figure">
        <img src={cardsApi.photoUrl(card.id, REVIEW_PURPOSE)} alt={t('cards.review.photoAlt', { name })} className="review__photo" data-testid="review-card-photo" />
        <figcaption>{t('cards.review.caption', { date: formatDate(card.issueDate) || '—' })}</figcaption>
      </figure>
    );
  }
  if (cards.status === 'loading') {
    return (
      <figure className="review2__figure" aria-busy="true">
        <div className="review__photo review2__nophoto">
          <span>{t('common.loading')}</span>
        </div>
        <figcaption>{t('review2.photoOnFile')}</figcaption>
      </figure>
    );
  }
  return (
    <>
      <figure className="review2__figure">
        <div className="review__photo review2__nophoto" role="img" aria-label={t('review2.noPhotoOnFile')} data-testid="review-no-registry-photo">
          <span>{t('review2.noPhotoOnFile')}</span>
        </div>
        <figcaption>{t('review2.photoOnFile')}</figcaption>
      </figure>
      <p className="muted review2__hint">{t('cards.review.noCardHint')}</p>
    </>
  );
}

/** Every enrolment attempt with its decision and note, and the in-person checks; earlier photos as thumbnails. */
export function ReviewHistory({ file, accountId, showCurrent }: { file: ReviewDetail; accountId: string; showCurrent: boolean }) {
  const { t } = useTranslation();
  const attempts = showCurrent ? file.attempts : file.attempts.filter((a) => !a.current);
  return (
    <section className="review2__history" aria-label={t('review2.historyHeading')} data-testid="review-history">
      <h3>{t('review2.historyHeading')}</h3>
      {attempts.length === 0 && file.inPerson.length === 0 && <p className="muted" data-testid="review-history-empty">{t(showCurrent ? 'review2.noHistory' : 'review2.firstAttempt')}</p>}
      {attempts.length > 0 && (
        <ol className="review2__attempts">
          {attempts.map((a) => (
            <li key={a.photoId} className="review2__attempt" data-testid="review-attempt" data-decision={a.decision ?? 'pending'}>
              <img src={eidApi.photoUrl(accountId, a.photoId)} alt={t('review2.attemptPhoto', { at: formatDateTime(a.uploadedAt) })} className="review2__thumb" loading="lazy" />
              <div>
                <p>
                  {t('review2.attemptAt', { at: formatDateTime(a.uploadedAt) })}{' '}
                  <span className={`badge badge--review-${a.decision ?? 'pending'}`}>{t(`review2.decisions.${a.decision ?? 'pending'}`)}</span>
                </p>
                {a.decidedAt && <p className="muted">{t('review2.decidedBy', { who: a.decidedBy ?? '—', at: formatDateTime(a.decidedAt) })}</p>}
                {a.note && <p className="review2__note" data-testid="review-attempt-note">{t('review2.note', { note: a.note })}</p>}
              </div>
            </li>
          ))}
        </ol>
      )}
      {file.inPerson.length > 0 && (
        <ul className="review2__checks">
          {file.inPerson.map((c) => (
            <li key={c.at} data-testid="review-in-person">
              {t('review2.inPerson', { at: formatDateTime(c.at), who: c.officer ?? '—' })}
              {c.note && ` — ${c.note}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
