-- The working-day calendar statutory deadlines count in (src/kernel/calendar). Monday–Friday
-- are working days except the public holidays listed here; a weekend day listed as 'workday'
-- is a make-up working day. Administrators maintain it per year (`dancu calendar …`, or the
-- API); a year with no row is "not loaded" and deadlines across it are refused, never guessed.
CREATE TABLE calendar_day (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text NOT NULL,
  -- Where the day comes from (the decision or announcement), shown with it.
  source text NOT NULL,
  -- Set where the government had not announced the arrangement when the row was written.
  provisional boolean NOT NULL DEFAULT false,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);

-- When a counter stops receiving for the day: a dossier received later counts from the next
-- working day. unit_code '' is the default for every office without its own row.
CREATE TABLE office_cutoff (
  unit_code text PRIMARY KEY,
  cutoff text NOT NULL CHECK (cutoff ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);
INSERT INTO office_cutoff VALUES ('', '17:00', 'migration', '2026-11-30T00:00:00Z');

-- 2026: Labour Code 2019 art. 112 holidays as arranged for civil servants: Lunar New Year
-- Monday 16 – Friday 20 February (nine days off with the weekends, announced October 2025);
-- Hùng Kings' day (10/3 lunar) falls on Sunday 26 April, so Monday 27 April is the day in
-- lieu; National Day Tuesday 1 – Wednesday 2 September.
INSERT INTO calendar_day (day, kind, name, source, provisional, created_by, created_at) VALUES
  ('2026-01-01', 'holiday', 'Tết Dương lịch', 'Bộ luật Lao động 2019, Điều 112', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2026-02-16', 'holiday', 'Tết Nguyên đán (29 tháng Chạp)', 'Bộ luật Lao động 2019, Điều 112; phương án nghỉ Tết Bính Ngọ 2026', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2026-02-17', 'holiday', 'Tết Nguyên đán (mùng 1)', 'Bộ luật Lao động 2019, Điều 112; phương án nghỉ Tết Bính Ngọ 2026', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2026-02-18', 'holiday', 'Tết Nguyên đán (mùng 2)', 'Bộ luật Lao động 2019, Điều 112; phương án nghỉ Tết Bính Ngọ 2026', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2026-02-19', 'holiday', 'Tết Nguyên đán (mùng 3)', 'Bộ luật Lao động 2019, Điều 112; phương án nghỉ Tết Bính Ngọ 2026', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2026-02-20', 'holiday', 'Tết Nguyên đán (mùng 4)', 'Bộ luật Lao động 2019, Điều 112; phương án nghỉ Tết Bính Ngọ 2026', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2026-04-27', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương (26/4, Chủ nhật)', 'Bộ luật Lao động 2019, Điều 111 khoản 3, Điều 112', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2026-04-30', 'holiday', 'Ngày Chiến thắng', 'Bộ luật Lao động 2019, Điều 112', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2026-05-01', 'holiday', 'Ngày Quốc tế Lao động', 'Bộ luật Lao động 2019, Điều 112', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2026-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'Bộ luật Lao động 2019, Điều 112; phương án nghỉ Quốc khánh 2026', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2026-09-02', 'holiday', 'Quốc khánh', 'Bộ luật Lao động 2019, Điều 112', false, 'migration', '2026-11-30T00:00:00Z');

-- 2027: the fixed-date holidays from the Labour Code; where the government chooses the
-- arrangement (Lunar New Year around Saturday 6 February, the day next to National Day) or the
-- lunar date is computed here (Hùng Kings' day), the row is provisional until an
-- administrator confirms or replaces it with the announced days.
INSERT INTO calendar_day (day, kind, name, source, provisional, created_by, created_at) VALUES
  ('2027-01-01', 'holiday', 'Tết Dương lịch', 'Bộ luật Lao động 2019, Điều 112', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2027-02-05', 'holiday', 'Tết Nguyên đán (30 tháng Chạp)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến, chờ phương án nghỉ Tết Đinh Mùi)', true, 'migration', '2026-11-30T00:00:00Z'),
  ('2027-02-08', 'holiday', 'Tết Nguyên đán (mùng 3)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)', true, 'migration', '2026-11-30T00:00:00Z'),
  ('2027-02-09', 'holiday', 'Tết Nguyên đán (mùng 4)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)', true, 'migration', '2026-11-30T00:00:00Z'),
  ('2027-02-10', 'holiday', 'Nghỉ bù Tết Nguyên đán (mùng 1, thứ Bảy)', 'Bộ luật Lao động 2019, Điều 111 khoản 3 (dự kiến)', true, 'migration', '2026-11-30T00:00:00Z'),
  ('2027-02-11', 'holiday', 'Nghỉ bù Tết Nguyên đán (mùng 2, Chủ nhật)', 'Bộ luật Lao động 2019, Điều 111 khoản 3 (dự kiến)', true, 'migration', '2026-11-30T00:00:00Z'),
  ('2027-04-16', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Bộ luật Lao động 2019, Điều 112 (ngày âm lịch quy đổi, cần xác nhận)', true, 'migration', '2026-11-30T00:00:00Z'),
  ('2027-04-30', 'holiday', 'Ngày Chiến thắng', 'Bộ luật Lao động 2019, Điều 112', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2027-05-03', 'holiday', 'Nghỉ bù Ngày Quốc tế Lao động (1/5, thứ Bảy)', 'Bộ luật Lao động 2019, Điều 111 khoản 3', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2027-09-02', 'holiday', 'Quốc khánh', 'Bộ luật Lao động 2019, Điều 112', false, 'migration', '2026-11-30T00:00:00Z'),
  ('2027-09-03', 'holiday', 'Quốc khánh (ngày liền kề)', 'Bộ luật Lao động 2019, Điều 112 (dự kiến)', true, 'migration', '2026-11-30T00:00:00Z');
