import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import {
  cardsApi,
  fileToBase64,
  FINGERS,
  INTAKE_PLACES,
  type FingerInput,
  type IntakePlace,
  type IntakeView,
} from '../../cards-api.js';
import { ErrorSummary, Field } from '../../components/Field.js';
import { PinLink } from '../../components/PersonBits.js';
import { ErrorBox, Loading } from '../../components/Status.js';
import { dossiersApi, type DossierDetails } from '../../dossiers-api.js';
import { formatDateTime } from '../../format.js';
import { useFormProblems, type LocalProblem } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { StateBadge } from '../dossiers/bits.js';
import { FacePhotoField, type Picture } from './FacePhotoField.js';
import { emptyFingers, FingerprintSlots, fingersUnfilled, type FingerSlots } from './FingerprintSlots.js';
import { SignaturePad } from './SignaturePad.js';

/** Photo and fingerprints are taken from this age (Law on Identification 2023, art. 23). */
const BIOMETRICS_FROM_AGE = 6;
const OPEN = new Set(['submitted', 'supplement_requested', 'received', 'fee_paid', 'in_review']);

const holderPinOf = (d: DossierDetails): string =>
  typeof d.form.holderPin === 'string' && d.form.holderPin ? d.form.holderPin : d.applicant.pin;

/**
 * `/cards/intake/:dossierId`: the intake of a card application — where it is taken, the face
 * photo (camera or file), the ten fingers, the applicant's signature — sent together; the server
 * checks each image and searches the biometric system, and a match with another person is
 * shown before anyone decides. The dossier page then receives and decides the application.
 */
export function IntakePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('cards.intake.title'));
  const lang = useLang();
  const { dossierId = '' } = useParams();
  const location = useLocation();
  const filed = (location.state as { filed?: string } | null)?.filed;
  const dossier = useRemote(`card-dossier|${dossierId}`, (signal) => dossiersApi.dossier(dossierId, signal));
  const d = dossier.data;
  const holderPin = d ? holderPinOf(d) : null;
  const holder = useRemote(holderPin ? `card-holder|${holderPin}` : null, (signal) =>
    cardsApi.caseOf(holderPin!, undefined, signal),
  );
  const [done, setDone] = useState<IntakeView | null>(null);
  // A reopened page shows what was captured before; "capture again" opens the form over it.
  const existing = useRemote(`card-intake|${dossierId}`, (signal) => cardsApi.intake(dossierId, signal));
  const [again, setAgain] = useState(false);
  const shown = done ?? (again ? null : (existing.data ?? null));

  if (dossier.status === 'error') return <ErrorBox error={dossier.error} onRetry={dossier.retry} />;
  if (!d) return <Loading />;
  if (!d.procedure.code.startsWith('CARD.'))
    return <p className="alert alert--error">{t('cards.intake.notCard')}</p>;
  return (
    <div data-testid="card-intake">
      <p className="no-print">
        <Link to="/cards">← {t('cards.desk.title')}</Link>
      </p>
      <h2>{t('cards.intake.title')}</h2>
      {filed && (
        <p className="alert alert--success" role="status" data-testid="card-filed">
          {t('cards.intake.filed', { code: filed })}
        </p>
      )}
      <section className="panel" aria-label={t('cards.intake.dossier')}>
        <dl className="facts facts--compact">
          <dt>{t('cards.intake.dossier')}</dt>
          <dd>
            <Link to={`/dossiers/${d.id}`} className="code" data-testid="intake-dossier-link">
              {d.code}
            </Link>{' '}
            <StateBadge state={d.state} />
          </dd>
          <dt>{t('cards.intake.procedure')}</dt>
          <dd>{d.procedure.name[lang]}</dd>
          <dt>{t('cards.intake.holder')}</dt>
          <dd>
            {holder.data?.holder.fullName ?? d.applicant.fullName} · <PinLink pin={holderPinOf(d)} />
          </dd>
        </dl>
      </section>
      {(existing.status === 'idle' || existing.status === 'loading') && !done ? (
        <Loading />
      ) : shown ? (
        <IntakeResult
          view={shown}
          dossier={d}
          onAgain={() => {
            setDone(null);
            setAgain(true);
          }}
        />
      ) : !OPEN.has(d.state) ? (
        <p className="alert alert--info section" data-testid="intake-closed">
          {t('cards.intake.closed')} <Link to={`/dossiers/${d.id}`}>{t('cards.intake.openDossier')}</Link>
        </p>
      ) : holder.status === 'error' ? (
        <ErrorBox error={holder.error} onRetry={holder.retry} />
      ) : !holder.data ? (
        <Loading />
      ) : (
        <IntakeForm dossier={d} biometrics={holder.data.holder.age >= BIOMETRICS_FROM_AGE} onDone={setDone} />
      )}
    </div>
  );
}

