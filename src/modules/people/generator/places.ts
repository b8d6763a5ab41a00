/**
 * Where generated households live and where their members were born or come from.
 */
import { invalid } from '../../../kernel/errors.js';
import { findPreReformProvince, PRE_REFORM_PROVINCES, type Region } from '../reference/provinces-pre-2025.js';
import { Weighted, type Prng } from './prng.js';
import type { CommuneRef } from './records.js';

export interface Place {
  communeCode: string;
  provinceCode: string;
  /** Pre-2025 province: the PIN prefix of people born here. */
  oldProvinceCode: string;
  region: Region;
  urban: boolean;
}

/** Big cities draw people born elsewhere; everywhere else counts by its commune weight. */
const MIGRATION_FLOOR = 0.2;

export class PlaceSampler {
  private readonly homes: Weighted<Place>;
  private readonly provinces: Weighted<string>;

  constructor(communes: readonly CommuneRef[], provinceFilter?: readonly string[]) {
    const all = communes.map(toPlace);
    const filter = provinceFilter && provinceFilter.length > 0 ? new Set(provinceFilter) : undefined;
    const kept = filter
      ? all.filter(([p]) => filter.has(p.provinceCode) || filter.has(p.oldProvinceCode))
      : all;
    if (kept.length === 0) {
      throw invalid('no_communes', 'provinces', {
        vi: 'Không có xã/phường nào để tạo dân cư (kiểm tra danh sách tỉnh).',
        en: 'There are no communes to place people in (check the province list).',
      });
    }
    this.homes = new Weighted(kept);
    // Birth and origin elsewhere: any of the 63 provinces, weighted by how many people live
    // there (the full commune list, not the filtered one), never zero.
    const byProvince = new Map<string, number>();
    for (const [place, weight] of all)
      byProvince.set(place.oldProvinceCode, (byProvince.get(place.oldProvinceCode) ?? 0) + weight);
    const mean = all.reduce((s, [, w]) => s + w, 0) / PRE_REFORM_PROVINCES.length || 1;
    this.provinces = new Weighted(
      PRE_REFORM_PROVINCES.map(
        (p) => [p.code, (byProvince.get(p.code) ?? 0) + MIGRATION_FLOOR * mean] as const,
      ),
    );
  }

  home(rng: Prng): Place {
    return this.homes.pick(rng);
  }

  /** A pre-2025 province anywhere in the country. */
  anyProvince(rng: Prng): string {
    return this.provinces.pick(rng);
  }

  /** Mostly `local`, otherwise anywhere. */
  provinceNear(rng: Prng, local: string, localShare: number): string {
    return rng.chance(localShare) ? local : this.anyProvince(rng);
  }
}

function toPlace(c: CommuneRef): readonly [Place, number] {
  // Codes end up verbatim in the output (format.ts writes them unescaped), so check their shape.
  if (!/^[0-9]{5}$/.test(c.code) || !/^[0-9]{2}$/.test(c.provinceCode) || !(c.weight >= 0)) {
    throw invalid('commune_malformed', 'communes', {
      vi: `Xã "${c.code}" (tỉnh "${c.provinceCode}") có mã hoặc trọng số không hợp lệ.`,
      en: `Commune "${c.code}" (province "${c.provinceCode}") has a malformed code or weight.`,
    });
  }
  const oldProvinceCode = c.oldProvinceCode ?? c.provinceCode;
  const province = findPreReformProvince(oldProvinceCode);
  if (!province) {
    throw invalid('old_province_unknown', 'communes', {
      vi: `Xã ${c.code}: mã tỉnh cũ ${oldProvinceCode} không thuộc 63 tỉnh trước 2025.`,
      en: `Commune ${c.code}: old province code ${oldProvinceCode} is not one of the 63 pre-2025 provinces.`,
    });
  }
  const place: Place = {
    communeCode: c.code,
    provinceCode: c.provinceCode,
    oldProvinceCode,
    region: province.region,
    urban: c.urban ?? false,
  };
  return [place, c.weight];
}
