-- Login hardening, for officers and citizens alike (src/kernel/auth): the lockout escalates,
-- attempts are limited per identifier as well as per address, a new TOTP secret waits beside
-- the current one until it is confirmed, and changing second factors needs a fresh proof of a
-- current one (step-up) noted on the session. Runs unchanged on PGlite and PostgreSQL.

ALTER TABLE officer
  ADD COLUMN lockouts integer NOT NULL DEFAULT 0,
  ADD COLUMN totp_pending_secret text,
  ADD COLUMN totp_pending_until timestamptz;
COMMENT ON COLUMN officer.lockouts IS 'Lockouts since the last successful login; each lasts longer (15 min, 1 h, 4 h, then 24 h).';
COMMENT ON COLUMN officer.totp_secret IS 'Sealed with the master key (sealed:v1:…), bound to the row.';

ALTER TABLE officer_session ADD COLUMN stepped_up_at timestamptz;
COMMENT ON COLUMN officer_session.stepped_up_at IS 'When the officer last proved a second factor again in this session (allows changing factors for 5 minutes).';

ALTER TABLE eid_account
  ADD COLUMN lockouts integer NOT NULL DEFAULT 0,
  ADD COLUMN totp_pending_secret text,
  ADD COLUMN totp_pending_until timestamptz;
COMMENT ON COLUMN eid_account.lockouts IS 'Lockouts since the last successful login; each lasts longer (15 min, 1 h, 4 h, then 24 h).';
COMMENT ON COLUMN eid_account.totp_secret IS 'Sealed with the master key (sealed:v1:…), bound to the row.';

ALTER TABLE eid_session
  ADD COLUMN stepped_up_at timestamptz,
  ADD COLUMN step_up_challenge text;
COMMENT ON TABLE eid_session IS 'Citizen portal sessions; the cookie holds the token, the table only its SHA-256.';
COMMENT ON COLUMN eid_session.stepped_up_at IS 'When the citizen last proved a second factor again in this session (allows changing factors for 5 minutes).';

ALTER TABLE eid_code DROP CONSTRAINT eid_code_purpose_ck;
ALTER TABLE eid_code ADD CONSTRAINT eid_code_purpose_ck CHECK (purpose IN ('enrol', 'activate', 'login', 'step_up'));

CREATE TABLE auth_throttle (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  attempts integer NOT NULL,
  CONSTRAINT auth_throttle_pk PRIMARY KEY (key)
);
CREATE INDEX auth_throttle_window_ix ON auth_throttle (window_start);
COMMENT ON TABLE auth_throttle IS 'Login attempts per identifier (PIN or username, stored as SHA-256) in a fixed window, known accounts or not.';
