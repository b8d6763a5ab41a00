import zlib from 'node:zlib';

/**
 * A small real PNG for browser tests: a drawn portrait with some grain, so it is over the
 * 2 KiB minimum and renders as a face in screenshots. (The same drawing as eid.e2e.test.ts.)
 */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function portraitPng(width = 160, height = 200): Buffer {
  const inEllipse = (x: number, y: number, cx: number, cy: number, rx: number, ry: number) =>
    ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
  let seed = 7;
  const grain = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed % 13) - 6;
  };
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0, then RGB
    for (let x = 0; x < width; x++) {
      let rgb: [number, number, number] = [206 - y / 6, 218 - y / 8, 232 - y / 10];
      if (inEllipse(x, y, 80, 232, 82, 70)) rgb = [38, 66, 120];
      else if (inEllipse(x, y, 80, 84, 52, 58) && y < 78) rgb = [44, 33, 28];
      if (inEllipse(x, y, 80, 98, 44, 56) && y >= 62) rgb = [226, 190, 160];
      if (inEllipse(x, y, 80, 142, 14, 22) && y > 140 && !inEllipse(x, y, 80, 98, 44, 56)) rgb = [214, 178, 148];
      if (inEllipse(x, y, 63, 92, 6, 4) || inEllipse(x, y, 97, 92, 6, 4)) rgb = [40, 30, 30];
      if (inEllipse(x, y, 80, 128, 13, 4) && y >= 128) rgb = [176, 82, 82];
      const g = grain();
      rgb.forEach((v, i) => row.writeUInt8(Math.max(0, Math.min(255, Math.round(v + g))), 1 + x * 3 + i));
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
