/**
 * Naming habits of the ethnic groups whose names look clearly different from the Kinh pattern,
 * so generated records of, say, a Mông family in Hà Giang read like real ones ("Giàng A Páo",
 * "Lò Văn Xôm", "Thạch Thị Sa Ry", "Y Bih Niê"). Every other group uses the Vietnamese lists.
 * Lists are short, hand-composed from common names in each community; approximate by design.
 *
 * `order`: 'family_first' = family · middle · given (the Vietnamese order);
 * 'clan_last' = given (with the Y / H' prefix) · clan — the Ê-đê custom.
 * `ownGivenShare`: how often a given name comes from the group's own list rather than the
 * Vietnamese one (many minority people carry Vietnamese given names).
 */
export interface MinorityNaming {
  readonly ethnicCode: string;
  readonly order: 'family_first' | 'clan_last';
  readonly familyNames: ReadonlyArray<readonly [string, number]>;
  /** [middle name or '' for none, weight] */
  readonly maleMiddle: ReadonlyArray<readonly [string, number]>;
  readonly femaleMiddle: ReadonlyArray<readonly [string, number]>;
  readonly maleGiven: readonly string[];
  readonly femaleGiven: readonly string[];
  readonly ownGivenShare: number;
  /** Prefix glued to the given name: Ê-đê "Y Bih" (male, with a space), "H'Hen" (female). */
  readonly malePrefix?: string;
  readonly femalePrefix?: string;
  /** How often the prefix is written (default: always). */
  readonly prefixShare?: number;
}

const w = (text: string): ReadonlyArray<readonly [string, number]> =>
  text.split(',').map((pair) => {
    const [name = '', weight = '1'] = pair.trim().split(':');
    return [name === '-' ? '' : name, Number(weight)] as const;
  });

export const MINORITY_NAMING: readonly MinorityNaming[] = [
  {
    ethnicCode: '03', // Thái
    order: 'family_first',
    familyNames: w('Lò:25, Lường:15, Cầm:12, Quàng:10, Hà:10, Vi:8, Điêu:6, Tòng:5, Bạc:4, Sầm:3, Khằm:2'),
    maleMiddle: w('Văn:90, Minh:4, Đức:3, -:3'),
    femaleMiddle: w('Thị:92, Ngọc:4, -:4'),
    maleGiven: 'Xôm Pọm Ún Panh Khăm Thoong Ươn Piếng Phanh Ọi Lả Ìn Xương Tiến Hặc'.split(' '),
    femaleGiven: 'Ẻn Ón Pọm Mỏn Ín Éng Bun Khăm Xuân Ngọc Hương Lả Ỏn Phong'.split(' '),
    ownGivenShare: 0.45,
  },
  {
    ethnicCode: '08', // Mông
    order: 'family_first',
    familyNames: w('Giàng:20, Vàng:18, Sùng:15, Thào:14, Lý:10, Hờ:8, Mùa:6, Lầu:5, Vừ:4, Hạng:3, Tráng:2'),
    maleMiddle: w('A:45, Seo:25, Mí:15, Chá:8, Văn:7'),
    femaleMiddle: w('Thị:85, -:15'),
    maleGiven: 'Páo Chứ Sử Dế Lử Tủa Sình Chá Mua Vảng Pó Dình Lềnh Chơ Sò Pàng Kía Súa Thề Nhè'.split(' '),
    femaleGiven: 'Mỷ Sua Dợ Mai Chở Say Pà Máy Dính Lan Sính Mao Sinh Vá Chư Mẩy'.split(' '),
    ownGivenShare: 0.9,
  },
  {
    ethnicCode: '05', // Khơ-me
    order: 'family_first',
    familyNames: w('Thạch:30, Sơn:15, Kim:12, Danh:12, Lâm:8, Lý:6, Châu:5, Tăng:4, Huỳnh:4, Trần:4'),
    maleMiddle: w('-:50, Văn:25, Ngọc:10, Minh:8, Hoàng:7'),
    femaleMiddle: w('Thị:80, Ngọc:10, -:10'),
    maleGiven: 'Sóc|Pha|Rết|Sa Rương|Chanh|Tha|Sươl|Rinh|Phol|Ron|Kha|Som|Út|Sa Rắt|Nol'.split('|'),
    femaleGiven: 'Sa Ry|Sa Rây|Sô Phia|Ni|Thi|Sa Rết|Mây|Srây|Đa Ni|Sóc Kha|Phô|Ngọc Hân'.split('|'),
    ownGivenShare: 0.6,
  },
  {
    ethnicCode: '09', // Dao
    order: 'family_first',
    familyNames: w('Triệu:30, Bàn:20, Đặng:15, Lý:15, Phùng:8, Chảo:7, Tẩn:5'),
    maleMiddle: w('Văn:50, Tài:20, Seo:10, Phúc:8, Quý:6, -:6'),
    femaleMiddle: w('Thị:85, Mùi:5, -:10'),
    maleGiven: 'Phin Vần Lìu Sinh Tòn Chàn Kiêm Quẩy Phấu Chiêu Sài Lở Dùn Pham'.split(' '),
    femaleGiven: 'Mẩy Sinh Sì Lìn Mây Phấy Xiêm Dần Cói Nhất Quyên Mùi Duyên'.split(' '),
    ownGivenShare: 0.5,
  },
  {
    ethnicCode: '10', // Gia-rai: clan name first, women often with the H' prefix
    order: 'family_first',
    familyNames: w('Ksor:25, Rơ Châm:15, Siu:15, Rahlan:12, Kpă:10, Nay:10, Rmah:8, Puih:5'),
    maleMiddle: w('-:100'),
    femaleMiddle: w('-:100'),
    maleGiven: 'Nham Tuyên Blik Phơ Hyơ Dút Lin Bơng Rin Thuih Hlao Dư Khoa Thuyết'.split(' '),
    femaleGiven: 'Nhung Hoa Hiên Bleo Yơr Jut Lan Mai Thuyên Phun Nga Bia'.split(' '),
    ownGivenShare: 0.8,
    femalePrefix: "H'",
    prefixShare: 0.6,
  },
  {
    ethnicCode: '12', // Ê-đê: Y (men) / H' (women) + name, clan name last
    order: 'clan_last',
    familyNames: w('Niê:25, Mlô:15, Êban:12, Ayŭn:10, Byă:10, Hwing:8, Adrơng:8, Knul:7, Buôn Yă:5'),
    maleMiddle: w('-:100'),
    femaleMiddle: w('-:100'),
    maleGiven: 'Bih Ngông Khoa Tlam Jut Wang Bhin Mơ Kông Yơk Blô Thuột Nguôn Jŏ'.split(' '),
    femaleGiven: 'Hen Dơn Bia Lan Yơn Nhi Năm Djuê Mai Hiao Tuyết Bhiang'.split(' '),
    ownGivenShare: 0.9,
    malePrefix: 'Y ',
    femalePrefix: "H'",
  },
];
