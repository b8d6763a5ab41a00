import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePermission } from '../../auth.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { UnitLabel } from '../../components/PersonBits.js';
import { PrintButton, PrintHeader } from '../../components/Print.js';
import { ErrorBox, Loading } from '../../components/Status.js';
import { formatDate } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { DecisionBadge } from './QualityBits.js';
import {
  formatProbability,
  formatWeight,
  isLinkField,
  isLinkLevel,
  qualityApi,
  type Comparison,
  type Contribution,
  type MergeResult,
  type RecordDetails,
} from './quality-api.js';
import './quality.css';

type Side = 'a' | 'b';

/**
 * `/quality/duplicates/:pinA/:pinB`: both records side by side (rows that differ marked), each
 * field's weight in the score, and the decision: not the same person, or merge keeping the
 * record chosen (the other PIN is cancelled and points to it). Prints as a record of the review.
 */
export function ComparePage() {
  const { t } = useTranslation();
  const { pinA = '', pinB = '' } = useParams();
  useDocumentTitle(t('quality.compare.title'));
  const cmp = useRemote(`quality-compare|${pinA}|${pinB}`, (signal) => qualityApi.compare(pinA, pinB, signal));
  return (
    <section className="page quality-compare" aria-labelledby="compare-heading" data-testid="quality-compare">
      <PrintHeader title={t('quality.compare.title')} />
      <p className="no-print">
        <Link to="/quality">← {t('quality.compare.back')}</Link>
      </p>
      <div className="page-head">
        <h1 id="compare-heading">{t('quality.compare.title')}</h1>
        <div className="page-head__actions">
          <PrintButton />
        </div>
      </div>
      {cmp.status === 'error' && <ErrorBox error={cmp.error} onRetry={cmp.retry} />}
      {!cmp.data && cmp.status !== 'error' && <Loading />}
      {cmp.data && <CompareBody data={cmp.data} />}
    </section>
  );
}

