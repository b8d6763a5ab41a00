import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { myTotpApi } from '../../admin-api.js';
import { mustEnrolTotp, useAuth, useOfficer } from '../../auth.js';
import { Field } from '../../components/Field.js';
import { useFormProblems } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { QrCode } from '../../portal/QrCode.js';

type Step = { kind: 'idle' } | { kind: 'proof'; then: 'setup' | 'disable' } | { kind: 'scan'; secret: string; otpauthUrl: string };

/**
 * The officer's own sign-in security: turning an authenticator app (TOTP) on, replacing it or
 * turning it off. The server asks for a fresh proof first (step-up: the password while TOTP is
 * off, a current code once it is on), then shows the new secret as a QR code drawn in the
 * browser, and turns it on only when a code from it is confirmed.
 */
export function SecurityPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.security.title'));
  const officer = useOfficer();
  const { refresh } = useAuth();
  const form = useFormProblems();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [proof, setProof] = useState('');
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<'enabled' | 'disabled' | null>(null);
  const forced = mustEnrolTotp(officer);
  const usesTotp = officer.totpEnabled;

  async function submitProof(event: FormEvent) {
    event.preventDefault();
    if (step.kind !== 'proof') return;
    if (usesTotp ? !/^\d{6}$/.test(proof) : !proof) {
      form.setLocal([{ field: usesTotp ? 'totp' : 'password', key: usesTotp ? 'code' : 'required' }]);
      return;
    }
    setPending(true);
    try {
      await myTotpApi.stepUp(usesTotp ? { totp: proof } : { password: proof });
      setProof('');
      form.clear();
      if (step.then === 'setup') {
        setStep({ kind: 'scan', ...(await myTotpApi.setup()) });
      } else {
        await myTotpApi.disable();
        // The session is read again before the notice shows, so the notice and the status badge never disagree.
        await refresh();
        setStep({ kind: 'idle' });
        setNotice('disabled');
      }
    } catch (caught) {
      form.setServer(caught);
    } finally {
      setPending(false);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      form.setLocal([{ field: 'code', key: 'code' }]);
      return;
    }
    setPending(true);
    try {
      await myTotpApi.confirm(code);
      await refresh();
      setCode('');
      form.clear();
      setStep({ kind: 'idle' });
      setNotice('enabled');
    } catch (caught) {
      form.setServer(caught);
    } finally {
      setPending(false);
    }
  }

  const general = form.problems.filter((p) => !['password', 'totp', 'code'].includes(p.field ?? ''));
  return (
    <section className="page form-narrow" aria-labelledby="security-heading" data-testid="security-page">
      <h1 id="security-heading">{t('admin.security.heading')}</h1>
      {forced && (
        <p className="alert alert--warning" role="alert" data-testid="totp-forced">
          {t('admin.security.forced')}
        </p>
      )}
      {notice && (
        <p className="alert alert--success" role="status" data-testid={`totp-${notice}`}>
          {t(notice === 'enabled' ? 'admin.security.enabled' : 'admin.security.disabled')}
        </p>
      )}
      <section className="panel section" aria-labelledby="totp-heading">
        <h2 id="totp-heading">
          {t('admin.security.totpHeading')}{' '}
          <span className={usesTotp ? 'badge badge--whole' : 'badge badge--muted'} data-testid="totp-status">
            {usesTotp ? t('admin.security.on') : t('admin.security.off')}
          </span>
        </h2>
        <p className="muted">{t('admin.security.totpIntro')}</p>
        {general.map((p, i) => <p key={i} className="alert alert--error" role="alert">{p.text}</p>)}
        {step.kind === 'idle' && (
          <div className="form-actions">
            <button type="button" className="button button--primary" onClick={() => { setStep({ kind: 'proof', then: 'setup' }); setNotice(null); }} data-testid="totp-setup">
              {usesTotp ? t('admin.security.replace') : t('admin.security.turnOn')}
            </button>
            {usesTotp && !officer.totpRequired && (
              <button type="button" className="button button--secondary" onClick={() => { setStep({ kind: 'proof', then: 'disable' }); setNotice(null); }} data-testid="totp-disable">
                {t('admin.security.turnOff')}
              </button>
            )}
            {usesTotp && officer.totpRequired && <p className="muted">{t('admin.security.requiredByAdmin')}</p>}
          </div>
        )}
        {step.kind === 'proof' && (
          <form onSubmit={(e) => void submitProof(e)} noValidate data-testid="totp-proof-form">
            <p>{usesTotp ? t('admin.security.proofTotp') : t('admin.security.proofPassword')}</p>
            {usesTotp ? (
              <Field name="totp" label={t('admin.security.currentCode')} error={form.messageFor('totp')}>
                {(p) => <input {...p} inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={proof} onChange={(e) => setProof(e.target.value.replace(/\D/g, ''))} data-testid="totp-proof" />}
              </Field>
            ) : (
              <Field name="password" label={t('admin.security.password')} error={form.messageFor('password')}>
                {(p) => <input {...p} type="password" autoComplete="current-password" value={proof} onChange={(e) => setProof(e.target.value)} data-testid="totp-proof" />}
              </Field>
            )}
            <div className="form-actions">
              <button type="submit" className="button button--primary" disabled={pending} data-testid="totp-proof-submit">{t('admin.security.continue')}</button>
              <button type="button" className="button button--ghost" onClick={() => { setStep({ kind: 'idle' }); form.clear(); }}>{t('admin.cancel')}</button>
            </div>
          </form>
        )}
        {step.kind === 'scan' && (
          <form onSubmit={(e) => void confirm(e)} noValidate className="totp-setup" data-testid="totp-form">
            <ol className="totp-setup__steps">
              <li>
                <p>{t('admin.security.scan')}</p>
                <QrCode text={step.otpauthUrl} label={t('admin.security.qr')} />
                <p>
                  {t('admin.security.secret')}{' '}
                  <code className="secret" data-testid="totp-secret" data-secret={step.secret}>{step.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
                </p>
              </li>
              <li>
                <Field name="code" label={t('admin.security.code')} error={form.messageFor('code')}>
                  {(p) => <input {...p} inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} data-testid="totp-code" />}
                </Field>
              </li>
            </ol>
            <div className="form-actions">
              <button type="submit" className="button button--primary" disabled={pending} data-testid="totp-confirm">{t('admin.security.confirm')}</button>
              <button type="button" className="button button--ghost" onClick={() => { setStep({ kind: 'idle' }); form.clear(); }}>{t('admin.cancel')}</button>
            </div>
          </form>
        )}
      </section>
    </section>
  );
}
