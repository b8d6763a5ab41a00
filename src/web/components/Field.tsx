import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../forms.js';

/** What a control needs to be tied to its label, hint and error. */
export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  /** The API field name; also the element id (prefixed) the error summary links to. */
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

export const fieldId = (name: string) => `f-${name.replace(/[^\w-]/g, '-')}`;

/** A labelled control with its hint and, when the field has a problem, the message beside it. */
export function Field({ name, label, error, hint, required = false, className, children }: FieldProps) {
  const { t } = useTranslation();
  const id = fieldId(name);
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${className ? ` ${className}` : ''}`} data-field={name}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
        {required && <span className="visually-hidden"> ({t('forms.required')})</span>}
      </label>
      {children({
        id,
        name,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-message" id={`${id}-error`} data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The list of every problem at the top of a form, each naming and linking to its field,
 * focused when it appears so keyboard and screen-reader users land on it.
 */
export function ErrorSummary({
  problems,
  attempt,
  labelFor,
  title,
  testId = 'form-errors',
}: {
  problems: Problem[];
  /** What went wrong, when it is not "not saved" (a refused identity check, say). */
  title?: string | undefined;
  testId?: string;
  /** FormProblems.attempt: focus moves here after each submit, not while the officer types. */
  attempt: number;
  labelFor?: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (attempt > 0) ref.current?.focus();
  }, [attempt]);
  if (problems.length === 0) return null;
  return (
    <div
      className="alert alert--error error-summary"
      role="alert"
      tabIndex={-1}
      ref={ref}
      data-testid={testId}
    >
      <p className="error-summary__title">{title ?? t('forms.summaryTitle')}</p>
      <ul>
        {problems.map((p, i) => {
          const label = p.field ? labelFor?.(p.field) : undefined;
          return (
            <li key={`${p.field ?? ''}-${i}`}>
              {p.field && label ? (
                <a href={`#${fieldId(p.field)}`}>
                  <strong>{label}</strong>: {p.text}
                </a>
              ) : (
                p.text
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

type InputExtras = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'value' | 'onChange'> & {
  'data-testid'?: string;
};

/** The common case: a labelled text input bound to a string. */
export function TextField({
  name,
  label,
  value,
  onChange,
  error,
  hint,
  required,
  className,
  input,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  className?: string;
  input?: InputExtras;
}) {
  return (
    <Field name={name} label={label} error={error} hint={hint} required={required} className={className}>
      {(p) => (
        <input
          {...p}
          autoComplete="off"
          data-testid={`input-${name}`}
          {...input}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A labelled <select>; `empty` adds a first option meaning "none". */
export function SelectField({
  name,
  label,
  value,
  onChange,
  options,
  empty,
  error,
  hint,
  required,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Option[];
  empty?: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}) {
  return (
    <Field name={name} label={label} error={error} hint={hint} required={required}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)} data-testid={`input-${name}`}>
          {empty !== undefined && <option value="">{empty}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
