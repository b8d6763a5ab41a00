import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, TextField } from '../../components/Field.js';
import { eidApi, type Level2Result } from '../../eid-api.js';
import { formatDateTime } from '../../format.js';
import { useFormProblems, type LocalProblem } from '../../forms.js';

const LABELS = ['pin', 'cardNumber', 'faceMatched', 'phone', 'note'] as const;

/** In-person level-2 verification: card and face checked at the counter; the activation code goes to the phone. */
export function Level2View() {
  const { t } = useTranslation();
  const form = useFormProblems();
  const [values, setValues] = useState({ pin: '', cardNumber: '', phone: '', note: '' });
  const [faceMatched, setFaceMatched] = useState(false);
  const [fingerprints, setFingerprints] = useState(false);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Level2Result | null>(null);
  const set = (field: keyof typeof values) => (value: string) => {
    setValues((v) => ({ ...v, [field]: field === 'pin' || field === 'cardNumber' ? value.replace(/\D/g, '') : value }));
    form.touch(field);
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const local: LocalProblem[] = [];
    if (!/^\d{12}$/.test(values.pin)) local.push({ field: 'pin', key: 'pin' });
    if (!/^\d{12}$/.test(values.cardNumber)) local.push({ field: 'cardNumber', key: 'pin' });
    if (local.length) {
      form.setLocal(local);
      return;
    }
    setPending(true);
    setResult(null);
    try {
      const phone = values.phone.trim();
      const note = values.note.trim();
      setResult(
        await eidApi.level2({
          pin: values.pin,
          cardNumber: values.cardNumber,
          faceMatched,
          fingerprintsMatched: fingerprints,
          ...(phone ? { phone } : {}),
          ...(note ? { note } : {}),
        }),
      );
      form.clear();
    } catch (caught) {
      form.setServer(caught);
    } finally {
      setPending(false);
    }
  }

  const label = (field: string) =>
    (LABELS as readonly string[]).includes(field) ? t(`eid.field.${field as (typeof LABELS)[number]}`) : undefined;
  return (
    <form className="panel form form-narrow" onSubmit={(e) => void submit(e)} noValidate data-testid="level2-form">
      <p className="muted">{t('eid.level2.intro')}</p>
      {result && (
        <p className="alert alert--success" role="status" data-testid="level2-done">
          {t('eid.level2.done', { phone: result.phoneMasked, time: formatDateTime(result.activationExpiresAt) })}
        </p>
      )}
      <ErrorSummary problems={form.problems} attempt={form.attempt} labelFor={label} />
      <div className="form-grid">
        <TextField name="pin" label={t('eid.field.pin')} value={values.pin} onChange={set('pin')} error={form.messageFor('pin')} required input={{ inputMode: 'numeric', maxLength: 12, className: 'input--pin' }} />
        <TextField name="cardNumber" label={t('eid.field.cardNumber')} value={values.cardNumber} onChange={set('cardNumber')} error={form.messageFor('cardNumber')} hint={t('eid.level2.cardHint')} required input={{ inputMode: 'numeric', maxLength: 12, className: 'input--pin' }} />
      </div>
      <div className="field" data-field="faceMatched">
        <label className="checkbox">
          <input type="checkbox" checked={faceMatched} onChange={(e) => { setFaceMatched(e.target.checked); form.touch('faceMatched'); }} aria-invalid={form.messageFor('faceMatched') ? true : undefined} data-testid="input-faceMatched" />
          {t('eid.field.faceMatched')}
        </label>
        {form.messageFor('faceMatched') && <p className="field-message" data-testid="error-faceMatched">{form.messageFor('faceMatched')}</p>}
        <label className="checkbox">
          <input type="checkbox" checked={fingerprints} onChange={(e) => setFingerprints(e.target.checked)} data-testid="input-fingerprintsMatched" />
          {t('eid.field.fingerprintsMatched')}
        </label>
      </div>
      <TextField name="phone" label={t('eid.field.phone')} value={values.phone} onChange={set('phone')} error={form.messageFor('phone')} hint={t('eid.level2.phoneHint')} input={{ inputMode: 'tel', maxLength: 16 }} />
      <TextField name="note" label={t('eid.field.note')} value={values.note} onChange={set('note')} error={form.messageFor('note')} input={{ maxLength: 500 }} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending} data-testid="level2-submit">
          {pending ? t('forms.saving') : t('eid.level2.submit')}
        </button>
      </div>
    </form>
  );
}
