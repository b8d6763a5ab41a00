import { describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { collectProblems, pinTyped } from './forms.js';
import { makeLabels } from './reference.js';

const translate = (key: string) => `local:${key}`;

describe('collectProblems', () => {
  it('keeps local checks field by field', () => {
    expect(
      collectProblems(
        [{ field: 'fullName', key: 'required' }, { key: 'nothingChanged' }],
        null,
        translate,
        'vi',
      ),
    ).toEqual([
      { field: 'fullName', text: 'local:required' },
      { field: undefined, text: 'local:nothingChanged' },
    ]);
  });

  it('lists every entry of errors[] for a multi-field problem, in the UI language', () => {
    const error = new ApiError(400, 'name_invalid', { vi: 'Tên sai', en: 'Bad name' }, 'fullName', [
      { field: 'fullName', code: 'name_invalid', message: { vi: 'Tên sai', en: 'Bad name' } },
      { field: 'ethnicity', code: 'ethnicity_unknown', message: { vi: 'Dân tộc sai', en: 'Bad group' } },
    ]);
    expect(collectProblems([], error, translate, 'en')).toEqual([
      { field: 'fullName', text: 'Bad name' },
      { field: 'ethnicity', text: 'Bad group' },
    ]);
  });

  it('puts a single-field problem by its field, and a form-wide one (or malformed body) at the top', () => {
    const conflict = new ApiError(
      409,
      'parent_sex_mismatch',
      { vi: 'Không khớp', en: 'Mismatch' },
      'motherPin',
    );
    expect(collectProblems([], conflict, translate, 'vi')).toEqual([
      { field: 'motherPin', text: 'Không khớp' },
    ]);
    const body = new ApiError(400, 'malformed_json', { vi: 'JSON hỏng', en: 'Bad JSON' }, 'body');
    expect(collectProblems([], body, translate, 'vi')).toEqual([{ field: undefined, text: 'JSON hỏng' }]);
  });

  it('never shows raw text for a non-API error', () => {
    const [problem] = collectProblems([], new TypeError('x is undefined'), translate, 'vi');
    expect(problem?.field).toBeUndefined();
    expect(problem?.text).not.toContain('undefined');
  });
});

describe('makeLabels', () => {
  const reference = {
    ethnicities: [{ code: '01', name: 'Kinh' }],
    religions: [{ code: 'phat_giao', vi: 'Phật giáo', en: 'Buddhism' }],
    nationalities: [{ code: 'VN', vi: 'Việt Nam', en: 'Viet Nam' }],
    relations: [{ code: 'chu_ho', vi: 'Chủ hộ', en: 'Household head' }],
  };

  it('shows codes by their labels in the UI language, and unknown codes as they are', () => {
    const vi = makeLabels(reference, 'vi');
    expect(vi.ethnicity('01')).toBe('Kinh');
    expect(vi.religion('phat_giao')).toBe('Phật giáo');
    expect(makeLabels(reference, 'en').relation('chu_ho')).toBe('Household head');
    expect(vi.relation('ong_co')).toBe('ong_co');
    expect(vi.religion(null)).toBe('');
    expect(makeLabels(undefined, 'vi').ethnicity('01')).toBe('01');
  });
});

describe('pinTyped', () => {
  it('keeps the digits of a PIN however it is written, twelve at most', () => {
    expect(pinTyped('001 088 000 123')).toBe('001088000123');
    expect(pinTyped('001.088.000.123')).toBe('001088000123');
    expect(pinTyped(' 0010880001239')).toBe('001088000123');
    expect(pinTyped('abc')).toBe('');
  });
});
