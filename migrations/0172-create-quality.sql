-- Data quality ("đúng, đủ, sạch, sống"): rule findings, duplicate candidates, merges, runs,
-- the linkage model and daily figures. Runs unchanged on PGlite and PostgreSQL.

-- One finding per rule and record: a run that finds the same defect again refreshes it, an
-- officer's "accepted as correct" is kept, and a record that passes again closes it as fixed.
CREATE TABLE quality_finding (
  id uuid NOT NULL,
  rule text NOT NULL,
  subject_kind text NOT NULL,
  subject_id uuid NOT NULL,
  -- The PIN or household number the officer sees; kept so a closed finding still names it.
  subject_ref text NOT NULL,
  unit_code text,
  province_code text,
  detail jsonb NOT NULL DEFAULT '{}',
  state text NOT NULL DEFAULT 'open',
  owner_id text,
  reason text,
  found_at timestamptz NOT NULL,
  seen_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by text,
  CONSTRAINT quality_finding_pk PRIMARY KEY (id),
  CONSTRAINT quality_finding_subject_uq UNIQUE (rule, subject_id),
  CONSTRAINT quality_finding_kind_ck CHECK (subject_kind IN ('person', 'household')),
  CONSTRAINT quality_finding_state_ck CHECK (state IN ('open', 'fixed', 'accepted')),
  CONSTRAINT quality_finding_reason_ck CHECK (state <> 'accepted' OR reason IS NOT NULL)
);
CREATE INDEX quality_finding_open_unit_ix ON quality_finding (unit_code, rule, found_at) WHERE state = 'open';
CREATE INDEX quality_finding_subject_ix ON quality_finding (subject_id);
COMMENT ON TABLE quality_finding IS 'A rule a record fails: a task with a type, a unit, an owner and a state (open, fixed, accepted with a reason).';

-- Pairs are stored with person_a < person_b so a pair has one row whichever way it was found.
CREATE TABLE duplicate_candidate (
  person_a uuid NOT NULL,
  person_b uuid NOT NULL,
  score double precision NOT NULL,
  probability double precision NOT NULL,
  decision text NOT NULL,
  contributions jsonb NOT NULL,
  unit_code text,
  province_code text,
  other_unit_code text,
  state text NOT NULL DEFAULT 'open',
  found_at timestamptz NOT NULL,
  found_by text NOT NULL,
  decided_at timestamptz,
  decided_by text,
  reason text,
  CONSTRAINT duplicate_candidate_pk PRIMARY KEY (person_a, person_b),
  CONSTRAINT duplicate_candidate_order_ck CHECK (person_a < person_b),
  CONSTRAINT duplicate_candidate_decision_ck CHECK (decision IN ('match', 'review')),
  CONSTRAINT duplicate_candidate_state_ck CHECK (state IN ('open', 'merged', 'not_duplicate', 'superseded'))
);
CREATE INDEX duplicate_candidate_open_unit_ix ON duplicate_candidate (unit_code, score DESC) WHERE state = 'open';
CREATE INDEX duplicate_candidate_open_other_unit_ix ON duplicate_candidate (other_unit_code) WHERE state = 'open';
CREATE INDEX duplicate_candidate_b_ix ON duplicate_candidate (person_b);
COMMENT ON TABLE duplicate_candidate IS 'Record pairs the linkage scored as a match or for review; a "not a duplicate" decision stays so the pair is never proposed again.';

-- Blocking keys per person, so a new record finds its candidates with index lookups only.
CREATE TABLE duplicate_block_key (
  block_key text NOT NULL,
  person_id uuid NOT NULL,
  CONSTRAINT duplicate_block_key_pk PRIMARY KEY (block_key, person_id)
);
CREATE INDEX duplicate_block_key_person_ix ON duplicate_block_key (person_id);
COMMENT ON TABLE duplicate_block_key IS 'The linkage blocking keys of each person (real-time candidate lookup).';

CREATE TABLE duplicate_model (
  id uuid NOT NULL,
  trained_at timestamptz NOT NULL,
  trained_by text NOT NULL,
  people integer NOT NULL,
  model jsonb NOT NULL,
  CONSTRAINT duplicate_model_pk PRIMARY KEY (id)
);
COMMENT ON TABLE duplicate_model IS 'Fellegi–Sunter models learnt from the registry (m by EM, u from random pairs); the newest is used.';

CREATE TABLE person_merge (
  merged_id uuid NOT NULL,
  survivor_id uuid NOT NULL,
  merged_pin text NOT NULL,
  survivor_pin text NOT NULL,
  merged_at timestamptz NOT NULL,
  merged_by text NOT NULL,
  reason text NOT NULL,
  -- The merged record as it was, and what moved: the merge can be read back in full.
  snapshot jsonb NOT NULL,
  moved jsonb NOT NULL,
  CONSTRAINT person_merge_pk PRIMARY KEY (merged_id)
);
CREATE INDEX person_merge_survivor_ix ON person_merge (survivor_id);
COMMENT ON TABLE person_merge IS 'Duplicate records merged into a survivor; the merged record''s versions stay under its id.';

CREATE TABLE quality_run (
  id uuid NOT NULL,
  kind text NOT NULL,
  province_code text,
  status text NOT NULL DEFAULT 'running',
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  started_by text NOT NULL,
  -- Where a stopped run resumes: the last person / household id done.
  cursor_person uuid,
  cursor_household uuid,
  total integer NOT NULL DEFAULT 0,
  done integer NOT NULL DEFAULT 0,
  found integer NOT NULL DEFAULT 0,
  detail jsonb NOT NULL DEFAULT '{}',
  CONSTRAINT quality_run_pk PRIMARY KEY (id),
  CONSTRAINT quality_run_kind_ck CHECK (kind IN ('rules', 'duplicates')),
  CONSTRAINT quality_run_status_ck CHECK (status IN ('queued', 'running', 'done', 'failed', 'stopped'))
);
COMMENT ON TABLE quality_run IS 'A whole-population run of the rules or of duplicate detection: resumable from its cursor.';

CREATE TABLE quality_daily (
  taken_on date NOT NULL,
  unit_code text NOT NULL,
  rule text NOT NULL,
  open_count integer NOT NULL,
  CONSTRAINT quality_daily_pk PRIMARY KEY (taken_on, unit_code, rule)
);
COMMENT ON TABLE quality_daily IS 'Open findings per unit and rule at the end of each day (the trend); rule ''*people'' holds the unit''s people and ''*clean'' those passing every rule.';

CREATE TABLE quality_setting (
  key text NOT NULL,
  value jsonb NOT NULL,
  changed_at timestamptz NOT NULL,
  changed_by text NOT NULL,
  CONSTRAINT quality_setting_pk PRIMARY KEY (key)
);
COMMENT ON TABLE quality_setting IS 'Thresholds for automatic link, review and reject, and other quality settings.';
