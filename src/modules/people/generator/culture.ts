/**
 * Ethnicity and religion of a generated household, drawn from where it lives.
 *
 * Ethnicity: each pre-2025 province has a Kinh share (2019 census, rounded; 99 % where not
 * listed), and the rest is split among the groups whose `homes` include the province, in
 * proportion to the group's population times its weight there. A province with no listed group
 * gets the national minority mix (migrants). So Hà Giang is mostly Mông, Tày and Dao, Sóc Trăng
 * has a third Khmer, and a Mông family never turns up in Cà Mau by chance.
 *
 * Religion follows the 2019 census pattern: most people declare none; Catholics everywhere but
 * dense in Nam Định, Ninh Bình and Đồng Nai; Buddhists more in the south; Hòa Hảo in the western
 * Mekong delta; Cao Đài around Tây Ninh; Protestants among highland and northern-mountain
 * groups; Theravada Buddhism among the Khmer; Islam and Brahmanism among the Chăm.
 */
import { ETHNIC, ETHNIC_GROUPS } from '../reference/ethnicities.js';
import type { Region } from '../reference/provinces-pre-2025.js';
import type { ReligionCode } from '../reference/religions.js';
import { Weighted, type Prng } from './prng.js';

// prettier-ignore
const KINH_SHARE: Readonly<Record<string, number>> = {
  '02': 12, '04': 5, '06': 12, '08': 47, '10': 35, '11': 19, '12': 14, '14': 17, '15': 52, '17': 27,
  '19': 71, '20': 16, '22': 87, '24': 87, '25': 84, '26': 96, '38': 83, '40': 85, '44': 98, '45': 89,
  '46': 97, '49': 92, '51': 87, '52': 97, '54': 94, '56': 94, '58': 77, '60': 93, '62': 46, '64': 53,
  '66': 65, '67': 63, '68': 75, '70': 80, '75': 93, '79': 93, '84': 68, '89': 94, '91': 86, '94': 64,
  '95': 89, '96': 97, '86': 97, '93': 97, '92': 96,
};
const DEFAULT_KINH_SHARE = 99;

const HIGHLAND_CHRISTIAN = new Set(['10', '12', '13', '14', '16', '19', '20', '21', '22', '27', '28', '36']);
const CATHOLIC_STRONGHOLDS = new Set(['36', '37', '75', '34']);
// prettier-ignore
const HOA_HAO = new Map([['89', 0.3], ['87', 0.12], ['92', 0.08], ['86', 0.05], ['93', 0.05], ['91', 0.05]]);

const religions = (entries: ReadonlyArray<readonly [ReligionCode, number]>): Weighted<ReligionCode> =>
  new Weighted(entries);

export class CultureSampler {
  private readonly ethnicByProvince = new Map<string, Weighted<string>>();
  private readonly migrantMix: Weighted<string>;
  private readonly religionCache = new Map<string, Weighted<ReligionCode>>();

  constructor() {
    const minorities = ETHNIC_GROUPS.filter((g) => g.code !== ETHNIC.kinh);
    this.migrantMix = new Weighted(minorities.map((g) => [g.code, g.population] as const));
    const homeTotals = new Map(
      minorities.map((g) => [g.code, [...(g.homes?.values() ?? [])].reduce((s, w) => s + w, 0)]),
    );
    const provinces = new Set(minorities.flatMap((g) => [...(g.homes?.keys() ?? [])]));
    for (const province of provinces) {
      const local = minorities.flatMap((g) => {
        const w = g.homes?.get(province);
        return w === undefined ? [] : [[g.code, (g.population * w) / (homeTotals.get(g.code) ?? 1)] as const];
      });
      const localTotal = local.reduce((s, [, w]) => s + w, 0);
      const kinh = (KINH_SHARE[province] ?? DEFAULT_KINH_SHARE) / 100;
      this.ethnicByProvince.set(
        province,
        new Weighted([
          [ETHNIC.kinh, kinh] as const,
          ...local.map(([code, w]) => [code, ((1 - kinh) * w) / localTotal] as const),
        ]),
      );
    }
  }

  /** The ethnic group of a family living in this pre-2025 province. */
  ethnicity(rng: Prng, oldProvinceCode: string): string {
    const table = this.ethnicByProvince.get(oldProvinceCode);
    if (table) return table.pick(rng);
    return rng.chance(DEFAULT_KINH_SHARE / 100) ? ETHNIC.kinh : this.migrantMix.pick(rng);
  }

  religion(rng: Prng, ethnicCode: string, oldProvinceCode: string, region: Region): ReligionCode {
    const key = `${ethnicCode}:${oldProvinceCode}`;
    let table = this.religionCache.get(key);
    if (!table) {
      table = religionTable(ethnicCode, oldProvinceCode, region);
      this.religionCache.set(key, table);
    }
    return table.pick(rng);
  }
}

function religionTable(ethnic: string, province: string, region: Region): Weighted<ReligionCode> {
  if (ethnic === ETHNIC.khmer)
    return religions([
      ['phat_giao', 85],
      ['khong', 14],
      ['cong_giao', 1],
    ]);
  if (ethnic === ETHNIC.cham) {
    return province === '58' || province === '60'
      ? religions([
          ['ba_la_mon', 55],
          ['hoi_giao', 30],
          ['khong', 15],
        ])
      : religions([
          ['hoi_giao', 85],
          ['khong', 15],
        ]);
  }
  if (ethnic === '04')
    return religions([
      ['khong', 64],
      ['phat_giao', 30],
      ['cong_giao', 5],
      ['tin_lanh', 1],
    ]);
  if (HIGHLAND_CHRISTIAN.has(ethnic))
    return religions([
      ['khong', 65],
      ['tin_lanh', 22],
      ['cong_giao', 13],
    ]);
  if (ethnic === ETHNIC.mong)
    return religions([
      ['khong', 80],
      ['tin_lanh', 19],
      ['cong_giao', 1],
    ]);
  const entries: Array<readonly [ReligionCode, number]> = [
    ['cong_giao', CATHOLIC_STRONGHOLDS.has(province) ? 22 : 5],
    ['phat_giao', region === 'south' ? 7 : region === 'south_central' ? 5 : 3],
    ['tin_lanh', 0.5],
    ['hoa_hao', (HOA_HAO.get(province) ?? 0) * 100],
    ['cao_dai', province === '72' ? 20 : region === 'south' ? 1.2 : 0],
    ['khac', 0.05],
  ];
  const religious = entries.reduce((s, [, w]) => s + w, 0);
  return religions([['khong', Math.max(5, 100 - religious)], ...entries]);
}
