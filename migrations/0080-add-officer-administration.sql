-- Officer administration from the console (src/kernel/auth/officer-admin.ts): an administrator
-- may require an officer to use an authenticator app (TOTP) and may issue a one-time link to
-- set a new password. The link's token is stored only as its SHA-256, expires, and is good
-- once. Who changed what, when and why is in the audit log (officer.* actions).
-- Runs unchanged on PGlite and PostgreSQL.

ALTER TABLE officer
  ADD COLUMN totp_required boolean NOT NULL DEFAULT false,
  ADD COLUMN disabled_reason text;
COMMENT ON COLUMN officer.totp_required IS 'Set by an administrator: until TOTP is on, the officer''s session can only enrol it (and the officer may not turn it off).';
COMMENT ON COLUMN officer.disabled_reason IS 'Why the account was disabled (active = false); the audit log keeps every change.';

CREATE TABLE officer_password_reset (
  id uuid NOT NULL,
  officer_id uuid NOT NULL,
  token_hash text NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  CONSTRAINT officer_password_reset_pk PRIMARY KEY (id),
  CONSTRAINT officer_password_reset_token_uq UNIQUE (token_hash),
  CONSTRAINT officer_password_reset_officer_fk FOREIGN KEY (officer_id) REFERENCES officer (id),
  CONSTRAINT officer_password_reset_creator_fk FOREIGN KEY (created_by) REFERENCES officer (id),
  CONSTRAINT officer_password_reset_expiry_ck CHECK (expires_at > created_at)
);
CREATE INDEX officer_password_reset_officer_ix ON officer_password_reset (officer_id, created_at);
COMMENT ON TABLE officer_password_reset IS 'One-time links to set an officer''s password: SHA-256 of the token only, an expiry, used or revoked once.';
