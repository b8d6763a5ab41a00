import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeDg1 } from './dg1.js';
import { decodeDg13 } from './dg13.js';
import { decodeDg2 } from './dg2.js';
import { CHIP_FILE_KEYS, type ChipFiles } from './files.js';
import { verifyChip, type ChipTrust } from './passive-auth.js';
import { readSod } from './sod-read.js';
import { makeChain, makeChip } from './testing.js';

// Malformed input of every kind must come back as issues, never as an exception: the CLI, the
// API and the page show whatever a presented chip holds.
let files: ChipFiles;
let trust: ChipTrust;

beforeAll(async () => {
  const at = new Date('2026-03-01T00:00:00Z');
  const chain = await makeChain(at);
  files = await makeChip(chain.ds);
  trust = { cscaCertificatesDer: [chain.csca.certificateDer], revokedSignerSerials: [], at };
});

const key = fc.constantFrom(...CHIP_FILE_KEYS);

describe('fuzz: verifyChip never throws', () => {
  it('random bytes as any one file → issues, no throw', async () => {
    await fc.assert(
      fc.asyncProperty(key, fc.uint8Array({ maxLength: 600 }), async (k, bytes) => {
        const r = await verifyChip({ ...files, [k]: bytes }, trust);
        expect(r.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('random bytes behind a valid outer tag (deeper parsing) → issues, no throw', async () => {
    const tags: Record<keyof ChipFiles, number> = { dg1: 0x61, dg2: 0x75, dg13: 0x6d, sod: 0x77 };
    await fc.assert(
      fc.asyncProperty(key, fc.uint8Array({ maxLength: 120 }), async (k, body) => {
        const bytes = Uint8Array.of(tags[k], body.length, ...body);
        const r = await verifyChip({ ...files, [k]: bytes }, trust);
        expect(r.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('a valid file with one byte changed, or cut short → never throws; a data group always fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        key,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.boolean(),
        async (k, pos, xor, cut) => {
          const original = files[k]!;
          const at = pos % original.length;
          const bytes = cut ? original.slice(0, at) : original.slice();
          if (!cut) bytes[at] = bytes[at]! ^ xor;
          const r = await verifyChip({ ...files, [k]: bytes }, trust);
          // The SOD has unsigned parts (SignedData version, digestAlgorithms) a change may not
          // matter to; a data group is covered byte for byte by its hash.
          if (k !== 'sod') expect(r.issues.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('input that is not bytes at all (a plain-JavaScript caller) → an issue, no throw', async () => {
    const notBytes = { ...files, dg2: 'photo' } as unknown as ChipFiles;
    const r = await verifyChip(notBytes, {
      ...trust,
      cscaCertificatesDer: [null] as unknown as Uint8Array[],
    });
    expect(r.issues.length).toBeGreaterThan(0);
  });

  it('the decoders alone never throw on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        for (const decode of [decodeDg1, decodeDg2, decodeDg13])
          expect(decode(bytes).issues.length).toBeGreaterThan(0);
        expect('issues' in readSod(bytes)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
