import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../../components/Field.js';
import { bigEnough, portraitCrop, portraitOutput, PORTRAIT_MIN } from '../../cards-logic.js';
import { useCamera } from '../../hooks/useCamera.js';

export interface Picture {
  blob: Blob;
  width: number;
  height: number;
  source: 'camera' | 'file';
}

/** The pixel size of an image file (0×0 when the browser cannot read it: the server then says why). */
async function sizeOf(blob: Blob): Promise<{ width: number; height: number }> {
  try {
    const bitmap = await createImageBitmap(blob);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    return { width: 0, height: 0 };
  }
}

/** The middle 3:4 of the video's current frame as a JPEG, at most 600×800. */
function capture(video: HTMLVideoElement): Promise<Picture | null> {
  const crop = portraitCrop(video.videoWidth, video.videoHeight);
  const out = portraitOutput(crop);
  const canvas = document.createElement('canvas');
  canvas.width = out.width;
  canvas.height = out.height;
  const g = canvas.getContext('2d');
  if (!g || out.width === 0) return Promise.resolve(null);
  g.drawImage(video, crop.x, crop.y, crop.width, crop.height, 0, 0, out.width, out.height);
  return new Promise((resolve) =>
    canvas.toBlob((blob) => resolve(blob ? { blob, ...out, source: 'camera' } : null), 'image/jpeg', 0.92),
  );
}

/**
 * The face photo of a card application: taken with the desk's camera (the frame's middle cut
 * to a 3:4 portrait, as printed on the card) or uploaded from a file. The server checks the
 * format, size, shape and light and says what to change; its message shows under the photo.
 */
export function FacePhotoField({
  value,
  onChange,
  error,
}: {
  value: Picture | null;
  onChange: (p: Picture | null) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const camera = useCamera('user');
  const fileRef = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const on = camera.state.status === 'on';

  useEffect(() => {
    if (!value) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(value.blob);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [value]);

  const take = async () => {
    const video = camera.videoRef.current;
    if (!video) return;
    setBusy(true);
    const picture = await capture(video);
    setBusy(false);
    if (picture) {
      onChange(picture);
      camera.stop();
    }
  };
  const choose = async (file: File | undefined) => {
    if (!file) return;
    onChange({ blob: file, ...(await sizeOf(file)), source: 'file' });
  };
  const small = value && value.width > 0 && !bigEnough(value);

  return (
    <fieldset
      className="field idcard-photo"
      id={fieldId('photo')}
      tabIndex={-1}
      data-field="photo"
      data-testid="intake-photo"
      aria-describedby={error ? `${fieldId('photo')}-error` : undefined}
    >
      <legend>
        {t('cards.intake.photo')}
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      <ul className="photo-field__rules">
        <li>{t('cards.intake.photoRuleFace')}</li>
        <li>{t('cards.intake.photoRuleSize', { width: PORTRAIT_MIN.width, height: PORTRAIT_MIN.height })}</li>
      </ul>
      <div className="idcard-photo__body">
        <div
          className={
            on || camera.state.status === 'starting' ? 'idcard-camera' : 'idcard-camera idcard-camera--off'
          }
        >
          {/* The video is always there so the camera has somewhere to play once allowed. */}
          <video
            ref={camera.videoRef}
            className="idcard-camera__video"
            muted
            playsInline
            aria-label={t('cards.intake.cameraLive')}
            data-testid="camera-video"
          />
          {on && <div className="idcard-camera__guide" aria-hidden="true" />}
        </div>
        {preview && value && (
          <figure className="idcard-photo__preview" data-testid="photo-preview">
            <img src={preview} alt={t('cards.intake.photoPreviewAlt')} />
            <figcaption data-testid="photo-size">
              {t(value.source === 'camera' ? 'cards.intake.fromCamera' : 'cards.intake.fromFile')} ·{' '}
              {value.width > 0 ? `${value.width}×${value.height}` : '?'}
            </figcaption>
          </figure>
        )}
      </div>
      {camera.state.status === 'error' && (
        <p className="alert alert--warning" role="alert" data-testid="camera-problem">
          {t(`cards.camera.${camera.state.problem}`)}
        </p>
      )}
      {small && (
        <p className="alert alert--warning" role="status" data-testid="photo-small">
          {t('cards.intake.photoSmall', { width: PORTRAIT_MIN.width, height: PORTRAIT_MIN.height })}
        </p>
      )}
      <div className="photo-field__actions">
        {on ? (
          <>
            <button
              type="button"
              className="button button--primary"
              onClick={() => void take()}
              disabled={busy}
              data-testid="camera-capture"
            >
              {t('cards.intake.capture')}
            </button>
            <button
              type="button"
              className="button button--ghost"
              onClick={camera.stop}
              data-testid="camera-stop"
            >
              {t('cards.camera.stop')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--primary"
            onClick={() => void camera.start()}
            disabled={camera.state.status === 'starting'}
            data-testid="camera-start"
          >
            {camera.state.status === 'starting'
              ? t('cards.camera.starting')
              : value
                ? t('cards.intake.retake')
                : t('cards.camera.start')}
          </button>
        )}
        <button
          type="button"
          className="button"
          onClick={() => fileRef.current?.click()}
          data-testid="photo-upload"
        >
          {t('cards.intake.upload')}
        </button>
        {value && (
          <button
            type="button"
            className="button button--link"
            onClick={() => onChange(null)}
            data-testid="photo-remove"
          >
            {t('cards.intake.remove')}
          </button>
        )}
      </div>
      <input
        ref={fileRef}
        className="visually-hidden"
        type="file"
        accept="image/jpeg,image/png"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="photo-file"
        onChange={(e) => {
          void choose(e.currentTarget.files?.[0]);
          e.currentTarget.value = '';
        }}
      />
      {error && (
        <p className="field-message" id={`${fieldId('photo')}-error`} data-testid="error-photo">
          {error}
        </p>
      )}
    </fieldset>
  );
}
