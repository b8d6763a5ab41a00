-- The population registry: people, every PIN ever issued, versions, households and
-- residence periods. Runs unchanged on PGlite and PostgreSQL.

CREATE TABLE import_batch (
  id uuid NOT NULL,
  source text NOT NULL,
  actor_id text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  rows_read integer NOT NULL DEFAULT 0,
  people_loaded integer NOT NULL DEFAULT 0,
  households_loaded integer NOT NULL DEFAULT 0,
  rows_rejected integer NOT NULL DEFAULT 0,
  rows_already_present integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'running',
  CONSTRAINT import_batch_pk PRIMARY KEY (id),
  CONSTRAINT import_batch_status_ck CHECK (status IN ('running', 'done', 'failed'))
);
COMMENT ON TABLE import_batch IS 'One bulk import: who loaded which file when, and what came of each row.';

CREATE TABLE person (
  id uuid NOT NULL,
  pin text NOT NULL,
  full_name text NOT NULL,
  name_folded text NOT NULL,
  birth_date text NOT NULL,
  birth_year smallint NOT NULL,
  sex text NOT NULL,
  nationality text NOT NULL DEFAULT 'VN',
  ethnicity text NOT NULL,
  religion text,
  birth_place_code text,
  birth_place text,
  origin_place_code text,
  origin_place text,
  identifying_marks text,
  father_id uuid,
  mother_id uuid,
  spouse_id uuid,
  status text NOT NULL DEFAULT 'living',
  death_date text,
  old_id9 text,
  old_id12 text,
  unit_code text,
  province_code text,
  external_id text,
  import_batch_id uuid,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT person_pk PRIMARY KEY (id),
  CONSTRAINT person_pin_uq UNIQUE (pin),
  CONSTRAINT person_external_id_uq UNIQUE (external_id),
  CONSTRAINT person_pin_ck CHECK (pin ~ '^[0-9]{12}$'),
  CONSTRAINT person_birth_date_ck CHECK (birth_date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
  CONSTRAINT person_sex_ck CHECK (sex IN ('M', 'F')),
  CONSTRAINT person_status_ck CHECK (status IN ('living', 'deceased', 'missing')),
  CONSTRAINT person_ethnicity_ck CHECK (ethnicity ~ '^[0-9]{2}$'),
  CONSTRAINT person_old_id9_ck CHECK (old_id9 IS NULL OR old_id9 ~ '^[0-9]{9}$'),
  CONSTRAINT person_old_id12_ck CHECK (old_id12 IS NULL OR old_id12 ~ '^[0-9]{12}$')
);
-- Name search checks scope and birth year inside the index: at 10 million people a common
-- name has thousands of namesakes, and fetching each row to test its unit cost 100 ms.
CREATE INDEX person_name_folded_ix ON person (name_folded text_pattern_ops, province_code, unit_code, birth_year);
-- Province-wide lists filter the name or unit index; children-of queries get their index
-- when a screen needs them: every index here costs each of 100 million inserts.
CREATE INDEX person_unit_ix ON person (unit_code);
CREATE INDEX person_old_id9_ix ON person (old_id9) WHERE old_id9 IS NOT NULL;
CREATE INDEX person_old_id12_ix ON person (old_id12) WHERE old_id12 IS NOT NULL;
COMMENT ON TABLE person IS 'Current state of each person; every change also writes person_version.';

CREATE TABLE person_version (
  person_id uuid NOT NULL,
  version integer NOT NULL,
  data jsonb NOT NULL,
  changed_at timestamptz NOT NULL,
  changed_by text NOT NULL,
  reason text NOT NULL,
  dossier text,
  CONSTRAINT person_version_pk PRIMARY KEY (person_id, version)
);
COMMENT ON TABLE person_version IS 'Each version of a person record: snapshot, who, when, why (dossier).';

CREATE TABLE pin_registry (
  pin text NOT NULL,
  person_id uuid NOT NULL,
  status text NOT NULL,
  replaced_by text,
  issued_at timestamptz NOT NULL,
  cancelled_at timestamptz,
  cancel_reason text,
  CONSTRAINT pin_registry_pk PRIMARY KEY (pin),
  CONSTRAINT pin_registry_status_ck CHECK (status IN ('active', 'cancelled')),
  CONSTRAINT pin_registry_pin_ck CHECK (pin ~ '^[0-9]{12}$')
);
-- A person's current PIN is on person; only their cancelled ones need finding by person.
CREATE INDEX pin_registry_cancelled_person_ix ON pin_registry (person_id) WHERE status = 'cancelled';
COMMENT ON TABLE pin_registry IS 'Every PIN ever issued; the primary key is what makes a PIN never reused.';

CREATE TABLE name_token (
  token text NOT NULL,
  freq integer NOT NULL DEFAULT 1,
  CONSTRAINT name_token_pk PRIMARY KEY (token)
);
COMMENT ON TABLE name_token IS 'Distinct folded name words, so a misspelt query word can be expanded to real ones.';

CREATE SEQUENCE household_no_seq;

CREATE TABLE household (
  id uuid NOT NULL,
  household_no text NOT NULL,
  unit_code text NOT NULL,
  province_code text NOT NULL,
  address text NOT NULL,
  unit_recorded_on date NOT NULL,
  external_id text,
  import_batch_id uuid,
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT household_pk PRIMARY KEY (id),
  CONSTRAINT household_no_uq UNIQUE (household_no),
  CONSTRAINT household_external_id_uq UNIQUE (external_id)
);
CREATE INDEX household_unit_ix ON household (unit_code);
COMMENT ON TABLE household IS 'Households of permanent residence (the database replaces the paper household book).';

CREATE TABLE household_member (
  household_id uuid NOT NULL,
  person_id uuid NOT NULL,
  relation text NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  ended_reason text,
  CONSTRAINT household_member_pk PRIMARY KEY (household_id, person_id, valid_from),
  CONSTRAINT household_member_period_ck CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX household_member_one_open_ux ON household_member (person_id) WHERE valid_to IS NULL;
CREATE UNIQUE INDEX household_member_one_head_ux ON household_member (household_id) WHERE valid_to IS NULL AND relation = 'chu_ho';
COMMENT ON TABLE household_member IS 'Membership periods with the relationship to the head; at most one open head per household.';

CREATE TABLE residence (
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  kind text NOT NULL,
  unit_code text NOT NULL,
  unit_recorded_on date NOT NULL,
  address text NOT NULL,
  household_id uuid,
  valid_from date NOT NULL,
  valid_to date,
  planned_end date,
  ended_reason text,
  dossier text,
  created_at timestamptz NOT NULL,
  -- Keyed by person first: the key itself serves "this person's residence history".
  CONSTRAINT residence_pk PRIMARY KEY (person_id, id),
  CONSTRAINT residence_kind_ck CHECK (kind IN ('permanent', 'temporary', 'current')),
  CONSTRAINT residence_period_ck CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CONSTRAINT residence_temporary_end_ck CHECK (kind <> 'temporary' OR planned_end IS NOT NULL)
);
CREATE UNIQUE INDEX residence_one_open_permanent_ux ON residence (person_id) WHERE kind = 'permanent' AND valid_to IS NULL;
CREATE UNIQUE INDEX residence_one_open_current_ux ON residence (person_id) WHERE kind = 'current' AND valid_to IS NULL;
COMMENT ON TABLE residence IS 'Residence periods per person: permanent, temporary (with planned end) and current place of living.';
