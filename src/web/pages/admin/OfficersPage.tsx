import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Officer, Role } from '../../api.js';
import { officersApi, OFFICER_PAGE_SIZE, type OfficerFilter, type OfficerStatus } from '../../admin-api.js';
import { usePermission } from '../../auth.js';
import { Field } from '../../components/Field.js';
import { Pagination } from '../../components/Pagination.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { formatDateTime } from '../../format.js';
import { useFormProblems } from '../../forms.js';
import { useDebounced } from '../../hooks/useDebounced.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { PasswordLinkBox } from './PasswordLinkBox.js';
import { UnitPicker } from './UnitPicker.js';

export const ROLES: readonly Role[] = ['commune_officer', 'province_officer', 'national_officer', 'admin'];
const STATUSES: readonly OfficerStatus[] = ['active', 'disabled', 'locked'];
/** The level of unit a role acts within (as the server derives it). */
export const levelOf = (role: Role): 'commune' | 'province' | 'nation' => (role === 'commune_officer' ? 'commune' : role === 'province_officer' ? 'province' : 'nation');

/**
 * Officer accounts: the list (filtered, paged) for everyone who may read it, and for
 * administrators creating accounts and changing them (role, unit, disable, required TOTP,
 * password link). Every change asks for a reason, which the audit log keeps.
 */
