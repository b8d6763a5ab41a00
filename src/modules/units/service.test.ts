import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, type TestContext } from '../../../test/context.js';
import { TestClock, todayInVietnam } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import { foldName } from '../../kernel/fold.js';
import {
  convertOldCommune,
  findUnit,
  getProvinceOfCommune,
  getUnit,
  isCurrentCommune,
  listChildren,
  listCommunes,
  listDistricts,
  listProvinces,
  resolveUnitAt,
  searchUnits,
  toCurrentUnits,
  unitDirectory,
} from './index.js';

let t: TestContext;
beforeAll(async () => {
  t = await testContext();
});
afterAll(() => t.close());

/** The AppError a call fails with, for asserting kind, code and field together. */
async function failure(p: Promise<unknown>): Promise<Pick<AppError, 'kind' | 'code' | 'field'>> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { kind: err.kind, code: err.code, field: err.field };
    throw err;
  }
  throw new Error('expected an AppError');
}

async function count(sql: string): Promise<number> {
  return (await t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM admin_unit ${sql}`)).rows[0]!
    .n;
}

describe('the unit table', () => {
  it('holds the 63 provinces, 696 districts and 10,051 communes of the catalogue, plus 3 interim wards', async () => {
    const pre = "WHERE valid_to = '2025-07-01'";
    expect(await count(`${pre} AND level = 'province'`)).toBe(63);
    expect(await count(`${pre} AND level = 'district'`)).toBe(696);
    expect(await count(`${pre} AND level = 'commune'`)).toBe(10_054);
    expect(await count(`${pre} AND level = 'commune' AND code IN ('03980', '03983', '03984')`)).toBe(3);
    // The catalogue's 10,056 rows are its 10,051 communes and 5 island districts without communes.
    expect(
      await count(
        `u ${pre} AND level = 'district' AND NOT EXISTS (SELECT 1 FROM admin_unit c WHERE c.parent_code = u.code AND c.valid_to = '2025-07-01')`,
      ),
    ).toBe(5);
  });

  it('holds 34 provinces and 3,321 communes today: 2,621 xã, 687 phường and 13 đặc khu, with no districts', async () => {
    const cur = 'WHERE valid_to IS NULL';
    expect(await count(`${cur} AND level = 'province'`)).toBe(34);
    expect(await count(`${cur} AND level = 'district'`)).toBe(0);
    expect(await count(`${cur} AND level = 'commune'`)).toBe(3_321);
    expect(await count(`${cur} AND type = 'Xã'`)).toBe(2_621);
    expect(await count(`${cur} AND type = 'Phường'`)).toBe(687);
    expect(await count(`${cur} AND type = 'Đặc khu'`)).toBe(13);
  });

  it('links every conversion to a known old unit and a current commune, and every current commune to a predecessor', async () => {
    const q = async (sql: string) => (await t.db.pool.query<{ n: number }>(sql)).rows[0]!.n;
    expect(
      await q(`SELECT count(*)::int AS n FROM admin_unit_conversion c WHERE NOT EXISTS
      (SELECT 1 FROM admin_unit u WHERE u.code = c.old_code AND u.valid_to = '2025-07-01' AND u.level IN ('commune', 'district'))`),
    ).toBe(0);
    expect(
      await q(`SELECT count(*)::int AS n FROM admin_unit_conversion c WHERE NOT EXISTS
      (SELECT 1 FROM admin_unit u WHERE u.code = c.new_code AND u.valid_to IS NULL AND u.level = 'commune')`),
    ).toBe(0);
    expect(
      await q(`SELECT count(*)::int AS n FROM admin_unit u WHERE u.valid_to IS NULL AND u.level = 'commune'
      AND NOT EXISTS (SELECT 1 FROM admin_unit_conversion c WHERE c.new_code = u.code)`),
    ).toBe(0);
  });

  it('lists provinces per tree', async () => {
    const now = await listProvinces(t.ctx, { tree: 'current' });
    const before = await listProvinces(t.ctx, { tree: 'pre2025' });
    expect(now).toHaveLength(34);
    expect(before).toHaveLength(63);
    expect(now[0]).toMatchObject({
      code: '01',
      name: 'Thành phố Hà Nội',
      type: 'Thành phố',
      tree: 'current',
    });
    expect(before.map((p) => p.code)).toContain('82');
    expect(now.find((p) => p.code === '82')?.name).toBe('Tỉnh Đồng Tháp');
  });
});

describe('convertOldCommune', () => {
  it('maps Phường Quán Thánh (00013) wholly into today’s Phường Ba Đình (00004)', async () => {
    const c = await convertOldCommune(t.ctx, '00013');
    expect(c.old).toMatchObject({
      code: '00013',
      name: 'Phường Quán Thánh',
      tree: 'pre2025',
      districtName: 'Quận Ba Đình',
    });
    expect(c.targets).toEqual([
      expect.objectContaining({
        kind: 'whole',
        note: 'Nhập toàn bộ',
        unit: expect.objectContaining({ code: '00004', name: 'Phường Ba Đình', tree: 'current' }),
      }),
    ]);
    expect(c.partial).toBe(false);
  });

  it('splits Phường Ngọc Hà (00016) between two new wards, and says a person must choose', async () => {
    const c = await convertOldCommune(t.ctx, '00016');
    expect(c.targets.map((x) => [x.unit.code, x.unit.name, x.kind])).toEqual([
      ['00004', 'Phường Ba Đình', 'partial'],
      ['00008', 'Phường Ngọc Hà', 'partial'],
    ]);
    expect(c.partial).toBe(true);
  });

  it('converts an island district that had no communes into its special zone', async () => {
    const c = await convertOldCommune(t.ctx, '318');
    expect(c.old).toMatchObject({ level: 'district', name: 'Huyện Bạch Long Vĩ' });
    expect(c.targets.map((x) => [x.unit.code, x.unit.type, x.kind])).toEqual([['11948', 'Đặc khu', 'whole']]);
  });

  it('maps old Tiền Giang (82) only into new province 82; the "82 → 80" row is Long An’s Phường 4 (27691)', async () => {
    const r = await t.db.pool.query<{ province: string; n: number }>(
      `SELECT n.province_code AS province, count(*)::int AS n FROM admin_unit_conversion c
       JOIN admin_unit o ON o.code = c.old_code AND o.valid_to = '2025-07-01'
       JOIN admin_unit n ON n.code = c.new_code AND n.valid_to IS NULL
       WHERE o.province_code = '82' GROUP BY 1`,
    );
    expect(r.rows).toEqual([{ province: '82', n: 164 }]);
    const c = await convertOldCommune(t.ctx, '27691');
    expect(c.old).toMatchObject({
      provinceCode: '80',
      provinceName: 'Tỉnh Long An',
      districtName: 'Thành phố Tân An',
    });
    expect(c.targets.map((x) => [x.unit.code, x.unit.provinceCode, x.unit.provinceName])).toEqual([
      ['27694', '80', 'Tỉnh Tây Ninh'],
    ]);
  });

  it('answers with no targets for a commune the official table omits', async () => {
    const c = await convertOldCommune(t.ctx, '03751');
    expect(c.old.name).toBe('Xã Chiềng Ly');
    expect(c.targets).toEqual([]);
  });

  it('refuses districts with communes, unknown codes and malformed codes', async () => {
    expect(await failure(convertOldCommune(t.ctx, '001'))).toEqual({
      kind: 'invalid',
      code: 'unit_not_convertible',
      field: 'code',
    });
    expect(await failure(convertOldCommune(t.ctx, '99999'))).toEqual({
      kind: 'not_found',
      code: 'unit_not_found',
      field: 'code',
    });
    for (const bad of ['01', '13', '0013', '000013', 'abcde', '', '00 13']) {
      expect(await failure(convertOldCommune(t.ctx, bad))).toEqual({
        kind: 'invalid',
        code: 'unit_code_malformed',
        field: 'code',
      });
    }
  });
});

describe('searchUnits', () => {
  it('finds Phường Ba Đình without diacritics, with or without the type word', async () => {
    for (const q of ['phuong ba dinh', 'ba dinh', 'PHƯỜNG BA ĐÌNH', '  Ba   Đình ']) {
      const r = await searchUnits(t.ctx, { q, tree: 'current' });
      expect(r.items[0], q).toMatchObject({
        code: '00004',
        name: 'Phường Ba Đình',
        provinceName: 'Thành phố Hà Nội',
      });
      expect(r.fuzzy).toBe(false);
    }
  });

  it('tells namesakes apart by province, and by district before 2025', async () => {
    const now = await searchUnits(t.ctx, { q: 'ba dinh', tree: 'current', level: 'commune' });
    // Xã Ba Đình and Xã Ba Dinh fold alike: equally exact, so in code order.
    expect(now.items.map((u) => `${u.name} — ${u.provinceName}`)).toEqual([
      'Phường Ba Đình — Thành phố Hà Nội',
      'Xã Ba Đình — Tỉnh Thanh Hóa',
      'Xã Ba Dinh — Tỉnh Quảng Ngãi',
    ]);
    const before = await searchUnits(t.ctx, { q: 'phuong ba dinh', tree: 'pre2025' });
    expect(before.items.slice(0, 2).map((u) => `${u.districtName}, ${u.provinceName}`)).toEqual([
      'Thành phố Thanh Hóa, Tỉnh Thanh Hóa',
      'Thị xã Bỉm Sơn, Tỉnh Thanh Hóa',
    ]);
  });

  it('ranks the exact name first, then names that start with the query', async () => {
    const r = await searchUnits(t.ctx, { q: 'ngoc ha', tree: 'current', provinceCode: '01' });
    expect(r.items[0]?.name).toBe('Phường Ngọc Hà');
    // "Ba" as a whole word after the type word (Xã Ba Vì) before "Ba…" inside a word (Xã Bắc Sơn).
    const first = await searchUnits(t.ctx, { q: 'Ba', tree: 'current', pageSize: 20 });
    expect(first.items.filter((u) => !/^(xa|phuong|dac khu) ba /.test(foldName(u.name)))).toEqual([]);
    expect(first.items.map((u) => u.name)).toContain('Xã Ba Vì');
  });

  it('falls back to similar spellings when nothing matches, and says so', async () => {
    const r = await searchUnits(t.ctx, { q: 'ba dnh', tree: 'current' });
    expect(r.fuzzy).toBe(true);
    expect(r.items.map((u) => u.code)).toContain('00004');
  });

  it('searches both trees unless told, current first', async () => {
    const r = await searchUnits(t.ctx, { q: 'phuong ngoc ha' });
    expect(r.items.map((u) => `${u.code} ${u.tree} ${u.districtName ?? ''}, ${u.provinceName}`)).toEqual([
      '00008 current , Thành phố Hà Nội',
      '00016 pre2025 Quận Ba Đình, Thành phố Hà Nội',
      '00692 pre2025 Thành phố Hà Giang, Tỉnh Hà Giang',
    ]);
  });

  it('pages without overlap, with a stable total', async () => {
    const one = await searchUnits(t.ctx, { q: 'tan an', pageSize: 5, page: 1 });
    const two = await searchUnits(t.ctx, { q: 'tan an', pageSize: 5, page: 2 });
    const past = await searchUnits(t.ctx, { q: 'tan an', pageSize: 5, page: 1000 });
    expect(one.total).toBeGreaterThan(10);
    expect(two.total).toBe(one.total);
    expect(past).toMatchObject({ items: [], total: one.total, page: 1000 });
    const key = (u: { code: string; validFrom: string }) => `${u.code}@${u.validFrom}`;
    expect(one.items.map(key).filter((k) => two.items.map(key).includes(k))).toEqual([]);
  });

  it('rejects empty, overlong and out-of-range input', async () => {
    expect(await failure(searchUnits(t.ctx, { q: ' !!! ' }))).toMatchObject({
      code: 'query_empty',
      field: 'q',
    });
    expect(await failure(searchUnits(t.ctx, { q: 'a'.repeat(101) }))).toMatchObject({
      code: 'query_too_long',
      field: 'q',
    });
    expect(await failure(searchUnits(t.ctx, { q: 'ba', pageSize: 101 }))).toMatchObject({
      code: 'page_size_invalid',
      field: 'pageSize',
    });
    expect(await failure(searchUnits(t.ctx, { q: 'ba', page: 0 }))).toMatchObject({
      code: 'page_invalid',
      field: 'page',
    });
    expect(await failure(searchUnits(t.ctx, { q: 'ba', provinceCode: '1' }))).toMatchObject({
      code: 'unit_code_malformed',
      field: 'provinceCode',
    });
  });
});

describe('resolving a code on a date', () => {
  it('gives the pre-2025 unit before 1 July 2025 and today’s from then on', async () => {
    expect((await resolveUnitAt(t.ctx, '00004', '2025-06-30')).name).toBe('Phường Trúc Bạch');
    expect((await resolveUnitAt(t.ctx, '00004', '2025-07-01')).name).toBe('Phường Ba Đình');
    expect((await resolveUnitAt(t.ctx, '00013', '2010-03-15')).name).toBe('Phường Quán Thánh');
  });

  it('reads dates before the catalogue as its first day (codes are never reused for another place)', async () => {
    expect((await resolveUnitAt(t.ctx, '00004', '1995-01-01')).name).toBe('Phường Trúc Bạch');
  });

  it('is not_found when the code named nothing then', async () => {
    expect(await failure(resolveUnitAt(t.ctx, '00013', '2025-07-01'))).toEqual({
      kind: 'not_found',
      code: 'unit_not_found',
      field: 'code',
    });
    expect(await failure(resolveUnitAt(t.ctx, '00004', '2025-02-30'))).toEqual({
      kind: 'invalid',
      code: 'date_malformed',
      field: 'date',
    });
  });

  it('getUnit takes the newest version unless given a date; findUnit may return nothing', async () => {
    expect(await getUnit(t.ctx, '00004')).toMatchObject({
      name: 'Phường Ba Đình',
      tree: 'current',
      validTo: null,
    });
    expect(await getUnit(t.ctx, '00013')).toMatchObject({
      name: 'Phường Quán Thánh',
      tree: 'pre2025',
      validTo: '2025-07-01',
    });
    expect(await getUnit(t.ctx, '00004', { at: '2024-01-01' })).toMatchObject({ name: 'Phường Trúc Bạch' });
    expect(await findUnit(t.ctx, '99999')).toBeUndefined();
    expect(await failure(getUnit(t.ctx, '99999'))).toEqual({
      kind: 'not_found',
      code: 'unit_not_found',
      field: 'code',
    });
    expect(await failure(getUnit(t.ctx, '9999'))).toEqual({
      kind: 'invalid',
      code: 'unit_code_malformed',
      field: 'code',
    });
  });
});

describe('toCurrentUnits', () => {
  it('is the identity for an address recorded in today’s units', async () => {
    const r = await toCurrentUnits(t.ctx, '00004', '2025-09-01');
    expect(r).toMatchObject({
      recorded: { name: 'Phường Ba Đình' },
      units: [{ code: '00004' }],
      exact: true,
    });
  });

  it('converts an old address, certain when the old unit went whole', async () => {
    const r = await toCurrentUnits(t.ctx, '00004', '2019-05-01');
    expect(r.recorded.name).toBe('Phường Trúc Bạch');
    expect(r.units.map((u) => u.name)).toEqual(['Phường Ba Đình']);
    expect(r.exact).toBe(true);
  });

  it('is not exact for a split unit, unless one part took the whole population', async () => {
    const split = await toCurrentUnits(t.ctx, '00016', '2020-01-01');
    expect(split.units.map((u) => u.code)).toEqual(['00004', '00008']);
    expect(split.exact).toBe(false);
    const people = await toCurrentUnits(t.ctx, '00112', '2020-01-01');
    expect(people.units.map((u) => u.name)).toEqual(['Phường Tây Hồ', 'Phường Ba Đình']);
    expect(people.exact).toBe(true);
  });

  it('refuses provinces: they do not map one to one', async () => {
    expect(await failure(toCurrentUnits(t.ctx, '82', '2020-01-01'))).toMatchObject({
      code: 'unit_not_convertible',
    });
  });
});

describe('listing', () => {
  it('pages a province’s communes, filtered by name', async () => {
    const all = await listCommunes(t.ctx, { provinceCode: '01', tree: 'current', pageSize: 100 });
    expect(all.total).toBe(126);
    expect(all.items).toHaveLength(100);
    const ba = await listCommunes(t.ctx, { provinceCode: '01', q: 'ba dinh' });
    expect(ba.items.map((u) => u.code)).toEqual(['00004']);
  });

  it('before 2025 lists by district too', async () => {
    const district = await listCommunes(t.ctx, {
      provinceCode: '01',
      tree: 'pre2025',
      districtCode: '001',
      pageSize: 100,
    });
    expect(district.items.every((u) => u.parentCode === '001' && u.districtName === 'Quận Ba Đình')).toBe(
      true,
    );
    expect(district.total).toBe((await listChildren(t.ctx, '001', { pageSize: 100 })).total);
    expect((await listDistricts(t.ctx, { provinceCode: '01', pageSize: 100 })).total).toBe(30);
    expect(await failure(listCommunes(t.ctx, { provinceCode: '01', districtCode: '001' }))).toMatchObject({
      code: 'districts_abolished',
      field: 'districtCode',
    });
  });

  it('lists children per tree; a commune has none; an unknown province is not_found', async () => {
    expect((await listChildren(t.ctx, '01')).total).toBe(126);
    const districts = await listChildren(t.ctx, '01', { tree: 'pre2025', pageSize: 100 });
    expect(districts.items.every((u) => u.level === 'district')).toBe(true);
    expect((await listChildren(t.ctx, '00004')).items).toEqual([]);
    expect(await failure(listCommunes(t.ctx, { provinceCode: '99' }))).toMatchObject({
      kind: 'not_found',
      field: 'provinceCode',
    });
    expect(await failure(listCommunes(t.ctx, { provinceCode: '02', tree: 'current' }))).toMatchObject({
      kind: 'not_found',
      code: 'unit_not_found',
    });
  });
});

describe('helpers for other modules', () => {
  it('isCurrentCommune is true only for a commune in force today, and never throws', async () => {
    expect(await isCurrentCommune(t.ctx, '00004')).toBe(true);
    expect(await isCurrentCommune(t.ctx, '00013')).toBe(false);
    expect(await isCurrentCommune(t.ctx, '01')).toBe(false);
    expect(await isCurrentCommune(t.ctx, 'x')).toBe(false);
  });

  it('getProvinceOfCommune answers for today or a date', async () => {
    expect(await getProvinceOfCommune(t.ctx, '00004')).toBe('01');
    expect(await getProvinceOfCommune(t.ctx, '27691', { at: '2020-01-01' })).toBe('80');
    expect(await failure(getProvinceOfCommune(t.ctx, '00013'))).toMatchObject({
      kind: 'not_found',
      code: 'unit_not_found',
    });
    expect(await failure(getProvinceOfCommune(t.ctx, '001'))).toMatchObject({ code: 'unit_code_malformed' });
  });

  it('the kernel’s unit directory sees today’s units only', async () => {
    const dir = unitDirectory(t.ctx);
    expect(await dir.unitName('commune', '00004')).toBe('Phường Ba Đình');
    expect(await dir.unitName('province', '82')).toBe('Tỉnh Đồng Tháp');
    expect(await dir.unitName('province', '00004')).toBeUndefined();
    expect(await dir.provinceOfCommune('00013')).toBeUndefined();
    expect(await dir.provinceOfCommune('27694')).toBe('80');
  });

  it('takes today in Vietnam: 1 July 2025 began at 17:00 UTC on 30 June', async () => {
    const clock = new TestClock('2025-06-30T17:30:00Z');
    expect(todayInVietnam(clock)).toBe('2025-07-01');
    expect(await isCurrentCommune({ db: t.db, clock }, '00004')).toBe(true);
    expect(todayInVietnam(new TestClock('2025-06-30T16:59:00Z'))).toBe('2025-06-30');
  });
});
