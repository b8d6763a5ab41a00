import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ProcedureInfo } from '../contracts.js';
import { citizenDossiersApi } from '../citizen-api.js';
import { ErrorSummary } from '../components/Field.js';
import { DocumentsChecklist, FeeLine, ProcedureForm } from '../components/ProcedureForm.js';
import { Empty, ErrorBox, Loading } from '../components/Status.js';
import { UnitPicker } from '../components/UnitPicker.js';
import { newRequestId } from '../dossiers-api.js';
import { useFormProblems } from '../forms.js';
import { useDocumentTitle } from '../hooks/useDocumentTitle.js';
import { useRemote } from '../hooks/useRemote.js';
import { useLang } from '../i18n/index.js';
import { ApiError } from '../api.js';
import { formatDate } from '../format.js';
import { fieldOfError, formFields, initialValues, missingRequired, prefilledNames, problemKey, toFormData, type FieldSpec, type FormValues } from '../procedure-form.js';
import { useCitizen } from './citizen-auth.js';

/** "Thủ tục cư trú": the procedures the citizen can file online. */
export function ProceduresPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('filing.proceduresTitle'));
  const lang = useLang();
  const account = useCitizen();
  const procedures = useRemote('citizen-procedures', (signal) => citizenDossiersApi.procedures(signal));
  return (
    <section className="panel section" aria-labelledby="procedures-heading" data-testid="procedures">
      <h2 id="procedures-heading">{t('filing.proceduresTitle')}</h2>
      <p className="muted">{t('filing.proceduresIntro')}</p>
      {procedures.status === 'error' && <ErrorBox error={procedures.error} onRetry={procedures.retry} />}
      {!procedures.data && procedures.status !== 'error' && <Loading />}
      {procedures.data?.length === 0 && <Empty>{t('filing.proceduresEmpty')}</Empty>}
      <ul className="cards">
        {procedures.data?.map((p) => (
          <li key={p.code} className="card" data-testid="procedure" data-code={p.code}>
            <p className="card__title">{p.name[lang]}</p>
            <FeeLine procedure={p} channel="portal" />
            {account.level < p.minEidLevel ? (
              <p className="muted">{t('filing.needsLevel2')}</p>
            ) : (
              <Link className="button button--primary button--small" to={`/portal/procedures/${encodeURIComponent(p.code)}`} data-testid="procedure-start">
                {t('filing.start')}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `/portal/procedures/:code`: the form (prefilled from the registry) → check → file → the dossier's page. */
export function FilingPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const procedures = useRemote('citizen-procedures', (signal) => citizenDossiersApi.procedures(signal));
  const prefill = useRemote('citizen-prefill', (signal) => citizenDossiersApi.prefill(signal));
  const procedure = procedures.data?.find((p) => p.code === code);
  useDocumentTitle(procedure ? procedure.name.vi : t('filing.proceduresTitle'));
  if (procedures.status === 'error') return <ErrorBox error={procedures.error} onRetry={procedures.retry} />;
  if (prefill.status === 'error') return <ErrorBox error={prefill.error} onRetry={prefill.retry} />;
  if (!procedures.data || !prefill.data) return <Loading />;
  if (!procedure) return <Empty>{t('filing.proceduresEmpty')}</Empty>;
  return <FilingForm key={procedure.code} procedure={procedure} prefill={prefill.data} />;
}

function FilingForm({ procedure, prefill }: { procedure: ProcedureInfo; prefill: NonNullable<Parameters<typeof initialValues>[1]> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const account = useCitizen();
  const navigate = useNavigate();
  const fields = useMemo(() => formFields(procedure.form), [procedure]);
  const prefilled = useMemo(() => prefilledNames(fields, prefill), [fields, prefill]);
  const [values, setValues] = useState<FormValues>(() => initialValues(fields, prefill));
  // The office: the commune the form names, else where the citizen lives.
  const [unitCode, setUnitCode] = useState(prefill.values['applicant.permanent.unitCode'] ?? '');
  const [step, setStep] = useState<'form' | 'confirm'>('form');
  const [busy, setBusy] = useState(false);
  const requestId = useRef(newRequestId());
  const problems = useFormProblems();
  const labelFor = (key: string) => labelOf(fields, key, lang) ?? (key === 'unitCode' ? t('filing.unit') : undefined);
  const serverProblems = (err: unknown) => {
    // Each API error under its field: `form.months` → the months field.
    if (err instanceof ApiError && err.errors.length > 0) {
      return new ApiError(err.status, err.code, err.messages, err.field, err.errors.map((e) => ({ ...e, field: fieldOfError(e.field, fields) ?? (e.field === 'unitCode' ? 'unitCode' : '') })));
    }
    if (err instanceof ApiError) return new ApiError(err.status, err.code, err.messages, fieldOfError(err.field, fields) ?? (err.field === 'unitCode' ? 'unitCode' : undefined), []);
    return err;
  };

  if (account.level < procedure.minEidLevel) {
    return (
      <section className="panel section">
        <h2>{procedure.name[lang]}</h2>
        <p className="alert alert--warning">{t('filing.level2Required')}</p>
      </section>
    );
  }

  const review = (e: FormEvent) => {
    e.preventDefault();
    const missing = missingRequired(fields, values).map((field) => ({ field, key: 'required' as const }));
    if (!/^\d{5}$/.test(unitCode)) missing.push({ field: 'unitCode', key: 'required' });
    problems.setLocal(missing);
    if (missing.length === 0) {
      setStep('confirm');
      window.scrollTo(0, 0);
    }
  };
  const submit = () => {
    setBusy(true);
    citizenDossiersApi.file({ procedure: procedure.code, unitCode, requestId: requestId.current, form: toFormData(fields, values) }).then(
      (d) => void navigate(`/portal/dossiers/${encodeURIComponent(d.id)}?filed=1`),
      (err: unknown) => {
        setBusy(false);
        setStep('form');
        problems.setServer(serverProblems(err));
      },
    );
  };

  return (
    <section className="panel section filing" aria-labelledby="filing-heading" data-testid="filing">
      <p>
        <Link to="/portal/procedures">{t('filing.backToProcedures')}</Link>
      </p>
      <h2 id="filing-heading">{procedure.name[lang]}</h2>
      <FeeLine procedure={procedure} channel="portal" />
      {step === 'form' ? (
        <form onSubmit={review} noValidate>
          <ErrorSummary problems={problems.problems} attempt={problems.attempt} labelFor={labelFor} testId="filing-errors" />
          <h3>{t('filing.formHeading')}</h3>
          <ProcedureForm fields={fields} values={values} onChange={setValues} prefilled={prefilled} messageFor={problems.messageFor} touch={problems.touch} />
          <UnitPicker name="unitCode" label={t('filing.unit')} hint={t('filing.unitHint')} value={unitCode} onChange={(c) => c !== unitCode && (problems.touch('unitCode'), setUnitCode(c))} level="commune" error={problems.messageFor('unitCode')} required />
          <h3>{t('filing.documentsHeading')}</h3>
          <DocumentsChecklist documents={procedure.documents} attached={new Set()} />
          <p className="hint">{t('filing.documentsLater')}</p>
          <div className="form-actions">
            <button type="submit" className="button button--primary" data-testid="filing-review">
              {t('filing.review')}
            </button>
          </div>
        </form>
      ) : (
        <div data-testid="filing-confirm">
          <h3>{t('filing.confirmHeading')}</h3>
          <p>{t('filing.confirmIntro')}</p>
          <FormSummary fields={fields} values={values} />
          <div className="form-actions">
            <button type="button" className="button button--primary" onClick={submit} disabled={busy} data-testid="filing-submit">
              {busy ? t('filing.submitting') : t('filing.submit')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setStep('form')} disabled={busy}>
              {t('filing.edit')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** The label of a problem's field (`form.members.0.pin` → "Số định danh"), for the error summary. */
function labelOf(fields: FieldSpec[], key: string, lang: 'vi' | 'en'): string | undefined {
  const parts = key.split('.');
  const f = fields.find((x) => x.name === parts[1]);
  if (!f) return undefined;
  if (parts.length >= 4) {
    const x = f.itemFields.find((i) => i.name === parts[3]);
    return x ? `${f.label[lang]} ${Number(parts[2]) + 1}: ${x.label[lang]}` : f.label[lang];
  }
  return key === problemKey(f.name) ? f.label[lang] : undefined;
}

/** What will be filed, in words: enum labels, not codes. */
export function FormSummary({ fields, values }: { fields: FieldSpec[]; values: FormValues | Record<string, unknown> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const show = (f: FieldSpec, v: unknown): string => {
    if (v === undefined || v === null || v === '') return t('filing.empty');
    const s = String(v);
    if (f.kind === 'date') return formatDate(s);
    return f.options.find((o) => o.value === s)?.label[lang] ?? s;
  };
  return (
    <dl className="facts dossier-facts form-summary" data-testid="form-summary">
      {fields.map((f) => {
        const v = values[f.name];
        return (
          <div key={f.name} className="facts__row">
            <dt>{f.label[lang]}</dt>
            <dd>
              {Array.isArray(v)
                ? v.length === 0
                  ? t('filing.empty')
                  : (v as Array<Record<string, unknown>>).map((item, i) => (
                      <span key={i} className="form-summary__item">
                        {f.itemFields.map((x) => show(x, item[x.name])).join(' · ')}
                      </span>
                    ))
                : show(f, v)}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
