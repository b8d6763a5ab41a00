import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format.js';
import type { ConfirmationView, VerificationAnswer } from '../../ct07-api.js';

type Content = NonNullable<VerificationAnswer['document']>;

function place(r: Content['residences']['permanent']): string | null {
  if (!r) return null;
  return r.unitName ? `${r.address}, ${r.unitName}` : r.address;
}

/** What a CT07 prints, as a definition list and a member table (the verification page shows exactly this). */
export function ConfirmationDocument({ content }: { content: Content }) {
  const { t } = useTranslation();
  const p = content.person;
  const none = t('ct07.noneValue');
  const h = content.household;
  return (
    <div data-testid="ct07-document">
      <dl className="facts">
        <dt>{t('ct07.fullName')}</dt>
        <dd data-testid="ct07-name">{p.fullName}</dd>
        <dt>{t('ct07.birthDate')}</dt>
        <dd>{formatDate(p.birthDate)}</dd>
        <dt>{t('ct07.sex')}</dt>
        <dd>{t(`people.sex.${p.sex}`)}</dd>
        <dt>{t('ct07.pin')}</dt>
        <dd className="code">{p.pin}</dd>
        <dt>{t('ct07.permanent')}</dt>
        <dd>{place(content.residences.permanent) ?? none}</dd>
        <dt>{t('ct07.temporary')}</dt>
        <dd>{place(content.residences.temporary) ?? none}</dd>
        <dt>{t('ct07.current')}</dt>
        <dd>{place(content.residences.current ?? content.residences.temporary ?? content.residences.permanent) ?? none}</dd>
        <dt>{t('ct07.head')}</dt>
        <dd>{h?.head ? `${h.head.fullName} (${h.head.pin})` : none}</dd>
        <dt>{t('ct07.relation')}</dt>
        <dd>{h?.relation ?? none}</dd>
      </dl>
      {h && h.members.length > 0 && (
        <>
          <h3>{t('ct07.members')}</h3>
          <ul className="card-list" data-testid="ct07-members">
            {h.members.map((m) => (
              <li key={m.pin} className="card">
                <p>
                  <strong>{m.fullName}</strong> · {m.relation}
                </p>
                <p className="muted">
                  {formatDate(m.birthDate)} · <span className="code">{m.pin}</span>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Number, dates and the PDF link of an issued confirmation. */
export function IssuedSummary({ c }: { c: ConfirmationView }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert--success" role="status" data-testid="ct07-issued">
      <p>{t('ct07.issued', { number: c.number, validUntil: formatDate(c.validUntil) })}</p>
      <p>
        <a className="button" href={c.pdfUrl} download data-testid="ct07-download">
          {t('ct07.download')}
        </a>{' '}
        <a href={new URL(c.verificationUrl).pathname + new URL(c.verificationUrl).hash} target="_blank" rel="noreferrer" data-testid="ct07-verify-link">
          {t('ct07.verifyLink')}
        </a>
      </p>
    </div>
  );
}
