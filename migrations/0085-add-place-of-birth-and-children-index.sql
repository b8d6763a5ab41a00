-- Place of birth (nơi sinh: the health facility or the address where the child was born) is
-- a different fact from the place of birth registration (birth_place_code / birth_place,
-- which decides the PIN's province digits): a child born in a Hà Nội hospital may be
-- registered in the parents' commune in Bắc Ninh. Kept in their own columns so neither
-- overwrites the other; person_version snapshots carry them like every other field.
ALTER TABLE person ADD COLUMN birth_facility text;
ALTER TABLE person ADD COLUMN birth_address text;
ALTER TABLE person ADD COLUMN birth_address_unit_code text;
ALTER TABLE person ADD CONSTRAINT person_birth_address_unit_ck
  CHECK (birth_address_unit_code IS NULL OR birth_address_unit_code ~ '^[0-9]{5}$');
COMMENT ON COLUMN person.birth_facility IS 'Nơi sinh: health facility where the child was born (hospital, clinic), as written.';
COMMENT ON COLUMN person.birth_address IS 'Nơi sinh: address of the place of birth below the commune (house, street, hamlet).';
COMMENT ON COLUMN person.birth_address_unit_code IS 'Nơi sinh: commune (today''s units) of the place of birth.';
COMMENT ON COLUMN person.birth_place_code IS 'Place of birth registration (nơi đăng ký khai sinh): unit code; decides the PIN province digits.';

-- The person page and the citizen portal list a person's children (people whose father or
-- mother is this person). Partial: most imported records carry no parent link, and an index
-- entry per NULL would cost every one of 100 million inserts for nothing.
CREATE INDEX person_father_ix ON person (father_id) WHERE father_id IS NOT NULL;
CREATE INDEX person_mother_ix ON person (mother_id) WHERE mother_id IS NOT NULL;
