import { useCallback, useEffect, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../../components/Field.js';

const WIDTH = 600;
const HEIGHT = 200;

/** A white canvas the size the pad draws at (what is sent), cleared. */
function clear(canvas: HTMLCanvasElement): void {
  const g = canvas.getContext('2d');
  if (!g) return;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, WIDTH, HEIGHT);
}

/**
 * The applicant's signature: drawn with a finger, a stylus or the mouse on the pad (sent as a
 * PNG), or a scanned signature uploaded instead. "Clear" starts again.
 */
export function SignaturePad({
  value,
  onChange,
  error,
}: {
  value: Blob | null;
  onChange: (b: Blob | null) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const drawing = useRef<{ x: number; y: number } | null>(null);
  const [uploaded, setUploaded] = useState<string | null>(null);
  const [drawn, setDrawn] = useState(false);

  // A pad shown again after an uploaded signature was removed starts white, like the first.
  const attach = useCallback((canvas: HTMLCanvasElement | null) => {
    canvasRef.current = canvas;
    if (canvas) clear(canvas);
  }, []);
  useEffect(() => {
    if (!value || !(value instanceof File)) {
      setUploaded(null);
      return;
    }
    const url = URL.createObjectURL(value);
    setUploaded(url);
    return () => URL.revokeObjectURL(url);
  }, [value]);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * WIDTH, y: ((e.clientY - r.top) / r.height) * HEIGHT };
  };
  const finish = () => {
    if (!drawing.current) return;
    drawing.current = null;
    canvasRef.current?.toBlob((blob) => blob && onChange(blob), 'image/png');
  };
  const reset = () => {
    if (canvasRef.current) clear(canvasRef.current);
    setDrawn(false);
    onChange(null);
  };

  return (
    <fieldset
      className="field idcard-signature"
      id={fieldId('signature')}
      tabIndex={-1}
      data-field="signature"
      data-testid="intake-signature"
    >
      <legend>
        {t('cards.intake.signature')}
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      <p className="hint">{t('cards.intake.signatureHint')}</p>
      {uploaded ? (
        <img
          src={uploaded}
          alt={t('cards.intake.signatureAlt')}
          className="idcard-signature__image"
          data-testid="signature-uploaded"
        />
      ) : (
        <canvas
          ref={attach}
          width={WIDTH}
          height={HEIGHT}
          className="idcard-signature__pad"
          role="img"
          aria-label={t('cards.intake.signaturePad')}
          data-testid="signature-pad"
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            drawing.current = point(e);
          }}
          onPointerMove={(e) => {
            const from = drawing.current;
            const g = e.currentTarget.getContext('2d');
            if (!from || !g) return;
            const to = point(e);
            g.strokeStyle = '#10204a';
            g.lineWidth = 3.5;
            g.lineCap = 'round';
            g.lineJoin = 'round';
            g.beginPath();
            g.moveTo(from.x, from.y);
            g.lineTo(to.x, to.y);
            g.stroke();
            drawing.current = to;
            if (!drawn) setDrawn(true);
          }}
          onPointerUp={finish}
          onPointerCancel={finish}
        />
      )}
      <div className="photo-field__actions">
        <button
          type="button"
          className="button button--ghost"
          onClick={reset}
          disabled={!value && !drawn}
          data-testid="signature-clear"
        >
          {t('cards.intake.signatureClear')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => fileRef.current?.click()}
          data-testid="signature-upload"
        >
          {t('cards.intake.signatureUpload')}
        </button>
        {value && (
          <span className="muted" data-testid="signature-ready">
            {t('cards.intake.signatureReady')}
          </span>
        )}
      </div>
      <input
        ref={fileRef}
        className="visually-hidden"
        type="file"
        accept="image/png,image/jpeg"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="signature-file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) onChange(file);
        }}
      />
      {error && (
        <p className="field-message" data-testid="error-signature">
          {error}
        </p>
      )}
    </fieldset>
  );
}