export function OfficersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.officers.title'));
  const canManage = usePermission('officers.manage');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [status, setStatus] = useState<OfficerStatus | ''>('');
  const [unitLevel, setUnitLevel] = useState<'province' | 'commune'>('commune');
  const [unitCode, setUnitCode] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [reload, setReload] = useState(0);
  const [open, setOpen] = useState<Officer | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ officer: Officer; link: Awaited<ReturnType<typeof officersApi.passwordLink>> } | null>(null);
  const text = useDebounced(q.trim(), 300);
  const filter: OfficerFilter = { q: text || undefined, role: role || undefined, status: status || undefined, unitCode: unitCode ?? undefined, page };
  const list = useRemote(`${JSON.stringify(filter)}-${reload}`, (signal) => officersApi.list(filter, signal));
  const changed = (o: Officer) => {
    setOpen(o);
    setReload((n) => n + 1);
  };

  return (
    <section className="page" aria-labelledby="officers-heading" data-testid="officers-page">
      <div className="page__head">
        <h1 id="officers-heading">{t('admin.officers.heading')}</h1>
        {canManage && !creating && (
          <button type="button" className="button button--primary" onClick={() => { setCreating(true); setCreated(null); setOpen(null); }} data-testid="officer-new">
            {t('admin.officers.new')}
          </button>
        )}
      </div>
      <p className="lead">{t(canManage ? 'admin.officers.introManage' : 'admin.officers.introRead')}</p>
      {created && (
        <div className="alert alert--success" role="status" data-testid="officer-created">
          <p>{t('admin.officers.created', { username: created.officer.username })}</p>
          <PasswordLinkBox link={created.link} />
        </div>
      )}
      {creating && (
        <CreateOfficerForm
          onCancel={() => setCreating(false)}
          onCreated={(officer, link) => {
            setCreating(false);
            setCreated({ officer, link });
            setReload((n) => n + 1);
          }}
        />
      )}
      <form className="filters" role="search" aria-label={t('admin.officers.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field name="officerQ" label={t('admin.officers.search')}>
          {(p) => <input {...p} type="search" value={q} maxLength={100} onChange={(e) => { setQ(e.target.value); setPage(1); }} data-testid="officers-q" />}
        </Field>
        <Field name="officerRole" label={t('admin.officers.role')}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => { setRole(e.target.value as Role | ''); setPage(1); }} data-testid="officers-role">
              <option value="">{t('admin.officers.any')}</option>
              {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
            </select>
          )}
        </Field>
        <Field name="officerStatus" label={t('admin.officers.status')}>
          {(p) => (
            <select {...p} value={status} onChange={(e) => { setStatus(e.target.value as OfficerStatus | ''); setPage(1); }} data-testid="officers-status">
              <option value="">{t('admin.officers.any')}</option>
              {STATUSES.map((s) => <option key={s} value={s}>{t(`admin.officers.statuses.${s}`)}</option>)}
            </select>
          )}
        </Field>
        <Field name="officerUnitLevel" label={t('admin.officers.unitLevel')}>
          {(p) => (
            <select {...p} value={unitLevel} onChange={(e) => { setUnitLevel(e.target.value as 'province' | 'commune'); setUnitCode(null); setPage(1); }}>
              <option value="commune">{t('admin.officers.levels.commune')}</option>
              <option value="province">{t('admin.officers.levels.province')}</option>
            </select>
          )}
        </Field>
        <Field name="officerUnit" label={t('admin.officers.unit')} className="field--grow">
          {(p) => <UnitPicker level={unitLevel} value={unitCode} onChange={(code) => { setUnitCode(code); setPage(1); }} inputId={p.id} testId="officers-unit" />}
        </Field>
      </form>
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.retry} />}
      {!list.data && list.status !== 'error' && <Loading />}
      {list.data && list.data.total === 0 && <Empty>{t('admin.officers.none')}</Empty>}
      {open && canManage && <OfficerPanel key={open.id} officer={open} onClose={() => setOpen(null)} onChanged={changed} />}
      {list.data && list.data.total > 0 && (
        <div>
          <div>
            <div className="table-wrap" aria-busy={list.status === 'loading'}>
              <table className="table" data-testid="officers-table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.officers.username')}</th>
                    <th scope="col">{t('admin.officers.name')}</th>
                    <th scope="col">{t('admin.officers.role')}</th>
                    <th scope="col">{t('admin.officers.unit')}</th>
                    <th scope="col">{t('admin.officers.totp')}</th>
                    <th scope="col">{t('admin.officers.status')}</th>
                    {canManage && <th scope="col"><span className="visually-hidden">{t('admin.officers.manage')}</span></th>}
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((o) => (
                    <tr key={o.id} data-testid="officer-row" data-username={o.username} aria-selected={open?.id === o.id}>
                      <td className="code">{o.username}</td>
                      <td>{o.displayName}</td>
                      <td>{t(`roles.${o.role}`)}</td>
                      <td>{o.unitName ?? t('levels.nation')}</td>
                      <td><TotpBadge officer={o} /></td>
                      <td><StatusBadge officer={o} /></td>
                      {canManage && (
                        <td>
                          <button type="button" className="button button--secondary button--small" onClick={() => { setOpen(o); setCreated(null); }} aria-label={t('admin.officers.manageFor', { name: o.displayName })} data-testid="officer-open">
                            {t('admin.officers.manage')}
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={page} pageSize={OFFICER_PAGE_SIZE} total={list.data.total} onPage={setPage} />
          </div>
        </div>
      )}
    </section>
  );
}

function TotpBadge({ officer: o }: { officer: Officer }) {
  const { t } = useTranslation();
  if (o.totpEnabled) return <span className="badge badge--whole">{t('admin.officers.totpOn')}</span>;
  if (o.totpRequired) return <span className="badge badge--warning" data-testid="totp-required-badge">{t('admin.officers.totpRequiredBadge')}</span>;
  return <span className="badge badge--muted">{t('admin.officers.totpOff')}</span>;
}

function StatusBadge({ officer: o }: { officer: Officer }) {
  const { t } = useTranslation();
  const locked = o.lockedUntil !== null && new Date(o.lockedUntil) > new Date();
  const s: OfficerStatus = !o.active ? 'disabled' : locked ? 'locked' : 'active';
  return (
    <span className={`badge badge--officer-${s}`} data-testid="officer-status" data-status={s}>
      {t(`admin.officers.statuses.${s}`)}
    </span>
  );
}

function CreateOfficerForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (o: Officer, link: Awaited<ReturnType<typeof officersApi.passwordLink>>) => void }) {
  const { t } = useTranslation();
  const form = useFormProblems();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('commune_officer');
  const [unitCode, setUnitCode] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const level = levelOf(role);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local = [
      ...(!username.trim() ? [{ field: 'username', key: 'required' as const }] : []),
      ...(!displayName.trim() ? [{ field: 'displayName', key: 'required' as const }] : []),
      ...(level !== 'nation' && !unitCode ? [{ field: 'unitCode', key: 'required' as const }] : []),
    ];
    if (local.length) {
      form.setLocal(local);
      return;
    }
    setPending(true);
    try {
      const officer = await officersApi.create({ username: username.trim(), displayName: displayName.trim(), role, unitCode: level === 'nation' ? null : unitCode });
      onCreated(officer, await officersApi.passwordLink(officer.id));
    } catch (caught) {
      form.setServer(caught);
      setPending(false);
    }
  }

  const general = form.problems.filter((p) => !['username', 'displayName', 'unitCode'].includes(p.field ?? ''));
  return (
    <form className="panel section" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="officer-new-heading" data-testid="officer-create-form">
      <h2 id="officer-new-heading">{t('admin.officers.newHeading')}</h2>
      {general.map((p, i) => <p key={i} className="alert alert--error" role="alert">{p.text}</p>)}
      <div className="form-grid">
        <Field name="username" label={t('admin.officers.username')} hint={t('admin.officers.usernameHint')} required error={form.messageFor('username')}>
          {(p) => <input {...p} value={username} maxLength={64} autoComplete="off" onChange={(e) => { setUsername(e.target.value.toLowerCase()); form.touch('username'); }} data-testid="new-username" />}
        </Field>
        <Field name="displayName" label={t('admin.officers.name')} required error={form.messageFor('displayName')}>
          {(p) => <input {...p} value={displayName} maxLength={200} onChange={(e) => { setDisplayName(e.target.value); form.touch('displayName'); }} data-testid="new-name" />}
        </Field>
        <Field name="role" label={t('admin.officers.role')} required>
          {(p) => (
            <select {...p} value={role} onChange={(e) => { setRole(e.target.value as Role); setUnitCode(null); }} data-testid="new-role">
              {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
            </select>
          )}
        </Field>
        {level !== 'nation' && (
          <Field name="unitCode" label={t(level === 'commune' ? 'admin.officers.levels.commune' : 'admin.officers.levels.province')} required error={form.messageFor('unitCode')} className="field--grow">
            {(p) => <UnitPicker key={level} level={level} value={unitCode} onChange={(code) => { setUnitCode(code); form.touch('unitCode'); }} inputId={p.id} describedBy={p['aria-describedby']} testId="new-unit" />}
          </Field>
        )}
      </div>
      <p className="muted">{t('admin.officers.newPasswordNote')}</p>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending} data-testid="new-submit">{t('admin.officers.create')}</button>
        <button type="button" className="button button--ghost" onClick={onCancel}>{t('admin.cancel')}</button>
      </div>
    </form>
  );
}

