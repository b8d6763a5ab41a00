-- Kernel tables: officers and their sessions, the hash-chained audit and access log,
-- and the event outbox with per-subscriber cursors. Runs unchanged on PGlite and PostgreSQL.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

CREATE TABLE officer (
  id uuid NOT NULL,
  username text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL,
  unit_level text NOT NULL,
  unit_code text,
  province_code text,
  password_hash text NOT NULL,
  totp_secret text,
  totp_enabled boolean NOT NULL DEFAULT false,
  totp_last_step bigint,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT officer_pk PRIMARY KEY (id),
  CONSTRAINT officer_username_uq UNIQUE (username),
  CONSTRAINT officer_role_ck CHECK (role IN ('commune_officer', 'province_officer', 'national_officer', 'admin')),
  CONSTRAINT officer_unit_level_ck CHECK (unit_level IN ('commune', 'province', 'nation')),
  CONSTRAINT officer_unit_code_ck CHECK (
    (unit_level = 'nation' AND unit_code IS NULL)
    OR (unit_level = 'province' AND unit_code ~ '^[0-9]{2}$')
    OR (unit_level = 'commune' AND unit_code ~ '^[0-9]{5}$'))
);
COMMENT ON TABLE officer IS 'Officers who use the console: role and the administrative unit they act within.';

CREATE TABLE officer_session (
  token_hash text NOT NULL,
  officer_id uuid NOT NULL,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ip text,
  user_agent text,
  revoked_at timestamptz,
  CONSTRAINT officer_session_pk PRIMARY KEY (token_hash),
  CONSTRAINT officer_session_officer_fk FOREIGN KEY (officer_id) REFERENCES officer (id)
);
CREATE INDEX officer_province_ix ON officer (province_code);
CREATE INDEX officer_session_officer_ix ON officer_session (officer_id);
COMMENT ON TABLE officer_session IS 'Console sessions; the cookie holds the token, the table only its SHA-256.';

CREATE TABLE audit_log (
  seq bigint GENERATED ALWAYS AS IDENTITY,
  chain text NOT NULL,
  chain_seq bigint NOT NULL,
  at timestamptz NOT NULL,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  action text NOT NULL,
  target_kind text NOT NULL,
  target_id text NOT NULL,
  unit_code text,
  purpose text,
  dossier text,
  detail jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL,
  CONSTRAINT audit_log_pk PRIMARY KEY (seq),
  CONSTRAINT audit_log_chain_seq_uq UNIQUE (chain, chain_seq),
  CONSTRAINT audit_log_chain_ck CHECK (chain IN ('change', 'access'))
);
CREATE INDEX audit_log_target_ix ON audit_log (target_kind, target_id, seq);
CREATE INDEX audit_log_unit_ix ON audit_log (unit_code, seq);
CREATE INDEX audit_log_actor_ix ON audit_log (actor_id, seq);
COMMENT ON TABLE audit_log IS 'Append-only, hash-chained log of every change (chain change) and every read of personal data (chain access).';

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TABLE outbox_event (
  id bigint GENERATED ALWAYS AS IDENTITY,
  type text NOT NULL,
  subject text NOT NULL,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  actor_id text,
  CONSTRAINT outbox_event_pk PRIMARY KEY (id),
  CONSTRAINT outbox_event_type_ck CHECK (type ~ '^[a-z]+(\.[a-z_]+)+$')
);
COMMENT ON TABLE outbox_event IS 'Events written in the same transaction as the change they announce (person.born, residence.registered ...).';

CREATE TABLE event_subscription (
  name text NOT NULL,
  last_event_id bigint NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT event_subscription_pk PRIMARY KEY (name)
);
COMMENT ON TABLE event_subscription IS 'Each subscriber''s cursor into outbox_event: delivery is ordered and at least once.';

CREATE TABLE request_key (
  key text NOT NULL,
  actor_id text NOT NULL,
  operation text NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT request_key_pk PRIMARY KEY (key)
);
COMMENT ON TABLE request_key IS 'Client request ids of create commands: a retried request returns the first result instead of creating twice.';