function CompareBody({ data }: { data: Comparison }) {
  const { t } = useTranslation();
  const lang = useLang();
  const mayMerge = usePermission('quality.merge');
  const mayReview = usePermission('quality.review');
  const [keep, setKeep] = useState<Side>('a');
  const [dialog, setDialog] = useState<'merge' | 'not' | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [merged, setMerged] = useState<MergeResult | null>(null);
  const [notDuplicate, setNotDuplicate] = useState(false);
  const { pair } = data;
  const open = pair.state === 'open' && !merged && !notDuplicate;
  const kept = data[keep];
  const gone = data[keep === 'a' ? 'b' : 'a'];

  function merge() {
    setBusy(true);
    setError(null);
    qualityApi
      .merge(data.a.person.pin, data.b.person.pin, {
        survivorPin: kept.person.pin,
        survivorVersion: kept.person.version,
        mergedVersion: gone.person.version,
        note: note.trim() || null,
      })
      .then(
        (r) => {
          setBusy(false);
          setDialog(null);
          setMerged(r);
        },
        (e: unknown) => {
          setBusy(false);
          setError(e);
        },
      );
  }

  function decideNot() {
    setBusy(true);
    setError(null);
    qualityApi.notDuplicate(data.a.person.pin, data.b.person.pin, note.trim() || null).then(
      () => {
        setBusy(false);
        setDialog(null);
        setNotDuplicate(true);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  }

  return (
    <>
      <div className="quality-summary panel" data-testid="compare-summary">
        <div className="figure">
          <span className="figure__label">{t('quality.compare.score')}</span>
          <span className="figure__value" data-testid="compare-score">
            {formatWeight(pair.score, lang)}
          </span>
        </div>
        <div className="figure">
          <span className="figure__label">{t('quality.compare.probability')}</span>
          <span className="figure__value" data-testid="compare-probability">
            {formatProbability(pair.probability, lang)}
          </span>
        </div>
        <div className="figure">
          <span className="figure__label">{t('quality.duplicates.decision')}</span>
          <span className="figure__value">
            <DecisionBadge decision={pair.decision} />
          </span>
        </div>
        {pair.state !== 'open' && (
          <p className="alert alert--info" role="status">
            {t(`quality.pairState.${pair.state}`)}
          </p>
        )}
      </div>

      {merged && <MergeResultPanel result={merged} />}
      {notDuplicate && (
        <p className="alert alert--success" role="status" data-testid="not-duplicate-done">
          {t('quality.compare.notDuplicateDone')} <Link to="/quality">{t('quality.compare.back')}</Link>
        </p>
      )}

      <section className="panel" aria-labelledby="records-heading">
        <h2 id="records-heading">{t('quality.compare.records')}</h2>
        <p className="muted no-print">{t('quality.compare.differHint')}</p>
        <RecordsTable a={data.a} b={data.b} keep={open && mayMerge ? keep : null} onKeep={setKeep} />
      </section>

      <section className="panel quality-weights-panel" aria-labelledby="weights-heading">
        <h2 id="weights-heading">{t('quality.compare.weights')}</h2>
        <p className="muted">{t('quality.compare.weightsHint')}</p>
        <Weights contributions={data.contributions} score={pair.score} probability={pair.probability} />
      </section>

      {open && (mayMerge || mayReview) && (
        <section className="panel no-print" aria-labelledby="decide-heading" data-testid="compare-decide">
          <h2 id="decide-heading">{t('quality.compare.decide')}</h2>
          {mayMerge && (
            <p>
              {t('quality.compare.keepHint', { pin: kept.person.pin, name: kept.person.fullName })}
            </p>
          )}
          <div className="form-actions">
            {mayMerge && (
              <button type="button" className="button button--primary" onClick={() => { setNote(''); setError(null); setDialog('merge'); }} data-testid="merge-open">
                {t('quality.compare.merge')}
              </button>
            )}
            {mayReview && (
              <button type="button" className="button button--secondary" onClick={() => { setNote(''); setError(null); setDialog('not'); }} data-testid="not-duplicate-open">
                {t('quality.compare.notDuplicate')}
              </button>
            )}
          </div>
        </section>
      )}

      <ConfirmDialog
        open={dialog === 'merge'}
        title={t('quality.compare.mergeTitle')}
        confirmLabel={t('quality.compare.mergeConfirm', { kept: kept.person.pin })}
        onConfirm={merge}
        onCancel={() => setDialog(null)}
        danger
        busy={busy}
        testId="merge-dialog"
      >
        <p data-testid="merge-warning">
          {t('quality.compare.mergeBody', { kept: kept.person.pin, keptName: kept.person.fullName, gone: gone.person.pin, goneName: gone.person.fullName })}
        </p>
        <NoteField value={note} onChange={setNote} />
        {error !== null && <ErrorBox error={error} />}
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'not'}
        title={t('quality.compare.notDuplicateTitle')}
        confirmLabel={t('quality.compare.notDuplicateConfirm')}
        onConfirm={decideNot}
        onCancel={() => setDialog(null)}
        busy={busy}
        testId="not-duplicate-dialog"
      >
        <p>{t('quality.compare.notDuplicateBody')}</p>
        <NoteField value={note} onChange={setNote} />
        {error !== null && <ErrorBox error={error} />}
      </ConfirmDialog>
    </>
  );
}

function NoteField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{t('quality.compare.note')}</span>
      <textarea className="input" rows={3} maxLength={500} value={value} onChange={(e) => onChange(e.target.value)} data-testid="decision-note" />
    </label>
  );
}

interface Row {
  key: string;
  label: string;
  a: ReactNode;
  b: ReactNode;
  /** Compared to mark the row as differing. */
  same: boolean;
}

const norm = (v: string | null | undefined) => (v ?? '').trim().toLocaleLowerCase('vi');

