import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { Empty, ErrorBox, Loading } from '../components/Status.js';
import { devApi } from '../eid-api.js';
import { formatDateTime } from '../format.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useRemote } from '../hooks/useRemote.js';
import { Brand } from '../components/Brand.js';

/**
 * The development outbox: the demo has no SMS gateway, so codes "sent" to a phone are read
 * here. No login; the server offers it only when messages are not really sent.
 */
export function DevMessagesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('dev.pageTitle'));
  const [input, setInput] = useState('');
  const [recipient, setRecipient] = useState('');
  const [refresh, setRefresh] = useState(0);
  const messages = useRemote(`${recipient}|${refresh}`, (signal) => devApi.messages(recipient || undefined, signal));
  const disabled = messages.status === 'error' && messages.error instanceof ApiError && messages.error.status === 404;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setRecipient(input.trim());
    setRefresh((n) => n + 1);
  }

  return (
    <div className="dev-page">
      <header className="topbar">
        <Brand to="/portal" title={t('dev.title')} />
        <div className="topbar__end">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="content page" data-testid="dev-messages">
        <h1>{t('dev.heading')}</h1>
        <p className="alert alert--warning">{t('dev.warning')}</p>
        <form className="inline-form" onSubmit={submit}>
          <div className="field">
            <label htmlFor="dev-recipient">{t('dev.recipient')}</label>
            <input id="dev-recipient" inputMode="tel" maxLength={200} value={input} onChange={(e) => setInput(e.target.value)} data-testid="dev-recipient" />
          </div>
          <button type="submit" className="button button--primary">
            {t('dev.show')}
          </button>
        </form>
        {disabled && (
          <p className="status status--empty" role="status" data-testid="dev-disabled">
            {t('dev.disabled')}
          </p>
        )}
        {messages.status === 'error' && !disabled && <ErrorBox error={messages.error} onRetry={messages.retry} />}
        {!messages.data && messages.status === 'loading' && <Loading />}
        {messages.data && messages.data.length === 0 && <Empty>{t('dev.empty')}</Empty>}
        {messages.data && messages.data.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="dev-table">
              <thead>
                <tr>
                  <th scope="col">{t('dev.sentAt')}</th>
                  <th scope="col">{t('dev.channel')}</th>
                  <th scope="col">{t('dev.to')}</th>
                  <th scope="col">{t('dev.body')}</th>
                </tr>
              </thead>
              <tbody>
                {messages.data.map((m) => (
                  <tr key={m.id} data-testid="dev-message">
                    <td className="nowrap">{formatDateTime(m.sentAt)}</td>
                    <td>{m.channel === 'sms' ? 'SMS' : m.channel === 'email' ? t('dev.email') : m.channel}</td>
                    <td className="code">{m.recipient}</td>
                    <td>{m.body}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </main>
    </div>
  );
}
