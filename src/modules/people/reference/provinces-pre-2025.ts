/**
 * The 63 provinces as they were before the reorganisation of 1 July 2025, with the codes of the
 * national statistics catalogue (as of 2025-01-04). These codes — not the 34 current provinces —
 * form the PPP prefix of personal ID numbers (domain §1); numbers already issued did not change
 * with the reorganisation. Which prefix a birth registered after 1 July 2025 receives is
 * *(unconfirmed)*: we assume the pre-2025 code of the place of registration and accept only these.
 *
 * Names are exactly as the catalogue spells them (e.g. "Tỉnh Hoà Bình", old tone placement).
 * `region` is a coarse geographic grouping the generator uses for naming habits and address
 * styles (north: Red River delta and northern mountains; north_central: Thanh Hóa–Huế;
 * south_central: Đà Nẵng–Bình Thuận coast; highlands: Central Highlands; south: south-east and
 * Mekong delta). It has no legal meaning.
 */
export type Region = 'north' | 'north_central' | 'south_central' | 'highlands' | 'south';

export interface PreReformProvince {
  /** Two-digit code, e.g. "01"; the PIN prefix is this zero-padded to three digits ("001"). */
  readonly code: string;
  readonly name: string;
  readonly region: Region;
}

const ROWS: ReadonlyArray<readonly [string, string, Region]> = [
  ['01', 'Thành phố Hà Nội', 'north'],
  ['02', 'Tỉnh Hà Giang', 'north'],
  ['04', 'Tỉnh Cao Bằng', 'north'],
  ['06', 'Tỉnh Bắc Kạn', 'north'],
  ['08', 'Tỉnh Tuyên Quang', 'north'],
  ['10', 'Tỉnh Lào Cai', 'north'],
  ['11', 'Tỉnh Điện Biên', 'north'],
  ['12', 'Tỉnh Lai Châu', 'north'],
  ['14', 'Tỉnh Sơn La', 'north'],
  ['15', 'Tỉnh Yên Bái', 'north'],
  ['17', 'Tỉnh Hoà Bình', 'north'],
  ['19', 'Tỉnh Thái Nguyên', 'north'],
  ['20', 'Tỉnh Lạng Sơn', 'north'],
  ['22', 'Tỉnh Quảng Ninh', 'north'],
  ['24', 'Tỉnh Bắc Giang', 'north'],
  ['25', 'Tỉnh Phú Thọ', 'north'],
  ['26', 'Tỉnh Vĩnh Phúc', 'north'],
  ['27', 'Tỉnh Bắc Ninh', 'north'],
  ['30', 'Tỉnh Hải Dương', 'north'],
  ['31', 'Thành phố Hải Phòng', 'north'],
  ['33', 'Tỉnh Hưng Yên', 'north'],
  ['34', 'Tỉnh Thái Bình', 'north'],
  ['35', 'Tỉnh Hà Nam', 'north'],
  ['36', 'Tỉnh Nam Định', 'north'],
  ['37', 'Tỉnh Ninh Bình', 'north'],
  ['38', 'Tỉnh Thanh Hóa', 'north_central'],
  ['40', 'Tỉnh Nghệ An', 'north_central'],
  ['42', 'Tỉnh Hà Tĩnh', 'north_central'],
  ['44', 'Tỉnh Quảng Bình', 'north_central'],
  ['45', 'Tỉnh Quảng Trị', 'north_central'],
  ['46', 'Thành phố Huế', 'north_central'],
  ['48', 'Thành phố Đà Nẵng', 'south_central'],
  ['49', 'Tỉnh Quảng Nam', 'south_central'],
  ['51', 'Tỉnh Quảng Ngãi', 'south_central'],
  ['52', 'Tỉnh Bình Định', 'south_central'],
  ['54', 'Tỉnh Phú Yên', 'south_central'],
  ['56', 'Tỉnh Khánh Hòa', 'south_central'],
  ['58', 'Tỉnh Ninh Thuận', 'south_central'],
  ['60', 'Tỉnh Bình Thuận', 'south_central'],
  ['62', 'Tỉnh Kon Tum', 'highlands'],
  ['64', 'Tỉnh Gia Lai', 'highlands'],
  ['66', 'Tỉnh Đắk Lắk', 'highlands'],
  ['67', 'Tỉnh Đắk Nông', 'highlands'],
  ['68', 'Tỉnh Lâm Đồng', 'highlands'],
  ['70', 'Tỉnh Bình Phước', 'south'],
  ['72', 'Tỉnh Tây Ninh', 'south'],
  ['74', 'Tỉnh Bình Dương', 'south'],
  ['75', 'Tỉnh Đồng Nai', 'south'],
  ['77', 'Tỉnh Bà Rịa - Vũng Tàu', 'south'],
  ['79', 'Thành phố Hồ Chí Minh', 'south'],
  ['80', 'Tỉnh Long An', 'south'],
  ['82', 'Tỉnh Tiền Giang', 'south'],
  ['83', 'Tỉnh Bến Tre', 'south'],
  ['84', 'Tỉnh Trà Vinh', 'south'],
  ['86', 'Tỉnh Vĩnh Long', 'south'],
  ['87', 'Tỉnh Đồng Tháp', 'south'],
  ['89', 'Tỉnh An Giang', 'south'],
  ['91', 'Tỉnh Kiên Giang', 'south'],
  ['92', 'Thành phố Cần Thơ', 'south'],
  ['93', 'Tỉnh Hậu Giang', 'south'],
  ['94', 'Tỉnh Sóc Trăng', 'south'],
  ['95', 'Tỉnh Bạc Liêu', 'south'],
  ['96', 'Tỉnh Cà Mau', 'south'],
];

export const PRE_REFORM_PROVINCES: readonly PreReformProvince[] = ROWS.map(([code, name, region]) => ({ code, name, region }));

const BY_CODE: ReadonlyMap<string, PreReformProvince> = new Map(PRE_REFORM_PROVINCES.map((p) => [p.code, p]));

/** The pre-2025 province with this two-digit code, or undefined. */
export function findPreReformProvince(code: string): PreReformProvince | undefined {
  return BY_CODE.get(code);
}
