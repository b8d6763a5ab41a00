import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcedureInfo } from '../contracts.js';
import { errorMessage } from '../api.js';
import { formatDate, formatNumber, parseDateInput } from '../format.js';
import { useLang, type Lang } from '../i18n/index.js';
import { emptyItem, problemKey, type FieldSpec, type FormValues, type ItemValues } from '../procedure-form.js';
import { useLabels } from '../reference.js';
import { Field, type ControlProps } from './Field.js';
import { UnitPicker } from './UnitPicker.js';

/**
 * Any procedure's form, rendered from its JSON Schema by the form convention
 * (docs/procedure-forms.md): labels in the UI language, widgets, enums with labels, lists of
 * flat records with add and remove, help lines, values the registry holds shown read-only with
 * "from the registry", and each problem (local or the API's `errors[]`) under its field.
 */
export function ProcedureForm({
  fields,
  values,
  onChange,
  prefilled,
  messageFor,
  touch,
  lookupPin,
  idPrefix = '',
}: {
  fields: FieldSpec[];
  values: FormValues;
  onChange: (values: FormValues) => void;
  /** Fields whose value came from the registry. */
  prefilled: ReadonlySet<string>;
  messageFor: (field: string) => string | undefined;
  touch: (field: string) => void;
  /** The name behind a typed PIN (the counter: officers may look one up); none in the portal. */
  lookupPin?: (pin: string, signal: AbortSignal) => Promise<string>;
  idPrefix?: string;
}) {
  const lang = useLang();
  const [unlocked, setUnlocked] = useState<ReadonlySet<string>>(new Set());
  const set = (name: string, value: string | ItemValues[]) => {
    touch(problemKey(name));
    onChange({ ...values, [name]: value });
  };
  return (
    <div className="procedure-form form-grid" data-testid="procedure-form">
      {fields.map((f) => {
        if (f.kind === 'list') {
          const items = Array.isArray(values[f.name]) ? (values[f.name] as ItemValues[]) : [];
          return <ListField key={f.name} field={f} items={items} lang={lang} messageFor={messageFor} lookupPin={lookupPin} idPrefix={idPrefix} onChange={(next) => set(f.name, next)} />;
        }
        const readOnly = prefilled.has(f.name) && !unlocked.has(f.name);
        return (
          <ScalarField
            key={f.name}
            field={f}
            keyName={`${idPrefix}${problemKey(f.name)}`}
            value={typeof values[f.name] === 'string' ? (values[f.name] as string) : ''}
            onChange={(v) => set(f.name, v)}
            error={messageFor(problemKey(f.name))}
            lang={lang}
            readOnly={readOnly}
            fromRegistry={prefilled.has(f.name)}
            onUnlock={() => setUnlocked(new Set([...unlocked, f.name]))}
            lookupPin={lookupPin}
          />
        );
      })}
    </div>
  );
}

