import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../../components/Field.js';
import { FINGERS, MISSING_FINGER_REASONS, type MissingFingerReason } from '../../cards-api.js';

/** One finger: its scan, or why it could not be taken (and the officer's note). */
export interface FingerSlot {
  file: File | null;
  missing: boolean;
  reason: MissingFingerReason | '';
  note: string;
}

export type FingerSlots = Record<number, FingerSlot>;

export const emptyFingers = (): FingerSlots =>
  Object.fromEntries(FINGERS.map((n) => [n, { file: null, missing: false, reason: '', note: '' }]));

/** Fingers with neither a scan nor a reason: the form says so before anything is sent. */
export function fingersUnfilled(slots: FingerSlots): number[] {
  return FINGERS.filter((n) => {
    const s = slots[n]!;
    return s.missing ? s.reason === '' : s.file === null;
  });
}

function Thumb({ file, alt }: { file: File; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  return url ? <img src={url} alt={alt} className="idcard-finger__thumb" /> : null;
}

/**
 * The ten fingers, right hand then left (thumb to little finger, as the scanner takes them):
 * each a scan from the fingerprint reader (a PNG or JPEG file), or "not taken" with the reason
 * — amputated, bandaged, worn ridges, disability — and a note.
 */
export function FingerprintSlots({
  slots,
  onChange,
  messageFor,
}: {
  slots: FingerSlots;
  onChange: (next: FingerSlots) => void;
  messageFor: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const set = (n: number, patch: Partial<FingerSlot>) =>
    onChange({ ...slots, [n]: { ...slots[n]!, ...patch } });
  const general = messageFor('fingers');
  return (
    <fieldset
      className="field idcard-fingers"
      id={fieldId('fingers')}
      tabIndex={-1}
      data-field="fingers"
      data-testid="intake-fingers"
    >
      <legend>
        {t('cards.intake.fingers')}
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      <p className="hint">{t('cards.intake.fingersHint')}</p>
      {general && (
        <p className="field-message" data-testid="error-fingers">
          {general}
        </p>
      )}
      {(['right', 'left'] as const).map((hand) => (
        <div key={hand} className="idcard-hand">
          <h3>{t(`cards.intake.hand.${hand}`)}</h3>
          <ol className="idcard-hand__fingers">
            {FINGERS.filter((n) => (hand === 'right' ? n <= 5 : n > 5)).map((n) => {
              const s = slots[n]!;
              const name = t(`cards.finger.${n}` as 'cards.finger.1');
              const error = messageFor(`fingers.${n}`);
              const inputId = `${fieldId(`fingers.${n}`)}-file`;
              return (
                <li
                  key={n}
                  className={error ? 'idcard-finger idcard-finger--error' : 'idcard-finger'}
                  id={fieldId(`fingers.${n}`)}
                  tabIndex={-1}
                  data-testid={`finger-${n}`}
                >
                  <p className="idcard-finger__name">{name}</p>
                  {!s.missing && (
                    <>
                      <div className="idcard-finger__scan">
                        {s.file ? (
                          <Thumb file={s.file} alt={t('cards.intake.fingerAlt', { finger: name })} />
                        ) : (
                          <span className="muted">{t('cards.intake.noScan')}</span>
                        )}
                      </div>
                      <label
                        className="button button--secondary button--small idcard-finger__upload"
                        htmlFor={inputId}
                      >
                        {s.file ? t('cards.intake.rescan') : t('cards.intake.scan')}
                      </label>
                      <input
                        id={inputId}
                        className="visually-hidden"
                        type="file"
                        accept="image/png,image/jpeg"
                        aria-label={t('cards.intake.scanFor', { finger: name })}
                        data-testid={`finger-file-${n}`}
                        onChange={(e) => {
                          set(n, { file: e.currentTarget.files?.[0] ?? null });
                          e.currentTarget.value = '';
                        }}
                      />
                    </>
                  )}
                  <label className="checkbox idcard-finger__missing">
                    <input
                      type="checkbox"
                      checked={s.missing}
                      onChange={(e) => set(n, { missing: e.target.checked })}
                      data-testid={`finger-missing-${n}`}
                    />
                    {t('cards.intake.notTaken')}
                  </label>
                  {s.missing && (
                    <>
                      <select
                        className="input"
                        value={s.reason}
                        onChange={(e) => set(n, { reason: e.target.value as MissingFingerReason | '' })}
                        aria-label={t('cards.intake.missingReasonFor', { finger: name })}
                        data-testid={`finger-reason-${n}`}
                      >
                        <option value="">{t('cards.intake.chooseReason')}</option>
                        {MISSING_FINGER_REASONS.map((r) => (
                          <option key={r} value={r}>
                            {t(`cards.missingFinger.${r}`)}
                          </option>
                        ))}
                      </select>
                      <input
                        className="input"
                        maxLength={300}
                        value={s.note}
                        placeholder={t('cards.intake.notePlaceholder')}
                        onChange={(e) => set(n, { note: e.target.value })}
                        aria-label={t('cards.intake.noteFor', { finger: name })}
                        data-testid={`finger-note-${n}`}
                      />
                    </>
                  )}
                  {error && (
                    <p className="field-message" data-testid={`error-finger-${n}`}>
                      {error}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        </div>
      ))}
    </fieldset>
  );
}
