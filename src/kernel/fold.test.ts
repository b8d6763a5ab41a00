import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldName, normalizeName } from './fold.js';

describe('foldName', () => {
  it('removes diacritics and maps đ to d', () => {
    expect(foldName('Phường Ba Đình')).toBe('phuong ba dinh');
    expect(foldName('  Nguyễn   Văn  Ấn ')).toBe('nguyen van an');
    expect(foldName('ĐẶNG THỊ Hồng')).toBe('dang thi hong');
  });
  it('is idempotent and yields only lower-case ASCII letters, digits and single spaces for Vietnamese text', () => {
    const viChar = fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ĐĂÂ'.split(''));
    fc.assert(
      fc.property(fc.array(viChar, { maxLength: 40 }), (chars) => {
        const folded = foldName(chars.join(''));
        expect(foldName(folded)).toBe(folded);
        expect(folded).toMatch(/^([a-z0-9]+( [a-z0-9]+)*)?$/);
      }),
    );
  });
  it('treats decomposed and composed input alike', () => {
    expect(foldName('Nguyễn'.normalize('NFD'))).toBe(foldName('Nguyễn'));
    expect(normalizeName('Nguye\u0302\u0303n  Văn')).toBe('Nguyễn Văn');
  });
});

describe('foldName fast path', () => {
  it('agrees with Unicode decomposition on any text', () => {
    const slow = (t: string) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const chars = fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ĐĂÂ Ơ-\'.0123456789XYZ\tçñß'.split(''));
    fc.assert(fc.property(fc.array(chars, { maxLength: 30 }), (cs) => {
      expect(foldName(cs.join(''))).toBe(slow(cs.join('')));
    }));
    fc.assert(fc.property(fc.string(), (s) => {
      expect(foldName(s)).toBe(slow(s));
    }));
  });
});
