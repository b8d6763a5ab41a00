-- A first load into an empty registry (a province's migration) drops the secondary indexes
-- of the tables it fills and builds them after the load. Which indexes are missing, and their
-- definitions, are kept here in the same transaction that drops them, so a load killed at
-- any point leaves a state from which the next run (or the next server start) builds them.
CREATE TABLE deferred_index (
  index_name text NOT NULL,
  table_name text NOT NULL,
  definition text NOT NULL,
  deferred_at timestamptz NOT NULL,
  CONSTRAINT deferred_index_pk PRIMARY KEY (index_name)
);
COMMENT ON TABLE deferred_index IS 'Indexes dropped for a bulk load and not yet built again: name, table and the CREATE INDEX statement that builds each.';

-- Set while a first load of people is unfinished: a re-run of the load may then continue in
-- first-load mode although the registry is no longer empty. One row at most.
CREATE TABLE people_first_load (
  id boolean NOT NULL DEFAULT true,
  import_batch_id uuid NOT NULL,
  started_at timestamptz NOT NULL,
  CONSTRAINT people_first_load_pk PRIMARY KEY (id),
  CONSTRAINT people_first_load_one_ck CHECK (id)
);
COMMENT ON TABLE people_first_load IS 'The unfinished first load of people into an empty registry, if any (at most one row).';

ALTER TABLE import_batch ADD COLUMN first_load boolean NOT NULL DEFAULT false;
