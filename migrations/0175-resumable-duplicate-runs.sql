-- A duplicate-detection run keeps each scored block task until it ends, so a stopped run is
-- continued (dancu quality duplicates --resume) instead of comparing everything again. A task
-- is only reused by a run over the same records (input_digest) with the same model (model_id).
ALTER TABLE quality_run ADD COLUMN input_digest text;
ALTER TABLE quality_run ADD COLUMN model_id uuid;

CREATE TABLE quality_run_task (
  run_id uuid NOT NULL,
  task integer NOT NULL,
  compared bigint NOT NULL,
  -- The pairs kept, as (record index, record index, weight) triples in the run's record order.
  hits double precision[] NOT NULL,
  CONSTRAINT quality_run_task_pk PRIMARY KEY (run_id, task),
  CONSTRAINT quality_run_task_run_fk FOREIGN KEY (run_id) REFERENCES quality_run (id) ON DELETE CASCADE
);
COMMENT ON TABLE quality_run_task IS 'Scored block tasks of an unfinished duplicate-detection run, kept so a stopped run resumes; emptied when the run ends.';
