import { describe, expect, it } from 'vitest';
import type { Person, PersonVersion } from '../../people-api.js';
import { splitMembers } from '../households/HouseholdPage.js';
import { birthRequest, emptyBirthForm } from './birth-form.js';
import { authorOf, diffVersions, historyEntries } from './history.js';
import { changesOf, checkPersonForm, editFormOf } from './person-form.js';
import { checkSearch, queryKind, readSearch, searchParamsOf } from './search-params.js';

const person: Person = {
  id: 'p1',
  pin: '001075530177',
  fullName: 'Trịnh Quốc Khánh',
  birthDate: '1975-04',
  sex: 'M',
  nationality: 'VN',
  ethnicity: '01',
  religion: null,
  birthPlaceCode: '01',
  birthPlace: null,
  originPlaceCode: null,
  originPlace: null,
  birthFacility: null,
  birthAddress: null,
  birthAddressUnitCode: null,
  identifyingMarks: null,
  oldId9: '011223344',
  oldId12: null,
  fatherPin: null,
  motherPin: null,
  spousePin: null,
  status: 'living',
  deathDate: null,
  unitCode: '00004',
  provinceCode: '01',
  version: 3,
  createdAt: '2026-11-23T10:00:00Z',
  updatedAt: '2026-11-23T10:00:00Z',
};

describe('person search parameters', () => {
  it('reads the box as a PIN, an old ID number or a name', () => {
    expect(queryKind('001075530177')).toBe('pin');
    expect(queryKind(' 011223344 ')).toBe('old_id');
    expect(queryKind('trinh quoc khan')).toBe('name');
    expect(queryKind('Đỗ')).toBe('name');
    expect(queryKind('0011')).toBe('invalid');
    expect(queryKind('a')).toBe('invalid');
    expect(queryKind('nguyen 1975')).toBe('invalid');
    expect(queryKind('nguye6n4 thi5 lan')).toBe('name');
  });

  it('checks the filters and round-trips through the URL', () => {
    expect(checkSearch({ q: '', birthYear: '', unitCode: '' }, 2026)).toEqual([
      { field: 'q', key: 'required' },
    ]);
    expect(checkSearch({ q: 'le mo', birthYear: '2030', unitCode: '0004' }, 2026)).toEqual([
      { field: 'birthYear', key: 'birthYear' },
      { field: 'unitCode', key: 'unitCode' },
    ]);
    const params = new URLSearchParams(searchParamsOf({ q: ' le mo ', birthYear: '1950', unitCode: '01' }));
    expect(params.toString()).toBe('q=le+mo&birthYear=1950&unitCode=01');
    expect(readSearch(params)).toEqual({ q: 'le mo', birthYear: 1950, unitCode: '01', page: 1 });
    expect(readSearch(new URLSearchParams('q=x'))).toBeNull();
  });
});

describe('edit form', () => {
  it('starts from the record with dates as dd/mm/yyyy and sends only what changed', () => {
    const form = editFormOf(person);
    expect(form.birthDate).toBe('04/1975');
    const checked = checkPersonForm(form, '2026-11-23');
    expect(checked).toEqual({ problems: [], birthDate: '1975-04' });
    expect(changesOf(person, form, '1975-04')).toEqual({});
    const edited = { ...form, identifyingMarks: ' Sẹo ở cằm ', oldId9: '', fullName: 'Trịnh  Quốc Khánh' };
    expect(changesOf(person, edited, '1975-04')).toEqual({ identifyingMarks: 'Sẹo ở cằm', oldId9: null });
  });

  it('finds every bad field before sending', () => {
    const form = {
      ...editFormOf(person),
      fullName: ' ',
      birthDate: '31/02/1975',
      oldId9: '12',
      motherPin: '123',
    };
    expect(checkPersonForm(form, '2026-11-23').problems.map((p) => `${p.field}:${p.key}`)).toEqual([
      'fullName:required',
      'birthDate:datePartial',
      'oldId9:oldId9',
      'motherPin:pin',
    ]);
    expect(checkPersonForm({ ...editFormOf(person), birthDate: '2027' }, '2026-11-23').problems).toEqual([
      { field: 'birthDate', key: 'future' },
    ]);
  });
});

