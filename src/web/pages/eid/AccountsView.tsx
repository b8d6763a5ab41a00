import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.js';
import { ReasonPicker } from '../../components/ReasonPicker.js';
import { purposeWithNote } from '../../purposes.js';
import { emptyReason, LOCK_REASON_CHOICES, reasonBody, reasonProblems, UNLOCK_REASON_CHOICES } from '../../reasons.js';
import { Empty, ErrorBox, Loading } from '../../components/Status.js';
import { eidApi, type AccountListItem } from '../../eid-api.js';
import { formatDate, formatDateTime } from '../../format.js';
import { pinTyped, useFormProblems } from '../../forms.js';
import { useRemote } from '../../hooks/useRemote.js';
import { AccountStatusBadge } from './EidPage.js';
import { ReviewHistory } from './ReviewFile.js';

/** An account by PIN, to lock it (lost phone, misuse) or unlock it, with a reason. */
export function AccountsView() {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [pin, setPin] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [reload, setReload] = useState(0);
  const found = useRemote(pin ? `${pin}-${reload}` : null, (signal) => eidApi.accounts({ pin: pin ?? undefined }, signal));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!/^\d{12}$/.test(input.trim())) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setPin(input.trim());
    setReload((n) => n + 1);
  }

  return (
    <div data-testid="eid-accounts">
      <form className="inline-form" onSubmit={submit} noValidate role="search">
        <Field name="accountPin" label={t('eid.accounts.pin')} error={invalid ? t('forms.errors.pin') : undefined}>
          {(p) => <input {...p} inputMode="numeric" className="input--pin" value={input} onChange={(e) => setInput(pinTyped(e.target.value))} data-testid="accounts-pin" />}
        </Field>
        <button type="submit" className="button button--primary" data-testid="accounts-search">
          {t('eid.accounts.find')}
        </button>
      </form>
      {found.status === 'error' && <ErrorBox error={found.error} onRetry={found.retry} />}
      {found.status === 'loading' && !found.data && <Loading />}
      {found.data && found.data.items.length === 0 && <Empty>{t('eid.accounts.none')}</Empty>}
      {found.data?.items.map((a) => (
        <AccountCard key={a.id} account={a} onChanged={() => setReload((n) => n + 1)} />
      ))}
    </div>
  );
}

function AccountCard({ account: a, onChanged }: { account: AccountListItem; onChanged: () => void }) {
  const { t } = useTranslation();
  const form = useFormProblems();
  const [reason, setReason] = useState(() => emptyReason());
  const [pending, setPending] = useState(false);
  const locked = a.status === 'locked';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const local = reasonProblems(reason);
    if (local.length > 0) {
      form.setLocal(local);
      return;
    }
    setPending(true);
    try {
      await eidApi.setLock(a.id, !locked, reasonBody(reason));
      setReason(emptyReason());
      form.clear();
      onChanged();
    } catch (caught) {
      form.setServer(caught);
    } finally {
      setPending(false);
    }
  }

  const general = form.problems.filter((p) => p.field !== 'reasonCode' && p.field !== 'reasonNote');
  return (
    <section className="card section" aria-labelledby={`acct-${a.id}`} data-testid="account-card" data-status={a.status}>
      <h2 id={`acct-${a.id}`}>
        {a.fullName} <AccountStatusBadge status={a.status} />{' '}
        <span className="badge badge--level">{t('portal.level', { level: a.level })}</span>
      </h2>
      <dl className="facts facts--compact">
        <dt>{t('people.field.pin')}</dt>
        <dd className="code">{a.pin}</dd>
        <dt>{t('people.field.birthDate')}</dt>
        <dd>{formatDate(a.birthDate)}</dd>
        <dt>{t('eid.field.phone')}</dt>
        <dd className="code">{a.phone}</dd>
        <dt>{t('eid.accounts.created')}</dt>
        <dd>{formatDateTime(a.createdAt)}</dd>
        <dt>{t('eid.accounts.secondFactors')}</dt>
        <dd>
          {[a.totpEnabled ? t('eid.accounts.totp') : null, a.passkeys > 0 ? t('eid.accounts.passkeys', { count: a.passkeys }) : null].filter(Boolean).join(', ') || t('eid.accounts.smsOnly')}
        </dd>
        {locked && (
          <>
            <dt>{t('eid.accounts.lockedBy')}</dt>
            <dd>
              {a.lockedBy === 'citizen' ? t('eid.accounts.byCitizen') : t('eid.accounts.byOfficer')}
              {a.lockReason && <span data-testid="account-lock-reason">{` — ${purposeWithNote(t, a.lockReason, a.lockNote) ?? ''}`}</span>}
            </dd>
          </>
        )}
      </dl>
      <AccountHistory accountId={a.id} version={`${a.status}-${a.level}`} />
      {general.map((p, i) => (
        <p key={i} className="alert alert--error" role="alert">
          {p.text}
        </p>
      ))}
      <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
        <ReasonPicker
          value={reason}
          onChange={(r) => {
            setReason(r);
            form.touch('reasonCode');
            form.touch('reasonNote');
          }}
          codes={locked ? UNLOCK_REASON_CHOICES : LOCK_REASON_CHOICES}
          messageFor={form.messageFor}
          label={locked ? t('eid.accounts.unlockReason') : t('eid.accounts.lockReason')}
          testId="account-reason"
        />
        <button type="submit" className={locked ? 'button button--primary' : 'button button--danger'} disabled={pending} data-testid={locked ? 'account-unlock' : 'account-lock'}>
          {locked ? t('eid.accounts.unlock') : t('eid.accounts.lock')}
        </button>
      </form>
    </section>
  );
}

/** The account's enrolment attempts with each approval or rejection and its note, and in-person checks. */
function AccountHistory({ accountId, version }: { accountId: string; version: string }) {
  const file = useRemote(`history-${accountId}-${version}`, (signal) => eidApi.reviewFile(accountId, signal));
  if (file.status === 'error') return <ErrorBox error={file.error} onRetry={file.retry} />;
  if (!file.data) return <Loading />;
  return <ReviewHistory file={file.data} accountId={accountId} showCurrent />;
}
