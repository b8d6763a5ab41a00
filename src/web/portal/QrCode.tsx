import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code drawn in the browser (no remote service ever sees the secret), as a data: URL image. */
export function QrCode({ text, label, testId = 'totp-qr', size = 200 }: { text: string; label: string; testId?: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: size }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [text, size]);
  return src ? <img src={src} alt={label} width={size} height={size} className="qr" data-testid={testId} /> : null;
}