describe('birth form', () => {
  const params = new URLSearchParams('motherPin=001182438259&householdNo=00004-00001168&fatherPin=bad');
  const empty = emptyBirthForm({ birthPlaceCode: '00004', params });

  it('takes parents and household from the link, ignoring malformed ones', () => {
    expect(empty).toMatchObject({
      motherPin: '001182438259',
      fatherPin: '',
      householdNo: '00004-00001168',
      ethnicity: '01',
    });
  });

  it('lists every missing field at once', () => {
    const result = birthRequest({ ...empty, motherPin: '' }, 'req-12345678', '2026-11-23');
    expect(result.ok ? [] : result.problems.map((p) => `${p.field}:${p.key}`)).toEqual([
      'fullName:required',
      'birthDate:required',
      'sex:required',
      'birthFacility:birthPlaceRequired',
      'motherPin:parentRequired',
    ]);
    const unpicked = birthRequest({ ...empty, fullName: 'An', birthDate: '20/11/2026', sex: 'F', birthFacility: 'Trạm y tế', birthPlaceCode: '' }, 'r', '2026-11-23');
    expect(unpicked.ok ? [] : unpicked.problems).toEqual([{ field: 'birthPlaceCode', key: 'pickCommune' }]);
    const partial = birthRequest(
      { ...empty, fullName: 'An', birthDate: '11/2026', sex: 'F', birthAddress: 'Thôn Đông' },
      'r',
      '2026-11-23',
    );
    expect(partial.ok ? [] : partial.problems).toEqual([{ field: 'birthDate', key: 'date' }]);
  });

  it('builds the API body with an ISO date and the one request id', () => {
    const result = birthRequest(
      {
        ...empty,
        fullName: ' Trịnh  Minh An ',
        birthDate: '20/11/2026',
        sex: 'F',
        nationality: 'vn',
        birthFacility: ' Bệnh viện  Phụ sản Hà Nội ',
        birthAddressUnitCode: '00008',
        originPlaceCode: '36',
        dossier: ' KS-1 ',
      },
      'req-12345678',
      '2026-11-23',
    );
    expect(result).toEqual({
      ok: true,
      body: {
        fullName: 'Trịnh Minh An',
        birthDate: '2026-11-20',
        sex: 'F',
        ethnicity: '01',
        nationality: 'VN',
        birthPlaceCode: '00004',
        birthFacility: 'Bệnh viện Phụ sản Hà Nội',
        birthAddressUnitCode: '00008',
        originPlaceCode: '36',
        reasonCode: 'birth_registration',
        requestId: 'req-12345678',
        motherPin: '001182438259',
        householdNo: '00004-00001168',
        dossier: 'KS-1',
      },
    });
  });
});

describe('history', () => {
  const v = (version: number, data: Record<string, unknown>, changedBy = 'x'): PersonVersion => ({
    version,
    data,
    changedAt: '2026-11-23T10:00:00Z',
    changedBy,
    reason: 'r',
    dossier: null,
  });

  it('shows each version newest first with the fields it changed, in record order', () => {
    const entries = historyEntries([
      v(2, { fullName: 'A', identifyingMarks: 'x', religion: 'khong', newField: 1 }),
      v(1, { fullName: 'A', identifyingMarks: null }),
    ]);
    expect(entries.map((e) => e.version)).toEqual([2, 1]);
    expect(entries[0]?.changes).toEqual([
      { field: 'religion', before: null, after: 'khong' },
      { field: 'identifyingMarks', before: null, after: 'x' },
      { field: 'newField', before: null, after: 1 },
    ]);
    expect(entries[1]?.changes).toBeNull();
    expect(diffVersions({ oldId9: null }, {})).toEqual([]);
  });

  it('names who made a version', () => {
    const me = '01a207ee-7675-76dd-a8a0-cc84745ae1cd';
    expect(authorOf(me, me)).toEqual({ kind: 'you' });
    expect(authorOf('import:abc', me)).toEqual({ kind: 'import', batch: 'abc' });
    expect(authorOf('01a207ee-0000-76dd-a8a0-cc84745ae1cd', me).kind).toBe('officer');
    expect(authorOf('demo', me)).toEqual({ kind: 'system', name: 'demo' });
  });
});

describe('household members', () => {
  it('puts the head first among current members and the latest leavers first among past ones', () => {
    const m = (pin: string, relation: string, birthDate: string, validTo: string | null = null) => ({
      pin,
      fullName: pin,
      birthDate,
      sex: 'F' as const,
      status: 'living' as const,
      relation,
      validFrom: '2020-01-15',
      validTo,
    });
    const { current, past } = splitMembers([
      m('wife', 'vo', '1982'),
      m('mother', 'me', '1950-07'),
      m('head', 'chu_ho', '1975'),
      m('old', 'con', '2000', '2021-01-01'),
      m('older', 'con', '1999', '2024-01-01'),
    ]);
    expect(current.map((x) => x.pin)).toEqual(['head', 'mother', 'wife']);
    expect(past.map((x) => x.pin)).toEqual(['older', 'old']);
  });
});
