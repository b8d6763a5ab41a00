import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPLICATION, UNIVERSAL, constructed, encode, integer, sequence, utf8 } from './asn1.js';
import { decodeDg1, encodeDg1 } from './dg1.js';
import { decodeDg13, encodeDg13, type Dg13Fields } from './dg13.js';
import { decodeDg2, encodeDg2 } from './dg2.js';
import { HOLDER, JPEG, PNG, td1 } from './testing.js';

const hex = (b: Uint8Array | ArrayBuffer) =>
  Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b).toString('hex');
const tagOf = (e: asn1js.AsnType) => hex(e.idBlock.toBER(false));
const kids = (e: asn1js.AsnType) => (e as asn1js.Constructed).valueBlock.value;

describe('DG1', () => {
  const mrz = td1(HOLDER);

  it('is 61 { 5F1F <90 characters> } and reads back as three lines', () => {
    const bytes = encodeDg1(mrz);
    expect(hex(bytes.subarray(0, 5))).toBe('615d5f1f5a'); // 0x5d = 93 = 3 + 90
    expect(Buffer.from(bytes.subarray(5)).toString('latin1')).toBe(mrz.replaceAll('\n', ''));
    expect(decodeDg1(bytes)).toEqual({ data: { mrz }, issues: [] });
  });

  it('accepts the 90-character form and \\r\\n line ends', () => {
    expect(encodeDg1(mrz.replaceAll('\n', ''))).toEqual(encodeDg1(mrz));
    expect(encodeDg1(mrz.replaceAll('\n', '\r\n'))).toEqual(encodeDg1(mrz));
  });

  it('refuses to write something that is not a TD1 zone', () => {
    expect(() => encodeDg1('IDVNM')).toThrow(RangeError);
    expect(() => encodeDg1(mrz.toLowerCase())).toThrow(RangeError);
  });

  it('reports a wrong outer tag, a missing 5F1F and a wrong length', () => {
    const wrongTag = encode(constructed(APPLICATION, 0x02, [utf8('x')]));
    const no5f1f = encode(constructed(APPLICATION, 0x01, [utf8('x')]));
    const short = encodeDg1(mrz).slice();
    const shortened = encode(
      constructed(APPLICATION, 0x01, [
        new asn1js.Primitive({
          idBlock: { tagClass: APPLICATION, tagNumber: 0x1f },
          valueHex: short.slice(5, 50),
        }),
      ]),
    );
    for (const bytes of [wrongTag, no5f1f, shortened]) {
      expect(decodeDg1(bytes).issues.map((i) => [i.code, i.field])).toEqual([['chip_file_malformed', 'dg1']]);
    }
    expect(decodeDg1(shortened).issues[0]!.message.en).toBe(
      'EF.DG1 on the chip is malformed: the MRZ is 45 characters long; a TD1 card has 90',
    );
  });
});

