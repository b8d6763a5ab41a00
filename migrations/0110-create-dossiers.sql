-- The dossier engine (src/modules/dossiers): an application under an administrative procedure
-- is an append-only list of actions (dossier_action); its state is derived from them by one
-- pure function and cached on the dossier row in the same transaction, for the queues.
CREATE TABLE dossier (
  id uuid NOT NULL,
  -- <commune>-<yyyymmdd>-<serial>: given at submission, printed on the CT04 receipt.
  code text NOT NULL,
  procedure_code text NOT NULL,
  -- The commune office that handles the dossier (decides who may see and process it).
  unit_code text NOT NULL,
  province_code text NOT NULL,
  applicant_person_id uuid NOT NULL,
  applicant_pin text NOT NULL,
  -- The applicant's name as the registry held it at submission (queues show it, access-logged).
  applicant_name text NOT NULL,
  channel text NOT NULL,
  -- The caller's id for this submission: a retry with the same id returns the same dossier.
  request_id text NOT NULL,
  form jsonb NOT NULL,
  submitted_at timestamptz NOT NULL,
  submitted_by text NOT NULL,
  -- Cached from the actions, updated in the transaction that appends one.
  state text NOT NULL,
  last_seq integer NOT NULL,
  received_at timestamptz,
  received_on date,
  due_date date,
  assigned_to text,
  decided_at timestamptz,
  notified_at timestamptz,
  notified_late boolean,
  CONSTRAINT dossier_pk PRIMARY KEY (id),
  CONSTRAINT dossier_code_uq UNIQUE (code),
  CONSTRAINT dossier_request_uq UNIQUE (channel, applicant_person_id, request_id),
  CONSTRAINT dossier_channel_ck CHECK (channel IN ('counter', 'portal', 'mobile_team')),
  CONSTRAINT dossier_state_ck CHECK (state IN ('submitted', 'supplement_requested', 'received', 'fee_paid', 'in_review', 'approved', 'rejected', 'result_notified', 'refused', 'withdrawn')),
  CONSTRAINT dossier_unit_ck CHECK (unit_code ~ '^[0-9]{5}$' AND province_code ~ '^[0-9]{2}$'),
  CONSTRAINT dossier_last_seq_ck CHECK (last_seq >= 1)
);
COMMENT ON TABLE dossier IS 'Applications under an administrative procedure; state and dates cached from dossier_action in the same transaction.';
CREATE INDEX dossier_unit_queue_ix ON dossier (unit_code, state, due_date);
CREATE INDEX dossier_province_queue_ix ON dossier (province_code, state, due_date);
CREATE INDEX dossier_applicant_ix ON dossier (applicant_person_id);

CREATE TABLE dossier_action (
  dossier_id uuid NOT NULL,
  seq integer NOT NULL,
  type text NOT NULL,
  -- requested: waits on someone else (a consent); accepted: done; rejected: refused by them.
  status text NOT NULL,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  at timestamptz NOT NULL,
  payload jsonb NOT NULL,
  CONSTRAINT dossier_action_pk PRIMARY KEY (dossier_id, seq),
  CONSTRAINT dossier_action_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id),
  CONSTRAINT dossier_action_status_ck CHECK (status IN ('requested', 'accepted', 'rejected')),
  CONSTRAINT dossier_action_type_ck CHECK (type ~ '^[a-z_]+$')
);
COMMENT ON TABLE dossier_action IS 'Append-only log of what happened to a dossier (who, when, what); the dossier state is derived from it.';

CREATE TABLE dossier_attachment (
  id uuid NOT NULL,
  dossier_id uuid NOT NULL,
  document_code text NOT NULL,
  file_name text NOT NULL,
  media_type text NOT NULL,
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL,
  -- Where the bytes are in the attachment store (outside the database).
  storage_key text NOT NULL,
  uploaded_by_kind text NOT NULL,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL,
  CONSTRAINT dossier_attachment_pk PRIMARY KEY (id),
  CONSTRAINT dossier_attachment_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id),
  CONSTRAINT dossier_attachment_media_ck CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  CONSTRAINT dossier_attachment_sha_ck CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  CONSTRAINT dossier_attachment_size_ck CHECK (size_bytes > 0)
);
COMMENT ON TABLE dossier_attachment IS 'Documents filed with a dossier: type by magic bytes, size, SHA-256; bytes kept in the attachment store. Append-only.';
CREATE INDEX dossier_attachment_dossier_ix ON dossier_attachment (dossier_id);

-- The serial of a dossier code, per office and day.
CREATE TABLE dossier_code_counter (
  unit_code text NOT NULL,
  day date NOT NULL,
  last integer NOT NULL,
  CONSTRAINT dossier_code_counter_pk PRIMARY KEY (unit_code, day)
);
COMMENT ON TABLE dossier_code_counter IS 'Last serial number of dossier codes given per office and day.';

CREATE FUNCTION dossier_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER dossier_action_append_only BEFORE UPDATE OR DELETE ON dossier_action
  FOR EACH ROW EXECUTE FUNCTION dossier_refuse_change();
CREATE TRIGGER dossier_action_no_truncate BEFORE TRUNCATE ON dossier_action
  FOR EACH STATEMENT EXECUTE FUNCTION dossier_refuse_change();
CREATE TRIGGER dossier_attachment_append_only BEFORE UPDATE OR DELETE ON dossier_attachment
  FOR EACH ROW EXECUTE FUNCTION dossier_refuse_change();
CREATE TRIGGER dossier_attachment_no_truncate BEFORE TRUNCATE ON dossier_attachment
  FOR EACH STATEMENT EXECUTE FUNCTION dossier_refuse_change();
