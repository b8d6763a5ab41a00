import { describe, expect, it } from 'vitest';
import {
  buildTables,
  cleanName,
  parseCatalogue,
  parseConversion,
  rowShape,
  SourceError,
  splitNameAndCode,
  type Errata,
} from './source-tables.js';

const CATALOGUE_HEADER = [
  'Tỉnh Thành Phố',
  'Mã TP',
  'Quận Huyện',
  'Mã QH',
  'Phường Xã',
  'Mã PX',
  'Cấp',
  'Tên Tiếng Anh',
];
const catalogue = (rows: string[][]) => parseCatalogue([CATALOGUE_HEADER, ...rows]);

const CATALOGUE_ROWS = [
  ['Thành phố Hà Nội', '01', 'Quận Ba Đình', '001', 'Phường Trúc Bạch', '00004', 'Phường', ''],
  ['Thành phố Hà Nội', '01', 'Quận Ba Đình', '001', 'Phường Quán Thánh', '00013', 'Phường', ''],
  ['Thành phố Hà Nội', '01', 'Quận Ba Đình', '001', 'Phường Ngọc Hà', '00016', 'Phường', ''],
  ['Thành phố Hà Nội', '01', 'Quận Ba Đình', '001', 'Phường  Liễu Giai', '00008', 'Phường', ''],
  ['Thành phố Hải Phòng', '31', 'Huyện Bạch Long Vĩ', '318', '', '', 'Huyện', ''],
  ['Tỉnh Khánh Hòa', '56', 'Thị Xã Ninh Hòa', '572', 'Xã Ninh Sim', '22552', 'Xã', ''],
];

const CONVERSION_HEADERS = [
  [
    'Đơn vị hành chính từ ngày 01/7/2025',
    '',
    '',
    'Đơn vị hành chính trước ngày 01/7/2025',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    'Tỉnh, thành phố',
    'Tên Xã mới',
    'Mã Xã mới',
    'Tên Xã cũ',
    'Mã Xã cũ',
    'Ghi chú',
    'Quận/huyện',
    'Tỉnh cũ',
    '',
  ],
];
const conv = (
  prov: string,
  newName: string,
  newCode: string,
  oldName: string,
  oldCode: string,
  note: string,
  district: string,
  oldProv = prov,
) => [prov, newName, newCode, oldName, oldCode, note, district, oldProv, ''];
const CONVERSION_ROWS = [
  ...CONVERSION_HEADERS,
  ['THÀNH PHỐ HÀ NỘI  ', '', '', '', '', '', '', '', ''],
  conv(
    'Thành phố Hà Nội (01)',
    'Phường Ba Đình',
    '00004',
    'Phường Trúc Bạch',
    '00004',
    'Nhập toàn bộ',
    'Quận Ba Đình (001)',
  ),
  conv(
    'Thành phố Hà Nội (01)',
    'Phường Ba Đình',
    '00004',
    'Phường Quán Thánh ',
    '00013',
    'Nhập toàn bộ',
    'Quận Ba Đình (001)',
  ),
  conv(
    'Thành phố Hà Nội (01)',
    'Phường Ba Đình\n',
    '00004',
    'Phường Ngọc Hà',
    '00016',
    'Nhâp một  phần\n',
    'Quận Ba Đình (001)',
  ),
  conv(
    'Thành phố Hà Nội (01)',
    'Phường Ngọc Hà',
    '00008',
    'Phường Ngọc Hà',
    '00016',
    'Nhập một phần',
    'Quận Ba Đình (001)',
  ),
  conv(
    'Thành phố Hà Nội (01)',
    'Phường Ngọc Hà',
    '00008',
    'Phường Liễu Giai',
    '00008',
    'Nhập toàn bộ',
    'Quận Ba Đình (001)',
  ),
  ['Tỉnh Bắc Ninh (24)', '', '', '', '', '', '', '', ''],
  conv(
    'Thành phố Hải Phòng (31)',
    'Đặc khu Bạch Long Vĩ',
    '11948',
    '',
    '',
    'Sắp xếp toàn bộ huyện Bạch Long Vĩ thành đặc khu Bạch Long Vĩ',
    'Huyện Bạch Long Vĩ (318)',
  ),
  conv(
    'Tỉnh Khánh Hòa (56)',
    'Xa Tây Ninh Hòa',
    '22552',
    'Xã Ninh Sim',
    '22552',
    'Giữ nguyên ',
    'Thị xã Ninh Hòa (572)',
  ),
  conv(
    'Tỉnh Khánh Hòa (56)',
    'Xã Tây Ninh Hòa',
    '22552',
    'Khu vực bãi bồi',
    '',
    'Nhập toàn bộ',
    'Thị xã Ninh Hòa (572)',
  ),
];
const NO_ERRATA: Errata = { interimOldCodes: [], oldCodeFixes: [] };

