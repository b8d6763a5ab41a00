-- The chip's trust chain (src/modules/cards/keys.ts): the Country Signing CA and the Document
-- Signers it certifies. Private keys sealed under the master key; certificates kept as DER.
CREATE TABLE card_signing_key (
  serial text NOT NULL,
  kind text NOT NULL,
  -- The CSCA that certified a Document Signer (null for a CSCA).
  issuer_serial text,
  subject text NOT NULL,
  certificate_der bytea NOT NULL,
  private_key_sealed text NOT NULL,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  -- Stops signing (rotation); keeps verifying what it signed.
  retired_at timestamptz,
  -- A revoked Document Signer makes every card it signed fail verification.
  revoked_at timestamptz,
  revoke_reason text,
  CONSTRAINT card_signing_key_pk PRIMARY KEY (serial),
  CONSTRAINT card_signing_key_kind_ck CHECK (kind IN ('csca', 'ds')),
  CONSTRAINT card_signing_key_issuer_fk FOREIGN KEY (issuer_serial) REFERENCES card_signing_key (serial),
  CONSTRAINT card_signing_key_issuer_ck CHECK ((kind = 'csca') = (issuer_serial IS NULL))
);
COMMENT ON TABLE card_signing_key IS 'Country Signing CA and Document Signer certificates for chip cards; private keys sealed under the master key.';

-- Mobile collection teams of a commune or province office (home visits, factories, schools).
CREATE TABLE card_team (
  id uuid NOT NULL,
  unit_code text NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  CONSTRAINT card_team_pk PRIMARY KEY (id),
  CONSTRAINT card_team_name_uq UNIQUE (unit_code, name)
);

-- Appointments for intake: a time slot at an office desk (team_id null) or with a mobile team
-- at a place (home, factory, school). Capacity is per office or team and slot.
CREATE TABLE card_appointment (
  id uuid NOT NULL,
  unit_code text NOT NULL,
  team_id uuid,
  day date NOT NULL,
  slot text NOT NULL,
  place text NOT NULL,
  address text,
  person_id uuid NOT NULL,
  pin text NOT NULL,
  full_name text NOT NULL,
  note text,
  booked_at timestamptz NOT NULL,
  booked_by text NOT NULL,
  cancelled_at timestamptz,
  CONSTRAINT card_appointment_pk PRIMARY KEY (id),
  CONSTRAINT card_appointment_team_fk FOREIGN KEY (team_id) REFERENCES card_team (id),
  CONSTRAINT card_appointment_slot_ck CHECK (slot ~ '^[0-2][0-9]:[0-5][0-9]$'),
  CONSTRAINT card_appointment_place_ck CHECK (place IN ('desk', 'home', 'factory', 'school', 'other')),
  CONSTRAINT card_appointment_desk_ck CHECK ((team_id IS NULL) = (place = 'desk'))
);
CREATE INDEX card_appointment_day_ix ON card_appointment (unit_code, day, slot);
CREATE INDEX card_appointment_person_ix ON card_appointment (person_id);

-- What intake captured for an application (a card dossier): face photo and signature, sealed
-- under the master key (images never stored in clear), where and by whom.
CREATE TABLE card_intake (
  dossier_id uuid NOT NULL,
  -- The card's holder (the applicant, or the child a parent applied for).
  person_id uuid NOT NULL,
  pin text NOT NULL,
  place text NOT NULL,
  photo_sealed text,
  photo_mime text,
  photo_width integer,
  photo_height integer,
  photo_sha256 text,
  signature_sealed text,
  signature_mime text,
  -- Candidates the biometric de-duplication system (ABIS) returned: [{personId, pin, kind, finger}].
  abis_hits jsonb NOT NULL DEFAULT '[]',
  abis_system text NOT NULL,
  captured_at timestamptz NOT NULL,
  captured_by text NOT NULL,
  CONSTRAINT card_intake_pk PRIMARY KEY (dossier_id),
  CONSTRAINT card_intake_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id),
  CONSTRAINT card_intake_place_ck CHECK (place IN ('desk', 'home', 'factory', 'school', 'other')),
  CONSTRAINT card_intake_photo_ck CHECK ((photo_sealed IS NULL) = (photo_mime IS NULL))
);

