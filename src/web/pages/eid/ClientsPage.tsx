import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api.js';
import { ErrorSummary, Field, TextField } from '../../components/Field.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { eidApi, parseRedirectUris, SCOPES, type CreatedClient, type OidcClient, type RegistryScope } from '../../eid-api.js';
import { formatDate } from '../../format.js';
import { useFormProblems, type LocalProblem } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';

/** Relying parties ("log in with e-ID"): registered by administrators; the secret is shown once. */
export function ClientsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('eid.clients.pageTitle'));
  const clients = useRemote('clients', (signal) => eidApi.clients(signal));
  const [created, setCreated] = useState<CreatedClient | null>(null);

  return (
    <section className="page" aria-labelledby="clients-heading" data-testid="clients-page">
      <h1 id="clients-heading">{t('eid.clients.heading')}</h1>
      <p className="lead">{t('eid.clients.intro')}</p>
      {created && <CreatedNotice client={created} onDismiss={() => setCreated(null)} />}
      <section className="section" aria-labelledby="clients-list-heading">
        <h2 id="clients-list-heading">{t('eid.clients.listHeading')}</h2>
        {clients.status === 'error' && <ErrorBox error={clients.error} onRetry={clients.retry} />}
        {!clients.data && clients.status !== 'error' && <Loading />}
        {clients.data && clients.data.length === 0 && <Empty>{t('eid.clients.empty')}</Empty>}
        {clients.data && clients.data.length > 0 && <ClientTable clients={clients.data} onChanged={clients.retry} />}
      </section>
      <RegisterForm
        onCreated={(client) => {
          setCreated(client);
          clients.retry();
        }}
      />
    </section>
  );
}

function CreatedNotice({ client, onDismiss }: { client: CreatedClient; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert--success created-client" role="status" data-testid="client-created">
      <p>
        <strong>{t('eid.clients.created', { name: client.name })}</strong>
      </p>
      <dl className="facts">
        <dt>{t('eid.clients.clientId')}</dt>
        <dd>
          <code className="secret" data-testid="created-client-id">
            {client.clientId}
          </code>
        </dd>
        {client.clientSecret && (
          <>
            <dt>{t('eid.clients.clientSecret')}</dt>
            <dd>
              <code className="secret" data-testid="created-client-secret">
                {client.clientSecret}
              </code>
            </dd>
          </>
        )}
      </dl>
      {client.clientSecret && <p className="alert alert--warning">{t('eid.clients.secretOnce')}</p>}
      <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
        {t('eid.clients.dismiss')}
      </button>
    </div>
  );
}

