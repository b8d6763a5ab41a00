-- The audit and access log leaves the write path: rows are appended with no lock and no hash
-- (a logged read no longer waits for the previous one's commit), and a sequencer seals
-- committed rows, in commit order, into blocks: a Merkle root over the block's rows, chained to
-- the previous block by hash, and a checkpoint signed with a key the database holds only
-- sealed under the master key (src/kernel/audit-seal.ts). `dancu audit verify` checks the
-- blocks (docs/audit.md). Rows written before this migration are sealed into the first blocks.

ALTER TABLE audit_log DROP CONSTRAINT audit_log_chain_seq_uq;
ALTER TABLE audit_log DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN hash;
ALTER TABLE audit_log ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX audit_log_commit_ix ON audit_log (txid);
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
COMMENT ON TABLE audit_log IS 'Append-only log of every change (chain change) and every read of personal data (chain access); rows are sealed into audit_block by the sequencer.';

CREATE TABLE audit_signing_key (
  kid text NOT NULL,
  algorithm text NOT NULL,
  public_key text NOT NULL,
  private_key_sealed text NOT NULL,
  created_at timestamptz NOT NULL,
  retired_at timestamptz,
  CONSTRAINT audit_signing_key_pk PRIMARY KEY (kid),
  CONSTRAINT audit_signing_key_algorithm_ck CHECK (algorithm = 'Ed25519')
);
COMMENT ON TABLE audit_signing_key IS 'Keys that sign audit checkpoints: public key in clear, private key sealed under the master key kept outside the database.';

CREATE TABLE audit_block (
  block_no bigint NOT NULL,
  tree_size bigint NOT NULL,
  row_count integer NOT NULL,
  first_seq bigint NOT NULL,
  last_seq bigint NOT NULL,
  row_seqs bigint[] NOT NULL,
  leaf_hashes bytea NOT NULL,
  merkle_root text NOT NULL,
  prev_hash text NOT NULL,
  block_hash text NOT NULL,
  sealed_at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL,
  CONSTRAINT audit_block_pk PRIMARY KEY (block_no),
  CONSTRAINT audit_block_rows_ck CHECK (row_count > 0 AND cardinality(row_seqs) = row_count AND length(leaf_hashes) = 32 * row_count)
);
COMMENT ON TABLE audit_block IS 'Sealed blocks of the audit log: rows (by seq, in commit order), their leaf hashes, Merkle root, hash link to the previous block, signed checkpoint.';
CREATE TRIGGER audit_block_append_only BEFORE UPDATE OR DELETE ON audit_block
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TABLE audit_sequencer (
  id integer NOT NULL,
  done_snapshot text NOT NULL,
  window_snapshot text,
  after_seq bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT audit_sequencer_pk PRIMARY KEY (id),
  CONSTRAINT audit_sequencer_one_ck CHECK (id = 1)
);
INSERT INTO audit_sequencer (id, done_snapshot) VALUES (1, '1:1:');
COMMENT ON TABLE audit_sequencer IS 'Where the sequencer is in the commit order of audit_log (see src/kernel/commit-order.ts).';
