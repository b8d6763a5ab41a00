import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  classifyNote,
  clampToCatalogue,
  isIsoDate,
  isUnitCode,
  isWholePopulation,
  levelOfCode,
  normalizeNote,
  rankTargets,
  treeAt,
  treeDate,
  withTypePrefixes,
  type ConversionKind,
  type ConversionTarget,
  type UnitInContext,
} from './model.js';

/** The notes the official table uses, as they should read after normalisation. */
const CANONICAL: [string, ConversionKind][] = [
  ['Nhập toàn bộ', 'whole'],
  ['Nhập toàn bộ diện tích', 'whole'],
  ['Sắp xếp toàn bộ huyện Côn Đảo thành đặc khu Côn Đảo', 'whole'],
  ['Nhập một phần', 'partial'],
  ['Nhập một phần diện tích', 'partial'],
  ['Nhập một phần diện tích, toàn bộ dân số', 'partial'],
  ['Nhập một phần dân số', 'partial'],
  ['Đổi tên từ một phần Phường 15', 'partial'],
  ['Đổi tên, đổi loại hình từ một phần thị trấn Lai Uyên', 'partial'],
  ['Phần còn lại sau khi tách một phần vào xã Canh Vinh', 'partial'],
  ['Giữ nguyên', 'unchanged'],
  ['Đổi tên', 'renamed'],
  ['Đổi loại hình', 'renamed'],
];

const whitespace = fc.constantFrom(' ', '  ', '\n', ' \n', '\t', '\u00a0');
const viText = fc
  .array(fc.constantFrom(...'Nhập một phần toàn bộ Giữ nguyên Đổi tên, ĐẶC khu (24) 15 â ậ ệ'.split('')), {
    maxLength: 40,
  })
  .map((cs) => cs.join(''));

/** A canonical note as a clerk might have typed it: odd spacing, decomposed accents, "Nhâp". */
const messyNote = fc
  .record({
    note: fc.constantFrom(...CANONICAL),
    gaps: fc.array(whitespace, { minLength: 12, maxLength: 12 }),
    lead: fc.constantFrom('', ' ', '\n'),
    trail: fc.constantFrom('', ' ', '  ', '\n'),
    decompose: fc.boolean(),
    typo: fc.boolean(),
  })
  .map(({ note: [text, kind], gaps, lead, trail, decompose, typo }) => {
    let messy = text
      .split(' ')
      .reduce((acc, word, i) => (i === 0 ? word : `${acc}${gaps[i % gaps.length]}${word}`), '');
    if (typo) messy = messy.replace(/^Nhập/, 'Nhâp');
    messy = lead + messy + trail;
    return { canonical: text, kind, messy: decompose ? messy.normalize('NFD') : messy };
  });

describe('normalizeNote and classifyNote', () => {
  it('read every note of the official table as intended', () => {
    for (const [note, kind] of CANONICAL) {
      expect(normalizeNote(note)).toBe(note);
      expect(classifyNote(note)).toBe(kind);
    }
    expect(classifyNote('Chuyển về tỉnh khác')).toBe('other');
  });

  it('restore the canonical note from spacing, decomposed accents and the "Nhâp" typo', () => {
    fc.assert(
      fc.property(messyNote, ({ canonical, kind, messy }) => {
        expect(normalizeNote(messy)).toBe(canonical);
        expect(classifyNote(messy)).toBe(kind);
      }),
    );
  });

  it('are stable: normalising twice changes nothing, and never changes the kind', () => {
    fc.assert(
      fc.property(viText, (text) => {
        const once = normalizeNote(text);
        expect(normalizeNote(once)).toBe(once);
        expect(classifyNote(once)).toBe(classifyNote(text));
      }),
    );
  });

  it('leave NFC text with single spaces, and keep every punctuation mark', () => {
    const punctuation = (s: string) => s.normalize('NFC').replace(/[\p{L}\p{N}\p{M}\s]/gu, '');
    fc.assert(
      fc.property(viText, whitespace, (text, gap) => {
        const out = normalizeNote(`${gap}${text}${gap}`);
        expect(out).toBe(out.normalize('NFC'));
        expect(out).not.toMatch(/^\s|\s$|\s\s|[\n\t\u00a0]/);
        expect(punctuation(out)).toBe(punctuation(text));
      }),
    );
  });

  it('spot the target that took the whole population', () => {
    expect(isWholePopulation('Nhập một phần diện tích, toàn bộ dân số')).toBe(true);
    expect(isWholePopulation('Nhập một phần dân số')).toBe(false);
    expect(isWholePopulation('Nhập toàn bộ')).toBe(false);
  });
});

describe('codes and dates', () => {
  it('tell the level from the length, digits only', () => {
    expect(levelOfCode('01')).toBe('province');
    expect(levelOfCode('001')).toBe('district');
    expect(levelOfCode('00004')).toBe('commune');
    for (const bad of ['', '1', '0004', '000004', '0a004', ' 0004', '00004 ', '٠٠٠٠٤'])
      expect(levelOfCode(bad)).toBeUndefined();
    expect(isUnitCode('00004', 'commune')).toBe(true);
    expect(isUnitCode('00004', 'province')).toBe(false);
  });

  it('accept only real calendar dates', () => {
    expect(isIsoDate('2025-07-01')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    for (const bad of ['2025-02-29', '2025-13-01', '2025-7-1', '01/07/2025', '2025-07-01T00:00:00Z', ''])
      expect(isIsoDate(bad)).toBe(false);
  });

  it('switch trees on 1 July 2025, and treat dates before the catalogue as its start', () => {
    expect(treeAt('2025-06-30')).toBe('pre2025');
    expect(treeAt('2025-07-01')).toBe('current');
    expect(clampToCatalogue('1990-01-01')).toBe('2008-08-01');
    expect(clampToCatalogue('2010-05-05')).toBe('2010-05-05');
    expect(treeDate('pre2025', '2026-01-05')).toBe('2025-06-30');
    expect(treeDate('current', '2026-01-05')).toBe('2026-01-05');
  });

  it('write a folded name with every type word in front, once', () => {
    const forms = withTypePrefixes('ba dinh');
    expect(forms).toContain('ba dinh');
    expect(forms).toContain('phuong ba dinh');
    expect(forms).toContain('dac khu ba dinh');
    expect(new Set(forms).size).toBe(forms.length);
    expect(withTypePrefixes('phuong ba dinh')).not.toContain('phuong phuong ba dinh');
  });
});

describe('rankTargets', () => {
  const unit = (code: string) => ({ code }) as UnitInContext;
  const target = (code: string, kind: ConversionKind, note = ''): ConversionTarget => ({
    unit: unit(code),
    kind,
    note,
    wholePopulation: isWholePopulation(note),
  });

  it('is exact for one whole, unchanged or renamed target, not for a partial one', () => {
    expect(rankTargets([target('00004', 'whole')]).exact).toBe(true);
    expect(rankTargets([target('00004', 'renamed')]).exact).toBe(true);
    expect(rankTargets([target('00541', 'partial')]).exact).toBe(false);
    expect(rankTargets([target('00004', 'partial'), target('00008', 'partial')]).exact).toBe(false);
  });

  it('puts the target that took the whole population first, and is then exact', () => {
    const r = rankTargets([
      target('00004', 'partial', 'Nhập một phần diện tích'),
      target('00103', 'partial', 'Nhập một phần diện tích, toàn bộ dân số'),
    ]);
    expect(r.ordered.map((t) => t.unit.code)).toEqual(['00103', '00004']);
    expect(r.exact).toBe(true);
  });
});
