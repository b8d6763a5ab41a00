import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/**
 * A fake camera for browser tests: Chromium plays a Y4M file as the webcam when launched with
 * `fakeCameraArgs(file)` (and grants the permission without asking). The frames are drawn here
 * — a lit face-like portrait for intake, a card's QR code for the verification desk — so no
 * binary fixture is checked in.
 */
export type Rgb = [number, number, number];

export function fakeCameraArgs(y4mFile: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4mFile}`,
  ];
}

/** Writes `frames` identical frames of `width`×`height` as 4:2:0 Y4M (BT.601 full range, as C420jpeg says). */
export function writeY4m(
  file: string,
  width: number,
  height: number,
  pixel: (x: number, y: number) => Rgb,
  frames = 3,
): string {
  const y = Buffer.alloc(width * height);
  const cw = width / 2;
  const ch = height / 2;
  const u = Buffer.alloc(cw * ch);
  const v = Buffer.alloc(cw * ch);
  const clamp = (n: number) => Math.max(0, Math.min(255, Math.round(n)));
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const [r, g, b] = pixel(i, j);
      y[j * width + i] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
      if (i % 2 === 0 && j % 2 === 0) {
        const k = (j / 2) * cw + i / 2;
        u[k] = clamp(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
        v[k] = clamp(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
      }
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`),
      ...Array.from({ length: frames }, () => frame),
    ]),
  );
  return file;
}

/** A 640×480 webcam frame: a light wall, a face with hair, eyes and a shirt in the middle, some grain (lit, not flat). */
export function faceFrame(x: number, y: number): Rgb {
  const inEllipse = (cx: number, cy: number, rx: number, ry: number) =>
    ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
  let rgb: Rgb = [196 - y / 10, 204 - y / 12, 214 - y / 14];
  if (inEllipse(320, 520, 190, 150)) rgb = [40, 70, 125];
  if (inEllipse(320, 190, 118, 138) && y < 170) rgb = [48, 36, 30];
  if (inEllipse(320, 215, 100, 128) && y >= 125) rgb = [222, 184, 152];
  if (inEllipse(280, 200, 14, 8) || inEllipse(360, 200, 14, 8)) rgb = [40, 30, 30];
  if (inEllipse(320, 282, 30, 9) && y >= 282) rgb = [170, 78, 78];
  const grain = ((x * 13 + y * 7) % 11) - 5;
  return [rgb[0] + grain, rgb[1] + grain, rgb[2] + grain];
}

/** A 640×480 frame showing `text` as a QR code (8 pixels a module) on white, held in the middle of the picture. */
export function qrFrameOf(text: string): (x: number, y: number) => Rgb {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const scale = Math.max(3, Math.floor(400 / (n + 8)));
  const side = (n + 8) * scale;
  const left = Math.floor((640 - side) / 2);
  const top = Math.floor((480 - side) / 2);
  return (x, y) => {
    const mx = Math.floor((x - left) / scale) - 4;
    const my = Math.floor((y - top) / scale) - 4;
    if (x < left || y < top || x >= left + side || y >= top + side) return [150, 150, 150];
    const dark = mx >= 0 && my >= 0 && mx < n && my < n && qr.modules.get(my, mx);
    return dark ? [20, 20, 20] : [245, 245, 245];
  };
}

/** A drawn fingerprint-like PNG (≥ 150×150) different for each seed, so the development ABIS finds no byte-identical match. */
export function fingerprintPng(seed: number): Buffer {
  const img = new PNG({ width: 180, height: 180 });
  const cx = 80 + (seed % 9) * 2;
  const cy = 85 + (seed % 7) * 3;
  for (let y = 0; y < 180; y++) {
    for (let x = 0; x < 180; x++) {
      const d = Math.hypot(x - cx, (y - cy) * 1.25);
      const v = Math.sin(d / (2.1 + (seed % 5) * 0.17) + seed) > 0 ? 35 : 225;
      const i = (y * 180 + x) * 4;
      img.data[i] = v;
      img.data[i + 1] = v;
      img.data[i + 2] = v;
      img.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(img);
}

/** A 300×400 photo far too dark for a card (the server's check says so). */
export function darkPortraitPng(): Buffer {
  const img = new PNG({ width: 300, height: 400 });
  for (let i = 0; i < 300 * 400; i++) {
    const v = 12 + (i % 17);
    img.data.set([v, v, v + 4, 255], i * 4);
  }
  return PNG.sync.write(img);
}
