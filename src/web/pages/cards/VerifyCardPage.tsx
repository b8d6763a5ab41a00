import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { cardsApi, fileToBase64, type VerificationAnswer, type VerifyInput } from '../../cards-api.js';
import { chipFileOf, normaliseMrz, proofFileName, type ChipFile } from '../../cards-logic.js';
import { Field } from '../../components/Field.js';
import { ErrorBox, Loading } from '../../components/Status.js';
import { formatDate, formatDateTime } from '../../format.js';
import { useCamera } from '../../hooks/useCamera.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useLang } from '../../i18n/index.js';
import { decodeQr, decodeQrFile, preloadQrDecoder } from '../../qr-scan.js';

type Mode = 'qr' | 'mrz' | 'chip';
const CHIP_FILES: readonly ChipFile[] = ['dg1', 'dg2', 'dg13', 'sod'];

/**
 * `/verify-card`: the verification desk of a one-stop shop. A card is checked by its QR code
 * (read with the device camera, from a photo, or pasted from a reader), its MRZ, or the files
 * read from its chip; the answer says valid or not and why, what the document holds, and — for
 * an officer — what the registry says of the card and its holder. The answer is signed: the
 * officer keeps the JWS as proof of what was checked and when.
 */
export function VerifyCardPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('cards.verify.title'));
  const [mode, setMode] = useState<Mode>('qr');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [answer, setAnswer] = useState<VerificationAnswer | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const check = (input: VerifyInput) => {
    setBusy(true);
    setError(null);
    setAnswer(null);
    cardsApi.verify(input).then(
      (a) => {
        setBusy(false);
        setAnswer(a);
        requestAnimationFrame(() => resultRef.current?.focus());
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <section className="page" aria-labelledby="verify-card-heading" data-testid="verify-card">
      <h1 id="verify-card-heading">{t('cards.verify.title')}</h1>
      <p className="muted">{t('cards.verify.intro')}</p>
      <div className="idcard-verify">
        <div className="panel">
          <fieldset className="segmented">
            <legend className="segmented__legend">{t('cards.verify.how')}</legend>
            <div className="segmented__options">
              {(['qr', 'mrz', 'chip'] as const).map((m) => (
                <label key={m} className="segmented__option">
                  <input
                    type="radio"
                    name="verify-mode"
                    checked={mode === m}
                    onChange={() => setMode(m)}
                    data-testid={`verify-mode-${m}`}
                  />
                  <span className="segmented__text">{t(`cards.verify.mode.${m}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {mode === 'qr' && <QrInput busy={busy} onCheck={(qr) => check({ qr })} />}
          {mode === 'mrz' && <MrzInput busy={busy} onCheck={(mrz) => check({ mrz })} />}
          {mode === 'chip' && <ChipInput busy={busy} onCheck={(chip) => check({ chip })} />}
        </div>
        <div ref={resultRef} tabIndex={-1} className="idcard-verify__result">
          {busy && <Loading label={t('cards.verify.checking')} />}
          {error !== null && <ErrorBox error={error} />}
          {answer && <AnswerView answer={answer} />}
        </div>
      </div>
    </section>
  );
}

function QrInput({ busy, onCheck }: { busy: boolean; onCheck: (text: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [scanning, setScanning] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const found = (qr: string) => {
    setScanning(false);
    setProblem(undefined);
    setText(qr);
    onCheck(qr);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setProblem(t('cards.verify.qrEmpty'));
    setProblem(undefined);
    onCheck(text.trim());
  };
  return (
    <form onSubmit={submit} noValidate data-testid="verify-qr-form">
      <div className="photo-field__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => setScanning((s) => !s)}
          data-testid="qr-scan"
        >
          {scanning ? t('cards.verify.scanStop') : t('cards.verify.scan')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => fileRef.current?.click()}
          data-testid="qr-image"
        >
          {t('cards.verify.fromImage')}
        </button>
      </div>
      <input
        ref={fileRef}
        type="file"
        accept="image/*"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="qr-image-file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (!file) return;
          void decodeQrFile(file).then((qr) => (qr ? found(qr) : setProblem(t('cards.verify.noQrInImage'))));
        }}
      />
      {scanning && <QrScanner onFound={found} />}
      <Field name="qr" label={t('cards.verify.qrText')} hint={t('cards.verify.qrHint')} error={problem}>
        {(p) => (
          <textarea
            {...p}
            className="input"
            rows={3}
            maxLength={2000}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="verify-qr-text"
          />
        )}
      </Field>
      <button type="submit" className="button button--primary" disabled={busy} data-testid="verify-submit">
        {t('cards.verify.check')}
      </button>
    </form>
  );
}

/** The back camera's picture, read for a QR code a few times a second until one is found. */
function QrScanner({ onFound }: { onFound: (text: string) => void }) {
  const { t } = useTranslation();
  const camera = useCamera('environment');
  const { start, state, videoRef } = camera;
  const foundRef = useRef(onFound);
  useEffect(() => {
    foundRef.current = onFound;
  });
  useEffect(() => {
    preloadQrDecoder();
    void start();
  }, [start]);
  useEffect(() => {
    if (state.status !== 'on') return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      const video = videoRef.current;
      if (!live || !video) return;
      const text = await decodeQr(video, { width: video.videoWidth, height: video.videoHeight }).catch(
        () => null,
      );
      if (!live) return;
      if (text) foundRef.current(text);
      else timer = setTimeout(() => void tick(), 250);
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [state.status, videoRef]);
  return (
    <div className="idcard-scanner" data-testid="qr-scanner">
      <div className="idcard-camera idcard-camera--wide">
        <video
          ref={videoRef}
          className="idcard-camera__video"
          muted
          playsInline
          aria-label={t('cards.verify.cameraLive')}
          data-testid="qr-video"
        />
        {state.status === 'on' && <div className="idcard-camera__target" aria-hidden="true" />}
      </div>
      <p className="muted" role="status">
        {state.status === 'error'
          ? t(`cards.camera.${state.problem}`)
          : state.status === 'on'
            ? t('cards.verify.aim')
            : t('cards.camera.starting')}
      </p>
    </div>
  );
}

function MrzInput({ busy, onCheck }: { busy: boolean; onCheck: (mrz: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const mrz = normaliseMrz(text);
        if (mrz.split('\n').length !== 3) return setProblem(t('cards.verify.mrzLines'));
        setProblem(undefined);
        onCheck(mrz);
      }}
      noValidate
      data-testid="verify-mrz-form"
    >
      <Field name="mrz" label={t('cards.verify.mrzText')} hint={t('cards.verify.mrzHint')} error={problem}>
        {(p) => (
          <textarea
            {...p}
            className="input idcard-code idcard-mrz-input"
            rows={3}
            maxLength={200}
            spellCheck={false}
            autoCapitalize="characters"
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="verify-mrz-text"
          />
        )}
      </Field>
      <button type="submit" className="button button--primary" disabled={busy} data-testid="verify-submit">
        {t('cards.verify.check')}
      </button>
    </form>
  );
}

function ChipInput({
  busy,
  onCheck,
}: {
  busy: boolean;
  onCheck: (chip: { dg1: string; dg2?: string; dg13: string; sod: string }) => void;
}) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<Partial<Record<ChipFile, File>>>({});
  const [ignored, setIgnored] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | undefined>();
  const add = (list: FileList | null) => {
    if (!list) return;
    const next = { ...files };
    const skipped: string[] = [];
    for (const f of Array.from(list)) {
      const role = chipFileOf(f.name);
      if (role) next[role] = f;
      else skipped.push(f.name);
    }
    setFiles(next);
    setIgnored(skipped);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!files.dg1 || !files.dg13 || !files.sod) return setProblem(t('cards.verify.chipMissing'));
        setProblem(undefined);
        void Promise.all([
          fileToBase64(files.dg1),
          files.dg2 ? fileToBase64(files.dg2) : Promise.resolve(undefined),
          fileToBase64(files.dg13),
          fileToBase64(files.sod),
        ]).then(([dg1, dg2, dg13, sod]) => onCheck({ dg1, ...(dg2 ? { dg2 } : {}), dg13, sod }));
      }}
      noValidate
      data-testid="verify-chip-form"
    >
      <Field
        name="chip"
        label={t('cards.verify.chipFiles')}
        hint={t('cards.verify.chipHint')}
        error={problem}
      >
        {(p) => (
          <input
            {...p}
            type="file"
            multiple
            onChange={(e) => add(e.currentTarget.files)}
            data-testid="verify-chip-files"
          />
        )}
      </Field>
      <ul className="plain-list idcard-chip-files" data-testid="chip-files">
        {CHIP_FILES.map((f) => (
          <li key={f} data-has={files[f] ? 'yes' : 'no'}>
            <span className="code">{t(`cards.verify.chip.${f}`)}</span> —{' '}
            {files[f]
              ? files[f].name
              : f === 'dg2'
                ? t('cards.verify.optional')
                : t('cards.verify.notChosen')}
          </li>
        ))}
      </ul>
      {ignored.length > 0 && (
        <p className="muted">{t('cards.verify.ignored', { names: ignored.join(', ') })}</p>
      )}
      <button type="submit" className="button button--primary" disabled={busy} data-testid="verify-submit">
        {t('cards.verify.check')}
      </button>
    </form>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

function AnswerView({ answer }: { answer: VerificationAnswer }) {
  const { t } = useTranslation();
  const lang = useLang();
  const d = answer.data;
  const chip = d.chip;
  const registry = answer.registry;
  const saveProof = () => {
    const href = URL.createObjectURL(new Blob([answer.signed], { type: 'application/jose' }));
    const a = document.createElement('a');
    a.href = href;
    a.download = proofFileName(answer);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  };
  return (
    <div data-testid="verify-answer" data-valid={answer.valid ? 'yes' : 'no'}>
      <div
        className={answer.valid ? 'alert alert--success' : 'alert alert--error'}
        role="status"
        data-testid="verify-verdict"
      >
        <p className="alert__title">{answer.valid ? t('cards.verify.valid') : t('cards.verify.invalid')}</p>
        <p>
          {t('cards.verify.checkedBy', {
            kind: t(`cards.verify.mode.${answer.kind}`),
            at: formatDateTime(answer.checkedAt),
          })}
        </p>
        {answer.errors.length > 0 && (
          <ul data-testid="verify-errors">
            {answer.errors.map((e, i) => (
              <li key={i} data-testid="verify-error" data-code={e.code}>
                {e.message[lang]} <span className="code muted">{e.code}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <section className="panel" aria-labelledby="verify-data-heading" data-testid="verify-data">
        <h2 id="verify-data-heading">{t('cards.verify.data')}</h2>
        <div className="idcard-verify__data">
          {d.photo && (
            <img
              src={d.photo}
              alt={t('cards.verify.chipPhoto')}
              className="review__photo"
              data-testid="verify-photo"
            />
          )}
          <dl className="facts facts--compact">
            <Fact label={t('people.field.pin')} testId="verify-pin">
              {d.pin && <span className="code">{d.pin}</span>}
            </Fact>
            <Fact label={t('people.field.fullName')} testId="verify-name">
              {d.fullName}
            </Fact>
            <Fact label={t('people.field.birthDate')}>{d.birthDate && formatDate(d.birthDate)}</Fact>
            <Fact label={t('people.field.sex')}>{d.sex && t(`people.sex.${d.sex}`)}</Fact>
            <Fact label={t('people.field.nationality')}>{d.nationality}</Fact>
            <Fact label={t('cards.field.issueDate')}>{d.issueDate && formatDate(d.issueDate)}</Fact>
            <Fact label={t('cards.field.expiryDate')}>
              {d.expiryDate === null ? t('cards.noExpiry') : d.expiryDate && formatDate(d.expiryDate)}
            </Fact>
            <Fact label={t('cards.field.oldId')}>{d.oldId && <span className="code">{d.oldId}</span>}</Fact>
            <Fact label={t('cards.field.address')}>{d.address}</Fact>
            {chip && (
              <>
                <Fact label={t('people.field.ethnicity')}>{chip.dg13.ethnicity}</Fact>
                <Fact label={t('people.field.religion')}>{chip.dg13.religion}</Fact>
                <Fact label={t('people.field.originPlace')}>{chip.dg13.originPlace}</Fact>
                <Fact label={t('people.field.identifyingMarks')}>{chip.dg13.identifyingMarks}</Fact>
                <Fact label={t('family.father')}>{chip.dg13.fatherName}</Fact>
                <Fact label={t('family.mother')}>{chip.dg13.motherName}</Fact>
                <Fact label={t('family.spouse')}>{chip.dg13.spouseName}</Fact>
                <Fact label={t('cards.verify.signer')}>
                  {chip.signer &&
                    `${chip.signer.subject} (${chip.signer.serial}) · ${formatDate(chip.signer.notBefore.slice(0, 10))}–${formatDate(chip.signer.notAfter.slice(0, 10))}`}
                </Fact>
              </>
            )}
          </dl>
        </div>
        {chip?.mrz && <pre className="idcard-mrz">{chip.mrz}</pre>}
      </section>
      <section
        className="panel section"
        aria-labelledby="verify-registry-heading"
        data-testid="verify-registry"
      >
        <h2 id="verify-registry-heading">{t('cards.verify.registry')}</h2>
        {registry ? (
          <dl className="facts facts--compact">
            <dt>{t('cards.verify.registryCard')}</dt>
            <dd data-testid="registry-card">
              {registry.card ? (
                <>
                  <span
                    className={`badge badge--doc-${registry.card.status === 'valid' ? 'valid' : registry.card.status === 'pending' ? 'not_yet_valid' : registry.card.status === 'revoked' ? 'revoked' : 'expired'}`}
                    data-status={registry.card.status}
                  >
                    {registry.card.statusName[lang]}
                  </span>{' '}
                  <Link to={`/cards/card/${registry.card.id}`}>{t('cards.verify.openCard')}</Link>
                </>
              ) : (
                t('cards.verify.registryNoCard')
              )}
            </dd>
            <dt>{t('cards.verify.holderStatus')}</dt>
            <dd data-testid="registry-holder">{t(`cards.verify.holder.${registry.holder.status}`)}</dd>
          </dl>
        ) : (
          <p className="muted">{t('cards.verify.noRegistry')}</p>
        )}
      </section>
      <section className="panel section" aria-labelledby="verify-proof-heading" data-testid="verify-proof">
        <h2 id="verify-proof-heading">{t('cards.verify.proof')}</h2>
        <p className="muted">{t('cards.verify.proofHint')}</p>
        <button
          type="button"
          className="button button--secondary"
          onClick={saveProof}
          data-testid="verify-download"
        >
          {t('cards.verify.download')}
        </button>
        <details className="idcard-jws">
          <summary>{t('cards.verify.showJws')}</summary>
          <code className="secret secret--url" data-testid="verify-jws">
            {answer.signed}
          </code>
        </details>
      </section>
    </div>
  );
}
