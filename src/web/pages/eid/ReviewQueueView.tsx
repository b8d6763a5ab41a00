import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.js';
import { Pagination } from '../../components/Pagination.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { eidApi, type AccountListItem } from '../../eid-api.js';
import { formatDate, formatDateTime } from '../../format.js';
import { useFormProblems } from '../../forms.js';
import { useRemote } from '../../hooks/useRemote.js';
import { ReviewCompare, ReviewHistory } from './ReviewFile.js';

/** Level-1 enrolments waiting for an officer to compare the face photo with the registry. */
export function ReviewQueueView() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [reload, setReload] = useState(0);
  const [open, setOpen] = useState<AccountListItem | null>(null);
  const [decided, setDecided] = useState<{ name: string; decision: 'approved' | 'rejected' } | null>(null);
  const queue = useRemote(`queue-${page}-${reload}`, (signal) => eidApi.accounts({ status: 'pending_verification', page }, signal));

  return (
    <div data-testid="review-queue">
      {decided && (
        <p className="alert alert--success" role="status" data-testid="review-done">
          {t(decided.decision === 'approved' ? 'eid.review.approvedNotice' : 'eid.review.rejectedNotice', { name: decided.name })}
        </p>
      )}
      {queue.status === 'error' && <ErrorBox error={queue.error} onRetry={queue.retry} />}
      {!queue.data && queue.status !== 'error' && <Loading />}
      {queue.data && queue.data.total === 0 && <Empty>{t('eid.review.empty')}</Empty>}
      {queue.data && queue.data.total > 0 && (
        <div className={open ? 'review review--open' : 'review'}>
          <div>
            <div className="table-wrap" aria-busy={queue.status === 'loading'}>
              <table className="table" data-testid="review-table">
                <thead>
                  <tr>
                    <th scope="col">{t('people.field.fullName')}</th>
                    <th scope="col">{t('people.field.pin')}</th>
                    <th scope="col">{t('people.field.birthDate')}</th>
                    <th scope="col">{t('eid.review.submitted')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('eid.review.open')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {queue.data.items.map((a) => (
                    <tr key={a.id} data-testid="review-row" data-pin={a.pin} aria-selected={open?.id === a.id}>
                      <td>{a.fullName}</td>
                      <td className="code">{a.pin}</td>
                      <td className="nowrap">{formatDate(a.birthDate)}</td>
                      <td className="nowrap">{formatDateTime(a.createdAt)}</td>
                      <td>
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={() => {
                            setOpen(a);
                            setDecided(null);
                          }}
                          aria-label={t('eid.review.openFor', { name: a.fullName })}
                          data-testid="review-open"
                        >
                          {t('eid.review.open')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={page} pageSize={queue.data.pageSize} total={queue.data.total} onPage={setPage} />
          </div>
          {open && (
            <ReviewPanel
              key={open.id}
              account={open}
              onClose={() => setOpen(null)}
              onDecided={(decision) => {
                setDecided({ name: open.fullName, decision });
                setOpen(null);
                setReload((n) => n + 1);
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}

function ReviewPanel({ account, onClose, onDecided }: { account: AccountListItem; onClose: () => void; onDecided: (decision: 'approved' | 'rejected') => void }) {
  const { t } = useTranslation();
  const form = useFormProblems();
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const file = useRemote(`file-${account.id}`, (signal) => eidApi.reviewFile(account.id, signal));

  async function decide(decision: 'approved' | 'rejected', event?: FormEvent) {
    event?.preventDefault();
    if (decision === 'rejected' && !note.trim()) {
      form.setLocal([{ field: 'note', key: 'noteRequired' }]);
      return;
    }
    setPending(true);
    try {
      await eidApi.review(account.id, decision, note.trim() || undefined);
      onDecided(decision);
    } catch (caught) {
      form.setServer(caught);
      setPending(false);
    }
  }

  const general = form.problems.filter((p) => p.field !== 'note');
  return (
    <section className="panel review__panel" aria-labelledby="review-panel-heading" data-testid="review-panel">
      <h2 id="review-panel-heading">{account.fullName}</h2>
      <dl className="facts facts--compact">
        <dt>{t('eid.field.phone')}</dt>
        <dd className="code">{account.phone}</dd>
        <dt>{t('eid.review.submitted')}</dt>
        <dd>{formatDateTime(account.createdAt)}</dd>
      </dl>
      {file.status === 'error' && <ErrorBox error={file.error} onRetry={file.retry} />}
      {!file.data && file.status !== 'error' && <Loading />}
      {file.data && (
        <>
          <ReviewCompare file={file.data} accountId={account.id} name={account.fullName} />
          <ReviewHistory file={file.data} accountId={account.id} showCurrent={false} />
        </>
      )}
      <p className="muted">{t('eid.review.instructions')}</p>
      {general.map((p, i) => (
        <p key={i} className="alert alert--error" role="alert">
          {p.text}
        </p>
      ))}
      <form onSubmit={(e) => void decide('rejected', e)} noValidate>
        <Field name="note" label={t('eid.review.note')} hint={t('eid.review.noteHint')} error={form.messageFor('note')}>
          {(p) => (
            <textarea
              {...p}
              rows={2}
              maxLength={500}
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
                form.touch('note');
              }}
              data-testid="review-note"
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="button" className="button button--primary" disabled={pending} onClick={() => void decide('approved')} data-testid="review-approve">
            {t('eid.review.approve')}
          </button>
          <button type="submit" className="button button--danger" disabled={pending} data-testid="review-reject">
            {t('eid.review.reject')}
          </button>
          <button type="button" className="button button--ghost" onClick={onClose}>
            {t('eid.review.close')}
          </button>
        </div>
      </form>
    </section>
  );
}