describe('cleanName', () => {
  it('gives NFC, single spaces, and the canonical type word', () => {
    expect(cleanName('  Phường  Liễu   Giai ', ['Phường'])).toBe('Phường Liễu Giai');
    expect(cleanName('Thị Xã Ninh Hòa', ['Thị xã', 'Huyện'])).toBe('Thị xã Ninh Hòa');
    expect(cleanName('Xa Ea Kly', ['Xã', 'Phường'])).toBe('Xã Ea Kly');
    expect(cleanName('Phu\u031bo\u031b\u0300ng Ba Đình', ['Phường'])).toBe('Phường Ba Đình');
    // Only the leading type word is touched: the place name is kept as written.
    expect(cleanName('Xã Xa Dung', ['Xã'])).toBe('Xã Xa Dung');
  });
});

describe('the conversion table layout', () => {
  it('tells header, heading and data rows apart', () => {
    expect(rowShape(CONVERSION_ROWS[0]!, 0)).toBe('header');
    expect(rowShape(CONVERSION_ROWS[2]!, 2)).toBe('heading');
    expect(rowShape(['Tỉnh Bắc Ninh (24)', '', ''], 9)).toBe('heading');
    expect(rowShape(CONVERSION_ROWS[3]!, 3)).toBe('data');
    expect(rowShape(['', ' ', ''], 5)).toBe('blank');
  });

  it('splits "Name (code)"', () => {
    expect(splitNameAndCode('Thành phố Hà Nội (01)')).toEqual(['Thành phố Hà Nội', '01']);
    expect(splitNameAndCode(' Quận  Ba Đình (001) ')).toEqual(['Quận Ba Đình', '001']);
    expect(splitNameAndCode('THÀNH PHỐ HÀ NỘI')).toBeUndefined();
  });

  it('reads data rows only, with names and notes cleaned', () => {
    const lines = parseConversion(CONVERSION_ROWS);
    expect(lines).toHaveLength(8);
    expect(lines[2]).toMatchObject({
      newName: 'Phường Ba Đình',
      oldCode: '00016',
      note: 'Nhập một phần',
      newProvinceCode: '01',
      oldDistrictCode: '001',
    });
    expect(lines[6]).toMatchObject({ newName: 'Xã Tây Ninh Hòa', note: 'Giữ nguyên' });
  });

  it('refuses a code that lost its leading zeros, rather than guessing', () => {
    const rows = [
      ...CONVERSION_HEADERS,
      conv(
        'Thành phố Hà Nội (01)',
        'Phường Ba Đình',
        '4',
        'Phường Trúc Bạch',
        '00004',
        'Nhập toàn bộ',
        'Quận Ba Đình (001)',
      ),
    ];
    expect(() => parseConversion(rows)).toThrow(SourceError);
  });
});

describe('parseCatalogue', () => {
  it('builds provinces, districts and communes with their types', () => {
    const c = catalogue(CATALOGUE_ROWS);
    expect(c.rowCount).toBe(6);
    expect([c.provinces.size, c.districts.size, c.communes.size]).toEqual([3, 3, 5]);
    expect(c.communelessDistricts).toEqual(['318']);
    expect(c.districts.get('572')).toMatchObject({
      name: 'Thị xã Ninh Hòa',
      type: 'Thị xã',
      parentCode: '56',
    });
    expect(c.communes.get('00008')).toMatchObject({
      name: 'Phường Liễu Giai',
      parentCode: '001',
      provinceCode: '01',
      validFrom: '2008-08-01',
      validTo: '2025-07-01',
    });
  });

  it('types a city by what it belongs to', () => {
    const c = catalogue([
      ['Thành phố Hồ Chí Minh', '79', 'Thành phố Thủ Đức', '769', 'Phường Linh Xuân', '26800', 'Phường', ''],
      ['Tỉnh Lào Cai', '10', 'Thành phố Lào Cai', '080', 'Phường Duyên Hải', '02635', 'Phường', ''],
    ]);
    expect(c.districts.get('769')?.type).toBe('Thành phố thuộc thành phố trực thuộc trung ương');
    expect(c.districts.get('080')?.type).toBe('Thành phố thuộc tỉnh');
    expect(c.provinces.get('79')?.type).toBe('Thành phố');
  });

  it('refuses a code used for two different units', () => {
    expect(() =>
      catalogue([
        ...CATALOGUE_ROWS,
        ['Thành phố Hà Nội', '01', 'Quận Hoàn Kiếm', '001', 'Phường Hàng Bạc', '00037', 'Phường', ''],
      ]),
    ).toThrow(/001/);
  });
});

