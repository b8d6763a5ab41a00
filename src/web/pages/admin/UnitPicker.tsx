import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../hooks/useDebounced.js';
import { useRemote } from '../../hooks/useRemote.js';
import { unitsApi, type Unit } from '../../units-api.js';

/**
 * Picks a current province or commune by typing part of its name or code: the server searches
 * and pages (never the whole tree in the browser). The chosen unit shows by name; `value` is
 * its code.
 */
export function UnitPicker({
  level,
  value,
  valueLabel,
  onChange,
  inputId,
  testId,
  describedBy,
}: {
  level: 'province' | 'commune';
  value: string | null;
  /** The chosen unit's name, when known (from the list being edited). */
  valueLabel?: string | null | undefined;
  onChange: (code: string | null, unit: Unit | null) => void;
  inputId: string;
  testId: string;
  describedBy?: string | undefined;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<Unit | null>(null);
  const query = useDebounced(text.trim(), 250);
  const listId = useId();
  const found = useRemote(query.length >= 2 && !value ? `${level}:${query}` : null, (signal) => unitsApi.search({ q: query, tree: 'current', page: 1, level }, signal));

  if (value) {
    const name = chosen?.code === value ? chosen.name : valueLabel;
    return (
      <div className="unit-picker unit-picker--chosen" data-testid={testId}>
        <span data-testid={`${testId}-chosen`}>
          {name ? `${name} ` : ''}
          <span className="code">({value})</span>
        </span>{' '}
        <button type="button" className="button button--ghost button--small" onClick={() => { setChosen(null); onChange(null, null); }} data-testid={`${testId}-change`}>
          {t('admin.unitPicker.change')}
        </button>
      </div>
    );
  }
  return (
    <div className="unit-picker" data-testid={testId}>
      <input
        id={inputId}
        type="search"
        className="input--wide"
        value={text}
        autoComplete="off"
        placeholder={t(level === 'commune' ? 'admin.unitPicker.communePlaceholder' : 'admin.unitPicker.provincePlaceholder')}
        aria-describedby={describedBy}
        aria-controls={listId}
        onChange={(e) => setText(e.target.value)}
        data-testid={`${testId}-input`}
      />
      {found.data && (
        <ul className="unit-picker__options" id={listId} aria-label={t('admin.unitPicker.results')}>
          {found.data.items.length === 0 && <li className="muted">{t('admin.unitPicker.none')}</li>}
          {found.data.items.slice(0, 8).map((u) => (
            <li key={u.code}>
              <button
                type="button"
                className="unit-picker__option"
                onClick={() => {
                  setChosen(u);
                  setText('');
                  onChange(u.code, u);
                }}
                data-testid={`${testId}-option`}
                data-code={u.code}
              >
                {u.name} <span className="muted">· {u.level === 'commune' ? u.provinceName : ''} <span className="code">{u.code}</span></span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
