-- Confirmations of residence information (CT07, src/modules/residence/ct07): issued at once
-- from the registry, numbered <unit>/<year>/<serial>, printed as a PDF whose QR code carries a
-- signed token. The content printed is kept as issued, so the document can be shown again,
-- verified and revoked; nothing here is updated in place (a revocation is a row of its own).
CREATE TABLE residence_confirmation (
  id uuid NOT NULL,
  -- <issuing unit>/<year>/<serial>, e.g. 00004/2026/000017; the unit is '00' for a national office.
  number text NOT NULL,
  issuing_unit text NOT NULL,
  issue_year integer NOT NULL,
  serial integer NOT NULL,
  person_id uuid NOT NULL,
  pin text NOT NULL,
  issued_at timestamptz NOT NULL,
  issued_on date NOT NULL,
  valid_until date NOT NULL,
  -- officer | citizen (portal), and their id.
  issued_by_kind text NOT NULL,
  issued_by text NOT NULL,
  purpose text NOT NULL,
  -- What the document prints (person, residences, household), exactly as issued.
  content jsonb NOT NULL,
  -- SHA-256 (base64url) of the residence part of the content: a later change makes the document stale.
  residence_hash text NOT NULL,
  token text NOT NULL,
  key_id text NOT NULL,
  request_id text,
  CONSTRAINT residence_confirmation_pk PRIMARY KEY (id),
  CONSTRAINT residence_confirmation_number_uq UNIQUE (number),
  CONSTRAINT residence_confirmation_serial_uq UNIQUE (issuing_unit, issue_year, serial),
  CONSTRAINT residence_confirmation_request_uq UNIQUE (issued_by_kind, issued_by, request_id),
  CONSTRAINT residence_confirmation_by_ck CHECK (issued_by_kind IN ('officer', 'citizen', 'system')),
  CONSTRAINT residence_confirmation_dates_ck CHECK (valid_until >= issued_on)
);
CREATE INDEX residence_confirmation_person_ix ON residence_confirmation (person_id, issued_at DESC);
COMMENT ON TABLE residence_confirmation IS 'CT07 confirmations of residence information as issued: number, validity, printed content, signed QR token.';

-- The next serial per issuing unit and year (one row locked per issue).
CREATE TABLE residence_confirmation_serial (
  issuing_unit text NOT NULL,
  issue_year integer NOT NULL,
  last_serial integer NOT NULL,
  CONSTRAINT residence_confirmation_serial_pk PRIMARY KEY (issuing_unit, issue_year)
);
COMMENT ON TABLE residence_confirmation_serial IS 'Last CT07 serial given per issuing unit and year.';

CREATE TABLE residence_confirmation_revocation (
  confirmation_id uuid NOT NULL,
  revoked_at timestamptz NOT NULL,
  revoked_by text NOT NULL,
  reason text NOT NULL,
  CONSTRAINT residence_confirmation_revocation_pk PRIMARY KEY (confirmation_id),
  CONSTRAINT residence_confirmation_revocation_fk FOREIGN KEY (confirmation_id) REFERENCES residence_confirmation (id)
);
COMMENT ON TABLE residence_confirmation_revocation IS 'A CT07 confirmation withdrawn by an officer: verification answers revoked from then on.';

-- Keys that sign the CT07 QR tokens (JWS, EdDSA): public key published in the JWKS, private
-- key sealed under the master key kept outside the database. Retired keys keep verifying.
CREATE TABLE residence_confirmation_key (
  kid text NOT NULL,
  algorithm text NOT NULL,
  public_jwk jsonb NOT NULL,
  private_key_sealed text NOT NULL,
  created_at timestamptz NOT NULL,
  retired_at timestamptz,
  CONSTRAINT residence_confirmation_key_pk PRIMARY KEY (kid),
  CONSTRAINT residence_confirmation_key_algorithm_ck CHECK (algorithm = 'EdDSA')
);
COMMENT ON TABLE residence_confirmation_key IS 'Ed25519 keys signing CT07 QR tokens; private halves sealed under the master key.';

-- The certificate and key that sign CT07 PDFs (PAdES): self-signed, private key sealed.
CREATE TABLE residence_confirmation_pdf_signer (
  id text NOT NULL,
  certificate_pem text NOT NULL,
  private_key_sealed text NOT NULL,
  created_at timestamptz NOT NULL,
  retired_at timestamptz,
  CONSTRAINT residence_confirmation_pdf_signer_pk PRIMARY KEY (id)
);
COMMENT ON TABLE residence_confirmation_pdf_signer IS 'Certificate and sealed private key that sign CT07 PDFs (PAdES).';
