-- A run's process says it is alive by holding the run's lease (an advisory lock on PostgreSQL,
-- src/modules/quality/run-lease.ts), which its death releases: no heartbeat is written or read.
ALTER TABLE quality_run DROP COLUMN heartbeat_at;
