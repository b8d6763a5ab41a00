import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../hooks/useDebounced.js';
import { unitByCode, unitsApi, type Unit, type UnitLevel } from '../units-api.js';
import { Field } from './Field.js';

/** "Phường Ba Đình, Thành phố Hà Nội": how a chosen unit reads in a form and its summary. */
export function unitFullName(unit: Pick<Unit, 'name' | 'level' | 'provinceName'>): string {
  return unit.level === 'province' ? unit.name : `${unit.name}, ${unit.provinceName}`;
}

/**
 * A searchable picker of today's administrative units: the officer types part of a name (with or
 * without diacritics) and picks one of the matches; no code is ever typed. The units module
 * searches and pages on the server, so no unit list is sent whole.
 */
export function UnitPicker({
  name,
  label,
  value,
  onChange,
  level,
  error,
  hint,
  required,
}: {
  name: string;
  label: string;
  /** The chosen unit's code, or '' for none. */
  value: string;
  onChange: (code: string, unit: Unit | null) => void;
  /** Only units of this level (communes for a place of registration); any level when absent. */
  level?: UnitLevel;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Unit | null>(null);
  const [results, setResults] = useState<Unit[] | null>(null);
  const [failed, setFailed] = useState(false);
  const q = useDebounced(query.trim(), 250);

  // A value set from outside (the officer's own commune by default) is shown by its name.
  useEffect(() => {
    if (!value || chosen?.code === value) return;
    let live = true;
    unitByCode(value).then(
      (unit) => {
        if (!live) return;
        setChosen(unit);
        // The form learns the name too (its summary shows units by name).
        onChange(value, unit);
      },
      () => undefined, // the code alone stays; the server names an unknown one
    );
    return () => {
      live = false;
    };
    // onChange is the parent's setter of the moment; the lookup depends on the value only.
  }, [value, chosen]);

  useEffect(() => {
    if (q.length < 2) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    setFailed(false);
    unitsApi.search({ q, tree: 'current', page: 1, level }, controller.signal).then(
      (page) => setResults(page.items),
      (err: unknown) => {
        if (!controller.signal.aborted) {
          setFailed(true);
          setResults(null);
          void err;
        }
      },
    );
    return () => controller.abort();
  }, [q, level]);

  const pick = (unit: Unit) => {
    setChosen(unit);
    setQuery('');
    setResults(null);
    onChange(unit.code, unit);
  };

  return (
    <Field name={name} label={label} error={error} hint={hint} required={required} className="unit-picker">
      {(p) =>
        value ? (
          <div className="unit-picker__chosen" data-testid={`picked-${name}`}>
            <span>
              {chosen?.code === value ? unitFullName(chosen) : ''} <span className="code muted">({value})</span>
            </span>
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => {
                setChosen(null);
                onChange('', null);
              }}
              aria-label={t('birth2.picker.changeLabel', { label })}
              data-testid={`change-${name}`}
              id={p.id}
            >
              {t('birth2.picker.change')}
            </button>
          </div>
        ) : (
          <div className="unit-picker__search">
            <input
              {...p}
              type="search"
              autoComplete="off"
              placeholder={t('birth2.picker.placeholder')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              role="combobox"
              aria-expanded={results !== null && results.length > 0}
              aria-controls={`${p.id}-options`}
              data-testid={`input-${name}`}
            />
            {failed && <p className="field-message">{t('birth2.picker.failed')}</p>}
            {results !== null && (
              <ul className="unit-picker__options" id={`${p.id}-options`} role="listbox" data-testid={`options-${name}`}>
                {results.length === 0 && <li className="muted unit-picker__none">{t('birth2.picker.none')}</li>}
                {results.map((unit) => (
                  <li key={`${unit.code}-${unit.validFrom}`} role="option" aria-selected={false}>
                    <button type="button" className="unit-picker__option" onClick={() => pick(unit)} data-testid="unit-option">
                      {unitFullName(unit)} <span className="code muted">({unit.code})</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )
      }
    </Field>
  );
}
