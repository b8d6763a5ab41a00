import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.js';
import { useOfficer } from '../../auth.js';
import { ErrorSummary, Field } from '../../components/Field.js';
import { DocumentsChecklist, FeeLine, PinName, ProcedureForm } from '../../components/ProcedureForm.js';
import { ErrorBox, Loading } from '../../components/Status.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { dossiersApi, newRequestId, type DossierDetails, type Prefill, type ProcedureInfo } from '../../dossiers-api.js';
import { type LocalProblem, pinTyped, useFormProblems } from '../../forms.js';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.js';
import { useRemote } from '../../hooks/useRemote.js';
import { useLang } from '../../i18n/index.js';
import { peopleApi } from '../../people-api.js';
import { fieldOfError, formFields, initialValues, missingRequired, prefilledNames, toFormData, type FormValues } from '../../procedure-form.js';

/**
 * `/dossiers/new`: an officer files a dossier at the counter for a person without an e-ID
 * account — the procedure, the applicant's PIN (their name shown to compare), the office, the
 * same generic form as the portal (prefilled from the registry where the officer may read
 * it), then the documents attached to the dossier just filed.
 */
export function CounterFilingPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('filing.counterTitle'));
  const lang = useLang();
  const procedures = useRemote('officer-procedures', (signal) => dossiersApi.procedures(signal));
  const [code, setCode] = useState('');
  const counterProcedures = procedures.data?.filter((p) => p.channels.includes('counter')) ?? [];
  const procedure = counterProcedures.find((p) => p.code === code);
  const [round, setRound] = useState(0);
  return (
    <div className="page" data-testid="counter-filing">
      <h1>{t('filing.counterTitle')}</h1>
      <p className="muted">{t('filing.counterIntro')}</p>
      {procedures.status === 'error' && <ErrorBox error={procedures.error} onRetry={procedures.retry} />}
      {!procedures.data && procedures.status !== 'error' && <Loading />}
      {procedures.data && (
        <section className="panel section">
          <Field name="procedure" label={t('filing.procedure')} required>
            {(p) => (
              <select {...p} value={code} onChange={(e) => setCode(e.target.value)} data-testid="counter-procedure">
                <option value="">{t('filing.choose')}</option>
                {counterProcedures.map((x) => (
                  <option key={x.code} value={x.code}>
                    {x.name[lang]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </section>
      )}
      {procedure && <CounterForm key={`${procedure.code}-${round}`} procedure={procedure} onAnother={() => setRound((n) => n + 1)} />}
    </div>
  );
}

function CounterForm({ procedure, onAnother }: { procedure: ProcedureInfo; onAnother: () => void }) {
  const { t } = useTranslation();
  const officer = useOfficer();
  const ownUnit = officer.unitLevel === 'commune' ? (officer.unitCode ?? '') : '';
  const fields = useMemo(() => formFields(procedure.form), [procedure]);
  const [pin, setPin] = useState('');
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const [values, setValues] = useState<FormValues>(() => initialValues(fields, null));
  const [unitCode, setUnitCode] = useState(ownUnit);
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState<DossierDetails | null>(null);
  const requestId = useRef(newRequestId());
  const problems = useFormProblems();
  const prefilled = useMemo(() => prefilledNames(fields, prefill), [fields, prefill]);
  const lookupPin = useCallback((p: string, signal: AbortSignal) => peopleApi.brief(p, t('filing.counterTitle'), signal).then((b) => b.fullName), [t]);

  const loadApplicant = (next: string) => {
    setPin(next);
    problems.touch('applicantPin');
    if (!/^\d{12}$/.test(next)) return;
    // What the registry holds is filled in; a person outside the officer's area is just not prefilled.
    dossiersApi.prefill(next).then(
      (p) => {
        setPrefill(p);
        setValues((v) => ({ ...v, ...Object.fromEntries(Object.entries(initialValues(fields, p)).filter(([k, x]) => typeof x === 'string' && x !== '' && v[k] === '')) }));
      },
      () => setPrefill(null),
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: LocalProblem[] = missingRequired(fields, values).map((field) => ({ field, key: 'required' }));
    if (!/^\d{12}$/.test(pin)) missing.push({ field: 'applicantPin', key: 'pin' });
    if (!/^\d{5}$/.test(unitCode)) missing.push({ field: 'unitCode', key: 'required' });
    if (missing.length) return problems.setLocal(missing);
    setBusy(true);
    dossiersApi.file({ procedure: procedure.code, applicantPin: pin, unitCode, channel: 'counter', requestId: requestId.current, form: toFormData(fields, values) }).then(
      (d) => {
        setBusy(false);
        setFiled(d);
      },
      (err: unknown) => {
        setBusy(false);
        problems.setServer(err instanceof ApiError ? new ApiError(err.status, err.code, err.messages, fieldOfError(err.field, fields) ?? err.field, err.errors.map((x) => ({ ...x, field: fieldOfError(x.field, fields) ?? x.field }))) : err);
      },
    );
  };

  if (filed) {
    return (
      <section className="panel section" data-testid="counter-filed">
        <p className="alert alert--success" role="status">
          {t('filing.counterSubmitted', { code: filed.code })}
        </p>
        <FeeLine procedure={procedure} channel="counter" />
        <DocumentsChecklist
          documents={procedure.documents}
          attached={new Set(filed.attachments.map((a) => a.documentCode))}
          onUpload={async (code, file) => {
            const a = await dossiersApi.attach(filed.id, code, file);
            setFiled({ ...filed, attachments: [...filed.attachments, a] });
          }}
        />
        <div className="form-actions">
          <button type="button" className="button button--secondary" onClick={onAnother}>
            {t('filing.openDossier')}
          </button>
        </div>
      </section>
    );
  }
  return (
    <form className="panel section" onSubmit={submit} noValidate data-testid="counter-form">
      <FeeLine procedure={procedure} channel="counter" />
      <ErrorSummary problems={problems.problems} attempt={problems.attempt} labelFor={(f) => (f === 'applicantPin' ? t('filing.applicantPin') : f === 'unitCode' ? t('filing.unit') : fields.find((x) => `form.${x.name}` === f)?.label.vi)} />
      <div className="form-grid">
        <Field name="applicantPin" label={t('filing.applicantPin')} hint={t('filing.applicantPinHint')} error={problems.messageFor('applicantPin')} required>
          {(p) => (
            <>
              <input {...p} inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => loadApplicant(pinTyped(e.target.value))} data-testid="counter-pin" />
              <PinName pin={pin} lookup={lookupPin} />
            </>
          )}
        </Field>
        <UnitPicker name="unitCode" label={t('filing.unit')} value={unitCode} onChange={(c) => c !== unitCode && setUnitCode(c)} level="commune" error={problems.messageFor('unitCode')} required />
      </div>
      <h2>{t('filing.formHeading')}</h2>
      <ProcedureForm fields={fields} values={values} onChange={setValues} prefilled={prefilled} messageFor={problems.messageFor} touch={problems.touch} lookupPin={lookupPin} />
      <h2>{t('filing.documentsHeading')}</h2>
      <DocumentsChecklist documents={procedure.documents} attached={new Set()} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="counter-submit">
          {busy ? t('filing.submitting') : t('filing.submit')}
        </button>
      </div>
    </form>
  );
}
