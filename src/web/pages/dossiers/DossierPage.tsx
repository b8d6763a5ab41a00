import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { PinLink, UnitLabel } from '../../components/PersonBits.js';
import { PrintButton, PrintHeader } from '../../components/Print.js';
import { ErrorBox, Loading } from '../../components/Status.js';
import { attachmentUrl, dossiersApi, type ActionInput, type ActionType, type DossierDetails, type FormProperty, type ProcedureInfo, type Reason } from '../../dossiers-api.js';
import { formatDate, formatDateTime, formatNumber } from '../../format.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { DueBadges, StateBadge } from './bits.js';
import { CardIntakeLink } from '../cards/PersonCards.js';

/** The actions an officer takes from this page, in the order of the path (consents and withdrawal are the applicant's). */
const DESK_ACTIONS = ['receive', 'request_supplement', 'refuse', 'pay_fee', 'assign', 'review', 'decide', 'notify_result'] as const satisfies readonly ActionType[];
type DeskAction = (typeof DESK_ACTIONS)[number];

/** `/dossiers/:id`: one dossier — applicant, form, documents, consents, the action log — and the actions this officer may take now. */
export function DossierPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [version, setVersion] = useState(0);
  const remote = useRemote(`dossier|${id}|${version}`, (signal) => dossiersApi.dossier(id, signal));
  const procedures = useRemote('procedures', (signal) => dossiersApi.procedures(signal));
  const [fresh, setFresh] = useState<DossierDetails | null>(null);
  const d = fresh && fresh.id === id && (!remote.data || fresh.lastSeq >= remote.data.lastSeq) ? fresh : remote.data;
  useDocumentTitle(d ? `${t('dossierDesk.dossier.title')} ${d.code}` : t('dossierDesk.dossier.title'));
  if (remote.status === 'error' && !d) return <ErrorBox error={remote.error} onRetry={remote.retry} />;
  if (!d) return <Loading />;
  const procedure = procedures.data?.find((p) => p.code === d.procedure.code);
  return (
    <section className="page dossier-page" aria-labelledby="dossier-heading" data-testid="dossier-page">
      <PrintHeader title={`${t('dossierDesk.dossier.title')} ${d.code}`} />
      <p className="no-print"><Link to="/dossiers">← {t('dossierDesk.queue.title')}</Link></p>
      <div className="page-head">
        <h1 id="dossier-heading">
          {t('dossierDesk.dossier.title')} <span className="code" data-testid="dossier-code">{d.code}</span>
        </h1>
        <div className="page-head__actions">
          <PrintButton />
        </div>
      </div>
      <Summary d={d} />
      <CardIntakeLink dossierId={d.id} procedure={d.procedure.code} state={d.state} />
      <Actions
        d={d}
        procedure={procedure}
        onDone={(next) => setFresh(next)}
        onReload={() => {
          setFresh(null);
          setVersion((v) => v + 1);
        }}
      />
      <div className="dossier-grid">
        <FormValues d={d} procedure={procedure} />
        <Documents d={d} />
      </div>
      {d.consents.length > 0 && <Consents d={d} />}
      <Timeline d={d} />
    </section>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function Summary({ d }: { d: DossierDetails }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section className="panel" aria-label={t('dossierDesk.dossier.summary')}>
      <dl className="facts">
        <Fact label={t('dossierDesk.field.procedure')}>{d.procedure.name[lang]} <span className="code muted">{d.procedure.code}</span></Fact>
        <Fact label={t('dossierDesk.field.applicant')} testId="dossier-applicant">
          {d.applicant.fullName} · <PinLink pin={d.applicant.pin} testId="applicant-link" />
        </Fact>
        <Fact label={t('dossierDesk.field.state')}>
          <StateBadge state={d.state} /> <DueBadges d={d} />
        </Fact>
        <Fact label={t('dossierDesk.field.channel')}>{t(`dossierDesk.channel.${d.channel}`)}</Fact>
        <Fact label={t('dossierDesk.field.submittedAt')}>{formatDateTime(d.submittedAt)}</Fact>
        <Fact label={t('dossierDesk.field.receivedAt')}>{d.receivedAt ? formatDateTime(d.receivedAt) : '—'}</Fact>
        <Fact label={t('dossierDesk.field.dueDate')} testId="dossier-due">{d.dueDate ? formatDate(d.dueDate) : t('dossierDesk.dossier.noDueYet')}</Fact>
        <Fact label={t('dossierDesk.field.fee')}>
          {formatNumber(d.fee.dueVnd, lang)} ₫{d.fee.paidVnd !== null ? ` · ${t('dossierDesk.dossier.paid')}` : ''}
        </Fact>
        <Fact label={t('dossierDesk.field.assigned')} testId="dossier-assigned">{d.assignedName ?? '—'}</Fact>
        <Fact label={t('dossierDesk.field.unit')}><UnitLabel code={d.unitCode} /></Fact>
      </dl>
    </section>
  );
}

