import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api.js';
import { citizenApi, type ConsentView, type HouseholdEvent, type UsageView } from '../citizen-api.js';
import { Pagination } from '../components/Pagination.js';
import { Empty, ErrorBox, Loading } from '../components/Status.js';
import { formatDateTime } from '../format.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useRemote } from '../hooks/useRemote.js';
import { useLang } from '../i18n/index.js';
import { purposeWithNote } from '../purposes.js';
import { useLabels } from '../reference.js';
import { describeUserAgent, isKnownScope, isUsageKind } from './portal-logic.js';

/** The account's usage history (logins, consents, tokens) and the services it has consented to. */
export function ActivityPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('portal.tabs.activity'));
  return (
    <div data-testid="activity-page">
      <HouseholdChanges />
      <Consents />
      <Usage />
    </div>
  );
}

/** What happened to the citizen's household: a child registered at birth, a member added, a new head. */
function HouseholdChanges() {
  const { t } = useTranslation();
  const labels = useLabels();
  const [page, setPage] = useState(1);
  const activity = useRemote(`household-activity-${page}`, (signal) => citizenApi.householdActivity(page, signal));
  const describe = (e: HouseholdEvent) => {
    const name = e.member?.fullName ?? t('family.activity.someone');
    const relation = labels.relation(e.member?.relation);
    if (e.action === 'household.member_added') return t(e.cause === 'birth' ? 'family.activity.born' : 'family.activity.added', { name, relation });
    if (e.action === 'household.head_changed') return t('family.activity.headChanged', { name });
    if (e.action === 'household.create') return t('family.activity.created', { name });
    return t('family.activity.other');
  };
  return (
    <section className="section" aria-labelledby="household-activity-heading" data-testid="household-activity">
      <h2 id="household-activity-heading">{t('family.activity.heading')}</h2>
      {activity.status === 'error' && <ErrorBox error={activity.error} onRetry={activity.retry} />}
      {!activity.data && activity.status !== 'error' && <Loading />}
      {activity.data && activity.data.householdNo === null && <Empty>{t('family.activity.noHousehold')}</Empty>}
      {activity.data?.householdNo && (
        <>
          <p className="muted">{t('family.activity.intro', { no: activity.data.householdNo })}</p>
          {activity.data.total === 0 ? (
            <Empty>{t('family.activity.empty')}</Empty>
          ) : (
            <>
              <ul className="event-list">
                {activity.data.items.map((e, i) => (
                  <li key={`${e.at}-${i}`} className="event-list__item" data-testid="household-event" data-action={e.action} data-cause={e.cause ?? ''}>
                    <p className="event-list__what">{describe(e)}</p>
                    <p className="event-list__meta muted">
                      <span>{formatDateTime(e.at)}</span>
                      {e.agency && <span>{e.agency}</span>}
                      {e.reason && <span data-testid="household-event-reason">{t('family.activity.reason', { reason: purposeWithNote(t, e.reason, e.reasonNote) })}</span>}
                    </p>
                  </li>
                ))}
              </ul>
              <Pagination page={page} pageSize={activity.data.pageSize} total={activity.data.total} onPage={setPage} />
            </>
          )}
        </>
      )}
    </section>
  );
}

