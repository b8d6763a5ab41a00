import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import jsqr from 'jsqr';
import { SCREENSHOT_DIR } from './browser.js';

// jsqr is CommonJS: its function is the module itself (and its `default`).
const jsQR = ((jsqr as { default?: unknown }).default ?? jsqr) as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

/** Renders page 1 of a PDF with pdftoppm (poppler-utils): a PNG among the screenshots to look at, and the QR code read from a greyscale bitmap in `workDir`. */
export function renderPdf(pdf: string, name: string, workDir: string): { png: string; qr: string } {
  const png = path.join(SCREENSHOT_DIR, name);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdf, png]);
  const pgm = path.join(workDir, `${name}-grey`);
  execFileSync('pdftoppm', ['-gray', '-r', '150', '-f', '1', '-l', '1', '-singlefile', pdf, pgm]);
  const raw = fs.readFileSync(`${pgm}.pgm`);
  // P5 <width> <height> <max>\n then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(raw.subarray(0, 40).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const grey = raw.subarray(header[0].length);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([grey[i]!, grey[i]!, grey[i]!, 255], i * 4);
  const code = jsQR(rgba, width, height);
  if (!code) throw new Error(`no QR code found on ${name}`);
  return { png: `${png}.png`, qr: code.data };
}
