import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPreReformProvince } from '../reference/provinces-pre-2025.js';
import { loadCommunesForGenerator } from './communes.js';

const root = mkdtempSync(path.join(tmpdir(), 'dancu-communes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fixture(units: string[], conversion: string[]): string {
  const dir = mkdtempSync(path.join(root, 'u-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'units.csv'),
    ['code,level,name,type,parent_code,province_code,valid_from,valid_to', ...units].join('\n'),
  );
  writeFileSync(path.join(dir, 'conversion.csv'), ['old_code,new_code,kind,note', ...conversion].join('\n'));
  return dir;
}

describe('loadCommunesForGenerator', () => {
  it('maps each current commune to a predecessor’s pre-2025 province and weights it', () => {
    const dir = fixture(
      [
        '00004,commune,Phường Trúc Bạch,Phường,001,01,2008-08-01,2025-07-01',
        '28000,commune,Xã A,Xã,800,80,2008-08-01,2025-07-01',
        '28003,commune,Xã B,Xã,800,82,2008-08-01,2025-07-01',
        '28006,commune,Xã C,Xã,800,82,2008-08-01,2025-07-01',
        '28009,commune,Xã D,Xã,800,80,2008-08-01,2025-07-01',
        '00004,commune,Phường Ba Đình,Phường,01,01,2025-07-01,',
        '28003,commune,Xã Kept,Xã,80,80,2025-07-01,',
        '28010,commune,Xã Majority,Xã,80,80,2025-07-01,',
        '99999,commune,Đặc khu Lạ,Đặc khu,80,80,2025-07-01,',
        '80,province,Tỉnh Tây Ninh,Tỉnh,,80,2025-07-01,',
      ],
      [
        '00004,00004,whole,Nhập toàn bộ',
        '28000,28003,whole,',
        '28003,28003,partial,',
        // 28010: two predecessors from old 82, one from old 80 → 82.
        '28006,28010,whole,',
        '28003,28010,partial,',
        '28009,28010,whole,',
      ],
    );
    const communes = loadCommunesForGenerator(dir);
    expect(communes.map((c) => [c.code, c.provinceCode, c.oldProvinceCode, c.urban])).toEqual([
      ['00004', '01', '01', true],
      ['28003', '80', '82', false], // kept the code of old 28003, which was in old province 82
      ['28010', '80', '82', false],
      ['99999', '80', '80', false], // no predecessor: the new province kept an old code
    ]);
    // Each old province's population (thousands) is shared among its communes by type weight.
    const weight = (code: string): number => communes.find((c) => c.code === code)?.weight ?? 0;
    expect(weight('00004')).toBeCloseTo(findPreReformProvince('01')?.population ?? 0);
    expect(weight('28003')).toBeCloseTo(weight('28010'));
    expect(weight('28003') + weight('28010')).toBeCloseTo(findPreReformProvince('82')?.population ?? 0);
  });

  it('says what to do when the unit table is missing', () => {
    expect(() => loadCommunesForGenerator(path.join(root, 'nowhere'))).toThrow(/npm run build:units/);
  });

  it.skipIf(!existsSync('data/admin-units/units.csv'))(
    'maps all 3,321 current communes of the project table to one of the 63 old provinces',
    () => {
      const communes = loadCommunesForGenerator();
      expect(communes).toHaveLength(3321);
      expect(new Set(communes.map((c) => c.oldProvinceCode)).size).toBe(63);
      expect(new Set(communes.map((c) => c.provinceCode)).size).toBe(34);
      const total = communes.reduce((s, c) => s + c.weight, 0);
      const wards = communes.filter((c) => c.urban).reduce((s, c) => s + c.weight, 0);
      expect(wards / total).toBeGreaterThan(0.3);
      expect(wards / total).toBeLessThan(0.6);
    },
  );
});