function ScalarField({
  field: f,
  keyName,
  value,
  onChange,
  error,
  lang,
  readOnly,
  fromRegistry,
  onUnlock,
  lookupPin,
}: {
  field: FieldSpec;
  keyName: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  lang: Lang;
  readOnly: boolean;
  fromRegistry: boolean;
  onUnlock: () => void;
  lookupPin: ((pin: string, signal: AbortSignal) => Promise<string>) | undefined;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const label = f.label[lang];
  const hint = f.help?.[lang];
  const wide = f.kind === 'textarea' || f.kind === 'unit' ? 'form-grid__wide' : undefined;
  if (f.kind === 'unit' && !readOnly) {
    return (
      <div className={wide}>
        <UnitPicker name={keyName} label={label} value={value} onChange={(code) => code !== value && onChange(code)} level="commune" error={error} hint={hint} required={f.required} />
      </div>
    );
  }
  return (
    <Field name={keyName} label={label} error={error} hint={hint} required={f.required} className={wide}>
      {(p) => (
        <>
          {readOnly ? (
            <input {...p} value={value} readOnly className="input--registry" data-testid={`form-${f.name}`} />
          ) : f.kind === 'textarea' ? (
            <textarea {...p} rows={3} maxLength={f.maxLength ?? undefined} value={value} onChange={(e) => onChange(e.target.value)} data-testid={`form-${f.name}`} />
          ) : f.kind === 'select' || f.kind === 'relation' ? (
            <select {...p} value={value} onChange={(e) => onChange(e.target.value)} data-testid={`form-${f.name}`}>
              <option value="">{t('filing.choose')}</option>
              {(f.kind === 'relation' ? (labels.reference?.relations ?? []).map((r) => ({ value: r.code, label: { vi: r.vi, en: r.en } })) : f.options).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label[lang]}
                </option>
              ))}
            </select>
          ) : f.kind === 'checkbox' ? (
            <input {...p} type="checkbox" checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : '')} data-testid={`form-${f.name}`} />
          ) : f.kind === 'date' ? (
            <DateText inputProps={p} value={value} onChange={onChange} testId={`form-${f.name}`} />
          ) : (
            <input
              {...p}
              type="text"
              inputMode={f.kind === 'number' || f.kind === 'pin' ? 'numeric' : undefined}
              maxLength={f.kind === 'pin' ? 12 : (f.maxLength ?? undefined)}
              autoComplete="off"
              value={value}
              onChange={(e) => onChange(e.target.value)}
              data-testid={`form-${f.name}`}
            />
          )}
          {fromRegistry && (
            <p className="registry-note" data-testid={`registry-${f.name}`}>
              <span className="badge">{t('filing.fromRegistry')}</span>
              {readOnly && (
                <button type="button" className="link-button" onClick={onUnlock}>
                  {t('filing.change')}
                </button>
              )}
            </p>
          )}
          {f.kind === 'pin' && lookupPin && <PinName pin={value} lookup={lookupPin} />}
        </>
      )}
    </Field>
  );
}

/**
 * A date typed day/month/year as Vietnamese forms write it (the browser's date picker follows the
 * browser's locale, month first on most phones set to English). The form keeps ISO: what is typed
 * goes up as YYYY-MM-DD once it is a real date, as typed otherwise (the server names the field).
 */
function DateText({ inputProps, value, onChange, testId }: { inputProps: ControlProps; value: string; onChange: (v: string) => void; testId: string }) {
  const toText = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v);
  const [text, setText] = useState(() => toText(value));
  // A value set from outside (the registry's prefill, a reset) replaces what is shown.
  useEffect(() => {
    const typed = parseDateInput(text);
    if (!(typed.ok && typed.iso === value) && text !== value) setText(toText(value));
  }, [value]);
  return (
    <input
      {...inputProps}
      type="text"
      inputMode="numeric"
      placeholder="dd/mm/yyyy"
      autoComplete="off"
      maxLength={10}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parseDateInput(e.target.value);
        onChange(parsed.ok && parsed.iso.length === 10 ? parsed.iso : e.target.value);
      }}
      data-testid={testId}
    />
  );
}

/** Whose PIN was typed, once it has 12 digits (the counter only: each lookup is access-logged). */
export function PinName({ pin, lookup }: { pin: string; lookup: (pin: string, signal: AbortSignal) => Promise<string> }) {
  const [state, setState] = useState<{ pin: string; text: string; ok: boolean } | null>(null);
  useEffect(() => {
    if (!/^\d{12}$/.test(pin)) return;
    const controller = new AbortController();
    lookup(pin, controller.signal).then(
      (name) => setState({ pin, text: name, ok: true }),
      (err: unknown) => !controller.signal.aborted && setState({ pin, text: errorMessage(err), ok: false }),
    );
    return () => controller.abort();
  }, [pin, lookup]);
  if (!state || state.pin !== pin || !/^\d{12}$/.test(pin)) return null;
  return (
    <p className={state.ok ? 'pin-name' : 'pin-name pin-name--unknown'} data-testid="pin-name" aria-live="polite">
      {state.text}
    </p>
  );
}

