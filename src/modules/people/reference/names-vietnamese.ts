/**
 * Vietnamese personal names, composed from published frequency lists (not from a fake-data
 * library): family name first, then a middle name (tên đệm), then the given name.
 *
 * Family names: share of the whole population in %, the figures usually quoted for Vietnam
 * (Nguyễn ≈ 38 %, Trần 11 %, Lê 9.5 % …). Pairs that are one name spoken differently in the
 * north and the south (Hoàng/Huỳnh, Vũ/Võ) share one figure; the generator splits it by region.
 * `OTHER_FAMILY_NAMES` spreads the remaining ≈ 11.5 % over less common names in rough order.
 *
 * Middle and given names carry a cohort tilt: older generations overwhelmingly used Văn / Thị
 * and names like Hoa, Lan, Hùng; people born after 2000 far less so (Gia, Bảo, Minh; Vy, Nhi…).
 */

/** [name, share %] — southern variant second where the pair is one name. */
export const COMMON_FAMILY_NAMES: ReadonlyArray<readonly [north: string, share: number, south?: string]> = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 5, 'Huỳnh'],
  ['Phan', 4.5],
  ['Vũ', 3.9, 'Võ'],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
];

/** Relative weights of less common family names; scaled to fill the remaining share. */
// prettier-ignore
export const OTHER_FAMILY_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['Đinh', 9], ['Trịnh', 8], ['Trương', 7], ['Đoàn', 6], ['Lâm', 6], ['Mai', 6], ['Lương', 5], ['Hà', 5],
  ['Cao', 4], ['Lưu', 4], ['Tô', 3], ['Phùng', 3], ['Tạ', 3], ['Châu', 3], ['Lại', 2], ['Vương', 2],
  ['Thái', 2], ['Quách', 2], ['Tăng', 2], ['Kiều', 2], ['Chu', 2], ['Triệu', 2], ['Đàm', 2], ['Văn', 2],
  ['Hứa', 1], ['Mạc', 1], ['La', 1], ['Thân', 1], ['Khúc', 1], ['Từ', 1], ['Giang', 1], ['Doãn', 1],
  ['Âu', 1], ['Tiêu', 1], ['Ông', 1], ['Diệp', 1], ['Tôn', 1], ['Ninh', 1], ['Bạch', 1], ['Khổng', 0.5],
  ['Nghiêm', 1], ['Lạc', 0.5], ['Ứng', 0.5], ['Hầu', 0.5], ['Mẫn', 0.5], ['Khương', 1], ['Lã', 1],
];

/** Middle names: [name, weight born before 1975, 1975–1999, from 2000]. */
// prettier-ignore
export const MALE_MIDDLE_NAMES: ReadonlyArray<readonly [string, number, number, number]> = [
  ['Văn', 60, 38, 14], ['Hữu', 6, 6, 3], ['Đức', 5, 8, 9], ['Minh', 3, 8, 13], ['Quang', 4, 6, 7],
  ['Công', 4, 4, 2], ['Thành', 2, 3, 3], ['Xuân', 4, 3, 1], ['Ngọc', 3, 3, 2], ['Anh', 1, 3, 5],
  ['Hoàng', 1, 3, 5], ['Tuấn', 1, 2, 3], ['Gia', 0.2, 1, 8], ['Đình', 5, 4, 2], ['Quốc', 2, 4, 4],
  ['Trọng', 2, 3, 2], ['Thanh', 3, 3, 2], ['Duy', 0.5, 2, 4], ['Bảo', 0.2, 1, 7], ['Tiến', 1, 2, 1],
  ['Mạnh', 1, 2, 2], ['Hải', 1, 2, 2], ['Trung', 1, 2, 2], ['Nhật', 0.2, 1, 4], ['Đăng', 0.5, 1, 4],
  ['Khánh', 0.2, 1, 3], ['Thế', 2, 2, 1], ['Phúc', 0.2, 1, 3], ['Thiên', 0.1, 0.5, 3],
];

