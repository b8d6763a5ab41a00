-- Events are delivered in commit order, not id order: ids are taken at insert and
-- transactions commit out of order, so a relay reading `id > cursor` skipped an event whose
-- transaction committed after a larger id had been read. Each event now carries the id of the
-- transaction that wrote it, and a subscriber's cursor is a pair of snapshots plus a position
-- (see src/kernel/commit-order.ts). Existing events all carry this migration's transaction id
-- and are visible to every later snapshot: each existing cursor keeps its place through its
-- last delivered id.

ALTER TABLE outbox_event ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX outbox_event_commit_ix ON outbox_event (txid);

ALTER TABLE event_subscription
  ADD COLUMN done_snapshot text NOT NULL DEFAULT '1:1:',
  ADD COLUMN window_snapshot text,
  ADD COLUMN after_id bigint NOT NULL DEFAULT 0;
-- The existing events all carry this transaction's id: a window that sees everything below the
-- next id holds exactly them, and the cursor inside it skips what was already delivered.
UPDATE event_subscription
   SET window_snapshot = (pg_current_xact_id()::text::bigint + 1)::text || ':' || (pg_current_xact_id()::text::bigint + 1)::text || ':',
       after_id = last_event_id;
ALTER TABLE event_subscription DROP COLUMN last_event_id;
COMMENT ON TABLE event_subscription IS 'Each subscriber''s cursor into outbox_event in commit order: everything committed before done_snapshot is delivered; window_snapshot is being delivered, by id, up to after_id.';