type Done = 'assigned' | 'disabled' | 'enabled' | 'totpRequired' | 'totpNotRequired' | 'unlocked';

/** One officer's account, for an administrator: role and unit, password link, required TOTP, disable or enable, unlock. */
function OfficerPanel({ officer: o, onClose, onChanged }: { officer: Officer; onClose: () => void; onChanged: (o: Officer) => void }) {
  const { t } = useTranslation();
  const form = useFormProblems();
  const [reason, setReason] = useState('');
  const [role, setRole] = useState<Role>(o.role);
  const [unitCode, setUnitCode] = useState<string | null>(o.unitCode);
  const [pending, setPending] = useState(false);
  const [link, setLink] = useState<Awaited<ReturnType<typeof officersApi.passwordLink>> | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const level = levelOf(role);
  const locked = o.lockedUntil !== null && new Date(o.lockedUntil) > new Date();

  async function run(action: Done, call: () => Promise<Officer>, needsReason = true) {
    if (needsReason && !reason.trim()) {
      form.setLocal([{ field: 'reason', key: 'reason' }]);
      return;
    }
    setPending(true);
    try {
      const updated = await call();
      form.clear();
      setReason('');
      setDone(action);
      onChanged(updated);
    } catch (caught) {
      form.setServer(caught);
    } finally {
      setPending(false);
    }
  }

  const general = form.problems.filter((p) => p.field !== 'reason');
  return (
    <section className="panel section officer-panel" aria-labelledby="officer-panel-heading" data-testid="officer-panel">
      <h2 id="officer-panel-heading">
        {o.displayName} <span className="code muted">{o.username}</span>
      </h2>
      <dl className="facts facts--compact">
        <dt>{t('admin.officers.role')}</dt>
        <dd>{t(`roles.${o.role}`)}</dd>
        <dt>{t('admin.officers.unit')}</dt>
        <dd>{o.unitName ?? t('levels.nation')}</dd>
        <dt>{t('admin.officers.totp')}</dt>
        <dd><TotpBadge officer={o} /></dd>
        <dt>{t('admin.officers.status')}</dt>
        <dd>
          <StatusBadge officer={o} />
          {!o.active && o.disabledReason && ` — ${o.disabledReason}`}
          {locked && ` ${t('admin.officers.lockedUntil', { at: formatDateTime(o.lockedUntil!) })}`}
        </dd>
      </dl>
      {done && <p className="alert alert--success" role="status" data-testid="officer-done">{t(`admin.officers.done.${done}`)}</p>}
      {general.map((p, i) => <p key={i} className="alert alert--error" role="alert" data-testid="officer-error">{p.text}</p>)}
      <Field name="reason" label={t('admin.officers.reason')} hint={t('admin.officers.reasonHint')} error={form.messageFor('reason')}>
        {(p) => <input {...p} className="input--wide" maxLength={300} value={reason} onChange={(e) => { setReason(e.target.value); form.touch('reason'); }} data-testid="officer-reason" />}
      </Field>

      <h3>{t('admin.officers.assignHeading')}</h3>
      <div className="form-grid">
        <Field name="panelRole" label={t('admin.officers.role')}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => { const r = e.target.value as Role; setRole(r); setUnitCode(levelOf(r) === levelOf(o.role) ? o.unitCode : null); }} data-testid="panel-role">
              {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
            </select>
          )}
        </Field>
        {level !== 'nation' && (
          <Field name="unitCode" label={t(level === 'commune' ? 'admin.officers.levels.commune' : 'admin.officers.levels.province')} error={form.messageFor('unitCode')} className="field--grow">
            {(p) => <UnitPicker key={level} level={level} value={unitCode} valueLabel={unitCode === o.unitCode ? o.unitName : null} onChange={(code) => setUnitCode(code)} inputId={p.id} testId="panel-unit" />}
          </Field>
        )}
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={pending || (role === o.role && unitCode === o.unitCode) || (level !== 'nation' && !unitCode)}
          onClick={() => void run('assigned', () => officersApi.update(o.id, { role, unitCode: level === 'nation' ? null : unitCode, reason: reason.trim() }))}
          data-testid="panel-assign"
        >
          {t('admin.officers.assign')}
        </button>
      </div>

      <h3>{t('admin.officers.securityHeading')}</h3>
      <div className="form-actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={pending || !o.active}
          onClick={() => {
            setPending(true);
            officersApi.passwordLink(o.id).then(
              (l) => { setLink(l); form.clear(); setPending(false); },
              (caught: unknown) => { form.setServer(caught); setPending(false); },
            );
          }}
          data-testid="panel-password-link"
        >
          {t('admin.officers.passwordLink')}
        </button>
        <button type="button" className="button button--secondary" disabled={pending} onClick={() => void run(o.totpRequired ? 'totpNotRequired' : 'totpRequired', () => officersApi.setTotpRequired(o.id, !o.totpRequired, reason.trim()))} data-testid="panel-totp-required">
          {o.totpRequired ? t('admin.officers.totpNotRequire') : t('admin.officers.totpRequire')}
        </button>
        {locked && (
          <button type="button" className="button button--secondary" disabled={pending} onClick={() => void run('unlocked', () => officersApi.unlock(o.id), false)} data-testid="panel-unlock">
            {t('admin.officers.unlock')}
          </button>
        )}
        <button type="button" className={o.active ? 'button button--danger' : 'button button--primary'} disabled={pending} onClick={() => void run(o.active ? 'disabled' : 'enabled', () => officersApi.setActive(o.id, !o.active, reason.trim()))} data-testid={o.active ? 'panel-disable' : 'panel-enable'}>
          {o.active ? t('admin.officers.disable') : t('admin.officers.enable')}
        </button>
      </div>
      {link && <PasswordLinkBox link={link} />}
      <div className="form-actions">
        <button type="button" className="button button--ghost" onClick={onClose}>{t('eid.review.close')}</button>
      </div>
    </section>
  );
}
