-- Purposes and reasons become codes with Vietnamese and English labels (src/kernel/purposes.ts).
-- The texts the system itself wrote before are rewritten to their code where the table may
-- change: the person history, closed residences and memberships, cancelled PINs. Officers' own
-- words stay as written. The audit log is sealed and never rewritten: its readers map the same
-- old texts (LEGACY_TEXTS in src/kernel/purposes.ts; a test keeps this list equal to it).

CREATE TABLE purpose_legacy_text (
  legacy_text text NOT NULL,
  code text NOT NULL,
  CONSTRAINT purpose_legacy_text_pk PRIMARY KEY (legacy_text)
);
COMMENT ON TABLE purpose_legacy_text IS 'Texts written as purposes or reasons before they were codes, and the code each stands for.';

INSERT INTO purpose_legacy_text (legacy_text, code) VALUES
  ('tra cứu nghiệp vụ / official lookup', 'official_lookup'),
  ('tra cứu nghiệp vụ', 'official_lookup'),
  ('Rà soát hộ không có chủ hộ / households without a head', 'household_review'),
  ('Đăng ký tài khoản định danh điện tử mức 1', 'eid_enrolment'),
  ('Xác thực định danh điện tử mức 2', 'eid_level2_verification'),
  ('Quản lý tài khoản định danh điện tử', 'eid_account_management'),
  ('Đối chiếu ảnh chân dung đăng ký định danh điện tử', 'eid_photo_comparison'),
  ('Công dân xem thông tin của mình trên Cổng định danh', 'citizen_self_view'),
  ('bulk import', 'bulk_import'),
  ('birth registration', 'birth_registration'),
  ('death registration', 'death_registration'),
  ('dữ liệu trình diễn', 'demo_data');

UPDATE person_version v SET reason = m.code FROM purpose_legacy_text m WHERE v.reason = m.legacy_text;
UPDATE residence r SET ended_reason = m.code FROM purpose_legacy_text m WHERE r.ended_reason = m.legacy_text;
UPDATE household_member h SET ended_reason = m.code FROM purpose_legacy_text m WHERE h.ended_reason = m.legacy_text;
UPDATE pin_registry p SET cancel_reason = m.code FROM purpose_legacy_text m WHERE p.cancel_reason = m.legacy_text;
