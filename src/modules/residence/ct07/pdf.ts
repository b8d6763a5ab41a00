import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { QRCode } from 'qrcode';
import { printedDate } from '../../../kernel/partial-date.js';
import type { ConfirmationContent, ResidenceLineContent } from './model.js';

/**
 * The CT07 form as a PDF (A4), drawn with pdfkit. The font is Noto Sans from the npm package
 * @expo-google-fonts/noto-sans (TTF, full Vietnamese), embedded as a subset: no system font is
 * read at run time. The QR code is drawn as vector squares from the `qrcode` package's matrix,
 * so it stays sharp at any zoom and on any printer.
 */
const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer; italic: Buffer } | undefined;
function loadFonts() {
  const dir = require.resolve('@expo-google-fonts/noto-sans/package.json').replace(/package\.json$/, '');
  fonts ??= {
    regular: fs.readFileSync(`${dir}400Regular/NotoSans_400Regular.ttf`),
    bold: fs.readFileSync(`${dir}700Bold/NotoSans_700Bold.ttf`),
    italic: fs.readFileSync(`${dir}400Regular_Italic/NotoSans_400Regular_Italic.ttf`),
  };
  return fonts;
}

export interface PdfInput {
  number: string;
  issuedOn: string;
  validUntil: string;
  validityMonths: number;
  content: ConfirmationContent;
  /** What the QR code says: the public verification URL with the signed token. */
  qrText: string;
  /** Fixed document dates keep the output reproducible. */
  createdAt: Date;
}

const SEX = { M: 'Nam', F: 'Nữ' } as const;

/**
 * Text options without the `ccmp` feature: Noto Sans would decompose ị, ọ… into a base glyph
 * and a mark, and pdfkit then maps the base glyph to the composed letter in the ToUnicode table,
 * so copied or extracted text reads "Kịnh" for "Kinh". The font's precomposed glyphs look the
 * same. A fresh object each time: fontkit writes its defaults into the one it is given.
 */