-- The ten fingerprints: an image, or the reason it could not be taken.
CREATE TABLE card_fingerprint (
  dossier_id uuid NOT NULL,
  -- ISO/IEC 19794-4 finger positions 1–10 (1 right thumb … 10 left little finger).
  finger smallint NOT NULL,
  image_sealed text,
  image_mime text,
  image_sha256 text,
  missing_reason text,
  CONSTRAINT card_fingerprint_pk PRIMARY KEY (dossier_id, finger),
  CONSTRAINT card_fingerprint_intake_fk FOREIGN KEY (dossier_id) REFERENCES card_intake (dossier_id),
  CONSTRAINT card_fingerprint_finger_ck CHECK (finger BETWEEN 1 AND 10),
  CONSTRAINT card_fingerprint_one_ck CHECK ((image_sealed IS NULL) <> (missing_reason IS NULL))
);
CREATE INDEX card_fingerprint_sha_ix ON card_fingerprint (image_sha256) WHERE image_sha256 IS NOT NULL;
CREATE INDEX card_intake_photo_sha_ix ON card_intake (photo_sha256) WHERE photo_sha256 IS NOT NULL;

-- A day's production run at the card centre.
CREATE TABLE card_batch (
  id uuid NOT NULL,
  number text NOT NULL,
  produced_on date NOT NULL,
  produced_at timestamptz NOT NULL,
  produced_by text NOT NULL,
  card_count integer NOT NULL,
  signer_serial text NOT NULL,
  CONSTRAINT card_batch_pk PRIMARY KEY (id),
  CONSTRAINT card_batch_number_uq UNIQUE (number),
  CONSTRAINT card_batch_signer_fk FOREIGN KEY (signer_serial) REFERENCES card_signing_key (serial)
);

-- A card, from the approval of its application to its end. stage: where it is in production
-- and delivery; revoked/replaced end its validity (expired is computed from expiry_date).
CREATE TABLE card (
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  pin text NOT NULL,
  dossier_id uuid NOT NULL,
  -- The application's number and procedure as printed on its receipt (the dossier is the authority).
  dossier_code text NOT NULL,
  procedure_code text NOT NULL,
  application_case text NOT NULL,
  -- The commune office that took the application, and its province (scope of the card).
  unit_code text NOT NULL,
  province_code text NOT NULL,
  stage text NOT NULL,
  full_name text NOT NULL,
  birth_date text NOT NULL,
  sex text NOT NULL,
  issue_date date,
  expiry_date date,
  batch_id uuid,
  mrz text,
  qr text,
  dg1 bytea,
  dg2_sealed text,
  dg13 bytea,
  sod bytea,
  signer_serial text,
  delivery_method text NOT NULL,
  delivery_address text,
  approved_at timestamptz NOT NULL,
  produced_at timestamptz,
  shipped_at timestamptz,
  delivered_at timestamptz,
  returned_at timestamptz,
  return_reason text,
  revoked_at timestamptz,
  revoke_reason text,
  replaced_by uuid,
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT card_pk PRIMARY KEY (id),
  CONSTRAINT card_dossier_uq UNIQUE (dossier_id),
  CONSTRAINT card_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id),
  CONSTRAINT card_batch_fk FOREIGN KEY (batch_id) REFERENCES card_batch (id),
  CONSTRAINT card_stage_ck CHECK (stage IN ('approved', 'produced', 'shipped', 'delivered', 'returned')),
  CONSTRAINT card_case_ck CHECK (application_case IN ('first_issue', 'renewal', 'reissue')),
  CONSTRAINT card_delivery_ck CHECK (delivery_method IN ('office', 'post') AND (delivery_method = 'office' OR delivery_address IS NOT NULL)),
  CONSTRAINT card_produced_ck CHECK (stage = 'approved' OR (issue_date IS NOT NULL AND sod IS NOT NULL AND batch_id IS NOT NULL))
);
COMMENT ON TABLE card IS 'Chip ID cards from approval to delivery, with the chip data as produced (DG2 sealed); revocation and replacement end validity.';
CREATE INDEX card_person_ix ON card (person_id, approved_at);
CREATE INDEX card_pin_ix ON card (pin);
CREATE INDEX card_stage_ix ON card (unit_code, stage);
CREATE INDEX card_province_stage_ix ON card (province_code, stage, approved_at);
CREATE INDEX card_batch_ix ON card (batch_id);

-- Yearly serials of production batches.
CREATE TABLE card_batch_serial (
  year integer NOT NULL,
  last_serial integer NOT NULL,
  CONSTRAINT card_batch_serial_pk PRIMARY KEY (year)
);
