import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPersonRow } from './check-row.js';
import { loadPerson, PERSON_ROW_COLUMNS } from './load-row.js';
import { viSortKey } from '../vi-sort.js';

/** A checked row, as the worker has it, from a row of the generator's format. */
function checked(fullName: string, extra: Record<string, unknown> = {}) {
  const r = checkPersonRow({ externalId: 'p-1', householdExternalId: 'h-1', pin: '001090012345', fullName, birthDate: '1990-05-04', sex: 'M', ethnicityCode: '01', birthRegistrationProvinceCode: '01', ...extra }, '2026-12-01');
  if (!('ok' in r)) throw new Error(JSON.stringify(r.errors));
  return r.ok;
}

describe('loadPerson', () => {
  it('writes the row’s own person columns as one CSV record, in PERSON_ROW_COLUMNS order', () => {
    const p = checked('Nguyễn Văn An', { religionCode: 'phat_giao', oldIdNumber: '012345678', originProvinceCode: '79' });
    const [cells] = parse(loadPerson(p).cells) as string[][];
    expect(Object.fromEntries(PERSON_ROW_COLUMNS.map((c, i) => [c, cells![i]]))).toEqual({
      pin: '001090012345',
      full_name: 'Nguyễn Văn An',
      name_folded: 'nguyen van an',
      birth_date: '1990-05-04',
      birth_year: '1990',
      sex: 'M',
      nationality: 'VN',
      ethnicity: '01',
      religion: 'phat_giao',
      birth_place_code: '01',
      origin_place_code: '79',
      old_id9: '012345678',
      old_id12: '',
      external_id: 'p-1',
      name_sort: viSortKey('Nguyễn Văn An'),
    });
  });

  it('keeps every column in its cell whatever the name (letters, apostrophes, dots, hyphens, spaces)', () => {
    const letter = fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠĐỨỪỬỮỰ');
    const name = fc
      .tuple(letter, fc.array(fc.oneof(letter, letter, fc.constantFrom(' ', "'", '.', '-')), { minLength: 1, maxLength: 40 }))
      .map(([first, rest]) => first + rest.join(''))
      .filter((n) => n.trim().length >= 2);
    fc.assert(
      fc.property(name, (fullName) => {
        const p = checked(fullName);
        const [cells] = parse(loadPerson(p).cells, { relax_quotes: false }) as string[][];
        expect(cells).toHaveLength(PERSON_ROW_COLUMNS.length);
        expect(cells![1]).toBe(p.fullName);
        expect(cells![PERSON_ROW_COLUMNS.indexOf('name_sort')]).toBe(viSortKey(p.fullName));
      }),
    );
  });
});