function ClientTable({ clients, onChanged }: { clients: OidcClient[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function toggle(c: OidcClient) {
    setBusy(c.clientId);
    setError(null);
    try {
      await eidApi.setClientActive(c.clientId, !c.active);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      {error !== null && (
        <p className="alert alert--error" role="alert">
          {errorMessage(error, lang)}
        </p>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="clients-table">
          <thead>
            <tr>
              <th scope="col">{t('eid.clients.name')}</th>
              <th scope="col">{t('eid.clients.redirectUris')}</th>
              <th scope="col">{t('eid.clients.scopes')}</th>
              <th scope="col">{t('eid.clients.minLevel')}</th>
              <th scope="col">{t('eid.clients.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('portal.consents.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.clientId} data-testid="client-row" data-client={c.clientId} data-active={c.active}>
                <td>
                  <div>{c.name}</div>
                  <div className="cell-note code">{c.clientId}</div>
                  <div className="cell-note">
                    {c.confidential ? t('eid.clients.confidential') : t('eid.clients.public')} · {formatDate(c.createdAt)}
                  </div>
                </td>
                <td>
                  {c.redirectUris.map((u) => (
                    <div key={u} className="code cell-url">
                      {u}
                    </div>
                  ))}
                </td>
                <td>{c.scopes.map((s) => t(`eid.clients.scopeNames.${s}`)).join(', ') || t('common.none')}</td>
                <td>{t('portal.level', { level: c.minLevel })}</td>
                <td>
                  <span className={c.active ? 'badge badge--whole' : 'badge badge--muted'}>{c.active ? t('eid.clients.active') : t('eid.clients.inactive')}</span>
                </td>
                <td>
                  <button type="button" className="button button--secondary button--small" disabled={busy === c.clientId} onClick={() => void toggle(c)} data-testid="client-toggle">
                    {c.active ? t('eid.clients.deactivate') : t('eid.clients.activate')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const LABELS = ['name', 'redirectUris', 'scopes', 'minLevel'] as const;

function RegisterForm({ onCreated }: { onCreated: (client: CreatedClient) => void }) {
  const { t } = useTranslation();
  const form = useFormProblems();
  const [name, setName] = useState('');
  const [uris, setUris] = useState('');
  const [scopes, setScopes] = useState<RegistryScope[]>(['profile']);
  const [minLevel, setMinLevel] = useState<1 | 2>(1);
  const [confidential, setConfidential] = useState(true);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const redirectUris = parseRedirectUris(uris);
    const local: LocalProblem[] = [];
    if (!name.trim()) local.push({ field: 'name', key: 'required' });
    if (redirectUris.length === 0) local.push({ field: 'redirectUris', key: 'redirectUris' });
    if (local.length) {
      form.setLocal(local);
      return;
    }
    setPending(true);
    try {
      onCreated(await eidApi.createClient({ name: name.trim(), redirectUris, scopes, minLevel, confidential }));
      setName('');
      setUris('');
      form.clear();
    } catch (caught) {
      form.setServer(caught);
    } finally {
      setPending(false);
    }
  }

  const label = (field: string) =>
    (LABELS as readonly string[]).includes(field) ? t(`eid.clients.${field as (typeof LABELS)[number]}`) : undefined;
  return (
    <form className="panel form section" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="client-form-heading" data-testid="client-form">
      <h2 id="client-form-heading">{t('eid.clients.registerHeading')}</h2>
      <ErrorSummary problems={form.problems} attempt={form.attempt} labelFor={label} />
      <TextField name="name" label={t('eid.clients.name')} value={name} onChange={(v) => { setName(v); form.touch('name'); }} error={form.messageFor('name')} required input={{ maxLength: 200, className: 'input--wide' }} />
      <Field name="redirectUris" label={t('eid.clients.redirectUris')} hint={t('eid.clients.redirectUrisHint')} error={form.messageFor('redirectUris')} required>
        {(p) => <textarea {...p} rows={3} value={uris} onChange={(e) => { setUris(e.target.value); form.touch('redirectUris'); }} data-testid="input-redirectUris" />}
      </Field>
      <fieldset className="radio-group">
        <legend>{t('eid.clients.scopes')}</legend>
        <div className="radio-group__options">
          {SCOPES.map((s) => (
            <label key={s} className="checkbox">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes((current) => (e.target.checked ? [...current, s] : current.filter((x) => x !== s)))}
                data-testid={`scope-${s}`}
              />
              {t(`eid.clients.scopeNames.${s}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="radio-group">
        <legend>{t('eid.clients.minLevel')}</legend>
        <div className="radio-group__options">
          {([1, 2] as const).map((level) => (
            <label key={level} className="radio">
              <input type="radio" name="minLevel" checked={minLevel === level} onChange={() => setMinLevel(level)} data-testid={`minLevel-${level}`} />
              {t('portal.level', { level })}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={confidential} onChange={(e) => setConfidential(e.target.checked)} data-testid="input-confidential" />
          {t('eid.clients.confidentialLabel')}
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending} data-testid="client-submit">
          {pending ? t('forms.saving') : t('eid.clients.register')}
        </button>
      </div>
    </form>
  );
}
