import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { DossierDetails, ActionView } from '../../modules/dossiers/index.js';
import { citizenDossiersApi } from '../citizen-api.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { DocumentsChecklist } from '../components/ProcedureForm.js';
import { Empty, ErrorBox, Loading } from '../components/Status.js';
import { errorMessage } from '../api.js';
import { formatDate, formatDateTime, formatNumber } from '../format.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useRemote } from '../hooks/useRemote.js';
import { useLang } from '../i18n/index.js';

/** "Hồ sơ của tôi": each dossier with its state and appointment date. */
export function MyDossiersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('filing.myDossiersTitle'));
  const lang = useLang();
  const list = useRemote('my-dossiers', (signal) => citizenDossiersApi.mine(1, signal));
  return (
    <section className="panel section" aria-labelledby="my-dossiers-heading" data-testid="my-dossiers">
      <h2 id="my-dossiers-heading">{t('filing.myDossiersTitle')}</h2>
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
      {!list.data && list.status !== 'error' && <Loading />}
      {list.data?.items.length === 0 && <Empty>{t('filing.myDossiersEmpty')}</Empty>}
      <ul className="cards">
        {list.data?.items.map((d) => (
          <li key={d.id} className="card" data-testid="my-dossier" data-code={d.code}>
            <p className="card__title">
              <Link to={`/portal/dossiers/${encodeURIComponent(d.id)}`}>{d.procedure.name[lang]}</Link>
            </p>
            <dl className="facts facts--compact dossier-facts">
              <div className="facts__row">
                <dt>{t('filing.code')}</dt>
                <dd className="code">{d.code}</dd>
              </div>
              <div className="facts__row">
                <dt>{t('filing.state')}</dt>
                <dd>
                  <span className={`badge badge--state-${d.state}`} data-testid="dossier-state">
                    {t(`filing.states.${d.state}`)}
                  </span>
                </dd>
              </div>
              <div className="facts__row">
                <dt>{t('filing.appointment')}</dt>
                <dd data-testid="dossier-due">{d.dueDate ? formatDate(d.dueDate) : t('filing.noAppointment')}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One of my dossiers: state, appointment, fee, documents (upload while it may still take them), what happened in plain words. */
export function DossierPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const remote = useRemote(`my-dossier-${id}`, (signal) => citizenDossiersApi.dossier(id, signal));
  const [fresh, setFresh] = useState<DossierDetails | null>(null);
  const d = fresh && fresh.id === id ? fresh : remote.data;
  useDocumentTitle(d ? d.code : t('filing.myDossiersTitle'));
  const attached = useMemo(() => new Set(d?.attachments.map((a) => a.documentCode) ?? []), [d]);
  const [withdrawing, setWithdrawing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (remote.status === 'error' && !d) return <ErrorBox error={remote.error} onRetry={remote.retry} />;
  if (!d) return <Loading />;
  const mayUpload = d.state === 'submitted' || d.state === 'supplement_requested';
  const waiting = d.consents.some((c) => c.status === 'requested');
  const reload = () => citizenDossiersApi.dossier(id).then(setFresh);
  return (
    <section className="panel section" aria-labelledby="dossier-heading" data-testid="dossier">
      <p>
        <Link to="/portal/dossiers">{t('filing.backToDossiers')}</Link>
      </p>
      {search.get('filed') === '1' && (
        <div className="alert alert--success" role="status" data-testid="filed">
          <p className="alert__title">{t('filing.submittedHeading')}</p>
          <p>{t('filing.submittedIntro', { code: d.code })}</p>
        </div>
      )}
      <h2 id="dossier-heading">{d.procedure.name[lang]}</h2>
      <dl className="facts dossier-facts">
        <div className="facts__row">
          <dt>{t('filing.code')}</dt>
          <dd className="code" data-testid="dossier-code">
            {d.code}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('filing.state')}</dt>
          <dd>
            <span className={`badge badge--state-${d.state}`} data-testid="dossier-state">
              {t(`filing.states.${d.state}`)}
            </span>
            {waiting && <span className="muted"> · {t('filing.waitingConsent')}</span>}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('filing.appointment')}</dt>
          <dd data-testid="dossier-due">{d.dueDate ? formatDate(d.dueDate) : t('filing.noAppointment')}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('filing.submittedAt')}</dt>
          <dd>
            {formatDateTime(d.submittedAt)} · {t(`filing.channel.${d.channel}`)}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('filing.fee')}</dt>
          <dd>{d.fee.dueVnd === 0 ? t('filing.feeFree') : `${formatNumber(d.fee.dueVnd, lang)} đ`}</dd>
        </div>
      </dl>
      <Outcome d={d} />
      <h3>{t('filing.documentsHeading')}</h3>
      <DocumentsChecklist
        documents={d.documents}
        attached={attached}
        {...(mayUpload
          ? {
              onUpload: async (code: string, file: File) => {
                await citizenDossiersApi.attach(d.id, code, file);
                await reload();
              },
            }
          : {})}
      />
      <h3>{t('filing.timelineHeading')}</h3>
      <ol className="timeline" data-testid="timeline">
        {d.actions.map((a) => (
          <li key={a.seq} className="timeline__item">
            <span className="timeline__when">{formatDateTime(a.at)}</span>
            <span className="timeline__what">{timelineText(a, t, lang)}</span>
          </li>
        ))}
      </ol>
      {d.yourActions.includes('withdraw') && (
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={() => setWithdrawing(true)} data-testid="withdraw">
            {t('filing.withdraw')}
          </button>
        </div>
      )}
      {error !== null && (
        <p className="field-message" role="alert">
          {errorMessage(error)}
        </p>
      )}
      <ConfirmDialog
        open={withdrawing}
        title={t('filing.withdrawConfirm', { code: d.code })}
        confirmLabel={t('filing.withdraw')}
        danger
        onCancel={() => setWithdrawing(false)}
        onConfirm={() => {
          setWithdrawing(false);
          citizenDossiersApi.act(d.id, { type: 'withdraw', expectedSeq: d.lastSeq }).then(setFresh, setError);
        }}
      >
        <p>{t('filing.withdrawText')}</p>
      </ConfirmDialog>
    </section>
  );
}

