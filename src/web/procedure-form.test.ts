import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STAY_TEST } from '../../test/dossier-procedures.js';
import { formJsonSchema } from '../modules/dossiers/index.js';
import { fieldOfError, formFields, initialValues, missingRequired, prefilledNames, problemKey, toFormData, type Prefill } from './procedure-form.js';

/** The schema → fields mapping of the generic procedure form, on a form annotated by the convention. */
const schema = formJsonSchema(STAY_TEST);
const fields = formFields(schema);
const byName = (name: string) => fields.find((f) => f.name === name)!;

const prefill: Prefill = {
  person: { pin: '001088000123', fullName: 'Nguyễn Thị Lan' },
  values: {
    'applicant.pin': '001088000123',
    'applicant.permanent.unitCode': '00004',
    'applicant.permanent.address': 'Số 8, phố Kim Mã',
    'applicant.householdNo': null,
    'applicant.temporary.unitCode': null,
    'applicant.temporary.address': null,
    'applicant.temporary.plannedEnd': null,
    'applicant.head.pin': null,
  },
};

describe('procedure form fields', () => {
  it('reads labels in both languages, widgets, help, enums with labels, required and limits', () => {
    expect(fields.map((f) => f.name)).toEqual(['address', 'unitCode', 'dwelling', 'ownerPin', 'plannedEnd', 'months', 'permanentAddress', 'householdNo', 'members', 'note']);
    expect(byName('address')).toMatchObject({ kind: 'textarea', required: true, label: { vi: 'Địa chỉ nơi ở', en: 'Address of the dwelling' }, help: { vi: 'Số nhà, ngõ, đường phố', en: 'House number, lane, street' }, maxLength: 300 });
    expect(byName('unitCode')).toMatchObject({ kind: 'unit', required: true });
    expect(byName('dwelling')).toMatchObject({ kind: 'select', options: [{ value: 'own', label: { vi: 'Nhà của mình', en: 'My own' } }, { value: 'rented', label: { vi: 'Nhà thuê, mượn', en: 'Rented or lent' } }, { value: 'relatives', label: { vi: 'Ở nhờ người thân', en: 'With relatives' } }] });
    expect(byName('ownerPin')).toMatchObject({ kind: 'pin', required: false });
    expect(byName('plannedEnd').kind).toBe('date');
    expect(byName('months')).toMatchObject({ kind: 'number', integer: true, minimum: 1, maximum: 24 });
    expect(byName('permanentAddress')).toMatchObject({ kind: 'text', prefill: 'applicant.permanent.address', required: false });
    expect(byName('householdNo')).toMatchObject({ kind: 'household', prefill: 'applicant.householdNo' });
    const members = byName('members');
    expect(members).toMatchObject({ kind: 'list', maxItems: 10, label: { en: 'People registering with you' } });
    expect(members.itemFields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['pin', 'pin', true],
      ['relation', 'relation', true],
    ]);
    expect(byName('note').kind).toBe('textarea');
  });

  it('prefills what the registry holds and marks it; a field the registry has nothing for stays empty', () => {
    const values = initialValues(fields, prefill);
    expect(values.permanentAddress).toBe('Số 8, phố Kim Mã');
    expect(values.householdNo).toBe('');
    expect(values.members).toEqual([]);
    expect([...prefilledNames(fields, prefill)]).toEqual(['permanentAddress']);
  });

  it('turns typed values into the form the API takes, and names the required fields left empty', () => {
    const values = { ...initialValues(fields, prefill), address: ' Số 5 ', unitCode: '00004', dwelling: 'rented', plannedEnd: '2026-12-31', months: '11', members: [{ pin: '001088000999', relation: '' }] };
    expect(toFormData(fields, values)).toEqual({ address: 'Số 5', unitCode: '00004', dwelling: 'rented', plannedEnd: '2026-12-31', months: 11, permanentAddress: 'Số 8, phố Kim Mã', members: [{ pin: '001088000999' }] });
    expect(missingRequired(fields, values)).toEqual(['form.members.0.relation']);
    expect(missingRequired(fields, initialValues(fields, null))).toEqual(['form.address', 'form.unitCode', 'form.dwelling', 'form.plannedEnd', 'form.months']);
  });

  it('places every server error about a field under that field, and anything else on the form as a whole', () => {
    expect(fieldOfError('form.months', fields)).toBe('form.months');
    expect(fieldOfError('form.members.1.pin', fields)).toBe('form.members.1.pin');
    expect(fieldOfError('form.members.1', fields)).toBe('form.members');
    expect(fieldOfError('form.nonsense', fields)).toBeUndefined();
    expect(fieldOfError('requestId', fields)).toBeUndefined();
    fc.assert(
      fc.property(fc.constantFrom(...fields.map((f) => f.name)), fc.nat({ max: 9 }), (name, i) => {
        const f = byName(name);
        if (f.kind !== 'list') return fieldOfError(problemKey(name), fields) === problemKey(name);
        return f.itemFields.every((x) => fieldOfError(problemKey(name, i, x.name), fields) === problemKey(name, i, x.name));
      }),
    );
  });

  it('sends whole numbers typed in a number field as numbers, and text that is no number as typed (the server names it)', () => {
    const months = [byName('months')];
    fc.assert(fc.property(fc.integer({ min: -1000, max: 1000 }), (n) => toFormData(months, { months: ` ${n} ` }).months === n));
    expect(toFormData(months, { months: 'mười' })).toEqual({ months: 'mười' });
    expect(toFormData(months, { months: '' })).toEqual({});
  });
});
