-- Vietnamese dictionary order on both engines (PGlite has no ICU collations): a sort key per
-- name and address, compared byte by byte (COLLATE "C"). Writers compute the key in TypeScript
-- (src/modules/people/vi-sort.ts, fast); vi_sort_key() below is the same function in SQL, for
-- the backfill here and for any update that changes a name without giving its key. It is
-- printed by viSortKeySql() and a test checks both agree. Also: indexes for province-wide
-- lists and overview counts.

CREATE FUNCTION vi_sort_key(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT translate(t,
  E'\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f \x7f!"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~0123456789aAàÀáÁảẢãÃạẠăĂằẰắẮẳẲẵẴặẶâÂầẦấẤẩẨẫẪậẬbBcCdDđĐeEèÈéÉẻẺẽẼẹẸêÊềỀếẾểỂễỄệỆfFgGhHiIìÌíÍỉỈĩĨịỊjJkKlLmMnNoOòÒóÓỏỎõÕọỌôÔồỒốỐổỔỗỖộỘơƠờỜớỚởỞỡỠợỢpPqQrRsStTuUùÙúÚủỦũŨụỤưƯừỪứỨửỬữỮựỰvVwWxXyYỳỲýÝỷỶỹỸỵỴzZ',
  E'!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLLLLLLLLLLLLMMMMMMMMMMMMNNNNNNNNNNNNOOPPQQRRSSSSSSSSSSSSTTTTTTTTTTTTUUVVWWXXXXXXXXXXXXYYZZ[[\\\\]]^^^^^^^^^^^^____________````````````aabbccddeeffffffffffffgggggggggggghhiijjkkkkkkkkkkkkll')
  || ' ' || regexp_replace(translate(t,
  E'0123456789\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f \x7f!"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~aAàÀáÁảẢãÃạẠăĂằẰắẮẳẲẵẴặẶâÂầẦấẤẩẨẫẪậẬbBcCdDđĐeEèÈéÉẻẺẽẼẹẸêÊềỀếẾểỂễỄệỆfFgGhHiIìÌíÍỉỈĩĨịỊjJkKlLmMnNoOòÒóÓỏỎõÕọỌôÔồỒốỐổỔỗỖộỘơƠờỜớỚởỞỡỠợỢpPqQrRsStTuUùÙúÚủỦũŨụỤưƯừỪứỨửỬữỮựỰvVwWxXyYỳỲýÝỷỶỹỸỵỴzZ',
  E'000000000000000000000000000000000000000000000000000000000000000000000000000001122334455001122334455001122334455000000000011223344550011223344550000000011223344550000000000001122334455001122334455001122334455000000000000112233445500112233445500000000112233445500'), '[^0-5]', '0', 'g')
  || ' ' || t
$$;

ALTER TABLE person ADD COLUMN name_sort text COLLATE "C";
UPDATE person SET name_sort = vi_sort_key(full_name);
ALTER TABLE person ALTER COLUMN name_sort SET NOT NULL;
COMMENT ON COLUMN person.name_sort IS 'vi_sort_key(full_name): sorts names in Vietnamese dictionary order on any engine.';

ALTER TABLE household ADD COLUMN address_sort text COLLATE "C";
UPDATE household SET address_sort = vi_sort_key(address);
ALTER TABLE household ALTER COLUMN address_sort SET NOT NULL;
COMMENT ON COLUMN household.address_sort IS 'vi_sort_key(address): sorts addresses in Vietnamese dictionary order on any engine.';

-- A safety net, not the path writers take: a name changed without its key gets one. (No
-- insert trigger: a BEFORE INSERT row trigger makes COPY insert row by row, and the bulk import
-- gives the key itself; the NOT NULL above catches an insert that forgets it.)
CREATE FUNCTION person_name_sort_refresh() RETURNS trigger AS $$
BEGIN
  NEW.name_sort := vi_sort_key(NEW.full_name);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER person_name_sort_refresh BEFORE UPDATE OF full_name ON person
  FOR EACH ROW WHEN (NEW.full_name IS DISTINCT FROM OLD.full_name AND NEW.name_sort IS NOT DISTINCT FROM OLD.name_sort)
  EXECUTE FUNCTION person_name_sort_refresh();

-- Province-wide lists and counts read a province's rows by index, not the whole table.
CREATE INDEX person_province_ix ON person (province_code);
CREATE INDEX household_province_ix ON household (province_code);