function IntakeForm({
  dossier,
  biometrics,
  onDone,
}: {
  dossier: DossierDetails;
  biometrics: boolean;
  onDone: (v: IntakeView) => void;
}) {
  const { t } = useTranslation();
  const problems = useFormProblems();
  const [place, setPlace] = useState<IntakePlace>(dossier.channel === 'mobile_team' ? 'home' : 'desk');
  const [photo, setPhoto] = useState<Picture | null>(null);
  const [fingers, setFingers] = useState<FingerSlots>(emptyFingers);
  const [signature, setSignature] = useState<Blob | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: LocalProblem[] = [];
    if (biometrics && !photo) local.push({ field: 'photo', key: 'photoRequired' });
    if (biometrics)
      for (const n of fingersUnfilled(fingers)) local.push({ field: `fingers.${n}`, key: 'required' });
    if (biometrics && !signature) local.push({ field: 'signature', key: 'required' });
    if (local.length) return problems.setLocal(local);
    setBusy(true);
    try {
      const body: Parameters<typeof cardsApi.captureIntake>[1] = { place };
      if (biometrics) {
        body.photo = await fileToBase64(photo!.blob);
        const list: FingerInput[] = [];
        for (const n of FINGERS) {
          const s = fingers[n]!;
          if (s.missing)
            list.push({
              finger: n,
              missingReason: s.reason as NonNullable<FingerInput['missingReason']>,
              ...(s.note.trim() ? { note: s.note.trim() } : {}),
            });
          else list.push({ finger: n, image: await fileToBase64(s.file!) });
        }
        body.fingers = list;
      }
      if (signature) body.signature = await fileToBase64(signature);
      onDone(await cardsApi.captureIntake(dossier.id, body));
    } catch (err) {
      problems.setServer(err);
    } finally {
      setBusy(false);
    }
  };

  const labelFor = (f: string): string | undefined => {
    if (f === 'photo') return t('cards.intake.photo');
    if (f === 'signature') return t('cards.intake.signature');
    if (f === 'fingers') return t('cards.intake.fingers');
    if (f === 'place') return t('cards.intake.place');
    const m = /^fingers\.(\d+)$/.exec(f);
    return m ? t(`cards.finger.${m[1]}` as 'cards.finger.1') : undefined;
  };

  return (
    <form
      className="panel section idcard-intake"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="intake-form"
    >
      <ErrorSummary
        problems={problems.problems}
        attempt={problems.attempt}
        labelFor={labelFor}
        title={problems.server ? t('cards.intake.refused') : undefined}
      />
      <Field name="place" label={t('cards.intake.place')} error={problems.messageFor('place')} required>
        {(p) => (
          <select
            {...p}
            className="input"
            value={place}
            onChange={(e) => setPlace(e.target.value as IntakePlace)}
            data-testid="intake-place"
          >
            {INTAKE_PLACES.map((x) => (
              <option key={x} value={x}>
                {t(`cards.place.${x}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {biometrics ? (
        <>
          <FacePhotoField
            value={photo}
            onChange={(p) => {
              setPhoto(p);
              problems.touch('photo');
            }}
            error={problems.messageFor('photo')}
          />
          <FingerprintSlots
            slots={fingers}
            onChange={(next) => {
              for (const n of FINGERS) if (next[n] !== fingers[n]) problems.touch(`fingers.${n}`);
              problems.touch('fingers');
              setFingers(next);
            }}
            messageFor={problems.messageFor}
          />
        </>
      ) : (
        <p className="alert alert--info" data-testid="intake-under-6">
          {t('cards.intake.under6', { age: BIOMETRICS_FROM_AGE })}
        </p>
      )}
      <SignaturePad
        value={signature}
        onChange={(b) => {
          setSignature(b);
          problems.touch('signature');
        }}
        error={problems.messageFor('signature')}
      />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="intake-submit">
          {busy ? t('cards.intake.sending') : t('cards.intake.submit')}
        </button>
      </div>
    </form>
  );
}

function IntakeResult({
  view,
  dossier,
  onAgain,
}: {
  view: IntakeView;
  dossier: DossierDetails;
  onAgain: () => void;
}) {
  const { t } = useTranslation();
  const taken = view.fingers.filter((f) => f.taken).length;
  const hits = view.abis.hits;
  return (
    <section className="panel section" aria-labelledby="intake-done-heading" data-testid="intake-result">
      <h2 id="intake-done-heading">{t('cards.intake.doneHeading')}</h2>
      <p className="alert alert--success" role="status" data-testid="intake-done">
        {t('cards.intake.done', { at: formatDateTime(view.capturedAt) })}
      </p>
      <div className="idcard-intake-result">
        {view.photo && (
          <img
            src={cardsApi.intakeImageUrl(view.dossierId, 'photo')}
            alt={t('cards.intake.photoPreviewAlt')}
            className="review__photo"
            data-testid="intake-result-photo"
          />
        )}
        <dl className="facts facts--compact">
          <dt>{t('cards.intake.place')}</dt>
          <dd>{t(`cards.place.${view.place as 'desk'}`)}</dd>
          <dt>{t('cards.intake.photo')}</dt>
          <dd>{view.photo ? `${view.photo.width}×${view.photo.height}` : t('cards.intake.notCaptured')}</dd>
          <dt>{t('cards.intake.fingers')}</dt>
          <dd data-testid="intake-fingers-taken">
            {view.fingers.length === 0
              ? t('cards.intake.notCaptured')
              : t('cards.intake.fingersTaken', { taken, missing: view.fingers.length - taken })}
          </dd>
          <dt>{t('cards.intake.signature')}</dt>
          <dd>{view.signature ? t('cards.intake.yes') : t('cards.intake.notCaptured')}</dd>
          <dt>{t('cards.intake.abis')}</dt>
          <dd className="code muted">{view.abis.system}</dd>
        </dl>
      </div>
      {hits.length > 0 ? (
        <div className="alert alert--error" role="alert" data-testid="abis-hits">
          <p className="alert__title">{t('cards.intake.abisHits', { count: hits.length })}</p>
          <ul>
            {hits.map((h, i) => (
              <li key={i} data-testid="abis-hit">
                <PinLink pin={h.pin} /> —{' '}
                {h.kind === 'face'
                  ? t('cards.intake.hitFace')
                  : t('cards.intake.hitFinger', {
                      finger: t(`cards.finger.${h.finger ?? 1}` as 'cards.finger.1'),
                    })}
              </li>
            ))}
          </ul>
          <p>{t('cards.intake.abisHint')}</p>
        </div>
      ) : (
        <p className="alert alert--info" data-testid="abis-clear">
          {t('cards.intake.abisClear')}
        </p>
      )}
      <div className="button-row">
        <Link
          to={`/dossiers/${dossier.id}`}
          className="button button--primary"
          data-testid="intake-open-dossier"
        >
          {t('cards.intake.openDossier')}
        </Link>
        <button
          type="button"
          className="button button--secondary"
          onClick={onAgain}
          data-testid="intake-again"
        >
          {t('cards.intake.again')}
        </button>
      </div>
    </section>
  );
}
