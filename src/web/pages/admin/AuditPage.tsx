import { Fragment, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { auditApi, AUDIT_PAGE_SIZE, localToIso, type AuditEntry, type AuditFilter, type AuditVerification } from '../../admin-api.js';
import { useOfficer, usePermission } from '../../auth.js';
import { Field } from '../../components/Field.js';
import { Pagination } from '../../components/Pagination.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { formatDateTime, formatNumber, parseDateInput } from '../../format.js';
import { useFormProblems } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { purposeWithNote } from '../../purposes.js';
import { UnitPicker } from './UnitPicker.js';

interface Draft {
  actor: string;
  action: string;
  targetId: string;
  chain: '' | 'change' | 'access';
  unitLevel: 'commune' | 'province';
  unitCode: string | null;
  fromDate: string;
  fromTime: string;
  toDate: string;
  toTime: string;
}
const EMPTY: Draft = { actor: '', action: '', targetId: '', chain: '', unitLevel: 'commune', unitCode: null, fromDate: '', fromTime: '', toDate: '', toTime: '' };

/** Both ends typed and well formed, and the end not after the start. */
function fromAfterTo(d: Draft): boolean {
  const a = parseDateInput(d.fromDate);
  const b = parseDateInput(d.toDate);
  if (!a.ok || !b.ok) return false;
  const from = localToIso(a.iso, d.fromTime.trim());
  const to = localToIso(b.iso, d.toTime.trim(), true);
  return Boolean(from && to && from >= to);
}

/** A typed action, or a family of them: "officer" and "officer." both mean every officer.* action. */
function actionFilter(text: string): string | undefined {
  const a = text.trim().toLowerCase();
  if (!a) return undefined;
  return a.includes('.') ? a : `${a}.`;
}

/**
 * The audit and access log of the officer's unit (a province: its communes too; national
 * officers: everything): filtered by who, what, whom, where and when, newest first. National
 * officers and administrators also verify the sealed log from here.
 */
export function AuditPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auditView.title'));
  const officer = useOfficer();
  const canVerify = usePermission('audit.verify');
  const form = useFormProblems();
  // A link may open the log already filtered: `?target=` (a PIN, household number …) and `?chain=change|access`.
  const [search] = useSearchParams();
  const linkedTarget = search.get('target')?.trim().slice(0, 100) || undefined;
  const linkedChain = search.get('chain') === 'change' || search.get('chain') === 'access' ? (search.get('chain') as 'change' | 'access') : undefined;
  const [draft, setDraft] = useState<Draft>({ ...EMPTY, targetId: linkedTarget ?? '', chain: linkedChain ?? '' });
  const [filter, setFilter] = useState<AuditFilter>({ page: 1, targetId: linkedTarget, chain: linkedChain });
  const list = useRemote(JSON.stringify(filter), (signal) => auditApi.list(filter, signal));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  function apply(event: FormEvent) {
    event.preventDefault();
    const day = (text: string) => (text.trim() ? parseDateInput(text) : { ok: true as const, iso: '' });
    const time = (text: string) => !text.trim() || /^([01]\d|2[0-3]):[0-5]\d$/.test(text.trim());
    const fromDay = day(draft.fromDate);
    const toDay = day(draft.toDate);
    const local = [
      ...(!fromDay.ok || !time(draft.fromTime) ? [{ field: 'fromDate', key: 'date' as const }] : []),
      ...(!toDay.ok || !time(draft.toTime) ? [{ field: 'toDate', key: 'date' as const }] : []),
    ];
    const from = fromDay.ok ? localToIso(fromDay.iso, draft.fromTime.trim()) : undefined;
    const to = toDay.ok ? localToIso(toDay.iso, draft.toTime.trim(), true) : undefined;
    if (local.length === 0 && from && to && from >= to) local.push({ field: 'toDate', key: 'date' as const });
    if (local.length) {
      form.setLocal(local);
      return;
    }
    form.clear();
    setFilter({
      actor: draft.actor.trim() || undefined,
      action: actionFilter(draft.action),
      targetId: draft.targetId.trim() || undefined,
      chain: draft.chain || undefined,
      unitCode: draft.unitCode ?? undefined,
      from,
      to,
      page: 1,
    });
  }

  return (
    <section className="page" aria-labelledby="audit-heading" data-testid="audit-page">
      <h1 id="audit-heading">{t('auditView.heading')}</h1>
      <p className="lead">{t('auditView.intro', { unit: officer.unitName ?? t('levels.nation') })}</p>
      {canVerify && <VerifyPanel />}
      <form className="panel section filters" onSubmit={apply} noValidate role="search" aria-label={t('auditView.filters')} data-testid="audit-filters">
        <div className="form-grid">
          <Field name="auditActor" label={t('auditView.actor')} hint={t('auditView.actorHint')}>
            {(p) => <input {...p} value={draft.actor} maxLength={100} onChange={(e) => set('actor', e.target.value)} data-testid="audit-actor" />}
          </Field>
          <Field name="auditAction" label={t('auditView.action')} hint={t('auditView.actionHint')}>
            {(p) => <input {...p} value={draft.action} maxLength={80} onChange={(e) => set('action', e.target.value)} data-testid="audit-action" />}
          </Field>
          <Field name="auditTarget" label={t('auditView.target')} hint={t('auditView.targetHint')}>
            {(p) => <input {...p} value={draft.targetId} maxLength={100} onChange={(e) => set('targetId', e.target.value.trim())} data-testid="audit-target" />}
          </Field>
          <Field name="auditChain" label={t('auditView.chain')}>
            {(p) => (
              <select {...p} value={draft.chain} onChange={(e) => set('chain', e.target.value as Draft['chain'])} data-testid="audit-chain">
                <option value="">{t('auditView.chains.any')}</option>
                <option value="change">{t('auditView.chains.change')}</option>
                <option value="access">{t('auditView.chains.access')}</option>
              </select>
            )}
          </Field>
          {officer.unitLevel !== 'commune' && (
            <>
              <Field name="auditUnitLevel" label={t('auditView.unitLevel')}>
                {(p) => (
                  <select {...p} value={draft.unitLevel} onChange={(e) => setDraft((d) => ({ ...d, unitLevel: e.target.value as Draft['unitLevel'], unitCode: null }))}>
                    <option value="commune">{t('admin.officers.levels.commune')}</option>
                    {officer.unitLevel === 'nation' && <option value="province">{t('admin.officers.levels.province')}</option>}
                  </select>
                )}
              </Field>
              <Field name="auditUnit" label={t('auditView.unit')} className="field--grow">
                {(p) => <UnitPicker key={draft.unitLevel} level={draft.unitLevel} value={draft.unitCode} onChange={(code) => set('unitCode', code)} inputId={p.id} testId="audit-unit" />}
              </Field>
            </>
          )}
          <Field name="fromDate" label={t('auditView.from')} hint={t('auditView.whenHint')} error={form.messageFor('fromDate') ? t('auditView.badWhen') : undefined}>
            {(p) => (
              <span className="datetime">
                <input {...p} inputMode="numeric" placeholder="dd/mm/yyyy" maxLength={10} className="input--date" value={draft.fromDate} onChange={(e) => set('fromDate', e.target.value)} data-testid="audit-from" />
                <input aria-label={t('auditView.fromTime')} inputMode="numeric" placeholder="hh:mm" maxLength={5} className="input--time" value={draft.fromTime} onChange={(e) => set('fromTime', e.target.value)} data-testid="audit-from-time" />
              </span>
            )}
          </Field>
          <Field name="toDate" label={t('auditView.to')} hint={t('auditView.whenHint')} error={form.messageFor('toDate') ? (fromAfterTo(draft) ? t('auditView.rangeBackwards') : t('auditView.badWhen')) : undefined}>
            {(p) => (
              <span className="datetime">
                <input {...p} inputMode="numeric" placeholder="dd/mm/yyyy" maxLength={10} className="input--date" value={draft.toDate} onChange={(e) => set('toDate', e.target.value)} data-testid="audit-to" />
                <input aria-label={t('auditView.toTime')} inputMode="numeric" placeholder="hh:mm" maxLength={5} className="input--time" value={draft.toTime} onChange={(e) => set('toTime', e.target.value)} data-testid="audit-to-time" />
              </span>
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" data-testid="audit-apply">{t('auditView.apply')}</button>
          <button type="button" className="button button--ghost" onClick={() => { setDraft(EMPTY); setFilter({ page: 1 }); form.clear(); }}>{t('auditView.reset')}</button>
        </div>
      </form>
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
      {!list.data && list.status !== 'error' && <Loading />}
      {list.data && list.data.total === 0 && <Empty>{t('auditView.none')}</Empty>}
      {list.data && list.data.total > 0 && (
        <>
          {list.data.totalCapped && <p className="muted" data-testid="audit-capped">{t('auditView.capped', { count: list.data.total })}</p>}
          <div className="table-wrap" aria-busy={list.status === 'loading'}>
            <table className="table table--audit" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('auditView.at')}</th>
                  <th scope="col">{t('auditView.actor')}</th>
                  <th scope="col">{t('auditView.action')}</th>
                  <th scope="col">{t('auditView.target')}</th>
                  <th scope="col">{t('auditView.unit')}</th>
                  <th scope="col">{t('auditView.why')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((e) => <AuditRow key={e.seq} entry={e} />)}
              </tbody>
            </table>
          </div>
          <Pagination page={filter.page} pageSize={AUDIT_PAGE_SIZE} total={list.data.total} onPage={(page) => setFilter((f) => ({ ...f, page }))} />
        </>
      )}
    </section>
  );
}

function AuditRow({ entry: e }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const detail = Object.entries(e.detail);
  return (
    <tr data-testid="audit-row" data-action={e.action}>
      <td className="nowrap">{formatDateTime(e.at)}</td>
      <td>
        {e.actorName ?? <span className="code">{e.actorId}</span>}
        <span className="muted"> · {t(`auditView.actorKinds.${e.actorKind}`, { defaultValue: e.actorKind })}</span>
      </td>
      <td>
        <span className="code">{e.action}</span>{' '}
        <span className={e.chain === 'access' ? 'badge badge--muted' : 'badge badge--level'}>{t(`auditView.chains.${e.chain}`)}</span>
      </td>
      <td>
        <span className="muted">{t(`auditView.targetKinds.${e.targetKind}`, { defaultValue: e.targetKind })} </span>
        {e.targetName ?? <span className="code">{e.targetId}</span>}
      </td>
      <td className="code">{e.unitCode ?? '—'}</td>
      <td>
        {e.purpose && <div data-testid="audit-purpose">{purposeWithNote(t, e.purpose, typeof e.detail.purposeNote === 'string' ? e.detail.purposeNote : null)}</div>}
        {e.dossier && <div className="muted">{t('auditView.dossier', { no: e.dossier })}</div>}
        {detail.length > 0 && (
          <details>
            <summary>{t('auditView.detail')}</summary>
            <dl className="facts facts--compact">
              {detail.map(([k, v]) => (
                <Fragment key={k}>
                  <dt>{k}</dt>
                  <dd className="code">{Array.isArray(v) ? v.join(', ') : String(v)}</dd>
                </Fragment>
              ))}
            </dl>
          </details>
        )}
      </td>
    </tr>
  );
}

/** Runs `dancu audit verify` on the server and says what it found. */
function VerifyPanel() {
  const { t } = useTranslation();
  const lang = useLang();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function run() {
    setRunning(true);
    setError(null);
    try {
      setResult(await auditApi.verify());
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  }
  return (
    <section className="panel section" aria-labelledby="verify-heading" data-testid="audit-verify">
      <h2 id="verify-heading">{t('auditView.verify.heading')}</h2>
      <p className="muted">{t('auditView.verify.intro')}</p>
      <button type="button" className="button button--secondary" disabled={running} onClick={() => void run()} data-testid="audit-verify-run">
        {running ? t('auditView.verify.running') : t('auditView.verify.run')}
      </button>
      {error !== null && <ErrorBox error={error} />}
      {result && (
        <div className={result.ok ? 'alert alert--success' : 'alert alert--error'} role="status" data-testid="audit-verify-result" data-ok={result.ok}>
          <p><strong>{result.ok ? t('auditView.verify.ok') : t('auditView.verify.failed', { count: result.problems.length })}</strong></p>
          <ul>
            <li>{t('auditView.verify.blocks', { blocks: formatNumber(result.checkedBlocks, lang), rows: formatNumber(result.checkedRows, lang) })}</li>
            <li data-testid="audit-verify-unsealed">
              {t('auditView.verify.unsealed', { rows: formatNumber(result.unsealed.rows, lang) })}
              {result.unsealed.oldestAt && ` ${t('auditView.verify.oldest', { at: formatDateTime(result.unsealed.oldestAt) })}`}
            </li>
          </ul>
          {result.problems.length > 0 && (
            <ul data-testid="audit-verify-problems">
              {result.problems.map((p, i) => (
                <li key={i}>
                  <span className="code">{p.reason}</span>
                  {p.blockNo !== null && ` · ${t('auditView.verify.block', { no: p.blockNo })}`}
                  {p.seq !== null && ` · ${t('auditView.verify.row', { seq: p.seq })}`} — {p.detail}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
