import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFileSize, PHOTO_MAX_BYTES, PHOTO_MIN_BYTES } from './portal-logic.js';

/**
 * The face photo of an enrolment. On a phone, "take a photo" opens the front camera
 * (`capture="user"`); "choose a photo" opens the gallery or the file picker. The rules the
 * server applies (JPEG or PNG, 2 KB to 2 MB) are shown before anything is sent, and the
 * chosen picture is previewed with its size and type, so a wrong file is seen at once.
 */
export function PhotoField({
  file,
  onChange,
  error,
  required = false,
}: {
  file: File | null;
  onChange: (file: File | null) => void;
  error: string | undefined;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const base = useId();
  const cameraRef = useRef<HTMLInputElement>(null);
  const pickRef = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string | null>(null);

  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const take = (input: HTMLInputElement) => {
    onChange(input.files?.[0] ?? null);
    // The same file chosen twice still fires a change.
    input.value = '';
  };
  const rulesId = `${base}-rules`;
  const errorId = `${base}-error`;
  const describedBy = [rulesId, error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <fieldset className="field photo-field" data-field="photo" id="f-photo" tabIndex={-1} aria-describedby={describedBy} data-testid="photo-field">
      <legend>
        {t('portal.enrol.field.photo')}
        {required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
        {required && <span className="visually-hidden"> ({t('forms.required')})</span>}
      </legend>
      <ul className="photo-field__rules" id={rulesId} data-testid="photo-rules">
        <li>{t('portal2.photo.ruleFace')}</li>
        <li>{t('portal2.photo.ruleFormat', { min: formatFileSize(PHOTO_MIN_BYTES), max: formatFileSize(PHOTO_MAX_BYTES) })}</li>
        <li>{t('portal2.photo.rulePrivacy')}</li>
      </ul>
      <div className="photo-field__actions">
        <button type="button" className="button button--primary" onClick={() => cameraRef.current?.click()} data-testid="photo-camera">
          {file ? t('portal2.photo.retake') : t('portal2.photo.take')}
        </button>
        <button type="button" className="button" onClick={() => pickRef.current?.click()} data-testid="photo-choose">
          {t('portal2.photo.choose')}
        </button>
      </div>
      {/* Two inputs, hidden behind the buttons: one opens the front camera, one the gallery. */}
      <input ref={cameraRef} className="visually-hidden" type="file" accept="image/*" capture="user" tabIndex={-1} aria-hidden="true" onChange={(e) => take(e.currentTarget)} data-testid="input-photo-camera" />
      <input ref={pickRef} className="visually-hidden" type="file" accept="image/jpeg,image/png" tabIndex={-1} aria-hidden="true" onChange={(e) => take(e.currentTarget)} data-testid="input-photo" />
      {file && preview && (
        <figure className="photo-field__preview" data-testid="photo-preview">
          <img src={preview} alt={t('portal2.photo.previewAlt')} />
          <figcaption>
            <span data-testid="photo-facts">{t('portal2.photo.facts', { name: file.name, size: formatFileSize(file.size), type: file.type || '?' })}</span>{' '}
            <button type="button" className="button button--link" onClick={() => onChange(null)} data-testid="photo-remove">
              {t('portal2.photo.remove')}
            </button>
          </figcaption>
        </figure>
      )}
      {!file && <p className="hint">{t('portal2.photo.none')}</p>}
      {error && (
        <p className="field-message" id={errorId} data-testid="error-photo">
          {error}
        </p>
      )}
    </fieldset>
  );
}