// prettier-ignore
export const FEMALE_MIDDLE_NAMES: ReadonlyArray<readonly [string, number, number, number]> = [
  ['Thị', 75, 50, 14], ['Ngọc', 4, 6, 9], ['Thu', 3, 5, 4], ['Thanh', 3, 5, 4], ['Kim', 3, 4, 3],
  ['Hồng', 2, 3, 2], ['Mỹ', 1, 3, 3], ['Bảo', 0.2, 1, 7], ['Phương', 1, 2, 4], ['Khánh', 0.2, 1, 5],
  ['Minh', 0.5, 1, 6], ['Hải', 0.5, 1, 2], ['Diệu', 0.2, 1, 3], ['Như', 0.2, 1, 4], ['Quỳnh', 0.2, 1, 3],
  ['Thùy', 0.5, 2, 3], ['Hoài', 0.5, 1, 1], ['Tường', 0.2, 0.5, 2], ['Cẩm', 0.5, 1, 1], ['Bích', 1, 1, 0.5],
  ['Huyền', 0.2, 1, 1], ['Xuân', 1, 1, 1], ['Hà', 0.2, 1, 3], ['Gia', 0.1, 0.5, 4], ['Tuệ', 0.1, 0.2, 2],
];

/**
 * Given names with a cohort tag: 'o' = mostly older people, 'y' = mostly younger, '' = all ages.
 */
export type CohortTag = '' | 'o' | 'y';

const MALE_GIVEN_TEXT =
  'An Anh/y Bảo/y Bình Cảnh/o Chiến/o Chính/o Công Cường Dân/o Danh Duy/y Dũng Dương Đại Đạt Điền/o Định/o ' +
  'Đông Đức Giang Hải Hào Hậu Hiển Hiếu Hiệp Hòa/o Hoàng Hùng Huy/y Hưng Hướng/o Khang/y Khánh Khải/y Khoa/y ' +
  'Khôi/y Kiên Kiệt/y Lâm Lân/o Lộc Long Lợi/o Luân Lực/o Mạnh Minh Nam Nghĩa Nguyên Nhân Nhật/y Phát/y Phong ' +
  'Phú Phúc Phước Phương/o Quân/y Quang Quốc Quý Quyết/o Sang Sơn Tài Tâm Tân Thái Thắng Thanh Thành Thạch/o ' +
  'Thiện Thịnh Thọ/o Thông Thuận Tiến Tín Toàn Trí Triều Trọng Trung Trường Tú Tuấn Tùng Tường Vinh Việt ' +
  'Vĩnh Vũ Vương/o Xuân/o Hưởng/o Kha/y Bách/y Đăng/y Thiên/y Khiêm Cương/o Ngọc/o Sỹ/o Hiền/o Phi';

const FEMALE_GIVEN_TEXT =
  'An Anh/y Ánh Bích/o Cúc/o Châu Chi/y Diễm Diệp/y Dung Duyên Đào/o Giang Hà Hạnh Hằng Hân/y Hiền Hoa/o ' +
  'Hoài Hồng/o Huệ/o Hương Hường/o Huyền Khánh Khuê/y Kiều Lam/y Lan/o Liên/o Liễu/o Linh/y Loan/o Lụa/o ' +
  'Ly/y Lý/o Mai Mến/o My/y Mỹ Nga/o Ngà/o Ngân Ngọc Nguyệt Nhàn/o Nhi/y Nhung Như/y Oanh Phương Phượng/o ' +
  'Quế/o Quyên Quỳnh Sen/o Sương Tâm Thanh Thảo Thắm/o Thơ Thu Thư/y Thủy Thúy Thùy Thương Tiên/y Trà/y ' +
  'Trang Trâm/y Trinh Trúc/y Tuyền Tuyết/o Uyên/y Vân Vi/y Vy/y Xuân/o Yến Gấm/o Hảo/o Hậu Lệ/o Nhiên/y ' +
  'Tươi/o Thoa/o Vui/o Xoan/o Diệu/y Thục/o Trân/y Hòa/o Lành/o Nương/o Thơm/o Hạ/y';

function parseGiven(text: string): ReadonlyArray<readonly [string, CohortTag]> {
  return text.split(' ').map((token) => {
    const [name = '', tag = ''] = token.split('/');
    return [name, tag === 'o' || tag === 'y' ? tag : ''] as const;
  });
}

export const MALE_GIVEN_NAMES = parseGiven(MALE_GIVEN_TEXT);
export const FEMALE_GIVEN_NAMES = parseGiven(FEMALE_GIVEN_TEXT);
