import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldName } from '../../../kernel/fold.js';
import { foldNameFast } from './name-fold.js';

const letters = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵÀÁẢÃẠỲÝỸ0123456789'];
const odd = [' ', ' ', '  ', "'", '-', '.', '\t', 'ŭ', 'ß', 'İ', 'ǅ', '\u0301', 'e\u0301', 'Ω', '日', '😀', '\u00a0'];

describe('foldNameFast', () => {
  it('equals foldName on Vietnamese names and on anything else', () => {
    const name = fc.array(fc.constantFrom(...letters, ...letters, ...odd), { maxLength: 40 }).map((cs) => cs.join(''));
    fc.assert(fc.property(fc.oneof(name, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (s) => {
      expect(foldNameFast(s)).toBe(foldName(s));
    }), { numRuns: 5000 });
  });

  it('folds the usual names', () => {
    expect(foldNameFast('  Đặng   Thị Ánh  ')).toBe('dang thi anh');
    expect(foldNameFast("Y Bih Niê")).toBe('y bih nie');
  });
});