const plain = () => ({ features: { ccmp: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[] });
const MARGIN = 56;

function placeOf(r: ResidenceLineContent | null): string {
  if (!r) return 'Không có';
  return r.unitName ? `${r.address}, ${r.unitName}` : r.address;
}

/** Renders the confirmation; the bytes are unsigned (pdf-signature.ts signs them). */
export async function renderConfirmationPdf(input: PdfInput): Promise<Buffer> {
  // pdfkit is loaded on first use (about 0.4 s): most processes, every `dancu` command among them, never draw a PDF.
  const [{ default: PDFDocument }, { default: QRCode }] = await Promise.all([import('pdfkit'), import('qrcode')]);
  const f = loadFonts();
  const { content: c } = input;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 42, bottom: 42, left: MARGIN, right: MARGIN },
    info: { Title: `Giấy xác nhận thông tin về cư trú số ${input.number}`, Author: c.office.name, Subject: 'Mẫu CT07', Creator: 'dancu', CreationDate: input.createdAt, ModDate: input.createdAt },
    lang: 'vi-VN',
    pdfVersion: '1.7',
    // The signer rewrites the file's trailer: a plain cross-reference table, no object streams.
    compress: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  doc.registerFont('italic', f.italic);
  const width = doc.page.width - 2 * MARGIN;
  const half = width / 2;
  const top = doc.y;

  doc.font('italic').fontSize(8).text('Mẫu CT07 (Thông tư số 66/2023/TT-BCA)', MARGIN, 20, { ...plain(), width, align: 'right' });
  doc.font('regular').fontSize(10).text('BỘ CÔNG AN', MARGIN, top, { ...plain(), width: half - 10, align: 'center' });
  doc.font('bold').fontSize(10).text(c.office.name.toUpperCase(), { ...plain(), width: half - 10, align: 'center' });
  doc.font('regular').fontSize(10).text(`Số: ${input.number}`, { ...plain(), width: half - 10, align: 'center' });
  doc.font('bold').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', MARGIN + half, top, { ...plain(), width: half, align: 'center' });
  doc.font('bold').fontSize(10).text('Độc lập - Tự do - Hạnh phúc', { ...plain(), width: half, align: 'center', underline: true });

  doc.moveDown(2.2);
  doc.font('bold').fontSize(15).text('GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ', MARGIN, doc.y, { ...plain(), width, align: 'center' });
  doc.moveDown(0.8);
  doc.font('regular').fontSize(10.5).text(`${c.office.name} xác nhận thông tin về cư trú của công dân như sau:`, MARGIN, doc.y, { ...plain(), width });
  doc.moveDown(0.4);

  const field = (n: number, label: string, value: string) => {
    doc.font('regular').fontSize(10.5).text(`${n}. ${label}: `, MARGIN, doc.y, { ...plain(), width, continued: true }).font('bold').text(value, plain());
    doc.moveDown(0.15);
  };
  const p = c.person;
  field(1, 'Họ, chữ đệm và tên', p.fullName);
  field(2, 'Ngày, tháng, năm sinh', printedDate(p.birthDate));
  field(3, 'Giới tính', SEX[p.sex]);
  field(4, 'Số định danh cá nhân', p.pin);
  field(5, 'Dân tộc', p.ethnicity);
  field(6, 'Tôn giáo', p.religion ?? 'Không');
  field(7, 'Quốc tịch', p.nationality);
  field(8, 'Quê quán', p.originPlace ?? 'Chưa có thông tin');
  field(9, 'Nơi thường trú', placeOf(c.residences.permanent));
  field(10, 'Nơi tạm trú', placeOf(c.residences.temporary) + (c.residences.temporary?.plannedEnd ? ` (đến ngày ${printedDate(c.residences.temporary.plannedEnd)})` : ''));
  field(11, 'Nơi ở hiện tại', placeOf(c.residences.current ?? c.residences.temporary ?? c.residences.permanent));
  const h = c.household;
  field(12, 'Họ, chữ đệm và tên chủ hộ', h?.head?.fullName ?? 'Không có');
  field(13, 'Số định danh cá nhân của chủ hộ', h?.head?.pin ?? 'Không có');
  field(14, 'Quan hệ với chủ hộ', h?.relation ?? 'Không có');
  doc.font('regular').fontSize(10.5).text('15. Thông tin về các thành viên khác trong hộ gia đình:', MARGIN, doc.y, { ...plain(), width });
  doc.moveDown(0.3);
  memberTable(doc, (h?.members ?? []).filter((m) => m.pin !== p.pin), width);

  doc.moveDown(0.6);
  doc.font('italic').fontSize(10).text(
    `Giấy xác nhận có giá trị đến hết ngày ${printedDate(input.validUntil)} (${input.validityMonths} tháng kể từ ngày cấp). Giấy hết giá trị khi thông tin về cư trú của công dân thay đổi trong Cơ sở dữ liệu về cư trú.`,
    MARGIN,
    doc.y,
    { ...plain(), width },
  );

  // QR code bottom left, place and date with the signing office bottom right.
  const y = Math.max(doc.y + 14, 600);
  const qrSize = 130;
  drawQr(doc, QRCode.create(input.qrText, { errorCorrectionLevel: 'M' }), MARGIN, y, qrSize);
  doc.font('regular').fontSize(8).text('Quét mã QR để xác minh giấy xác nhận', MARGIN - 10, y + qrSize + 4, { ...plain(), width: qrSize + 20, align: 'center' });
  const [yy, mm, dd] = input.issuedOn.split('-');
  const right = MARGIN + half;
  doc.font('italic').fontSize(10.5).text(`Ngày ${dd} tháng ${mm} năm ${yy}`, right, y, { ...plain(), width: half, align: 'center' });
  doc.font('bold').fontSize(10.5).text('THỦ TRƯỞNG CƠ QUAN ĐĂNG KÝ CƯ TRÚ', right, doc.y + 2, { ...plain(), width: half, align: 'center' });
  doc.font('italic').fontSize(9).text('(Văn bản điện tử được ký số, xác minh bằng mã QR)', right, doc.y + 2, { ...plain(), width: half, align: 'center' });
  doc.end();
  return done;
}

function memberTable(doc: PDFKit.PDFDocument, members: NonNullable<ConfirmationContent['household']>['members'], width: number): void {
  const cols = [
    { title: 'STT', w: 0.06 },
    { title: 'Họ, chữ đệm và tên', w: 0.3 },
    { title: 'Ngày sinh', w: 0.14 },
    { title: 'Giới tính', w: 0.1 },
    { title: 'Số định danh cá nhân', w: 0.22 },
    { title: 'Quan hệ với chủ hộ', w: 0.18 },
  ].map((col) => ({ ...col, w: col.w * width }));
  const row = (cells: string[], font: string) => {
    const y = doc.y;
    let x = MARGIN;
    doc.font(font).fontSize(9.5);
    const height = Math.max(...cells.map((t, i) => doc.heightOfString(t, { ...plain(), width: cols[i]!.w - 8 }))) + 8;
    cells.forEach((t, i) => {
      doc.rect(x, y, cols[i]!.w, height).lineWidth(0.5).stroke();
      doc.text(t, x + 4, y + 4, { ...plain(), width: cols[i]!.w - 8, align: i === 1 ? 'left' : 'center' });
      x += cols[i]!.w;
    });
    doc.x = MARGIN;
    doc.y = y + height;
  };
  row(cols.map((c) => c.title), 'bold');
  if (members.length === 0) row(['', 'Không có', '', '', '', ''], 'regular');
  members.forEach((m, i) => row([String(i + 1), m.fullName, printedDate(m.birthDate), SEX[m.sex], m.pin, m.relation], 'regular'));
}

function drawQr(doc: PDFKit.PDFDocument, qr: QRCode, x: number, y: number, size: number): void {
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.01, cell + 0.01);
    }
  }
  doc.fill();
  doc.restore();
}