function Usage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const usage = useRemote(`usage-${page}`, (signal) => citizenApi.usage(page, signal));
  return (
    <section className="section" aria-labelledby="usage-heading">
      <h2 id="usage-heading">{t('portal.usage.heading')}</h2>
      {usage.status === 'error' && <ErrorBox error={usage.error} onRetry={usage.retry} />}
      {!usage.data && usage.status !== 'error' && <Loading />}
      {usage.data && usage.data.total === 0 && <Empty>{t('portal.usage.empty')}</Empty>}
      {usage.data && usage.data.total > 0 && (
        <>
          <div className="table-wrap" aria-busy={usage.status === 'loading'}>
            <table className="table table--cards" data-testid="usage-table">
              <thead>
                <tr>
                  <th scope="col">{t('portal.usage.at')}</th>
                  <th scope="col">{t('portal.usage.event')}</th>
                  <th scope="col">{t('portal.usage.service')}</th>
                  <th scope="col">{t('portal.usage.device')}</th>
                </tr>
              </thead>
              <tbody>
                {usage.data.items.map((u, i) => (
                  <UsageRow key={`${u.at}-${i}`} usage={u} />
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={usage.data.pageSize} total={usage.data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}

function UsageRow({ usage: u }: { usage: UsageView }) {
  const { t } = useTranslation();
  const factor = typeof u.detail.factor === 'string' ? u.detail.factor : null;
  const knownFactor = factor === 'totp' || factor === 'sms' || factor === 'passkey' || factor === 'passcode' ? factor : null;
  return (
    <tr data-testid="usage-row" data-kind={u.kind}>
      <td className="nowrap" data-label={t('portal.usage.at')}>{formatDateTime(u.at)}</td>
      <td data-label={t('portal.usage.event')}>
        {isUsageKind(u.kind) ? t(`portal.usage.kinds.${u.kind}`) : <span className="code">{u.kind}</span>}
        {knownFactor && <div className="cell-note">{t(`portal.usage.factors.${knownFactor}`)}</div>}
      </td>
      <td data-label={t('portal.usage.service')}>{u.clientName ?? <span className="muted">{t('common.none')}</span>}</td>
      <td data-label={t('portal.usage.device')}>
        {describeUserAgent(u.userAgent) || <span className="muted">{t('common.none')}</span>}
        {u.ip && <div className="cell-note code">{u.ip}</div>}
      </td>
    </tr>
  );
}

export function ScopeList({ scopes }: { scopes: string[] }) {
  const { t } = useTranslation();
  return (
    <ul className="scope-list" data-testid="scope-list">
      {scopes.map((s) => (
        <li key={s} data-scope={s}>
          {isKnownScope(s) ? t(`portal.scopes.${s}`) : s}
        </li>
      ))}
    </ul>
  );
}

function Consents() {
  const { t } = useTranslation();
  const lang = useLang();
  const consents = useRemote('consents', (signal) => citizenApi.consents(signal));
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function revoke(c: ConsentView) {
    setBusy(c.grantId);
    setError(null);
    try {
      await citizenApi.revokeConsent(c.grantId);
      consents.retry();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="section" aria-labelledby="consents-heading" data-testid="consents">
      <h2 id="consents-heading">{t('portal.consents.heading')}</h2>
      <p className="muted">{t('portal.consents.intro')}</p>
      {error !== null && (
        <p className="alert alert--error" role="alert">
          {errorMessage(error, lang)}
        </p>
      )}
      {consents.status === 'error' && <ErrorBox error={consents.error} onRetry={consents.retry} />}
      {!consents.data && consents.status !== 'error' && <Loading />}
      {consents.data && consents.data.length === 0 && <Empty>{t('portal.consents.empty')}</Empty>}
      {consents.data && consents.data.length > 0 && (
        <div className="table-wrap">
          <table className="table table--cards" data-testid="consents-table">
            <thead>
              <tr>
                <th scope="col">{t('portal.consents.service')}</th>
                <th scope="col">{t('portal.consents.scopes')}</th>
                <th scope="col">{t('portal.consents.expires')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('portal.consents.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {consents.data.map((c) => (
                <tr key={c.grantId} data-testid="consent-row" data-client={c.clientId}>
                  <td data-label={t('portal.consents.service')}>{c.clientName}</td>
                  <td data-label={t('portal.consents.scopes')}>
                    <ScopeList scopes={c.scopes} />
                  </td>
                  <td className="nowrap" data-label={t('portal.consents.expires')}>{c.expiresAt ? formatDateTime(c.expiresAt) : t('portal.consents.noExpiry')}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      disabled={busy === c.grantId}
                      onClick={() => void revoke(c)}
                      aria-label={t('portal.consents.revokeFor', { name: c.clientName })}
                      data-testid="consent-revoke"
                    >
                      {t('portal.consents.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
