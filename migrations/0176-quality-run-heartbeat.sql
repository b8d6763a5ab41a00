-- A whole-population run writes when it last made progress; the server's runner queues again a
-- run left 'running' whose heartbeat is long past (its process died), and it resumes.
ALTER TABLE quality_run ADD COLUMN heartbeat_at timestamptz;
