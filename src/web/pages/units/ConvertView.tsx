import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorBox, Loading } from '../../components/Status.js';
import { useRemote } from '../../hooks/useRemote.js';
import { unitsApi, type Conversion, type ConversionTarget, type Unit } from '../../units-api.js';
import { typeLabel, validityLabel } from './labels.js';

// A pre-2025 commune (5 digits), or an island district that had no communes (3 digits).
const OLD_CODE = /^(\d{3}|\d{5})$/;

/** Old (pre-2025) commune code → the new commune(s) it became. */
export function ConvertView() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? '';
  const [text, setText] = useState(code);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => setText(code), [code]); // back/forward between lookups

  const valid = OLD_CODE.test(code);
  const result = useRemote(valid ? code : null, (signal) => unitsApi.convert(code, signal));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = text.trim();
    if (!OLD_CODE.test(next)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    if (next === code) result.retry();
    else setParams({ code: next });
  }

  return (
    <section aria-labelledby="convert-heading" className="panel" data-testid="convert">
      <h2 id="convert-heading">{t('units.convert.heading')}</h2>
      <p className="muted">{t('units.convert.intro')}</p>
      <form className="inline-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="old-code">{t('units.convert.code')}</label>
          <input
            id="old-code"
            inputMode="numeric"
            className="input--code"
            maxLength={5}
            pattern="[0-9]{3}([0-9]{2})?"
            autoComplete="off"
            placeholder={t('units.convert.placeholder')}
            value={text}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? 'old-code-error' : undefined}
            onChange={(e) => setText(e.target.value.replace(/\D/g, ''))}
            data-testid="convert-code"
          />
        </div>
        <button type="submit" className="button button--primary" data-testid="convert-submit">
          {t('units.convert.submit')}
        </button>
      </form>
      {invalid && (
        <p className="field-error" id="old-code-error" role="alert">
          {t('units.convert.invalid')}
        </p>
      )}

      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ErrorBox error={result.error} onRetry={result.retry} />}
      {result.status === 'ok' && <ConversionResult conversion={result.data} />}
    </section>
  );
}

function ConversionResult({ conversion }: { conversion: Conversion }) {
  const { t } = useTranslation();
  return (
    <div className="conversion" data-testid="convert-result" aria-live="polite">
      {conversion.partial && (
        <p className="alert alert--warning" role="status" data-testid="convert-partial-warning">
          {t('units.convert.partialWarning')}
        </p>
      )}
      <div className="conversion__grid">
        <section className="card card--muted" aria-labelledby="old-unit-heading" data-testid="convert-old">
          <h3 id="old-unit-heading">{t('units.convert.oldUnit')}</h3>
          <UnitSummary unit={conversion.old} />
        </section>
        <div className="conversion__arrow" aria-hidden="true">
          →
        </div>
        <section className="card" aria-labelledby="new-units-heading" data-testid="convert-targets">
          <h3 id="new-units-heading">{t('units.convert.newUnits')}</h3>
          {conversion.targets.length === 0 ? (
            <p className="muted">{t('units.convert.noTargets')}</p>
          ) : (
            <ul className="targets">
              {conversion.targets.map((target) => (
                <Target key={target.unit.code} target={target} />
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function Target({ target }: { target: ConversionTarget }) {
  const { t } = useTranslation();
  return (
    <li className="targets__item" data-testid="convert-target" data-code={target.unit.code}>
      <p className="badges">
        <span className={`badge badge--${target.kind}`}>
          {t(`units.convert.kind.${target.kind}`, { defaultValue: target.kind })}
        </span>
        {target.wholePopulation && (
          <span className="badge badge--whole">{t('units.convert.wholePopulation')}</span>
        )}
      </p>
      <UnitSummary unit={target.unit} />
      {target.note && (
        <p className="targets__note">
          <span className="visually-hidden">{t('units.convert.note')}: </span>
          {target.note}
        </p>
      )}
    </li>
  );
}

function UnitSummary({ unit }: { unit: Unit }) {
  const { t } = useTranslation();
  const where = [unit.districtName, unit.provinceName].filter(Boolean).join(', ');
  const validity = validityLabel(t, unit);
  return (
    <div className="unit-summary">
      <p className="unit-summary__name">
        {unit.name} <span className="code">{unit.code}</span>
      </p>
      <p className="muted">
        {typeLabel(t, unit.type)}
        {where && ` · ${where}`}
        {validity && ` · ${validity}`}
      </p>
    </div>
  );
}
