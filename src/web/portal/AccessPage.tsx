import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { purposeText } from '../purposes.js';
import { citizenApi, type AccessEntry } from '../citizen-api.js';
import { Pagination } from '../components/Pagination.js';
import { Empty, ErrorBox, Loading } from '../components/Status.js';
import { formatDateTime } from '../format.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useRemote } from '../hooks/useRemote.js';
import { accessActionKey } from './portal-logic.js';

/** "Who accessed my data": every logged read of the record, newest first, with who and why. */
export function AccessPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('portal.tabs.access'));
  const [page, setPage] = useState(1);
  const log = useRemote(`access-${page}`, (signal) => citizenApi.accessLog(page, signal));

  return (
    <section aria-labelledby="access-heading" data-testid="access-page">
      <h2 id="access-heading">{t('portal.access.heading')}</h2>
      <p className="muted">{t('portal.access.intro')}</p>
      {log.status === 'error' && <ErrorBox error={log.error} onRetry={log.retry} />}
      {!log.data && log.status !== 'error' && <Loading />}
      {log.data && log.data.total === 0 && <Empty>{t('portal.access.empty')}</Empty>}
      {log.data && log.data.total > 0 && (
        <>
          <div className="table-wrap" aria-busy={log.status === 'loading'}>
            <table className="table table--cards" data-testid="access-table">
              <thead>
                <tr>
                  <th scope="col">{t('portal.access.at')}</th>
                  <th scope="col">{t('portal.access.who')}</th>
                  <th scope="col">{t('portal.access.what')}</th>
                  <th scope="col">{t('portal.access.purpose')}</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((entry, i) => (
                  <AccessRow key={`${entry.at}-${i}`} entry={entry} />
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={log.data.pageSize} total={log.data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}

function AccessRow({ entry }: { entry: AccessEntry }) {
  const { t } = useTranslation();
  const action = accessActionKey(entry.action);
  const kind = entry.accessorKind === 'officer' || entry.accessorKind === 'client' || entry.accessorKind === 'system' ? entry.accessorKind : null;
  return (
    <tr data-testid="access-row" data-kind={entry.accessorKind}>
      <td className="nowrap" data-label={t('portal.access.at')}>{formatDateTime(entry.at)}</td>
      <td data-label={t('portal.access.who')}>
        <div data-testid="access-accessor">{kind === 'system' ? t('portal.access.system') : entry.accessor}</div>
        <div className="cell-note">
          {kind ? t(`portal.access.kinds.${kind}`) : entry.accessorKind}
          {entry.agency && entry.agency !== entry.accessor && (
            <>
              {' · '}
              <span data-testid="access-agency">{entry.agency}</span>
            </>
          )}
        </div>
      </td>
      <td data-label={t('portal.access.what')}>{action ? t(`portal.access.actions.${action}`) : <span className="code">{entry.action}</span>}</td>
      <td data-testid="access-purpose" data-label={t('portal.access.purpose')}>
        {purposeText(t, entry.purpose) ?? <span className="muted">{t('common.none')}</span>}
        {entry.purposeNote && (
          <div className="cell-note" data-testid="access-purpose-note">
            {t('portal2.access.note', { note: entry.purposeNote })}
          </div>
        )}
      </td>
    </tr>
  );
}
