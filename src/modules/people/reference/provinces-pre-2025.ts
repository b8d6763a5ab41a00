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
 * Mekong delta). It has no legal meaning. `population` (thousands, 2023, rounded) lets the
 * generator spread people over provinces in realistic proportions.
 */
export type Region = 'north' | 'north_central' | 'south_central' | 'highlands' | 'south';

export interface PreReformProvince {
  /** Two-digit code, e.g. "01"; the PIN prefix is this zero-padded to three digits ("001"). */
  readonly code: string;
  readonly name: string;
  readonly region: Region;
  /** Approximate population in thousands (statistics office, 2023), for weighting generated data. */
  readonly population: number;
}

const ROWS: ReadonlyArray<readonly [string, string, Region, number]> = [
  ['01', 'Thành phố Hà Nội', 'north', 8587],
  ['02', 'Tỉnh Hà Giang', 'north', 906],
  ['04', 'Tỉnh Cao Bằng', 'north', 547],
  ['06', 'Tỉnh Bắc Kạn', 'north', 326],
  ['08', 'Tỉnh Tuyên Quang', 'north', 805],
  ['10', 'Tỉnh Lào Cai', 'north', 770],
  ['11', 'Tỉnh Điện Biên', 'north', 646],
  ['12', 'Tỉnh Lai Châu', 'north', 482],
  ['14', 'Tỉnh Sơn La', 'north', 1300],
  ['15', 'Tỉnh Yên Bái', 'north', 847],
  ['17', 'Tỉnh Hoà Bình', 'north', 880],
  ['19', 'Tỉnh Thái Nguyên', 'north', 1335],
  ['20', 'Tỉnh Lạng Sơn', 'north', 802],
  ['22', 'Tỉnh Quảng Ninh', 'north', 1381],
  ['24', 'Tỉnh Bắc Giang', 'north', 1922],
  ['25', 'Tỉnh Phú Thọ', 'north', 1507],
  ['26', 'Tỉnh Vĩnh Phúc', 'north', 1211],
  ['27', 'Tỉnh Bắc Ninh', 'north', 1517],
  ['30', 'Tỉnh Hải Dương', 'north', 1946],
  ['31', 'Thành phố Hải Phòng', 'north', 2105],
  ['33', 'Tỉnh Hưng Yên', 'north', 1290],
  ['34', 'Tỉnh Thái Bình', 'north', 1882],
  ['35', 'Tỉnh Hà Nam', 'north', 878],
  ['36', 'Tỉnh Nam Định', 'north', 1887],
  ['37', 'Tỉnh Ninh Bình', 'north', 1010],
  ['38', 'Tỉnh Thanh Hóa', 'north_central', 3760],
  ['40', 'Tỉnh Nghệ An', 'north_central', 3442],
  ['42', 'Tỉnh Hà Tĩnh', 'north_central', 1323],
  ['44', 'Tỉnh Quảng Bình', 'north_central', 913],
  ['45', 'Tỉnh Quảng Trị', 'north_central', 650],
  ['46', 'Thành phố Huế', 'north_central', 1160],
  ['48', 'Thành phố Đà Nẵng', 'south_central', 1245],
  ['49', 'Tỉnh Quảng Nam', 'south_central', 1526],
  ['51', 'Tỉnh Quảng Ngãi', 'south_central', 1248],
  ['52', 'Tỉnh Bình Định', 'south_central', 1505],
  ['54', 'Tỉnh Phú Yên', 'south_central', 878],
  ['56', 'Tỉnh Khánh Hòa', 'south_central', 1267],
  ['58', 'Tỉnh Ninh Thuận', 'south_central', 598],
  ['60', 'Tỉnh Bình Thuận', 'south_central', 1255],
  ['62', 'Tỉnh Kon Tum', 'highlands', 587],
  ['64', 'Tỉnh Gia Lai', 'highlands', 1590],
  ['66', 'Tỉnh Đắk Lắk', 'highlands', 1918],
  ['67', 'Tỉnh Đắk Nông', 'highlands', 670],
  ['68', 'Tỉnh Lâm Đồng', 'highlands', 1333],
  ['70', 'Tỉnh Bình Phước', 'south', 1040],
  ['72', 'Tỉnh Tây Ninh', 'south', 1190],
  ['74', 'Tỉnh Bình Dương', 'south', 2763],
  ['75', 'Tỉnh Đồng Nai', 'south', 3311],
  ['77', 'Tỉnh Bà Rịa - Vũng Tàu', 'south', 1209],
  ['79', 'Thành phố Hồ Chí Minh', 'south', 9456],
  ['80', 'Tỉnh Long An', 'south', 1734],
  ['82', 'Tỉnh Tiền Giang', 'south', 1790],
  ['83', 'Tỉnh Bến Tre', 'south', 1300],
  ['84', 'Tỉnh Trà Vinh', 'south', 1020],
  ['86', 'Tỉnh Vĩnh Long', 'south', 1030],
  ['87', 'Tỉnh Đồng Tháp', 'south', 1600],
  ['89', 'Tỉnh An Giang', 'south', 1906],
  ['91', 'Tỉnh Kiên Giang', 'south', 1760],
  ['92', 'Thành phố Cần Thơ', 'south', 1258],
  ['93', 'Tỉnh Hậu Giang', 'south', 730],
  ['94', 'Tỉnh Sóc Trăng', 'south', 1200],
  ['95', 'Tỉnh Bạc Liêu', 'south', 920],
  ['96', 'Tỉnh Cà Mau', 'south', 1210],
];

export const PRE_REFORM_PROVINCES: readonly PreReformProvince[] = ROWS.map(
  ([code, name, region, population]) => ({ code, name, region, population }),
);

const BY_CODE: ReadonlyMap<string, PreReformProvince> = new Map(PRE_REFORM_PROVINCES.map((p) => [p.code, p]));

/** The pre-2025 province with this two-digit code, or undefined. */
export function findPreReformProvince(code: string): PreReformProvince | undefined {
  return BY_CODE.get(code);
}
