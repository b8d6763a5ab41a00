/**
 * Composes the part of an address below the commune: house number, lane and street in wards,
 * hamlet or village in rural communes, in the words each region uses (see
 * reference/address-parts.ts). The commune, province and country come from the unit codes.
 */
import {
  HIGHLAND_VILLAGES,
  MOUNTAIN_FIRST,
  MOUNTAIN_SECOND,
  PLACE_SYLLABLES,
  SOUTHERN_SYLLABLES,
  STREET_NAMES,
} from '../reference/address-parts.js';
import type { Region } from '../reference/provinces-pre-2025.js';
import type { Prng } from './prng.js';

/** Pre-2025 provinces of the northern mountains, where villages are "bản". */
const MOUNTAIN_PROVINCES = new Set(['02', '04', '06', '10', '11', '12', '14', '15', '17', '20']);

function placeName(rng: Prng, region: Region): string {
  const first = rng.pick(PLACE_SYLLABLES);
  let second = rng.pick(region === 'south' ? SOUTHERN_SYLLABLES : PLACE_SYLLABLES);
  if (second === first) second = rng.pick(PLACE_SYLLABLES);
  return second === first ? first : `${first} ${second}`;
}

function houseNumber(rng: Prng): number {
  // Small numbers are far more common than large ones on any street.
  return 1 + Math.floor(rng.next() * rng.next() * 400);
}

function urbanAddress(rng: Prng, region: Region): string {
  const street = rng.pick(STREET_NAMES);
  const n = houseNumber(rng);
  const r = rng.next();
  if (r < 0.04) {
    const block = 'ABCDE'[rng.int(5)] ?? 'A';
    return `Căn hộ ${rng.range(2, 30)}${String(rng.range(1, 20)).padStart(2, '0')}, tòa ${block}, chung cư ${placeName(rng, region)}`;
  }
  const northern = region === 'north' || region === 'north_central';
  if (northern) {
    const road = rng.chance(0.3) ? 'phố' : 'đường';
    if (r < 0.45) {
      const lane = `ngõ ${rng.range(1, 500)}`;
      return rng.chance(0.3)
        ? `Số ${n}, ngách ${rng.range(1, 120)}, ${lane}, ${road} ${street}`
        : `Số ${n}, ${lane}, ${road} ${street}`;
    }
    if (r < 0.8) return `Số ${n}, ${road} ${street}`;
    return `Tổ dân phố ${rng.range(1, 40)}`;
  }
  if (r < 0.45)
    return rng.chance(0.5)
      ? `Số ${n}/${rng.range(1, 80)}, đường ${street}`
      : `Số ${n}, hẻm ${rng.range(1, 600)}, đường ${street}`;
  if (r < 0.8) return `Số ${n}, đường ${street}`;
  return region === 'south' ? `Khu phố ${rng.range(1, 12)}` : `Tổ dân phố ${rng.range(1, 30)}`;
}

function ruralAddress(rng: Prng, region: Region, oldProvinceCode: string): string {
  const r = rng.next();
  if (region === 'south') return r < 0.6 ? `Ấp ${placeName(rng, region)}` : `Ấp ${rng.range(1, 12)}`;
  if (region === 'highlands') {
    if (r < 0.25) return rng.pick(HIGHLAND_VILLAGES);
    return r < 0.7 ? `Thôn ${rng.range(1, 15)}` : `Thôn ${placeName(rng, region)}`;
  }
  if (MOUNTAIN_PROVINCES.has(oldProvinceCode) && r < 0.6)
    return `Bản ${rng.pick(MOUNTAIN_FIRST)} ${rng.pick(MOUNTAIN_SECOND)}`;
  if (region === 'north' || region === 'north_central')
    return r < 0.65 ? `Thôn ${placeName(rng, region)}` : `Xóm ${rng.range(1, 20)}`;
  return r < 0.7 ? `Thôn ${placeName(rng, region)}` : `Thôn ${rng.range(1, 12)}`;
}

export function composeAddress(rng: Prng, urban: boolean, region: Region, oldProvinceCode: string): string {
  return urban ? urbanAddress(rng, region) : ruralAddress(rng, region, oldProvinceCode);
}
