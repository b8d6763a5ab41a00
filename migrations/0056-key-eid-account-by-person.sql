-- An e-ID account belongs to a person, not to a PIN: a PIN can be cancelled and re-established
-- (people module), and a stored copy went stale. The account's current PIN is read from the
-- people module when needed. Runs unchanged on PGlite and PostgreSQL.

ALTER TABLE eid_account DROP COLUMN pin;
COMMENT ON TABLE eid_account IS 'One e-ID account per person (keyed by person id; the PIN is the person''s current one); level 2 only after an in-person verification.';