/**
 * What came of the dossier, once decided: approved (a residence procedure's result is in the
 * registry, so the citizen's CT07 shows it at once) or rejected with the reasons; a dossier
 * refused at intake (CT06) likewise names its reasons.
 */
function Outcome({ d }: { d: DossierDetails }) {
  const { t } = useTranslation();
  const lang = useLang();
  const decision = d.actions.findLast((a) => a.type === 'decide' || a.type === 'refuse');
  if (!decision) return null;
  if (decision.type === 'decide' && decision.payload.outcome === 'approve') {
    return (
      <div className="alert alert--success" role="status" data-testid="dossier-outcome" data-outcome="approved">
        <p className="alert__title">{t('filing.outcome.approved')}</p>
        {d.procedure.code.startsWith('RES.') && (
          <p>
            {t('filing.outcome.residenceUpdated')} <Link to="/portal/ct07" data-testid="outcome-ct07">{t('filing.outcome.ct07Link')}</Link>
          </p>
        )}
      </div>
    );
  }
  const reasons = decision.type === 'refuse' || (decision.type === 'decide' && decision.payload.outcome === 'reject') ? decision.payload.reasons : [];
  return (
    <div className="alert alert--error" role="status" data-testid="dossier-outcome" data-outcome="rejected">
      <p className="alert__title">{t(decision.type === 'refuse' ? 'filing.outcome.refused' : 'filing.outcome.rejected')}</p>
      {reasons.length > 0 && <p>{t('filing.outcome.reasons', { reasons: reasons.map((r) => r[lang]).join('; ') })}</p>}
    </div>
  );
}

/** An action as the citizen reads it: what happened, not the engine's words. */
function timelineText(a: ActionView, t: TFunction, lang: 'vi' | 'en'): string {
  switch (a.type) {
    case 'receive':
      return t('filing.timeline.receive', { due: formatDate(a.payload.dueDate) });
    case 'request_consent':
      return t('filing.timeline.request_consent', { role: t(`filing.roles.${a.payload.role}`) });
    case 'refuse':
      return `${t('filing.timeline.refuse')}: ${a.payload.reasons.map((r) => r[lang]).join('; ')}`;
    case 'request_supplement':
      return `${t('filing.timeline.request_supplement')}: ${a.payload.missing.map((r) => r[lang]).join('; ')}`;
    default:
      return t(`filing.timeline.${a.type}`);
  }
}
