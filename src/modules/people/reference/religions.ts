/**
 * Religions as recorded on person records (tôn giáo). Codes are ours (ASCII slugs of the
 * Vietnamese name); the official catalogue code list is *(unconfirmed)*, so map to it at the
 * boundary if an exchange ever needs it. `share` is the approximate national share from the 2019
 * census (% of population) and is only used by the generator.
 */
export const RELIGIONS = [
  { code: 'khong', vi: 'Không', en: 'None', share: 86.3 },
  { code: 'cong_giao', vi: 'Công giáo', en: 'Catholicism', share: 6.1 },
  { code: 'phat_giao', vi: 'Phật giáo', en: 'Buddhism', share: 4.8 },
  { code: 'tin_lanh', vi: 'Tin lành', en: 'Protestantism', share: 1.0 },
  { code: 'hoa_hao', vi: 'Phật giáo Hòa Hảo', en: 'Hòa Hảo Buddhism', share: 1.0 },
  { code: 'cao_dai', vi: 'Cao Đài', en: 'Caodaism', share: 0.6 },
  { code: 'hoi_giao', vi: 'Hồi giáo', en: 'Islam', share: 0.1 },
  { code: 'ba_la_mon', vi: 'Bà-la-môn', en: 'Brahmanism (Chăm Bà-la-môn)', share: 0.07 },
  { code: 'khac', vi: 'Khác', en: 'Other', share: 0.03 },
] as const satisfies ReadonlyArray<{ code: string; vi: string; en: string; share: number }>;

export type Religion = (typeof RELIGIONS)[number];
export type ReligionCode = Religion['code'];

export function findReligion(code: string): Religion | undefined {
  return RELIGIONS.find((r) => r.code === code);
}