function RecordsTable({ a, b, keep, onKeep }: { a: RecordDetails; b: RecordDetails; keep: Side | null; onKeep: (s: Side) => void }) {
  const { t } = useTranslation();
  const place = (text: string | null, code: string | null) =>
    text || code ? (
      <>
        {text}
        {text && code ? ' ' : ''}
        {code && (text ? <span className="code muted">({code})</span> : <UnitLabel code={code} />)}
      </>
    ) : (
      <Missing />
    );
  const pinLink = (pin: string | null) => (pin ? <Link to={`/people/${pin}`} className="code">{pin}</Link> : <Missing />);
  const oldIds = (r: RecordDetails) => [r.person.oldId9, r.person.oldId12].filter(Boolean).join(' · ');
  const openResidences = (r: RecordDetails) => r.residences.filter((x) => !x.validTo);
  const residenceText = (r: RecordDetails) => openResidences(r).map((x) => `${x.kind}|${x.unitCode}|${x.address}`).join(';');
  const residence = (r: RecordDetails) => {
    const open = openResidences(r);
    if (open.length === 0) return <Missing />;
    return (
      <ul className="plain-list">
        {open.map((x) => (
          <li key={x.id}>
            <span className="muted">{t(`quality.residenceKind.${x.kind}`)}:</span> {x.address}, <UnitLabel code={x.unitCode} />
          </li>
        ))}
      </ul>
    );
  };
  const household = (r: RecordDetails) =>
    r.household ? (
      <>
        <Link to={`/households/${r.household.householdNo}`} className="code">
          {r.household.householdNo}
        </Link>{' '}
        <span className="muted">({r.household.relation})</span>
      </>
    ) : (
      <Missing />
    );
  const rows: Row[] = [
    { key: 'fullName', label: t('people.field.fullName'), a: <strong>{a.person.fullName}</strong>, b: <strong>{b.person.fullName}</strong>, same: a.person.fullName === b.person.fullName },
    { key: 'birthDate', label: t('people.field.birthDate'), a: formatDate(a.person.birthDate), b: formatDate(b.person.birthDate), same: a.person.birthDate === b.person.birthDate },
    { key: 'sex', label: t('people.field.sex'), a: t(`people.sex.${a.person.sex}`), b: t(`people.sex.${b.person.sex}`), same: a.person.sex === b.person.sex },
    { key: 'pin', label: t('people.field.pin'), a: pinLink(a.person.pin), b: pinLink(b.person.pin), same: true },
    { key: 'status', label: t('people.field.status'), a: t(`people.status.${a.person.status}`), b: t(`people.status.${b.person.status}`), same: a.person.status === b.person.status },
    { key: 'birthPlace', label: t('people.field.birthPlace'), a: place(a.person.birthPlace, a.person.birthPlaceCode), b: place(b.person.birthPlace, b.person.birthPlaceCode), same: norm(a.person.birthPlaceCode) === norm(b.person.birthPlaceCode) && norm(a.person.birthPlace) === norm(b.person.birthPlace) },
    { key: 'originPlace', label: t('people.field.originPlace'), a: place(a.person.originPlace, a.person.originPlaceCode), b: place(b.person.originPlace, b.person.originPlaceCode), same: norm(a.person.originPlaceCode) === norm(b.person.originPlaceCode) && norm(a.person.originPlace) === norm(b.person.originPlace) },
    { key: 'father', label: t('people.field.fatherPin'), a: pinLink(a.person.fatherPin), b: pinLink(b.person.fatherPin), same: a.person.fatherPin === b.person.fatherPin },
    { key: 'mother', label: t('people.field.motherPin'), a: pinLink(a.person.motherPin), b: pinLink(b.person.motherPin), same: a.person.motherPin === b.person.motherPin },
    { key: 'oldId', label: t('quality.compare.oldId'), a: oldIds(a) ? <span className="code">{oldIds(a)}</span> : <Missing />, b: oldIds(b) ? <span className="code">{oldIds(b)}</span> : <Missing />, same: oldIds(a) === oldIds(b) },
    { key: 'residence', label: t('quality.compare.residence'), a: residence(a), b: residence(b), same: residenceText(a) === residenceText(b) },
    { key: 'household', label: t('quality.compare.household'), a: household(a), b: household(b), same: (a.household?.householdNo ?? '') === (b.household?.householdNo ?? '') },
  ];
  const head = (side: Side) => (
    <th scope="col" className="quality-records__col">
      {keep ? (
        <label className="radio quality-keep">
          <input type="radio" name="survivor" checked={keep === side} onChange={() => onKeep(side)} data-testid={`keep-${side}`} />
          <span>
            {t('quality.compare.record', { n: side === 'a' ? 1 : 2 })}
            <span className="no-print"> · {t('quality.compare.keepThis')}</span>
          </span>
        </label>
      ) : (
        t('quality.compare.record', { n: side === 'a' ? 1 : 2 })
      )}
    </th>
  );
  return (
    <div className="table-wrap quality-records-wrap">
      <table className="table quality-records" data-testid="compare-records">
        <thead>
          <tr>
            <th scope="col" className="quality-records__label">
              <span className="visually-hidden">{t('quality.compare.field')}</span>
            </th>
            {head('a')}
            {head('b')}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.same ? undefined : 'quality-differs'} data-testid={`row-${r.key}`} data-differs={!r.same}>
              <th scope="row" className="quality-records__label">
                {r.label}
                {!r.same && r.key !== 'pin' && <span className="visually-hidden"> ({t('quality.compare.differs')})</span>}
              </th>
              <td data-testid={`a-${r.key}`} className={keep === 'a' ? 'quality-kept' : undefined}>
                {r.a}
              </td>
              <td data-testid={`b-${r.key}`} className={keep === 'b' ? 'quality-kept' : undefined}>
                {r.b}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Missing() {
  const { t } = useTranslation();
  return <span className="muted">{t('quality.compare.missing')}</span>;
}

/** Each field's weight as a bar from the middle: agreement to the right (green), disagreement to the left (red). */
function Weights({ contributions, score, probability }: { contributions: Contribution[]; score: number; probability: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const max = Math.max(1, ...contributions.map((c) => Math.abs(c.weight)));
  const fieldLabel = (f: string) => (f === 'prior' ? t('quality.field.prior') : isLinkField(f) ? t(`quality.field.${f}`) : f);
  const levelLabel = (l: string) => (l === 'lambda' ? t('quality.level.lambda') : isLinkLevel(l) ? t(`quality.level.${l}`) : l);
  return (
    <>
      <ul className="quality-weights" data-testid="compare-weights">
        {contributions.map((c) => {
          const share = `${(Math.abs(c.weight) / max) * 50}%`;
          const tone = c.weight > 0 ? 'plus' : c.weight < 0 ? 'minus' : 'zero';
          return (
            <li key={c.field} className={`quality-weight quality-weight--${tone}`} data-testid="weight" data-field={c.field} data-weight={c.weight}>
              <span className="quality-weight__label">
                <strong>{fieldLabel(c.field)}</strong>
                <span className="muted"> · {levelLabel(c.level)}</span>
              </span>
              <span className="quality-weight__track" aria-hidden="true">
                <span className="quality-weight__bar" style={c.weight >= 0 ? { left: '50%', width: share } : { right: '50%', width: share }} />
              </span>
              <span className="quality-weight__value">{formatWeight(c.weight, lang)}</span>
            </li>
          );
        })}
      </ul>
      <p className="quality-weights__total" data-testid="weights-total">
        {t('quality.compare.total')}: <strong>{formatWeight(score, lang)}</strong> · {t('quality.compare.probability')}: <strong>{formatProbability(probability, lang)}</strong>
      </p>
    </>
  );
}

function MergeResultPanel({ result }: { result: MergeResult }) {
  const { t } = useTranslation();
  const m = result.moved;
  return (
    <section className="panel alert alert--success" aria-labelledby="merge-result-heading" data-testid="merge-result" role="status">
      <h2 id="merge-result-heading">{t('quality.result.title')}</h2>
      <p>{t('quality.result.lead', { kept: result.survivorPin, gone: result.mergedPin })}</p>
      <dl className="facts facts--compact">
        <div className="facts__row">
          <dt>{t('quality.result.filled')}</dt>
          <dd data-testid="result-filled">{m.filledFields.length ? m.filledFields.map((f) => t(`people.field.${f}` as 'people.field.pin', { defaultValue: f })).join(', ') : t('quality.result.nothing')}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('quality.result.relinked')}</dt>
          <dd data-testid="result-relinked">{m.relinkedPeople.length ? m.relinkedPeople.join(', ') : t('quality.result.nothing')}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('quality.result.residences')}</dt>
          <dd data-testid="result-residences">{t('quality.result.residencesValue', { moved: m.residencesMoved, closed: m.residencesClosed })}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('quality.result.household')}</dt>
          <dd data-testid="result-household">
            {t(`quality.result.householdValue.${m.household}`)}
            {m.headlessHouseholdNo && (
              <>
                {' '}
                {t('quality.result.headless')} <Link to={`/households/${m.headlessHouseholdNo}`}>{m.headlessHouseholdNo}</Link>
              </>
            )}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('quality.result.account')}</dt>
          <dd data-testid="result-account" data-account={result.account}>
            {t(`quality.result.accountValue.${result.account}`)}
          </dd>
        </div>
      </dl>
      <p className="no-print">
        <Link to={`/people/${result.survivorPin}`} className="button button--primary" data-testid="result-survivor">
          {t('quality.result.openSurvivor', { pin: result.survivorPin })}
        </Link>{' '}
        <Link to="/quality" className="button button--secondary">
          {t('quality.compare.back')}
        </Link>
      </p>
    </section>
  );
}
