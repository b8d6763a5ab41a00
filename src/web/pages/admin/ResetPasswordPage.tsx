import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { officersApi } from '../../admin-api.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { Field } from '../../components/Field.js';
import { useFormProblems } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';

/**
 * Where an officer opens the one-time link an administrator gave them and chooses a password.
 * The token is in the fragment (#…): the browser never sends it in a request line, so no
 * server or proxy log holds it; only this page's POST carries it.
 */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.reset.title'));
  const { hash } = useLocation();
  const token = hash.replace(/^#/, '');
  const form = useFormProblems();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local = [
      ...(password.length < 12 ? [{ field: 'password', key: 'required' as const }] : []),
      ...(password !== again ? [{ field: 'again', key: 'passcodeMismatch' as const }] : []),
    ];
    if (local.length) {
      form.setLocal(local);
      return;
    }
    setPending(true);
    try {
      setDone((await officersApi.usePasswordLink(token, password)).username);
    } catch (caught) {
      form.setServer(caught);
    } finally {
      setPending(false);
    }
  }

  const general = form.problems.filter((p) => !['password', 'again'].includes(p.field ?? ''));
  return (
    <div className="login">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <main className="login__card" id="main" data-testid="reset-page">
        <h1>{t('admin.reset.heading')}</h1>
        {!token && <p className="alert alert--error" role="alert">{t('admin.reset.noToken')}</p>}
        {done ? (
          <>
            <p className="alert alert--success" role="status" data-testid="reset-done">{t('admin.reset.done', { username: done })}</p>
            <p><Link to="/login" className="button button--primary">{t('admin.reset.toLogin')}</Link></p>
          </>
        ) : (
          token && (
            <form onSubmit={(e) => void submit(e)} noValidate data-testid="reset-form">
              <p className="muted">{t('admin.reset.intro')}</p>
              {general.map((p, i) => <p key={i} className="alert alert--error" role="alert" data-testid="reset-error">{p.text}</p>)}
              <Field name="password" label={t('admin.reset.password')} hint={t('admin.reset.passwordHint')} error={form.problems.some((p) => p.field === 'password') ? t('admin.reset.tooShort') : undefined}>
                {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => { setPassword(e.target.value); form.touch('password'); }} data-testid="reset-password" />}
              </Field>
              <Field name="again" label={t('admin.reset.again')} error={form.messageFor('again') ? t('admin.reset.mismatch') : undefined}>
                {(p) => <input {...p} type="password" autoComplete="new-password" value={again} onChange={(e) => { setAgain(e.target.value); form.touch('again'); }} data-testid="reset-again" />}
              </Field>
              <button type="submit" className="button button--primary" disabled={pending} data-testid="reset-submit">{t('admin.reset.submit')}</button>
            </form>
          )
        )}
      </main>
    </div>
  );
}
