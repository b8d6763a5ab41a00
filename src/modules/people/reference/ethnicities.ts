/**
 * The 54 officially recognised ethnic groups of Vietnam with the statistics office's codes
 * 01–54 (the catalogue of Decision 121-TCTK/PPCĐ, 1979, still used by population data), names as
 * commonly written in that catalogue.
 *
 * `population` is the 2019 census count in thousands (rounded) and `homes` the pre-2025
 * provinces where the group mainly lives, with a relative weight where one province holds far
 * more of the group than the others (written "79*8"). Both are approximate and used only by the
 * generator, which draws a household's ethnicity from its province (generator/culture.ts).
 * Kinh has no `homes`: it lives everywhere.
 */
export interface EthnicGroup {
  readonly code: string;
  readonly name: string;
  readonly population: number;
  /** Pre-2025 province code → relative weight. */
  readonly homes?: ReadonlyMap<string, number>;
}

type Row = readonly [code: string, name: string, population: number, homes?: string];

const ROWS: readonly Row[] = [
  ['01', 'Kinh', 82086],
  ['02', 'Tày', 1846, '04*3 06*3 08*2 20*3 19*2 02*2 15 10 22 24 66'],
  ['03', 'Thái', 1821, '14*4 11*2 12*2 38*2 40*2 17 15 10 66'],
  ['04', 'Hoa', 750, '79*8 75*2 91 94 92 89 84 22 74 01 24'],
  ['05', 'Khơ-me', 1320, '94*4 84*4 89*2 91*2 95 96 92 86 93 70 79'],
  ['06', 'Mường', 1452, '17*5 38*2 25 14 37 01 15'],
  ['07', 'Nùng', 1083, '20*4 04*3 06 19 24 02 10 66 67'],
  ['08', 'Mông', 1394, '02*3 10*2 12*2 11*2 14*2 15 08 04 38 40 66'],
  ['09', 'Dao', 891, '02*2 10*2 15 08 04 22 06 19 17 24'],
  ['10', 'Gia-rai', 514, '64*5 62 66'],
  ['11', 'Ngái', 2, '24 22 19 79'],
  ['12', 'Ê-đê', 399, '66*5 54 56'],
  ['13', 'Ba na', 287, '64*2 62*2 52 54'],
  ['14', 'Xơ-Đăng', 212, '62 49 51'],
  ['15', 'Sán Chay', 201, '08 19 24 22 20 26'],
  ['16', 'Cơ-ho', 201, '68 58'],
  ['17', 'Chăm', 179, '58 60 89 54 79'],
  ['18', 'Sán Dìu', 183, '19 26 24 22 08 31'],
  ['19', 'Hrê', 150, '51 52 62'],
  ['20', 'Mnông', 127, '67 66 68 70'],
  ['21', 'Ra-glai', 147, '58 56'],
  ['22', 'Xtiêng', 101, '70'],
  ['23', 'Bru-Vân Kiều', 95, '45 44 66'],
  ['24', 'Thổ', 91, '40 38'],
  ['25', 'Giáy', 68, '10 02 12 15'],
  ['26', 'Cơ-tu', 74, '49 46 48'],
  ['27', 'Gié Triêng', 63, '62 49'],
  ['28', 'Mạ', 50, '68 67 75'],
  ['29', 'Khơ-mú', 91, '40 14 11 12 15'],
  ['30', 'Co', 40, '51 49'],
  ['31', 'Tà-ôi', 52, '46 45'],
  ['32', 'Chơ-ro', 30, '75 77 70'],
  ['33', 'Kháng', 16, '14 11 12'],
  ['34', 'Xinh-mun', 30, '14 11'],
  ['35', 'Hà Nhì', 26, '12 11 10'],
  ['36', 'Chu ru', 23, '68 58'],
  ['37', 'Lào', 17, '11 12 14'],
  ['38', 'La Chí', 15, '02'],
  ['39', 'La Ha', 10, '14'],
  ['40', 'Phù Lá', 13, '10 02 12'],
  ['41', 'La Hủ', 12, '12'],
  ['42', 'Lự', 7, '12'],
  ['43', 'Lô Lô', 5, '02 04'],
  ['44', 'Chứt', 8, '44'],
  ['45', 'Mảng', 5, '12'],
  ['46', 'Pà Thẻn', 8, '02 08'],
  ['47', 'Co Lao', 4, '02'],
  ['48', 'Cống', 3, '11 12'],
  ['49', 'Bố Y', 3, '10 02'],
  ['50', 'Si La', 1, '12 11'],
  ['51', 'Pu Péo', 1, '02'],
  ['52', 'Brâu', 0.5, '62'],
  ['53', 'Ơ Đu', 0.4, '40'],
  ['54', 'Rơ-măm', 0.6, '62'],
];

function parseHomes(text: string): ReadonlyMap<string, number> {
  return new Map(
    text.split(' ').map((entry) => {
      const [province = '', weight = '1'] = entry.split('*');
      return [province, Number(weight)] as const;
    }),
  );
}

export const ETHNIC_GROUPS: readonly EthnicGroup[] = ROWS.map(([code, name, population, homes]) =>
  homes === undefined ? { code, name, population } : { code, name, population, homes: parseHomes(homes) },
);

/** Codes the generator refers to by name. */
export const ETHNIC = {
  kinh: '01',
  thai: '03',
  khmer: '05',
  mong: '08',
  dao: '09',
  giaRai: '10',
  eDe: '12',
  cham: '17',
} as const;

const BY_CODE: ReadonlyMap<string, EthnicGroup> = new Map(ETHNIC_GROUPS.map((g) => [g.code, g]));

export function findEthnicGroup(code: string): EthnicGroup | undefined {
  return BY_CODE.get(code);
}

/** True for the 54 official codes "01"–"54". */
export function isEthnicityCode(code: string): boolean {
  return BY_CODE.has(code);
}
