/**
 * Parts the generator composes street addresses from: streets named after national figures,
 * events and places (the names most Vietnamese towns share), and the syllables hamlet names are
 * built from. Addresses are composed, not copied: no real house is described.
 *
 * Habits by region: the north says ngõ / ngách for lanes and thôn / xóm for rural hamlets,
 * the south hẻm and ấp / khóm, the Central Highlands thôn / buôn / làng, the northern
 * mountains bản.
 */
export const STREET_NAMES: readonly string[] = (
  'Lê Lợi|Trần Hưng Đạo|Nguyễn Huệ|Hai Bà Trưng|Lý Thường Kiệt|Quang Trung|Nguyễn Trãi|Lê Duẩn|Hùng Vương|' +
  'Phan Chu Trinh|Phan Bội Châu|Nguyễn Du|Nguyễn Thị Minh Khai|Võ Thị Sáu|Điện Biên Phủ|Cách Mạng Tháng Tám|' +
  '30 Tháng 4|Bà Triệu|Lê Thánh Tông|Ngô Quyền|Đinh Tiên Hoàng|Lê Hồng Phong|Trần Phú|Nguyễn Văn Cừ|' +
  'Nguyễn Chí Thanh|Tôn Đức Thắng|Võ Văn Kiệt|Nguyễn Tất Thành|Lê Văn Sỹ|Nam Kỳ Khởi Nghĩa|Pasteur|Yersin|' +
  'Hoàng Diệu|Trần Quang Khải|Lạc Long Quân|Âu Cơ|Kim Mã|Giải Phóng|Tây Sơn|Chu Văn An|Nguyễn Đình Chiểu|' +
  'Lý Tự Trọng|Mạc Đĩnh Chi|Hàm Nghi|Hoàng Văn Thụ|Lê Lai|Yết Kiêu|Nguyễn Khuyến|Cao Thắng|Lê Quý Đôn|' +
  'Trường Chinh|Phạm Văn Đồng|Huỳnh Thúc Kháng|Nguyễn Văn Linh|Phạm Ngũ Lão|Bạch Đằng|Thống Nhất|Độc Lập|' +
  'Hòa Bình|Trần Nhân Tông|Lý Thái Tổ|Nguyễn Công Trứ|Trần Quốc Toản|Phan Đình Phùng|Nguyễn Thái Học|' +
  'Lê Thánh Tôn|Hoàng Hoa Thám|Nguyễn Trung Trực|Trưng Nữ Vương|Ông Ích Khiêm|Lê Đại Hành|Nguyễn Bỉnh Khiêm|' +
  'Tô Hiến Thành|Phạm Hùng|Xô Viết Nghệ Tĩnh|Nguyễn Văn Trỗi|Bùi Thị Xuân|Hồ Tùng Mậu|Lý Nam Đế|' +
  'Ngô Gia Tự|Trần Khát Chân|Nguyễn Lương Bằng|Lạc Trung|Minh Khai|Tam Trinh|Kim Đồng|Lê Trọng Tấn'
).split('|');

/** Auspicious Sino-Vietnamese syllables that make most village and hamlet names. */
export const PLACE_SYLLABLES: readonly string[] = (
  'An Bình Phú Hòa Tân Mỹ Long Thành Phước Lợi Hưng Đông Tây Nam Bắc Trung Thượng Hạ Yên Lộc Thọ Khánh ' +
  'Vĩnh Hiệp Đức Xuân Đại Thái Thuận Quý Hội Lạc Phong Hậu Sơn Thủy Ninh Quang Hồng Minh Tiến Cát Nghĩa'
).split(' ');

/** Southern hamlets favour these (Tân Thạnh, Mỹ Thới…). */
export const SOUTHERN_SYLLABLES: readonly string[] =
  'Thạnh Thới Hiệp Phước Lợi Mỹ Tân Long An Hòa Bình Phú Hưng Định'.split(' ');

/** Northern-mountain village names (Tày-Thái style): first and second syllables. */
export const MOUNTAIN_FIRST: readonly string[] = 'Nà Pác Khuổi Co Huổi Phiêng Nậm Bó Lũng Khau Nặm Tà'.split(
  ' ',
);
export const MOUNTAIN_SECOND: readonly string[] =
  'Sang Phìn Mòn Tấu Lếch Hào Cọ Lầu Pục Khoang Mạ Chang Luông Cáy'.split(' ');

/** Central Highlands villages: buôn (Ê-đê, Mnông) and làng / plei (Gia-rai, Ba Na). */
export const HIGHLAND_VILLAGES: readonly string[] = (
  'Buôn Ea Kao|Buôn Ko Tam|Buôn Đôn|Buôn Kmrơng Prong|Buôn Ea Tu|Buôn Ako Dhông|Làng Plei Ku|Làng Plei Bông|' +
  'Làng Kon Klor|Làng Kon Rơ Wang|Plei Ơp|Plei Rơng'
).split('|');
