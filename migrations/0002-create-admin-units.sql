-- Administrative units: the pre-July-2025 tree (province → district → commune) and today's
-- tree (province → commune) side by side, and the official old → new conversion between
-- them. Loaded by 0003 from data/admin-units/*.csv (see docs/units.md). Runs unchanged on
-- PGlite and PostgreSQL.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE admin_unit (
  code text NOT NULL,
  level text NOT NULL,
  name text NOT NULL,
  name_folded text NOT NULL,
  type text NOT NULL,
  parent_code text,
  province_code text NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  -- A new unit usually keeps a predecessor's code (new Phường Ba Đình = old Phường Trúc
  -- Bạch = 00004), so a code alone names a unit only together with a date.
  CONSTRAINT admin_unit_pk PRIMARY KEY (code, valid_from),
  CONSTRAINT admin_unit_level_ck CHECK (level IN ('province', 'district', 'commune')),
  CONSTRAINT admin_unit_code_ck CHECK (
    (level = 'province' AND code ~ '^[0-9]{2}$')
    OR (level = 'district' AND code ~ '^[0-9]{3}$')
    OR (level = 'commune' AND code ~ '^[0-9]{5}$')),
  CONSTRAINT admin_unit_type_ck CHECK (type IN ('Tỉnh', 'Thành phố', 'Quận', 'Huyện', 'Thị xã', 'Thành phố thuộc tỉnh',
    'Thành phố thuộc thành phố trực thuộc trung ương', 'Phường', 'Xã', 'Thị trấn', 'Đặc khu')),
  CONSTRAINT admin_unit_parent_ck CHECK ((level = 'province') = (parent_code IS NULL)),
  CONSTRAINT admin_unit_province_ck CHECK (province_code ~ '^[0-9]{2}$' AND (level <> 'province' OR province_code = code)),
  CONSTRAINT admin_unit_validity_ck CHECK (valid_to IS NULL OR valid_to > valid_from),
  CONSTRAINT admin_unit_name_folded_ck CHECK (name_folded <> '')
);
-- No foreign key to the parent: a parent row is (code, valid_from) and a unit created in
-- the middle of its parent's life has a later valid_from. The build script checks parents.
CREATE INDEX admin_unit_parent_ix ON admin_unit (parent_code, valid_from);
CREATE INDEX admin_unit_province_ix ON admin_unit (province_code, level, valid_from);
CREATE INDEX admin_unit_name_folded_trgm_ix ON admin_unit USING gin (name_folded gin_trgm_ops);
COMMENT ON TABLE admin_unit IS 'Administrative units of Vietnam, every version: code (2/3/5 digits), validity [valid_from, valid_to), name as written and folded for search. Generated data: never edited by the application.';
COMMENT ON COLUMN admin_unit.name_folded IS 'Name without diacritics, đ→d, lower case, single spaces (kernel foldName).';
COMMENT ON COLUMN admin_unit.parent_code IS 'District for pre-2025 communes, province for districts and current communes, NULL for provinces.';

CREATE TABLE admin_unit_conversion (
  old_code text NOT NULL,
  new_code text NOT NULL,
  kind text NOT NULL,
  note text NOT NULL,
  CONSTRAINT admin_unit_conversion_pk PRIMARY KEY (old_code, new_code),
  CONSTRAINT admin_unit_conversion_kind_ck CHECK (kind IN ('whole', 'partial', 'unchanged', 'renamed', 'other')),
  -- Old units are communes, or the island districts that had no communes (3 digits).
  CONSTRAINT admin_unit_conversion_old_code_ck CHECK (old_code ~ '^[0-9]{3}$' OR old_code ~ '^[0-9]{5}$'),
  CONSTRAINT admin_unit_conversion_new_code_ck CHECK (new_code ~ '^[0-9]{5}$')
);
CREATE INDEX admin_unit_conversion_new_code_ix ON admin_unit_conversion (new_code);
COMMENT ON TABLE admin_unit_conversion IS 'Official old → new conversion of the reorganisation in force from 2025-07-01: which pre-2025 unit went into which current commune, wholly or in part. Many-to-many.';