describe('DG2', () => {
  it('has the ICAO biometric templates: 75 → 7F61 { 02 01, 7F60 { A1 {80, 81 face, 87, 88}, 5F2E } }', () => {
    const root = asn1js.fromBER(encodeDg2(JPEG)).result;
    expect(tagOf(root)).toBe('75');
    const [group] = kids(root);
    expect(tagOf(group!)).toBe('7f61');
    const [count, instance] = kids(group!);
    expect(tagOf(count!)).toBe('02');
    expect((count as asn1js.Integer).valueBlock.valueDec).toBe(1);
    expect(tagOf(instance!)).toBe('7f60');
    const [header, block] = kids(instance!);
    expect(tagOf(header!)).toBe('a1');
    expect(
      kids(header!).map((e) => `${tagOf(e)}:${hex((e as asn1js.Primitive).valueBlock.valueHexView)}`),
    ).toEqual(['80:0101', '81:02', '87:0101', '88:0008']);
    expect(tagOf(block!)).toBe('5f2e');
  });

  it('writes an ISO/IEC 19794-5 (2005) facial record: FAC 010, lengths, one face, JPEG 12×16', () => {
    const bytes = encodeDg2(JPEG);
    const record = bytes.subarray(bytes.length - JPEG.length - 46);
    const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
    expect(Buffer.from(record.subarray(0, 8)).toString('latin1')).toBe('FAC\u0000010\u0000');
    expect(view.getUint32(8)).toBe(46 + JPEG.length); // record length
    expect(view.getUint16(12)).toBe(1); // one face
    expect(view.getUint32(14)).toBe(32 + JPEG.length); // facial record data length
    expect(hex(record.subarray(18, 34))).toBe('00'.repeat(16)); // no feature points; all unspecified
    expect([...record.subarray(34, 36)]).toEqual([0x00, 0x00]); // basic face image, JPEG
    expect([view.getUint16(36), view.getUint16(38)]).toEqual([12, 16]);
    expect(hex(record.subarray(40, 46))).toBe('00'.repeat(6));
    expect(Buffer.from(record.subarray(46)).equals(JPEG)).toBe(true);
  });

  it('round-trips a JPEG and a PNG photo, telling them apart by their magic bytes', () => {
    expect(decodeDg2(encodeDg2(JPEG))).toEqual({
      data: { imageMime: 'image/jpeg', image: new Uint8Array(JPEG) },
      issues: [],
    });
    const png = encodeDg2(PNG);
    expect(decodeDg2(png)).toEqual({
      data: { imageMime: 'image/png', image: new Uint8Array(PNG) },
      issues: [],
    });
    const info = png.length - PNG.length - 12;
    expect([
      png[info + 1],
      (png[info + 2]! << 8) | png[info + 3]!,
      (png[info + 4]! << 8) | png[info + 5]!,
    ]).toEqual([0x03, 12, 16]);
  });

  it('refuses to wrap bytes that are not a JPEG or PNG', () => {
    expect(() => encodeDg2(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(RangeError);
  });

  it('reports a facial record that is not FAC 010, and an image that is neither JPEG nor PNG', () => {
    const bytes = encodeDg2(JPEG).slice();
    const start = bytes.length - JPEG.length - 46;
    const notFac = bytes.slice();
    notFac[start] = 0x58;
    expect(decodeDg2(notFac).issues[0]!.message.en).toBe(
      "EF.DG2 on the chip is malformed: the facial record does not start with 'FAC'",
    );
    const v030 = bytes.slice();
    v030[start + 5] = 0x33;
    expect(decodeDg2(v030).issues[0]!.message.en).toContain("not version '010'");
    const gif = bytes.slice();
    gif.set([0x47, 0x49, 0x46], start + 46);
    expect(decodeDg2(gif).issues.map((i) => [i.code, i.field])).toEqual([
      ['chip_photo_format_unsupported', 'dg2'],
    ]);
  });
});

describe('DG13', () => {
  it('is 6D { SET { SEQUENCE { INTEGER n, UTF8String } … } } in field order, dates dd/mm/yyyy, sex Nam/Nữ', () => {
    const root = asn1js.fromBER(encodeDg13(HOLDER)).result;
    expect(tagOf(root)).toBe('6d');
    const [set] = kids(root);
    expect(tagOf(set!)).toBe('31');
    const fields = kids(set!).map((f) => {
      const [n, value] = kids(f);
      const v =
        value instanceof asn1js.Utf8String
          ? value.valueBlock.value
          : kids(value!).map((x) => (x as asn1js.Utf8String).valueBlock.value);
      return [(n as asn1js.Integer).valueBlock.valueDec, v];
    });
    expect(fields).toEqual([
      [1, '001093047064'],
      [2, 'Nguyễn Văn An'],
      [3, '12/04/1993'],
      [4, 'Nam'],
      [5, 'Việt Nam'],
      [6, 'Kinh'],
      [7, 'Không'],
      [8, 'Xã Hải Hậu, Tỉnh Ninh Bình'],
      [9, 'Số 12, ngõ 34 phố Đội Cấn, Phường Ngọc Hà, Thành phố Hà Nội'],
      [10, 'Nốt ruồi C:2cm trên sau đầu lông mày trái'],
      [11, '15/07/2024'],
      [12, '12/04/2033'],
      [13, ['Nguyễn Văn Bình', 'Trần Thị Cúc']],
      [15, '123456789'],
    ]);
  });

  it('round-trips the sample holder, with diacritics', () => {
    expect(decodeDg13(encodeDg13(HOLDER))).toEqual({ data: HOLDER, issues: [] });
  });

  it('writes "Không thời hạn" for a card without expiry and reads it back as null', () => {
    const bytes = encodeDg13({ ...HOLDER, expiryDate: null });
    expect(Buffer.from(bytes).includes(Buffer.from('Không thời hạn'))).toBe(true);
    expect(decodeDg13(bytes).data.expiryDate).toBeNull();
  });

  it('keeps a partly unknown birth date (YYYY-MM, YYYY) as mm/yyyy and yyyy', () => {
    for (const birthDate of ['1950-03', '1950']) {
      expect(decodeDg13(encodeDg13({ ...HOLDER, birthDate }))).toEqual({
        data: { ...HOLDER, birthDate },
        issues: [],
      });
    }
  });

  it('with only the mother known, writes an empty father and reads it back as null', () => {
    const holder = { ...HOLDER, fatherName: null };
    expect(decodeDg13(encodeDg13(holder)).data).toEqual(holder);
  });

  const field = (n: number, v: string | string[]) =>
    sequence([integer(n), typeof v === 'string' ? utf8(v) : sequence(v.map(utf8))]);
  const dg13Of = (...fields: asn1js.AsnType[]) =>
    encode(constructed(APPLICATION, 0x0d, [new asn1js.Set({ value: fields })]));
  const base = [
    field(1, '001093047064'),
    field(2, 'Trần Thị B'),
    field(3, '01/02/1990'),
    field(5, 'Việt Nam'),
    field(6, 'Kinh'),
    field(11, '01/01/2024'),
    field(12, '01/02/2030'),
  ];

  it('reads another issuer’s variants: decomposed "Nữ", the old ID in field 16, unknown fields skipped', () => {
    const r = decodeDg13(
      dg13Of(...base, field(4, 'Nữ'.normalize('NFD')), field(16, '987654321'), field(20, 'tương lai')),
    );
    expect(r.issues).toEqual([]);
    expect(r.data).toMatchObject({ sex: 'F', oldId: '987654321', religion: null, fatherName: null });
  });

  it('reports missing and invalid fields with the field they concern', () => {
    const r = decodeDg13(
      dg13Of(...base.filter((_, i) => i !== 1 && i !== 2), field(3, '31/02/1990'), field(4, 'Khác')),
    );
    expect(r.issues.map((i) => [i.code, i.field])).toEqual([
      ['chip_dg13_field_invalid', 'dg13.birthDate'],
      ['chip_dg13_field_invalid', 'dg13.sex'],
      ['chip_dg13_field_missing', 'dg13.fullName'],
    ]);
    expect(r.issues[0]!.message).toEqual({
      vi: 'DG13 trường 3 (ngày sinh) là "31/02/1990", không phải ngày hợp lệ dạng dd/mm/yyyy.',
      en: 'DG13 field 3 (date of birth) is "31/02/1990", not a valid dd/mm/yyyy date.',
    });
    expect(r.data.pin).toBe('001093047064');
  });

  it('reports duplicates, non-text values and invalid UTF-8 as a malformed file', () => {
    const badUtf8 = sequence([
      integer(2),
      new asn1js.Primitive({
        idBlock: { tagClass: UNIVERSAL, tagNumber: 12 },
        valueHex: new Uint8Array([0xc3, 0x28]).buffer,
      }),
    ]);
    for (const bytes of [
      dg13Of(...base, field(1, 'x')),
      dg13Of(...base, sequence([integer(7), integer(3)])),
      dg13Of(...base, badUtf8),
    ]) {
      expect(decodeDg13(bytes).issues.map((i) => [i.code, i.field])).toEqual([
        ['chip_file_malformed', 'dg13'],
      ]);
    }
  });

  it('refuses to write an empty required field or an impossible date', () => {
    expect(() => encodeDg13({ ...HOLDER, fullName: '' })).toThrow(RangeError);
    expect(() => encodeDg13({ ...HOLDER, issueDate: '2024-02-30' })).toThrow(RangeError);
  });

  it('property: decode(encode(fields)) = fields for any fields', () => {
    // Whole code points (no lone surrogates, which UTF-8 cannot carry), Vietnamese included.
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom(...'ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậềểễếệọỏõóồổỗốộờởỡớợụủũúưừửữứựỳỷỹýỵ'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      minLength: 1,
      maxLength: 60,
    });
    const optional = fc.option(text, { nil: null });
    const date = fc
      .date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const birth = fc.oneof(
      date,
      date.map((d) => d.slice(0, 7)),
      date.map((d) => d.slice(0, 4)),
    );
    const fields: fc.Arbitrary<Dg13Fields> = fc.record({
      pin: fc.stringMatching(/^\d{12}$/),
      fullName: text,
      birthDate: birth,
      sex: fc.constantFrom('M' as const, 'F' as const),
      nationality: text,
      ethnicity: text,
      religion: optional,
      originPlace: optional,
      residencePlace: optional,
      identifyingMarks: optional,
      issueDate: date,
      expiryDate: fc.option(date, { nil: null }),
      fatherName: optional,
      motherName: optional,
      spouseName: optional,
      oldId: optional,
    });
    fc.assert(
      fc.property(fields, (f) => {
        expect(decodeDg13(encodeDg13(f))).toEqual({ data: f, issues: [] });
      }),
      { numRuns: 300 },
    );
  });
});
