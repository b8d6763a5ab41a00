import { printedDate } from '../../kernel/partial-date.js';
import type { Dg13Fields } from './chip/index.js';

/**
 * The card as printed (2024 model, 85.6 × 53.98 mm, ID-1), front and back, as SVG images: the
 * front with the face photo, PIN, name, birth date, sex and nationality; the back with the QR
 * code, place of residence, place of birth registration, issue and expiry dates and the MRZ.
 * Drawn from the chip's own data (DG13, DG2), so what is shown is what the chip says.
 */
export interface CardFace {
  pin: string;
  dg13: Dg13Fields;
  photo: { mime: string; bytes: Buffer } | null;
  qr: string;
  mrz: string;
}

const W = 856;
const H = 540;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const dmy = (iso: string | null) => (iso ? printedDate(iso) : 'Không thời hạn');

function frame(body: string, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f4f8fb"/><stop offset="1" stop-color="#dfeaf2"/></linearGradient></defs>
<rect x="1" y="1" width="${W - 2}" height="${H - 2}" rx="34" fill="url(#bg)" stroke="#7a8c99" stroke-width="2"/>
<g font-family="'Noto Sans', 'DejaVu Sans', Arial, sans-serif" fill="#1c2b36">${body}</g></svg>`;
}

function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if ((line + ' ' + word).trim().length > max && line) {
      lines.push(line);
      line = word;
    } else line = (line + ' ' + word).trim();
  }
  if (line) lines.push(line);
  return lines;
}

const field = (x: number, y: number, vi: string, en: string, value: string, size = 26) =>
  `<text x="${x}" y="${y}" font-size="15" fill="#4b5b66">${esc(vi)} / <tspan font-style="italic">${esc(en)}</tspan></text><text x="${x}" y="${y + size + 4}" font-size="${size}" font-weight="700">${esc(value)}</text>`;

export function renderFront(c: CardFace): string {
  const photo = c.photo
    ? `<image x="40" y="150" width="210" height="280" preserveAspectRatio="xMidYMid slice" href="data:${c.photo.mime};base64,${c.photo.bytes.toString('base64')}"/>`
    : `<rect x="40" y="150" width="210" height="280" fill="#c9d3da"/><text x="145" y="295" font-size="18" text-anchor="middle" fill="#4b5b66">Không có ảnh</text>`;
  const body = `
<text x="${W / 2 + 60}" y="52" font-size="22" font-weight="700" text-anchor="middle">CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</text>
<text x="${W / 2 + 60}" y="80" font-size="17" text-anchor="middle">Độc lập - Tự do - Hạnh phúc</text>
<text x="${W / 2 + 60}" y="122" font-size="34" font-weight="800" text-anchor="middle" fill="#b3261e">CĂN CƯỚC</text>
<text x="${W / 2 + 60}" y="142" font-size="15" text-anchor="middle" fill="#4b5b66">IDENTITY CARD</text>
${photo}
<rect x="60" y="450" width="90" height="62" rx="10" fill="#d8b45a" stroke="#9b7b2a"/>
${field(290, 190, 'Số định danh cá nhân', 'Personal identification number', c.pin, 34)}
${field(290, 260, 'Họ, chữ đệm và tên khai sinh', 'Full name', c.dg13.fullName.toUpperCase())}
${field(290, 330, 'Ngày, tháng, năm sinh', 'Date of birth', dmy(c.dg13.birthDate))}
${field(600, 330, 'Giới tính', 'Sex', c.dg13.sex === 'M' ? 'Nam' : 'Nữ')}
${field(290, 400, 'Quốc tịch', 'Nationality', c.dg13.nationality)}`;
  return frame(body, `Căn cước ${c.pin} mặt trước`);
}

export async function renderBack(c: CardFace): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  const qr = await QRCode.toString(c.qr, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
  const qrInner = qr.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(qr)?.[1] ?? '41');
  const residence = wrap(c.dg13.residencePlace ?? '', 46).slice(0, 3);
  const origin = wrap(c.dg13.originPlace ?? '', 46).slice(0, 2);
  const mrz = c.mrz.split('\n');
  const body = `
<g transform="translate(40 40) scale(${190 / size})">${qrInner}</g>
<text x="270" y="58" font-size="15" fill="#4b5b66">Nơi cư trú / <tspan font-style="italic">Place of residence</tspan></text>
${residence.map((l, i) => `<text x="270" y="${88 + i * 28}" font-size="23" font-weight="700">${esc(l)}</text>`).join('')}
<text x="270" y="190" font-size="15" fill="#4b5b66">Quê quán / <tspan font-style="italic">Place of origin</tspan></text>
${origin.map((l, i) => `<text x="270" y="${220 + i * 28}" font-size="23" font-weight="700">${esc(l)}</text>`).join('')}
${field(40, 290, 'Ngày cấp', 'Date of issue', dmy(c.dg13.issueDate), 24)}
${field(300, 290, 'Có giá trị đến', 'Date of expiry', dmy(c.dg13.expiryDate), 24)}
<text x="600" y="300" font-size="15" fill="#4b5b66">BỘ CÔNG AN</text>
<rect x="0" y="378" width="${W}" height="150" fill="#ffffff" opacity="0.7"/>
${mrz.map((l, i) => `<text x="40" y="${420 + i * 42}" font-size="33" font-family="'DejaVu Sans Mono', 'Noto Sans Mono', monospace" letter-spacing="3">${esc(l)}</text>`).join('')}`;
  return frame(body, `Căn cước ${c.pin} mặt sau`);
}
