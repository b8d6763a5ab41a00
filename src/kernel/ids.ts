import { randomFillSync } from 'node:crypto';

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits from node:crypto.
 * Time-ordered keys land at the right edge of their btree, which keeps bulk loads and the
 * indexes of 100-million-row tables compact, unlike random version-4 UUIDs.
 *
 * Random bytes are drawn 64 KiB at a time: one crypto call per id cost more than the rest of
 * a bulk-imported row's processing.
 */
const POOL = Buffer.alloc(64 * 1024);
let offset = POOL.length;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function newId(): string {
  if (offset + 10 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const ms = Date.now();
  const r = POOL;
  const o = offset;
  offset += 10;
  const t = ms.toString(16).padStart(12, '0');
  return (
    `${t.slice(0, 8)}-${t.slice(8, 12)}-7${HEX[r[o]! & 0x0f]![1]}${HEX[r[o + 1]!]}-` +
    `${HEX[(r[o + 2]! & 0x3f) | 0x80]}${HEX[r[o + 3]!]}-` +
    `${HEX[r[o + 4]!]}${HEX[r[o + 5]!]}${HEX[r[o + 6]!]}${HEX[r[o + 7]!]}${HEX[r[o + 8]!]}${HEX[r[o + 9]!]}`
  );
}
