/**
 * Reading a QR code in the browser: from a camera frame or an image file, with jsQR (pure
 * JavaScript, bundled and loaded only when a page first decodes; nothing is fetched from
 * elsewhere, and it runs under the console's Content-Security-Policy, which allows no
 * WebAssembly). The one place that knows the decoder, so changing it is one file.
 */
type Decoder = (
  data: Uint8ClampedArray,
  width: number,
  height: number,
  options?: { inversionAttempts?: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' },
) => { data: string } | null;

let loading: Promise<Decoder> | null = null;

function decoder(): Promise<Decoder> {
  // jsQR is CommonJS: the bundler hands its function over as the default export (or its `default`).
  loading ??= import('jsqr').then((m) => {
    const mod = m as unknown as { default: Decoder | { default: Decoder } };
    return typeof mod.default === 'function' ? mod.default : mod.default.default;
  });
  return loading;
}

/** Starts loading the decoder before the first frame needs it. */
export function preloadQrDecoder(): void {
  void decoder();
}

/** The longest side a frame is decoded at: enough for a card's QR held to the camera, quick on a phone. */
const MAX_SIDE = 960;

/** The QR code's text in what `source` shows now, or null when there is none. */
export async function decodeQr(
  source: CanvasImageSource & { width?: number; height?: number },
  size: { width: number; height: number },
  thorough = false,
): Promise<string | null> {
  if (size.width === 0 || size.height === 0) return null;
  const scale = Math.min(1, MAX_SIDE / Math.max(size.width, size.height));
  const width = Math.round(size.width * scale);
  const height = Math.round(size.height * scale);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) return null;
  g.drawImage(source, 0, 0, width, height);
  const pixels = g.getImageData(0, 0, width, height);
  const decode = await decoder();
  return (
    decode(pixels.data, width, height, { inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert' })
      ?.data ?? null
  );
}

/** The QR code's text in an image file (a photo of the card, a screenshot), or null. */
export async function decodeQrFile(file: Blob): Promise<string | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  try {
    return await decodeQr(bitmap, { width: bitmap.width, height: bitmap.height }, true);
  } finally {
    bitmap.close();
  }
}
