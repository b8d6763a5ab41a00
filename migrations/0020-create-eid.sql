-- e-ID: citizen accounts (levels 1 and 2), one-time codes, login factors, sessions, usage
-- history, the notification outbox, the OpenID Connect provider's storage and integrated
-- documents. Runs unchanged on PGlite and PostgreSQL.

CREATE TABLE notification (
  id uuid NOT NULL,
  channel text NOT NULL,
  recipient text NOT NULL,
  template text NOT NULL,
  params jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  last_error text,
  CONSTRAINT notification_pk PRIMARY KEY (id),
  CONSTRAINT notification_channel_ck CHECK (channel IN ('sms', 'email')),
  CONSTRAINT notification_status_ck CHECK (status IN ('pending', 'sent', 'failed'))
);
CREATE INDEX notification_due_ix ON notification (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_recipient_ix ON notification (recipient, created_at);
COMMENT ON TABLE notification IS 'Outgoing SMS and e-mail: written in the transaction that wants it sent, delivered with retries by the dispatcher.';

CREATE TABLE dev_message (
  id uuid NOT NULL,
  channel text NOT NULL,
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  sent_at timestamptz NOT NULL,
  CONSTRAINT dev_message_pk PRIMARY KEY (id)
);
COMMENT ON TABLE dev_message IS 'What the development sender delivered instead of a real SMS gateway; readable on /dev/messages.';

CREATE TABLE eid_account (
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  pin text NOT NULL,
  level smallint NOT NULL,
  status text NOT NULL,
  phone text NOT NULL,
  email text,
  passcode_hash text,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  locked_by text,
  lock_reason text,
  totp_secret text,
  totp_enabled boolean NOT NULL DEFAULT false,
  totp_last_step bigint,
  guardian_account_id uuid,
  created_at timestamptz NOT NULL,
  activated_at timestamptz,
  level2_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT eid_account_pk PRIMARY KEY (id),
  CONSTRAINT eid_account_person_uq UNIQUE (person_id),
  CONSTRAINT eid_account_pin_uq UNIQUE (pin),
  CONSTRAINT eid_account_level_ck CHECK (level IN (1, 2)),
  CONSTRAINT eid_account_status_ck CHECK (status IN ('pending_verification', 'pending_activation', 'active', 'locked', 'rejected')),
  CONSTRAINT eid_account_locked_by_ck CHECK (locked_by IS NULL OR locked_by IN ('citizen', 'officer'))
);
CREATE INDEX eid_account_status_ix ON eid_account (status, created_at);
COMMENT ON TABLE eid_account IS 'One e-ID account per person; level 2 only after an in-person verification.';

CREATE TABLE eid_face_photo (
  id uuid NOT NULL,
  account_id uuid NOT NULL,
  content_type text NOT NULL,
  content bytea NOT NULL,
  sha256 text NOT NULL,
  uploaded_at timestamptz NOT NULL,
  CONSTRAINT eid_face_photo_pk PRIMARY KEY (id)
);
CREATE INDEX eid_face_photo_account_ix ON eid_face_photo (account_id, uploaded_at);

CREATE TABLE eid_code (
  id uuid NOT NULL,
  purpose text NOT NULL,
  account_id uuid,
  pin text NOT NULL,
  phone text NOT NULL,
  code_hash text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  payload jsonb NOT NULL DEFAULT '{}',
  CONSTRAINT eid_code_pk PRIMARY KEY (id),
  CONSTRAINT eid_code_purpose_ck CHECK (purpose IN ('enrol', 'activate', 'login'))
);
CREATE INDEX eid_code_pin_ix ON eid_code (pin, created_at);
COMMENT ON TABLE eid_code IS 'One-time codes sent by SMS (stored hashed): enrolment, level-2 activation, login second factor.';

CREATE TABLE eid_verification (
  id uuid NOT NULL,
  account_id uuid NOT NULL,
  kind text NOT NULL,
  officer_id uuid NOT NULL,
  unit_code text,
  card_number text,
  face_matched boolean NOT NULL,
  fingerprints_matched boolean,
  decision text NOT NULL,
  note text,
  at timestamptz NOT NULL,
  CONSTRAINT eid_verification_pk PRIMARY KEY (id),
  CONSTRAINT eid_verification_kind_ck CHECK (kind IN ('level1_review', 'level2_in_person')),
  CONSTRAINT eid_verification_decision_ck CHECK (decision IN ('approved', 'rejected'))
);
CREATE INDEX eid_verification_account_ix ON eid_verification (account_id, at);
COMMENT ON TABLE eid_verification IS 'Officer checks: review of a level-1 enrolment, in-person verification for level 2.';

CREATE TABLE eid_login (
  id uuid NOT NULL,
  account_id uuid NOT NULL,
  token_hash text NOT NULL,
  passkey_challenge text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  done_at timestamptz,
  CONSTRAINT eid_login_pk PRIMARY KEY (id),
  CONSTRAINT eid_login_token_uq UNIQUE (token_hash)
);
COMMENT ON TABLE eid_login IS 'A login half done: the passcode was right, the second factor is awaited.';

CREATE TABLE eid_session (
  token_hash text NOT NULL,
  id uuid NOT NULL,
  account_id uuid NOT NULL,
  csrf_token text NOT NULL,
  amr text[] NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  revoked_at timestamptz,
  ip text,
  user_agent text,
  webauthn_challenge text,
  CONSTRAINT eid_session_pk PRIMARY KEY (token_hash),
  CONSTRAINT eid_session_id_uq UNIQUE (id)
);
CREATE INDEX eid_session_account_ix ON eid_session (account_id, created_at);

CREATE TABLE eid_passkey (
  credential_id text NOT NULL,
  account_id uuid NOT NULL,
  public_key bytea NOT NULL,
  counter bigint NOT NULL,
  transports text[] NOT NULL DEFAULT '{}',
  name text NOT NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  CONSTRAINT eid_passkey_pk PRIMARY KEY (credential_id)
);
CREATE INDEX eid_passkey_account_ix ON eid_passkey (account_id);

CREATE TABLE eid_usage (
  id uuid NOT NULL,
  account_id uuid NOT NULL,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  client_id text,
  ip text,
  user_agent text,
  detail jsonb NOT NULL DEFAULT '{}',
  CONSTRAINT eid_usage_pk PRIMARY KEY (id)
);
CREATE INDEX eid_usage_account_ix ON eid_usage (account_id, at);
COMMENT ON TABLE eid_usage IS 'Usage history shown to the citizen (logins, failed attempts, consents, tokens, locks); kept 5 years.';

CREATE TABLE oidc_client (
  client_id text NOT NULL,
  name text NOT NULL,
  secret text,
  redirect_uris text[] NOT NULL,
  post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
  scopes text[] NOT NULL,
  min_level smallint NOT NULL DEFAULT 1,
  active boolean NOT NULL DEFAULT true,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT oidc_client_pk PRIMARY KEY (client_id),
  CONSTRAINT oidc_client_level_ck CHECK (min_level IN (1, 2))
);
COMMENT ON TABLE oidc_client IS 'Relying parties (public-service portals) registered by administrators.';

CREATE TABLE oidc_payload (
  kind text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  user_code text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  CONSTRAINT oidc_payload_pk PRIMARY KEY (kind, id)
);
CREATE INDEX oidc_payload_grant_ix ON oidc_payload (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_payload_uid_ix ON oidc_payload (uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_payload_expires_ix ON oidc_payload (expires_at);
COMMENT ON TABLE oidc_payload IS 'The OpenID Connect provider''s sessions, grants, codes and tokens (its adapter).';

CREATE TABLE oidc_key (
  kid text NOT NULL,
  kind text NOT NULL,
  jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  retired_at timestamptz,
  CONSTRAINT oidc_key_pk PRIMARY KEY (kid),
  CONSTRAINT oidc_key_kind_ck CHECK (kind IN ('signing', 'cookie'))
);
COMMENT ON TABLE oidc_key IS 'Token-signing keys (newest signs, older ones still verify until retired) and cookie keys.';

CREATE TABLE document_issuer (
  id text NOT NULL,
  name text NOT NULL,
  kinds text[] NOT NULL,
  public_jwk jsonb NOT NULL,
  api_key_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT document_issuer_pk PRIMARY KEY (id)
);
COMMENT ON TABLE document_issuer IS 'Agencies allowed to add integrated documents; each signs its documents with its own key.';

CREATE TABLE integrated_document (
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  issuer_id text NOT NULL,
  kind text NOT NULL,
  number text NOT NULL,
  title text NOT NULL,
  fields jsonb NOT NULL,
  valid_from date NOT NULL,
  valid_until date,
  jws text NOT NULL,
  added_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CONSTRAINT integrated_document_pk PRIMARY KEY (id),
  CONSTRAINT integrated_document_uq UNIQUE (issuer_id, kind, number)
);
CREATE INDEX integrated_document_person_ix ON integrated_document (person_id);
COMMENT ON TABLE integrated_document IS 'Documents shown in the e-ID account (insurance card, licence, certificates), as signed by their issuer.';
