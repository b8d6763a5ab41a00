import { mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChipDir, writeChipDir } from './chip-dir.js';
import type { ChipFiles } from './files.js';
import { makeChain, makeChip } from './testing.js';

let root: string;
let files: ChipFiles;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'dancu-chip-dir-'));
  files = await makeChip((await makeChain(new Date())).ds);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('chip directory', () => {
  it('writes EF.DG1.bin, EF.DG2.bin, EF.DG13.bin, EF.SOD.bin and reads them back byte for byte', async () => {
    const dir = path.join(root, 'card');
    await writeChipDir(dir, files);
    expect(readdirSync(dir).sort()).toEqual(['EF.DG1.bin', 'EF.DG13.bin', 'EF.DG2.bin', 'EF.SOD.bin']);
    expect(await readChipDir(dir)).toEqual(files);
  });

  it('a card without photo has no EF.DG2.bin and reads back with dg2 null', async () => {
    const dir = path.join(root, 'child');
    await writeChipDir(dir, { ...files, dg2: null });
    expect(readdirSync(dir)).not.toContain('EF.DG2.bin');
    expect(await readChipDir(dir)).toEqual({ ...files, dg2: null });
  });

  it('a missing file is an issue, not a throw; a missing directory gives one issue per required file', async () => {
    const dir = path.join(root, 'partial');
    await writeChipDir(dir, files);
    unlinkSync(path.join(dir, 'EF.SOD.bin'));
    const r = await readChipDir(dir);
    expect(Array.isArray(r) && r.map((i) => [i.code, i.field])).toEqual([['chip_file_missing', 'sod']]);
    const none = await readChipDir(path.join(root, 'nowhere'));
    expect(Array.isArray(none) && none.map((i) => i.field)).toEqual(['dg1', 'dg13', 'sod']);
  });

  it('a directory where a file should be is reported, not thrown', async () => {
    const dir = path.join(root, 'odd');
    await writeChipDir(path.join(dir, 'EF.DG1.bin'), { ...files, dg2: null });
    const r = await readChipDir(dir);
    expect(Array.isArray(r) && r.map((i) => [i.code, i.field])).toContainEqual([
      'chip_file_unreadable',
      'dg1',
    ]);
  });
});
