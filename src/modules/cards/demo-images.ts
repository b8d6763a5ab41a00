import { PNG } from 'pngjs';

/**
 * Drawn images for the demo data and the tests (no binary fixture checked in, no real person):
 * a lit portrait with detail (passes the face-photo checks), fingerprint-like ridges that differ
 * per seed (so the development ABIS finds no byte-identical match), and a signature stroke.
 */
function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number], seed = 0): Buffer {
  const img = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const i = (y * width + x) * 4;
      img.data[i] = r;
      img.data[i + 1] = g;
      img.data[i + 2] = b;
      img.data[i + 3] = 255;
    }
  }
  // The seed's bits in the first pixels' blue channel: images for different seeds always differ
  // (the development ABIS compares bytes), and nobody sees a one-step blue change.
  for (let bit = 0; bit < 32; bit++) {
    const i = bit * 4 + 2;
    img.data[i] = (img.data[i]! & 0xfe) | ((seed >>> bit) & 1);
  }
  return PNG.sync.write(img);
}

/** A 300×400 portrait: a light background, a darker oval "face", shading; `seed` varies the bytes. */
export function portraitPng(seed = 1, opts: { brightness?: number } = {}): Buffer {
  const k = opts.brightness ?? 1;
  return png(300, 400, (x, y) => {
    const dx = (x - 150) / 80;
    const dy = (y - 180) / 110;
    const inFace = dx * dx + dy * dy < 1;
    const base = inFace ? 170 - 30 * (dx * dx + dy * dy) : 225 - y / 8;
    const v = Math.max(0, Math.min(255, Math.round((base + ((x * 7 + y * 13 + seed * 31) % 9)) * k)));
    return inFace ? [v, Math.round(v * 0.85), Math.round(v * 0.75)] : [Math.round(v * 0.9), Math.round(v * 0.95), v];
  }, seed);
}

/** A 160×160 fingerprint-like image: concentric ridges around a centre that moves with `seed`. */
export function fingerprintPng(seed: number): Buffer {
  const cx = 70 + (seed % 7) * 3;
  const cy = 75 + (seed % 5) * 4;
  return png(160, 160, (x, y) => {
    const d = Math.hypot(x - cx, (y - cy) * 1.3);
    const v = Math.sin(d / (2.2 + (seed % 3) * 0.3)) > 0 ? 40 : 220;
    return [v, v, v];
  }, seed);
}

export function signaturePng(seed = 1): Buffer {
  return png(240, 80, (x, y) => {
    const line = 40 + 18 * Math.sin((x + seed * 5) / 17);
    const v = Math.abs(y - line) < 2.5 ? 20 : 250;
    return [v, v, v];
  }, seed);
}

/** The ten fingers as the intake API wants them (base64 PNG each); `skip` fingers are given a reason instead. */
export function tenFingers(seed: number, skip: Record<number, 'amputated' | 'injured' | 'unreadable' | 'disability'> = {}) {
  return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((finger) => (skip[finger] ? { finger, missingReason: skip[finger] } : { finger, image: fingerprintPng(seed * 10 + finger) }));
}