function ListField({
  field: f,
  items,
  lang,
  messageFor,
  lookupPin,
  idPrefix,
  onChange,
}: {
  field: FieldSpec;
  items: ItemValues[];
  lang: Lang;
  messageFor: (field: string) => string | undefined;
  lookupPin: ((pin: string, signal: AbortSignal) => Promise<string>) | undefined;
  idPrefix: string;
  onChange: (items: ItemValues[]) => void;
}) {
  const { t } = useTranslation();
  const listError = messageFor(problemKey(f.name));
  return (
    <fieldset className="fieldset form-grid__wide procedure-list" data-testid={`form-${f.name}`}>
      <legend>{f.label[lang]}</legend>
      {f.help && <p className="hint">{f.help[lang]}</p>}
      {listError && <p className="field-message">{listError}</p>}
      {items.length === 0 && <p className="muted">{t('filing.listEmpty')}</p>}
      {items.map((item, i) => (
        <div className="procedure-list__item" key={i} data-testid={`form-${f.name}-item`}>
          <p className="procedure-list__title">{t('filing.itemNo', { n: i + 1 })}</p>
          {f.itemFields.map((x) => (
            <ScalarField
              key={x.name}
              field={x}
              keyName={`${idPrefix}${problemKey(f.name, i, x.name)}`}
              value={item[x.name] ?? ''}
              onChange={(v) => onChange(items.map((it, j) => (j === i ? { ...it, [x.name]: v } : it)))}
              error={messageFor(problemKey(f.name, i, x.name))}
              lang={lang}
              readOnly={false}
              fromRegistry={false}
              onUnlock={() => undefined}
              lookupPin={lookupPin}
            />
          ))}
          <button type="button" className="button button--secondary button--small" onClick={() => onChange(items.filter((_, j) => j !== i))} data-testid={`form-${f.name}-remove`}>
            {t('filing.removeItem')}
          </button>
        </div>
      ))}
      {(f.maxItems === null || items.length < f.maxItems) && (
        <button type="button" className="button button--secondary button--small" onClick={() => onChange([...items, emptyItem(f)])} data-testid={`form-${f.name}-add`}>
          {t('filing.addItem')}
        </button>
      )}
    </fieldset>
  );
}

/** The fee for the channel the dossier is filed through. */
export function FeeLine({ procedure, channel }: { procedure: ProcedureInfo; channel: 'portal' | 'counter' }) {
  const { t } = useTranslation();
  const lang = useLang();
  const amount = channel === 'portal' ? procedure.fee.onlineVnd : procedure.fee.counterVnd;
  return (
    <p className="fee-line" data-testid="fee">
      {amount === 0 ? t('filing.feeFree') : t(channel === 'portal' ? 'filing.feeOnline' : 'filing.feeCounter', { amount: formatNumber(amount, lang) })}
      {' · '}
      {t('filing.workingDays', { count: procedure.workingDays })}
    </p>
  );
}

/**
 * The documents of a procedure: those the registry holds (not asked for), those to attach with
 * an upload button each (the dossier's attachment route; type told by the bytes on the server).
 */
export function DocumentsChecklist({
  documents,
  attached,
  onUpload,
}: {
  documents: ProcedureInfo['documents'];
  /** Codes of the documents attached so far. */
  attached: ReadonlySet<string>;
  /** Absent before the dossier exists: the list is shown, without upload buttons. */
  onUpload?: (documentCode: string, file: File) => Promise<void>;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  if (documents.length === 0) return <p className="muted">{t('filing.noDocuments')}</p>;
  return (
    <ul className="documents" data-testid="documents">
      {documents.map((d) => {
        const state = d.heldByRegistry ? 'registry' : attached.has(d.code) ? 'attached' : d.required ? 'missing' : 'optional';
        return (
          <li key={d.code} className={`documents__item documents__item--${state}`} data-testid={`document-${d.code}`} data-state={state}>
            <span className="documents__name">{d.name[lang]}</span>
            <span className="documents__state">{t(`filing.document.${state}`)}</span>
            {onUpload && !d.heldByRegistry && (
              <label className="button button--secondary button--small documents__upload">
                {busy === d.code ? t('filing.uploading') : attached.has(d.code) ? t('filing.uploadAgain') : t('filing.upload')}
                <input
                  type="file"
                  accept="application/pdf,image/jpeg,image/png"
                  className="visually-hidden"
                  disabled={busy !== null}
                  data-testid={`upload-${d.code}`}
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    e.target.value = '';
                    if (!file) return;
                    setBusy(d.code);
                    setError(null);
                    onUpload(d.code, file).then(
                      () => setBusy(null),
                      (err: unknown) => {
                        setBusy(null);
                        setError({ code: d.code, text: errorMessage(err) });
                      },
                    );
                  }}
                />
              </label>
            )}
            {error?.code === d.code && (
              <p className="field-message" role="alert">
                {error.text}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