describe('buildTables', () => {
  const build = (rows = CONVERSION_ROWS, errata = NO_ERRATA) =>
    buildTables(catalogue(CATALOGUE_ROWS), parseConversion(rows), errata);

  it('gives both trees and the conversion, sorted', () => {
    const { units, conversions, report } = build();
    const current = units.filter((u) => u.validTo === '');
    expect(current.map((u) => `${u.code} ${u.name}`)).toEqual([
      '01 Thành phố Hà Nội',
      '31 Thành phố Hải Phòng',
      '56 Tỉnh Khánh Hòa',
      '00004 Phường Ba Đình',
      '00008 Phường Ngọc Hà',
      '11948 Đặc khu Bạch Long Vĩ',
      '22552 Xã Tây Ninh Hòa',
    ]);
    expect(current.find((u) => u.code === '00008')).toMatchObject({
      parentCode: '01',
      provinceCode: '01',
      validFrom: '2025-07-01',
    });
    expect(conversions.map((c) => `${c.oldCode}>${c.newCode} ${c.kind}`)).toEqual([
      '00004>00004 whole',
      '00008>00008 whole',
      '00013>00004 whole',
      '00016>00004 partial',
      '00016>00008 partial',
      '22552>22552 unchanged',
      '318>11948 whole',
    ]);
    expect(report.skipped.map((l) => l.oldName)).toEqual(['Khu vực bãi bồi']);
    expect(report.unmapped).toEqual([]);
  });

  it('fails on an old code nobody knows, unless reviewed as an interim unit', () => {
    const rows = [
      ...CONVERSION_ROWS,
      conv(
        'Thành phố Hà Nội (01)',
        'Phường Ba Đình',
        '00004',
        'Phường Mới',
        '00099',
        'Nhập toàn bộ',
        'Quận Ba Đình (001)',
      ),
    ];
    expect(() => build(rows)).toThrow(/00099/);
    const { units } = build(rows, { interimOldCodes: ['00099'], oldCodeFixes: [] });
    expect(units.find((u) => u.code === '00099')).toMatchObject({
      name: 'Phường Mới',
      type: 'Phường',
      parentCode: '001',
      provinceCode: '01',
      validTo: '2025-07-01',
    });
  });

  it('applies a reviewed code fix, and fails when a fix no longer matches anything', () => {
    const rows = [
      ...CONVERSION_ROWS,
      conv(
        'Thành phố Hà Nội (01)',
        'Phường Ba Đình',
        '00004',
        'Phường Cống Vị',
        '00013',
        'Nhập toàn bộ',
        'Quận Ba Đình (001)',
      ),
    ];
    const cat = catalogue([
      ...CATALOGUE_ROWS,
      ['Thành phố Hà Nội', '01', 'Quận Ba Đình', '001', 'Phường Cống Vị', '00007', 'Phường', ''],
    ]);
    const fix = { district: '001', oldName: 'Phường Cống Vị', written: '00013', actual: '00007' };
    const fixed = buildTables(cat, parseConversion(rows), { interimOldCodes: [], oldCodeFixes: [fix] });
    expect(fixed.conversions.filter((c) => c.newCode === '00004').map((c) => c.oldCode)).toEqual([
      '00004',
      '00007',
      '00013',
      '00016',
    ]);
    expect(() => build(CONVERSION_ROWS, { interimOldCodes: [], oldCodeFixes: [fix] })).toThrow(
      /match no row/,
    );
  });

  it('lists catalogue communes the conversion never mentions', () => {
    const rows = CONVERSION_ROWS.filter((r) => r[4] !== '00013');
    expect(build(rows).report.unmapped.map((u) => u.code)).toEqual(['00013']);
  });

  it('picks the most frequent spelling of a new name, and reports the variants', () => {
    const rows = [
      ...CONVERSION_ROWS,
      conv(
        'Thành phố Hà Nội (01)',
        'Phường Ngọc Hà',
        '00008',
        'Phường Kim Mã',
        '00013',
        'Nhập một phần',
        'Quận Ba Đình (001)',
      ),
    ];
    const variants = [
      ...rows.slice(0, 6),
      conv(
        'Thành phố Hà Nội (01)',
        'Phường Ngoc Hà',
        '00008',
        'Phường Liễu Giai',
        '00008',
        'Nhập toàn bộ',
        'Quận Ba Đình (001)',
      ),
      ...rows.slice(6),
    ];
    const { units, report } = build(variants);
    expect(units.find((u) => u.code === '00008' && u.validTo === '')?.name).toBe('Phường Ngọc Hà');
    expect(report.nameVariants).toEqual([
      { code: '00008', names: ['Phường Ngoc Hà', 'Phường Ngọc Hà'], chosen: 'Phường Ngọc Hà' },
    ]);
  });
});