// ───────────────────────────── form values ─────────────────────────────

function labelOf(p: FormProperty | undefined, key: string, lang: 'vi' | 'en'): string {
  if (!p) return key;
  return (lang === 'en' ? p['x-label-en'] : p.title) ?? p.title ?? key;
}

function valueText(p: FormProperty | undefined, v: unknown, lang: 'vi' | 'en'): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? (lang === 'vi' ? 'Có' : 'Yes') : lang === 'vi' ? 'Không' : 'No';
  const option = typeof v === 'string' ? p?.['x-option-labels']?.[v] : undefined;
  if (option) return option[lang];
  if (typeof v === 'string' && (p?.['x-widget'] === 'date' || /^\d{4}-\d{2}-\d{2}$/.test(v))) return formatDate(v);
  return String(v);
}

/** The form as filed, labelled from the procedure's form schema (title in Vietnamese, x-label-en in English). */
function FormValues({ d, procedure }: { d: DossierDetails; procedure: ProcedureInfo | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const props = (procedure?.form as { properties?: Record<string, FormProperty> } | undefined)?.properties ?? {};
  const keys = [...Object.keys(props).filter((k) => k in d.form), ...Object.keys(d.form).filter((k) => !(k in props))];
  return (
    <section className="panel" aria-labelledby="form-heading" data-testid="dossier-form">
      <h2 id="form-heading">{t('dossierDesk.dossier.form')}</h2>
      {keys.length === 0 ? (
        <p className="muted">{t('dossierDesk.dossier.formEmpty')}</p>
      ) : (
        <dl className="facts facts--compact">
          {keys.map((k) => {
            const p = props[k];
            const v = d.form[k];
            return (
              <Fact key={k} label={labelOf(p, k, lang)} testId={`form-${k}`}>
                {Array.isArray(v) ? (
                  v.length === 0 ? (
                    '—'
                  ) : (
                    <ul className="plain-list">
                      {v.map((item, i) => (
                        <li key={i}>
                          {item !== null && typeof item === 'object'
                            ? Object.entries(item)
                                .map(([ik, iv]) => `${labelOf(p?.items?.properties?.[ik], ik, lang)}: ${valueText(p?.items?.properties?.[ik], iv, lang)}`)
                                .join(' · ')
                            : valueText(p?.items, item, lang)}
                        </li>
                      ))}
                    </ul>
                  )
                ) : (
                  valueText(p, v, lang)
                )}
              </Fact>
            );
          })}
        </dl>
      )}
    </section>
  );
}

function Documents({ d }: { d: DossierDetails }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section className="panel" aria-labelledby="docs-heading" data-testid="dossier-documents">
      <h2 id="docs-heading">{t('dossierDesk.dossier.documents')}</h2>
      <ul className="plain-list doc-list">
        {d.documents.map((doc) => (
          <li key={doc.code} data-testid="document" data-code={doc.code}>
            <strong>{doc.name[lang]}</strong>{' '}
            {doc.heldByRegistry ? (
              <span className="badge badge--muted">{t('dossierDesk.doc.registry')}</span>
            ) : doc.attached ? (
              <span className="badge badge--dossier-done">{t('dossierDesk.doc.attached')}</span>
            ) : doc.required ? (
              <span className="badge badge--warning">{t('dossierDesk.doc.missing')}</span>
            ) : (
              <span className="badge badge--muted">{t('dossierDesk.doc.optional')}</span>
            )}
            <ul className="plain-list">
              {d.attachments
                .filter((a) => a.documentCode === doc.code)
                .map((a) => (
                  <li key={a.id}>
                    <a href={attachmentUrl(d.id, a.id)} download={a.fileName} data-testid="attachment-link">{a.fileName}</a>{' '}
                    <span className="muted">({formatNumber(Math.ceil(a.sizeBytes / 1024), lang)} KB · {formatDateTime(a.uploadedAt)})</span>
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
      <p className="muted">{t('dossierDesk.doc.logged')}</p>
    </section>
  );
}

function Consents({ d }: { d: DossierDetails }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="consents-heading" data-testid="dossier-consents">
      <h2 id="consents-heading">{t('dossierDesk.dossier.consents')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('dossierDesk.consent.person')}</th>
            <th scope="col">{t('dossierDesk.consent.role')}</th>
            <th scope="col">{t('dossierDesk.consent.status')}</th>
          </tr>
        </thead>
        <tbody>
          {d.consents.map((c) => (
            <tr key={c.requestSeq}>
              <td data-testid="consent-person">
                {c.fullName && <span className="consent-name">{c.fullName} · </span>}
                <PinLink pin={c.pin} />
              </td>
              <td>{t(`dossierDesk.consent.roles.${c.role}`)}</td>
              <td>
                <span className={`badge ${c.status === 'accepted' ? 'badge--dossier-done' : c.status === 'rejected' ? 'badge--dossier-stop' : 'badge--warning'}`}>{t(`dossierDesk.consent.statuses.${c.status}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

// ───────────────────────────── the action log ─────────────────────────────

function ActionDetail({ a }: { a: DossierDetails['actions'][number] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const reasons = (list: Reason[]) => list.map((r) => r[lang]).join('; ');
  switch (a.type) {
    case 'submit':
      return <>{t(`dossierDesk.channel.${a.payload.channel}`)}</>;
    case 'receive':
      return <>{t('dossierDesk.log.receive', { on: formatDate(a.payload.receivedOn), due: formatDate(a.payload.dueDate), days: a.payload.workingDays })}</>;
    case 'request_supplement':
      return <>{t('dossierDesk.log.missing', { list: reasons(a.payload.missing) })}{a.payload.note ? ` — ${a.payload.note}` : ''}</>;
    case 'refuse':
      return <>{reasons(a.payload.reasons)}</>;
    case 'pay_fee':
      return <>{formatNumber(a.payload.amountVnd, lang)} ₫ · {t(`dossierDesk.method.${a.payload.method}`)}{a.payload.receiptNo ? ` · ${a.payload.receiptNo}` : ''}</>;
    case 'decide':
      return <>{t(`dossierDesk.outcome.${a.payload.outcome}`)}{a.payload.reasons.length ? ` — ${reasons(a.payload.reasons)}` : ''}{a.payload.note ? ` — ${a.payload.note}` : ''}</>;
    case 'notify_result':
      return <>{a.payload.notice} · {formatDate(a.payload.notifiedOn)}{a.payload.late ? ` · ${t('dossierDesk.flag.late')}` : ''}</>;
    case 'review':
      return <>{a.payload.note ?? ''}</>;
    case 'request_consent':
      return <>{t(`dossierDesk.consent.roles.${a.payload.role}`)} · {a.payload.pin}</>;
    case 'transfer_consent':
      return <>#{a.payload.requestSeq} → {a.payload.pin}</>;
    default:
      return null;
  }
}

function Timeline({ d }: { d: DossierDetails }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="log-heading" data-testid="dossier-log">
      <h2 id="log-heading">{t('dossierDesk.dossier.log')}</h2>
      <ol className="timeline">
        {d.actions.map((a) => (
          <li key={a.seq} className="timeline__item" data-testid="log-entry" data-type={a.type}>
            <span className="timeline__when">{formatDateTime(a.at)}</span>{' '}
            <strong className="timeline__what">{t(`dossierDesk.action.${a.type}`)}</strong>
            {a.type === 'assign' && <> → {d.officerNames[a.payload.officerId] ?? a.payload.officerId}</>}
            <span className="timeline__detail"> <ActionDetail a={a} /></span>
            <span className="timeline__who muted"> · {a.actor.name ?? (a.actor.kind === 'citizen' ? t('dossierDesk.log.citizen') : a.actor.id)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

// ───────────────────────────── actions ─────────────────────────────

const REFUSAL_REASONS = ['not_competent', 'not_eligible', 'documents_invalid', 'other'] as const;
type RefusalReason = (typeof REFUSAL_REASONS)[number];

interface Draft {
  note: string;
  missing: string[];
  missingOther: string;
  reason: RefusalReason;
  reasonText: string;
  method: 'cash' | 'transfer' | 'online';
  receiptNo: string;
  officerId: string;
  outcome: 'approve' | 'reject';
}
const EMPTY: Draft = { note: '', missing: [], missingOther: '', reason: 'not_eligible', reasonText: '', method: 'cash', receiptNo: '', officerId: '', outcome: 'approve' };

function Actions({ d, procedure, onDone, onReload }: { d: DossierDetails; procedure: ProcedureInfo | undefined; onDone: (next: DossierDetails) => void; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const [open, setOpen] = useState<DeskAction | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<DeskAction | null>(null);
  const assignees = useRemote(open === 'assign' ? `assignees|${d.id}` : null, (signal) => dossiersApi.assignees(d.id, signal));
  const mine = DESK_ACTIONS.filter((a) => d.yourActions.includes(a));
  const changed = error instanceof ApiError && error.code === 'dossier_changed';

  const reasonOf = (code: RefusalReason, text: string): Reason => {
    const label = { vi: i18n.getFixedT('vi')(`dossierDesk.reason.${code}`), en: i18n.getFixedT('en')(`dossierDesk.reason.${code}`) };
    const extra = text.trim();
    return { code, vi: extra ? (code === 'other' ? extra : `${label.vi}: ${extra}`) : label.vi, en: extra ? (code === 'other' ? extra : `${label.en}: ${extra}`) : label.en };
  };

  function payloadOf(type: DeskAction): ActionInput['payload'] | string {
    const note = draft.note.trim() || undefined;
    switch (type) {
      case 'request_supplement': {
        const docs = (procedure?.documents ?? d.documents).filter((doc) => draft.missing.includes(doc.code)).map((doc) => ({ code: doc.code, vi: doc.name.vi, en: doc.name.en }));
        const other = draft.missingOther.trim() ? [{ code: 'other', vi: draft.missingOther.trim(), en: draft.missingOther.trim() }] : [];
        if (docs.length + other.length === 0) return t('dossierDesk.act.needMissing');
        return { missing: [...docs, ...other], note };
      }
      case 'refuse':
        if (draft.reason === 'other' && !draft.reasonText.trim()) return t('dossierDesk.act.needReason');
        return { reasons: [reasonOf(draft.reason, draft.reasonText)] };
      case 'pay_fee':
        return { method: draft.method, receiptNo: draft.receiptNo.trim() || undefined };
      case 'assign':
        if (!draft.officerId) return t('dossierDesk.act.needOfficer');
        return { officerId: draft.officerId };
      case 'review':
        return { note };
      case 'decide':
        if (draft.outcome === 'reject') {
          if (draft.reason === 'other' && !draft.reasonText.trim()) return t('dossierDesk.act.needReason');
          return { outcome: 'reject', reasons: [reasonOf(draft.reason, draft.reasonText)], note };
        }
        return { outcome: 'approve', note };
      default:
        return {};
    }
  }

  async function confirm() {
    if (!open) return;
    const payload = payloadOf(open);
    if (typeof payload === 'string') {
      setError(new ApiError(400, 'form_incomplete', { vi: payload, en: payload }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await dossiersApi.act(d.id, { type: open, expectedSeq: d.lastSeq, payload });
      setDone(open);
      setOpen(null);
      setDraft(EMPTY);
      onDone(next);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((x) => ({ ...x, [k]: v }));
  const field = (label: string, control: ReactNode) => (
    <label className="field">
      <span className="field__label">{label}</span>
      {control}
    </label>
  );
  const reasonFields = (
    <>
      {field(
        t('dossierDesk.act.reason'),
        <select className="input" value={draft.reason} onChange={(e) => set('reason', e.target.value as RefusalReason)} data-testid="act-reason">
          {REFUSAL_REASONS.map((r) => (
            <option key={r} value={r}>{t(`dossierDesk.reason.${r}`)}</option>
          ))}
        </select>,
      )}
      {field(t('dossierDesk.act.reasonText'), <textarea className="input" rows={2} maxLength={400} value={draft.reasonText} onChange={(e) => set('reasonText', e.target.value)} data-testid="act-reason-text" />)}
    </>
  );

  return (
    <section className="panel no-print" aria-labelledby="actions-heading" data-testid="dossier-actions">
      <h2 id="actions-heading">{t('dossierDesk.dossier.actions')}</h2>
      {done && !error && <p className="alert alert--success" role="status" data-testid="action-done">{t('dossierDesk.act.done', { action: t(`dossierDesk.action.${done}`) })}</p>}
      {changed && !open && (
        <div className="alert alert--warning" role="alert" data-testid="dossier-changed">
          <p>{t('dossierDesk.act.changed')}</p>
          <button type="button" className="button button--secondary" onClick={() => { setError(null); onReload(); }} data-testid="dossier-reload">{t('dossierDesk.act.reload')}</button>
        </div>
      )}
      {mine.length === 0 ? (
        <p className="muted" data-testid="no-actions">{t('dossierDesk.act.none')}</p>
      ) : (
        <div className="button-row">
          {mine.map((a) => (
            <button key={a} type="button" className={a === 'refuse' ? 'button button--danger' : 'button button--primary'} onClick={() => { setError(null); setDone(null); setOpen(a); }} data-testid={`action-${a}`}>
              {t(`dossierDesk.action.${a}`)}
            </button>
          ))}
        </div>
      )}
      <ConfirmDialog
        open={open !== null}
        title={open ? t(`dossierDesk.action.${open}`) : ''}
        confirmLabel={open ? t(`dossierDesk.confirm.${open}`) : ''}
        danger={open === 'refuse' || (open === 'decide' && draft.outcome === 'reject')}
        busy={busy}
        onCancel={() => { setOpen(null); setError(null); }}
        onConfirm={() => void confirm()}
        testId="action-dialog"
      >
        <p>{open ? t(`dossierDesk.explain.${open}`, { code: d.code, fee: formatNumber(d.fee.dueVnd, lang) }) : ''}</p>
        {open === 'request_supplement' && (
          <fieldset className="fieldset">
            <legend>{t('dossierDesk.act.missing')}</legend>
            {d.documents.filter((doc) => !doc.heldByRegistry).map((doc) => (
              <label key={doc.code} className="filter-check">
                <input type="checkbox" checked={draft.missing.includes(doc.code)} onChange={(e) => set('missing', e.target.checked ? [...draft.missing, doc.code] : draft.missing.filter((c) => c !== doc.code))} data-testid={`missing-${doc.code}`} />
                {doc.name[lang]}
              </label>
            ))}
            {field(t('dossierDesk.act.missingOther'), <input className="input" value={draft.missingOther} maxLength={400} onChange={(e) => set('missingOther', e.target.value)} data-testid="missing-other" />)}
          </fieldset>
        )}
        {open === 'refuse' && reasonFields}
        {open === 'pay_fee' && (
          <>
            {field(
              t('dossierDesk.act.method'),
              <select className="input" value={draft.method} onChange={(e) => set('method', e.target.value as Draft['method'])} data-testid="act-method">
                {(['cash', 'transfer', 'online'] as const).map((m) => (
                  <option key={m} value={m}>{t(`dossierDesk.method.${m}`)}</option>
                ))}
              </select>,
            )}
            {field(t('dossierDesk.act.receiptNo'), <input className="input" value={draft.receiptNo} maxLength={64} onChange={(e) => set('receiptNo', e.target.value)} data-testid="act-receipt" />)}
          </>
        )}
        {open === 'assign' &&
          field(
            t('dossierDesk.act.officer'),
            <select className="input" value={draft.officerId} onChange={(e) => set('officerId', e.target.value)} data-testid="act-officer">
              <option value="">{assignees.status === 'loading' ? t('common.loading') : t('dossierDesk.act.chooseOfficer')}</option>
              {(assignees.data ?? []).map((o) => (
                <option key={o.id} value={o.id}>{o.displayName} ({o.username}) · {t(`levels.${o.unitLevel}`)}</option>
              ))}
            </select>,
          )}
        {open === 'decide' && (
          <>
            <fieldset className="fieldset">
              <legend>{t('dossierDesk.act.outcome')}</legend>
              {(['approve', 'reject'] as const).map((o) => (
                <label key={o} className="filter-check">
                  <input type="radio" name="outcome" value={o} checked={draft.outcome === o} onChange={() => set('outcome', o)} data-testid={`outcome-${o}`} />
                  {t(`dossierDesk.outcome.${o}`)}
                </label>
              ))}
            </fieldset>
            {draft.outcome === 'reject' && reasonFields}
          </>
        )}
        {(open === 'review' || open === 'decide' || open === 'request_supplement') &&
          field(t('dossierDesk.act.note'), <textarea className="input" rows={2} maxLength={1000} value={draft.note} onChange={(e) => set('note', e.target.value)} data-testid="act-note" />)}
        {error !== null && open !== null && (
          <div className="alert alert--error" role="alert" data-testid="action-error">
            <p>{changed ? t('dossierDesk.act.changed') : errorMessage(error, lang)}</p>
            {changed && (
              <button type="button" className="button button--secondary" onClick={() => { setOpen(null); setError(null); onReload(); }} data-testid="dialog-reload">{t('dossierDesk.act.reload')}</button>
            )}
          </div>
        )}
      </ConfirmDialog>
    </section>
  );
}
